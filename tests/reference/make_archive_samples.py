#!/usr/bin/python3
"""Writes the .npz and .safetensors samples tests/test_npz.cpp and tests/test_safetensors.cpp read
(tests/data/npz/, tests/data/safetensors/). The .npz files are written by NumPy itself
(np.savez, np.savez_compressed), then some are damaged on purpose by patching their bytes. No
safetensors package is in Debian: those files are written by hand from the format's definition
(an 8-byte little-endian header length, a JSON header, the bytes), the bytes by NumPy.
Every numeric sample holds np.arange(24).reshape(2, 3, 4) * 0.5 - 3 (or an integer version),
values that float16 and bfloat16 hold exactly.
Run: /usr/bin/python3 tests/reference/make_archive_samples.py
"""
import io
import json
import os
import struct
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
NPZ = os.path.join(HERE, "..", "data", "npz")
SAFE = os.path.join(HERE, "..", "data", "safetensors")
os.makedirs(NPZ, exist_ok=True)
os.makedirs(SAFE, exist_ok=True)
base = np.arange(24).reshape(2, 3, 4) * 0.5 - 3
ints = np.arange(24).reshape(2, 3, 4) - 12


def npy_bytes(array):
    f = io.BytesIO()
    np.save(f, array)
    return f.getvalue()


def write(folder, name, data):
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


# --- .npz written by NumPy -------------------------------------------------------------------
arrays = dict(x=base.astype("<f4"), half=base.reshape(1, 2, 3, 4).astype("<f2"),
              counts=ints.astype("<i8"), fortran=np.asfortranarray(base.astype(">f8")),
              flags=(ints % 3 == 0))
for name, save in (("savez.npz", np.savez), ("savez_compressed.npz", np.savez_compressed)):
    with open(os.path.join(NPZ, name), "wb") as f:
        save(f, base.astype("<f4"), **arrays)  # the first is arr_0, as np.savez names it
with open(os.path.join(NPZ, "single.npz"), "wb") as f:
    np.savez_compressed(f, only=base.astype("<f4"))

# Members that are not arrays are ignored; a member that is not a valid .npy is listed as such.
with zipfile.ZipFile(os.path.join(NPZ, "mixed.npz"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("README.txt", "not an array")
    z.writestr("good.npy", npy_bytes(base.astype("<f4")))
    z.writestr("bad.npy", b"this is not a .npy file at all")
with zipfile.ZipFile(os.path.join(NPZ, "empty.npz"), "w") as z:
    pass
with zipfile.ZipFile(os.path.join(NPZ, "duplicate.npz"), "w") as z:
    import warnings
    warnings.simplefilter("ignore")
    z.writestr("a.npy", npy_bytes(base.astype("<f4")))
    z.writestr("a.npy", npy_bytes(ints.astype("<i4")))


def patch_sizes(data, name, uncompressed, zip64=False):
    """Sets the declared uncompressed size of member `name` in its local header and in the
    central directory (in the ZIP64 extra field when zip64), leaving everything else."""
    data = bytearray(data)
    encoded = name.encode()
    for signature, size_at, name_len_at, extra_len_at, name_at in ((b"PK\x03\x04", 22, 26, 28, 30),
                                                                   (b"PK\x01\x02", 24, 28, 30, 46)):
        at = data.find(signature)
        while at >= 0:
            n = struct.unpack_from("<H", data, at + name_len_at)[0]
            if bytes(data[at + name_at:at + name_at + n]) == encoded:
                if zip64:
                    extra = at + name_at + n
                    extra_len = struct.unpack_from("<H", data, at + extra_len_at)[0]
                    p = extra
                    while p < extra + extra_len:
                        tag, size = struct.unpack_from("<HH", data, p)
                        if tag == 1:
                            struct.pack_into("<Q", data, p + 4, uncompressed)
                        p += 4 + size
                else:
                    struct.pack_into("<I", data, at + size_at, uncompressed)
            at = data.find(signature, at + 4)
    return bytes(data)


def zipped(name, content, method, force_zip64=False):
    f = io.BytesIO()
    with zipfile.ZipFile(f, "w", method) as z:
        with z.open(name, "w", force_zip64=force_zip64) as m:
            m.write(content)
    return f.getvalue()


# A stream longer than declared: the declared size is exactly what the .npy header needs, the
# member goes on with 4096 more bytes. Deflated and stored.
good = npy_bytes(base.astype("<f4"))
for method, suffix in ((zipfile.ZIP_DEFLATED, "deflated"), (zipfile.ZIP_STORED, "stored")):
    data = zipped("x.npy", good + bytes(4096), method)
    write(NPZ, f"longer_than_declared_{suffix}.npz", patch_sizes(data, "x.npy", len(good)))

# A zip bomb's promise: a 100 GB array declared (ZIP64, written by hand), 64 bytes present.
def zip64_archive(name, declared, content):
    import zlib
    packed = zlib.compressobj(6, zlib.DEFLATED, -15)
    data = packed.compress(content) + packed.flush()
    crc = zlib.crc32(content)
    encoded = name.encode()
    extra = struct.pack("<HHQQ", 1, 16, declared, len(data))
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 8, 0, 0x21, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                        len(encoded), len(extra)) + encoded + extra
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 8, 0, 0x21, crc, 0xFFFFFFFF,
                          0xFFFFFFFF, len(encoded), len(extra), 0, 0, 0, 0, 0) + encoded + extra
    offset = len(local) + len(data)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), offset, 0)
    return local + data + central + end


header_only = npy_bytes(np.zeros(0, "<f4")).replace(b"(0,), }", b"(25000000000,), }")
header_only = header_only[:-11] + b"\n"  # keep the header 128 bytes long
assert len(header_only) == 128 and header_only.endswith(b"\n")
write(NPZ, "huge_declared.npz", zip64_archive("huge.npy", len(header_only) + 4 * 25000000000, header_only + bytes(64)))

# A stream shorter than declared: the declared size is what the .npy header needs (25 values), the
# member holds 24.
short = npy_bytes(np.zeros(25, "<f4"))[:128] + base.astype("<f4").tobytes()
data = zipped("x.npy", short, zipfile.ZIP_DEFLATED)
write(NPZ, "shorter_than_declared.npz", patch_sizes(data, "x.npy", len(short) + 4))
# A declared size that disagrees with the .npy header: refused from the sizes, before reading data.
data = zipped("x.npy", good, zipfile.ZIP_DEFLATED)
write(NPZ, "declared_size_disagrees.npz", patch_sizes(data, "x.npy", len(good) + 4))

# One value changed after the CRC was computed (stored, so the change reaches the reader).
data = bytearray(zipped("x.npy", good, zipfile.ZIP_STORED))
data[data.find(good) + len(good) - 1] ^= 0x01
write(NPZ, "bad_crc.npz", bytes(data))

# Encrypted (the general-purpose flag's bit 0 set in both headers).
data = bytearray(zipped("x.npy", good, zipfile.ZIP_STORED))
for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
    at = data.find(signature)
    data[at + flag_at] |= 1
write(NPZ, "encrypted.npz", bytes(data))

# Cut in half: the directory at the end is gone.
with open(os.path.join(NPZ, "savez.npz"), "rb") as f:
    whole = f.read()
write(NPZ, "truncated.npz", whole[: len(whole) // 2])


# --- .safetensors written by hand ---------------------------------------------------------------
def safetensors(tensors, metadata=None):
    """tensors: list of (name, dtype code, shape, raw bytes) in data order."""
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    offset = 0
    for name, dtype, shape, raw in tensors:
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)  # padded with spaces, as the reference writer does
    return struct.pack("<Q", len(text)) + text + b"".join(t[3] for t in tensors)


def bf16(values):
    """bfloat16 bytes of values that bfloat16 holds exactly (the top half of their float32)."""
    bits = np.asarray(values, "<f4").view("<u4")
    assert np.all(bits & 0xFFFF == 0)
    return (bits >> 16).astype("<u2").tobytes()


tensors = [
    ("f64", "F64", base.shape, base.astype("<f8").tobytes()),
    ("f32", "F32", base.shape, base.astype("<f4").tobytes()),
    ("f16", "F16", base.shape, base.astype("<f2").tobytes()),
    ("bf16", "BF16", base.shape, bf16(base)),
    ("i64", "I64", ints.shape, ints.astype("<i8").tobytes()),
    ("i32", "I32", ints.shape, ints.astype("<i4").tobytes()),
    ("i16", "I16", ints.shape, ints.astype("<i2").tobytes()),
    ("i8", "I8", ints.shape, ints.astype("i1").tobytes()),
    ("u64", "U64", ints.shape, (ints + 12).astype("<u8").tobytes()),
    ("u32", "U32", ints.shape, (ints + 12).astype("<u4").tobytes()),
    ("u16", "U16", ints.shape, (ints + 12).astype("<u2").tobytes()),
    ("u8", "U8", ints.shape, (ints + 12).astype("u1").tobytes()),
    ("bool", "BOOL", ints.shape, (ints % 3 == 0).tobytes()),
    ("f8", "F8_E4M3", (2, 2), bytes(4)),
    ("model.layers.0.input_layernorm.weight", "F32", (4,), np.ones(4, "<f4").tobytes()),
]
write(SAFE, "all_dtypes.safetensors", safetensors(tensors, {"format": "pt"}))
write(SAFE, "single.safetensors", safetensors([("activation", "F32", (2, 3, 4), base.astype("<f4").tobytes())]))
print("wrote samples to", os.path.relpath(NPZ), "and", os.path.relpath(SAFE))
