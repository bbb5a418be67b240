#!/usr/bin/python3
"""Writes the hand-made seeds of the fuzz corpora (corpus/<target>/seed_*); the rest of each
corpus is what fuzzing found worth keeping (scripts/fuzz --merge). Run from anywhere:
    /usr/bin/python3 tests/fuzz/make_seeds.py
"""
import io
import os
import shutil

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
data = os.path.join(here, "..", "data", "npy")


def folder(target):
    path = os.path.join(here, "corpus", target)
    os.makedirs(path, exist_ok=True)
    return path


def npy(array, fortran=False):
    buffer = io.BytesIO()
    np.save(buffer, np.asfortranarray(array) if fortran else array)
    return buffer.getvalue()


rng = np.random.default_rng(8)
small = {
    "rank4_f4": rng.standard_normal((2, 3, 2, 2)).astype("<f4"),
    "rank3_f8": rng.standard_normal((2, 4, 3)).astype("<f8"),
    "rank2_f2": rng.standard_normal((3, 2)).astype("<f2"),
    "rank4_be_f4": rng.standard_normal((1, 2, 3, 2)).astype(">f4"),
    "rank4_i2": rng.integers(-300, 300, (2, 2, 2, 2)).astype("<i2"),
    "rank3_u1": rng.integers(0, 255, (2, 3, 4)).astype("u1"),
    "rank2_bool": rng.integers(0, 2, (4, 2)).astype(bool),
    "offset": (1e4 + rng.standard_normal((2, 2, 3, 3))).astype("<f4"),
    "constant": np.full((2, 2, 2, 2), 3.5, "<f4"),
    "huge_values": np.array([[3.4e38, -3.4e38], [1e-45, 0.0]], "<f4"),
    "beyond_f4": np.array([[1e300, 1.0], [2.0, 3.0]], "<f8"),
    "nan": np.array([[np.nan, 1.0], [2.0, 3.0]], "<f4"),
}

npy_dir = folder("npy")
for name in sorted(os.listdir(data)):
    shutil.copy(os.path.join(data, name), os.path.join(npy_dir, "seed_data_" + name))
for name, array in small.items():
    open(os.path.join(npy_dir, f"seed_{name}.npy"), "wb").write(npy(array))
open(os.path.join(npy_dir, "seed_fortran.npy"), "wb").write(npy(small["rank4_f4"], fortran=True))
# Headers that promise what the file does not hold.
open(os.path.join(npy_dir, "seed_truncated.npy"), "wb").write(npy(small["rank4_f4"])[:-3])
open(os.path.join(npy_dir, "seed_trailing.npy"), "wb").write(npy(small["rank4_f4"]) + b"\0" * 4)
v2 = bytearray(npy(small["rank3_f8"]))
open(os.path.join(npy_dir, "seed_v2.npy"), "wb").write(
    b"\x93NUMPY\x02\x00" + len(v2[10:]).to_bytes(4, "little")[:2] + bytes(2) + bytes(v2[10:]))

# Every norm: a file, then 8 bytes that choose eps, mode, affine, momentum, groups, threads.
norms_dir = folder("npy_norms")
choices = [bytes([0, 0, 0, 1, 2, 0, 1, 2]), bytes([3, 1, 5, 7, 1, 9, 2, 0]), bytes([5, 14, 2, 3, 0, 4, 1, 1]),
           bytes([1, 8, 0, 0, 3, 2, 2, 2])]
for i, (name, array) in enumerate(small.items()):
    open(os.path.join(norms_dir, f"seed_{name}.bin"), "wb").write(npy(array) + choices[i % len(choices)])

# Option parsers: the first byte picks normalize (even) or export (odd); arguments end in NUL.
cli_dir = folder("cli_options")
lines = {
    "normalize_batch": (0, "--norm batch --input x.npy --output y.npy"),
    "normalize_group": (0, "--norm group --groups 3 --eps 1e-3 --input a.npy --input b.npy --output y.npy"),
    "normalize_eval": (0, "--norm batch --eval --running-mean rm.npy --running-var rv.npy --momentum none "
                          "--input x.npy --output y.npy --threads 2"),
    "normalize_layer": (0, "--norm layer --normalized-shape 8,8 --no-affine --input x.npy --output y.npy"),
    "normalize_instance": (0, "--norm instance --track-running-stats --momentum 0.5 --input x.npy --output y.npy "
                              "--save-running-mean m.npy --save-running-var v.npy"),
    "normalize_bad_int": (0, "--norm group --groups 18446744073709551616 --input x --output y --threads 4294967297"),
    "normalize_help": (0, "--help"),
    "export_slide": (1, "--norm group --groups 3 --generate channel-shift --shape 8,6,8,8 --figure slide "
                        "--output gn.pdf --theme dark --lang zh_CN --select 0,1"),
    "export_cube": (1, "--norm layer --normalized-shape 8 --generate normal --figure cube --output c.png "
                       "--width 320 --height 200 --dpi 96 --all-sets --select 1,2,3"),
    "export_data": (1, "--norm instance --generate uniform --param low=-2 --param high=3 --seed 7 --data statistics "
                       "--output s.csv"),
    "export_images": (1, "--norm batch --input a.png --input b.png --image-values 0-255 --figure images "
                         "--output i.png --overlay --log-y"),
    "export_bad": (1, "--norm batch --generate normal --figure cube --output c.png --width 4294967312 "
                      "--shape 65536,65536,65536,65536"),
}
for name, (command, text) in lines.items():
    open(os.path.join(cli_dir, f"seed_{name}"), "wb").write(bytes([command]) + text.replace(" ", "\0").encode())
print("seeds written under", os.path.join(here, "corpus"))
