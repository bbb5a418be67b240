#!/usr/bin/python3
"""Writes the seeds of the .npz and .safetensors fuzz corpora (corpus/npz/seed_*,
corpus/safetensors/seed_*): the test archives of tests/data, and small valid files of every dtype
NumPy and the safetensors format give, written here (safetensors by hand: no package in Debian).
Run from anywhere: /usr/bin/python3 tests/fuzz/make_archive_seeds.py
"""
import io
import json
import os
import shutil
import struct

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
data = os.path.join(here, "..", "data")


def folder(target):
    path = os.path.join(here, "corpus", target)
    os.makedirs(path, exist_ok=True)
    return path


rng = np.random.default_rng(12)
arrays = {
    "f4": rng.standard_normal((2, 3, 2, 2)).astype("<f4"),
    "f8": rng.standard_normal((2, 4, 3)).astype(">f8"),
    "f2": rng.standard_normal((3, 2)).astype("<f2"),
    "i8": rng.integers(-1000, 1000, (2, 2, 3)).astype("<i8"),
    "u1": rng.integers(0, 255, (2, 3, 2)).astype("u1"),
}

npz = folder("npz")
for name in sorted(os.listdir(os.path.join(data, "npz"))):
    shutil.copy(os.path.join(data, "npz", name), os.path.join(npz, "seed_data_" + name))
for save in (np.savez, np.savez_compressed):
    buffer = io.BytesIO()
    save(buffer, **arrays)
    open(os.path.join(npz, f"seed_{save.__name__}.npz"), "wb").write(buffer.getvalue())

codes = {"<f4": "F32", ">f8": "F64", "<f2": "F16", "<i8": "I64", "|u1": "U8"}


def safetensors(tensors, metadata=None):
    header = {} if metadata is None else {"__metadata__": metadata}
    offset = 0
    body = b""
    for name, code, shape, raw in tensors:
        header[name] = {"dtype": code, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        body += raw
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + body


st = folder("safetensors")
for name in sorted(os.listdir(os.path.join(data, "safetensors"))):
    shutil.copy(os.path.join(data, "safetensors", name), os.path.join(st, "seed_data_" + name))
tensors = []
for name, a in arrays.items():
    little = a.astype(a.dtype.newbyteorder("<"))
    tensors.append((name, codes[a.dtype.str], a.shape, little.tobytes()))
bf16 = (arrays["f4"].view(np.uint32) >> 16).astype("<u2")
tensors.append(("bf16", "BF16", bf16.shape, bf16.tobytes()))
open(os.path.join(st, "seed_all.safetensors"), "wb").write(safetensors(tensors, {"format": "pt"}))
open(os.path.join(st, "seed_one.safetensors"), "wb").write(safetensors(tensors[:1]))
print("seeds written under", os.path.join(here, "corpus"))
