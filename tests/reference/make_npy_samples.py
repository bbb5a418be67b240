#!/usr/bin/python3
"""Writes the .npy samples tests/test_npy.cpp reads (tests/data/npy/), with NumPy itself, so the
reader is checked against the real format: byte orders, Fortran order, header versions, dtypes.
Every numeric sample holds np.arange(24).reshape(2, 3, 4) * 0.5 - 3 (or its integer cast).
Run: /usr/bin/python3 tests/reference/make_npy_samples.py
"""
import os

import numpy as np
from numpy.lib import format as npformat

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "npy")
os.makedirs(OUT, exist_ok=True)
base = np.arange(24).reshape(2, 3, 4) * 0.5 - 3


def save(name, array, version=None):
    with open(os.path.join(OUT, name), "wb") as f:
        if version:
            npformat.write_array(f, array, version=version, allow_pickle=True)
        else:
            np.save(f, array, allow_pickle=True)


for dtype in ("<f4", ">f4", "<f8", ">f8", "<f2", ">f2"):
    save(f"base_{dtype.replace('<', 'le').replace('>', 'be')}.npy", base.astype(dtype))
for dtype in (">i2", "<i8", "<i4", "|i1", "<u2", ">u4"):
    save(f"int_{dtype.replace('<', 'le').replace('>', 'be').replace('|', '')}.npy", np.arange(24).reshape(2, 3, 4).astype(dtype))
# Negative integers: a reader that forgets to sign-extend reads int8 -12 as 244.
for dtype in ("|i1", ">i2", "<i4", "<i8"):
    save(f"signed_{dtype.replace('<', 'le').replace('>', 'be').replace('|', '')}.npy",
         (np.arange(24).reshape(2, 3, 4) - 12).astype(dtype))
save("uint8.npy", (np.arange(24).reshape(2, 3, 4) * 10).astype(np.uint8))
save("bool.npy", (np.arange(24).reshape(2, 3, 4) % 3 == 0))
save("fortran_f4.npy", np.asfortranarray(base.astype("<f4")))
save("fortran_be_f8.npy", np.asfortranarray(base.astype(">f8")))
save("v2.npy", base.astype("<f4"), version=(2, 0))
save("v3.npy", base.astype("<f4"), version=(3, 0))
save("rank2.npy", base.reshape(6, 4).astype("<f4"))
save("rank4.npy", base.reshape(1, 2, 3, 4).astype("<f4"))
save("rank1.npy", base.reshape(24).astype("<f4"))
save("rank5.npy", base.reshape(1, 1, 2, 3, 4).astype("<f4"))
save("empty.npy", np.zeros((0, 3, 4), np.float32))
save("half_special.npy", np.array([0.0, -0.0, 6.1e-05, 5.96e-08, 65504, np.inf, -np.inf, np.nan], np.float16))
save("complex64.npy", base.astype(np.complex64))
save("object.npy", np.array([1, "a", None], dtype=object))
save("structured.npy", np.zeros(3, dtype=[("x", "<f4"), ("y", "<i4")]))
save("unicode.npy", np.array(["ab", "cd"]))
print("wrote samples to", os.path.relpath(OUT))
