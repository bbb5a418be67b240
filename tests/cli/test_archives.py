#!/usr/bin/python3
"""The .npz and .safetensors inputs end to end, through the real `normscope`: random arrays NumPy
saved (np.savez, np.savez_compressed) and .safetensors files written by hand (no safetensors
package in Debian: struct + json, the bytes from NumPy, bfloat16 from PyTorch) read back
exactly, bit for bit (export --data input writes the tensor the command read); a norm of an
archived tensor equals PyTorch's (float64 on the same float32 values); wrong or missing names are
answered with the names there are; FIFOs, zip bombs and damaged headers are refused in one line.
Run by CTest as: test_archives.py /path/to/normscope
"""
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nstest  # noqa: E402

nstest.require(modules=("numpy", "torch"))
import numpy as np  # noqa: E402
import torch  # noqa: E402

exe = sys.argv[1]
checks = nstest.Checks()
rng = np.random.default_rng(11)


def run(args, timeout=60):
    start = time.monotonic()
    proc = subprocess.run([exe, *args], capture_output=True, timeout=timeout)
    return proc.returncode, proc.stderr.decode(errors="replace").splitlines(), time.monotonic() - start


def read_back(tmp, spec, tag):
    """The tensor normscope read from `spec`, as float32 (through export --data input)."""
    out = os.path.join(tmp, f"back_{tag}.npy")
    code, err, _ = run(["export", "--norm", "batch", "--input", spec, "--data", "input", "--output", out])
    if code != 0:
        return None, err
    return np.load(out), err


def same_bits(got, expected):
    return got is not None and got.shape == expected.shape and got.dtype == np.float32 and \
        np.array_equal(got.view(np.uint32), expected.astype(np.float32).view(np.uint32))


def safetensors(path, tensors, metadata=None):
    """tensors: (name, dtype code, shape, raw bytes); written as the format defines it."""
    header = {} if metadata is None else {"__metadata__": metadata}
    offset = 0
    for name, code, shape, raw in tensors:
        header[name] = {"dtype": code, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(t[3] for t in tensors))


def one_line_refusal(name, args, words, within=2.0):
    code, err, seconds = run(args, timeout=10)
    text = " ".join(err)
    checks.check(code is not None and 1 <= code <= 127, f"{name}: exit {code}")
    checks.check(len(err) == 1, f"{name}: {len(err)} lines on stderr: {err}")
    for w in words:
        checks.check(w in text, f"{name}: '{w}' not in: {text}")
    checks.check(seconds < within, f"{name}: took {seconds:.2f} s")


with tempfile.TemporaryDirectory() as tmp:
    p = lambda name: os.path.join(tmp, name)  # noqa: E731

    # --- .npz from NumPy, stored and deflated: every dtype read back bit for bit.
    arrays = {
        "f32": rng.standard_normal((3, 4, 5, 6)).astype("<f4"),
        "f64": (rng.standard_normal((2, 5, 7)) * 1e3).astype(">f8"),
        "f16": rng.standard_normal((4, 6)).astype("<f2"),
        "i64": rng.integers(-2**40, 2**40, (2, 3, 9)).astype("<i8"),
        "u8": rng.integers(0, 256, (2, 3, 4, 4)).astype("u1"),
        "fortran": np.asfortranarray(rng.standard_normal((3, 5, 4)).astype("<f4")),
        "tokens": rng.standard_normal((2, 16, 32)).astype("<f4"),  # (B, T, C)
    }
    for save in (np.savez, np.savez_compressed):
        path = p(f"{save.__name__}.npz")
        save(path, *[arrays["f32"]], **arrays)
        for name, a in [*arrays.items(), ("arr_0", arrays["f32"])]:
            got, err = read_back(tmp, f"{path}:{name}", f"{save.__name__}_{name}")
            checks.check(same_bits(got, a), f"{save.__name__} {name}: values differ or refused: {err}")

    # --- .safetensors by hand: F32, F64, F16, BF16 (PyTorch's rounding), integers, bool.
    values = rng.standard_normal((2, 8, 16)).astype(np.float32) * 3
    bf16 = torch.from_numpy(values).to(torch.bfloat16)
    expected_bf16 = bf16.float().numpy()  # PyTorch's own bfloat16 -> float32
    f16 = values.astype("<f2")
    ints = rng.integers(-1000, 1000, (2, 8, 16))
    tensors = [
        ("h.0.ln_1.f32", "F32", values.shape, values.astype("<f4").tobytes()),
        ("h.0.ln_1.f64", "F64", values.shape, values.astype("<f8").tobytes()),
        ("h.0.attn.f16", "F16", values.shape, f16.tobytes()),
        ("h.0.attn.bf16", "BF16", values.shape, bf16.view(torch.int16).numpy().astype("<i2").tobytes()),
        ("i32", "I32", ints.shape, ints.astype("<i4").tobytes()),
        ("i16", "I16", ints.shape, ints.astype("<i2").tobytes()),
        ("u16", "U16", ints.shape, (ints + 1000).astype("<u2").tobytes()),
        ("flags", "BOOL", ints.shape, (ints > 0).tobytes()),
        ("ln.weight", "F32", (16,), np.linspace(0.5, 2, 16, dtype=np.float32).tobytes()),
        ("ln.bias", "BF16", (16,),
         torch.linspace(-1, 1, 16).to(torch.bfloat16).view(torch.int16).numpy().astype("<i2").tobytes()),
    ]
    model = p("model.safetensors")
    safetensors(model, tensors, {"format": "pt"})
    expect = {
        "h.0.ln_1.f32": values, "h.0.ln_1.f64": values, "h.0.attn.f16": f16.astype(np.float32),
        "h.0.attn.bf16": expected_bf16, "i32": ints.astype(np.float32), "i16": ints.astype(np.float32),
        "u16": (ints + 1000).astype(np.float32), "flags": (ints > 0).astype(np.float32),
    }
    for name, e in expect.items():
        got, err = read_back(tmp, f"{model}:{name}", name.replace(".", "_"))
        checks.check(same_bits(got, e), f"safetensors {name}: values differ or refused: {err}")
    # The conversions against NumPy's and PyTorch's own: float16 as NumPy widens it, bfloat16 as
    # PyTorch widens it (checked above bit for bit); a sanity check that they are not the same
    # rounding, so the test could tell them apart.
    checks.check(not np.array_equal(expected_bf16, f16.astype(np.float32)), "bf16 and f16 samples coincide")

    # --- A LayerNorm over C per token of a (B, T, C) activation, γ and β from the same file,
    # against PyTorch in float64 on the same float32 values.
    out = p("ln.npy")
    code, err, _ = run(["normalize", "--norm", "layer", "--normalized-shape", "16", "--input",
                        f"{model}:h.0.ln_1.f32", "--weight", f"{model}:ln.weight", "--bias", f"{model}:ln.bias",
                        "--output", out])
    checks.check(code == 0, f"normalize from safetensors: exit {code}: {err}")
    if code == 0:
        x = torch.from_numpy(values).double()
        w = torch.from_numpy(np.linspace(0.5, 2, 16, dtype=np.float32)).double()
        b = torch.linspace(-1, 1, 16).to(torch.bfloat16).double()
        reference = torch.nn.functional.layer_norm(x, (16,), w, b, 1e-5).numpy()
        ok, why = nstest.close_to_spread(np.load(out), reference)
        checks.check(ok, f"LayerNorm of a safetensors tensor vs PyTorch: {why}")

    # --- Names: wrong, missing, present in a one-array file.
    code, err, _ = run(["normalize", "--norm", "batch", "--input", f"{model}:nope", "--output", out])
    checks.check(code == 1 and len(err) == 1 and "has no array named 'nope'; it holds 'h.0.ln_1.f32' [2, 8, 16] "
                 "float32" in err[0], f"wrong safetensors name: {code} {err}")
    code, err, _ = run(["normalize", "--norm", "batch", "--input", p("savez.npz"), "--output", out])
    checks.check(code == 1 and len(err) == 1 and "savez.npz holds 8 arrays: name one, as savez.npz:NAME" in err[0]
                 and "'tokens' [2, 16, 32] float32" in err[0], f"missing npz name: {code} {err}")
    np.savez(p("one.npz"), only=arrays["tokens"])
    got, err = read_back(tmp, p("one.npz"), "one")
    checks.check(same_bits(got, arrays["tokens"]), f"a one-array .npz without a name: {err}")
    code, err, _ = run(["normalize", "--norm", "batch", "--input", p("one.npz") + ":only", "--output", out])
    checks.check(code == 0, f"one.npz:only: {code} {err}")

    # --- Bad input: FIFOs, a zip bomb's promise, a stream longer than declared, bad headers.
    os.mkfifo(p("pipe.npz"))
    os.mkfifo(p("pipe.safetensors"))
    one_line_refusal("FIFO .npz", ["normalize", "--norm", "batch", "--input", p("pipe.npz") + ":x", "--output", out],
                     ["--input", "named pipe"])
    one_line_refusal("FIFO .safetensors weight", ["normalize", "--norm", "batch", "--input", p("one.npz"),
                                                   "--weight", p("pipe.safetensors") + ":w", "--output", out],
                     ["--weight", "named pipe"])
    data = os.path.join(os.environ.get("NORMSCOPE_TEST_DATA_DIR", ""), "npz")
    one_line_refusal("100 GB declared in an .npz", ["normalize", "--norm", "batch", "--input",
                                                    os.path.join(data, "huge_declared.npz"), "--output", out],
                     ["huge_declared.npz:huge is too large"])
    one_line_refusal("stream longer than declared", ["normalize", "--norm", "batch", "--input",
                                                     os.path.join(data, "longer_than_declared_deflated.npz"),
                                                     "--output", out], ["more data than the 224 bytes"])
    safetensors(p("overlap.safetensors"), [("a", "F32", (2, 3), bytes(24))])
    with open(p("overlap.safetensors"), "r+b") as f:  # make 'a' claim bytes 0-24 of 20
        raw = f.read().replace(b"[0, 24]", b"[0, 20]")
        f.seek(0)
        f.write(raw)
    one_line_refusal("size not shape x dtype", ["normalize", "--norm", "batch", "--input", p("overlap.safetensors"),
                                                "--output", out], ["which needs 24 bytes"])
    with open(p("garbage.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", 2**40) + b"{")
        f.truncate(4 << 30)  # sparse
    one_line_refusal("header length beyond the limit", ["normalize", "--norm", "batch", "--input",
                                                        p("garbage.safetensors"), "--output", out],
                     ["limit of 100 MB"], within=1.0)
    checks.check(not os.path.exists(out) or np.load(out).shape == (2, 16, 32), "a refusal wrote an output")

sys.exit(checks.done())
