#!/usr/bin/python3
"""Live cross-check: random norms, shapes and options through `normscope normalize` and through
real PyTorch on the same data, compared. Run by CTest as: test_crosscheck.py /path/to/normscope
Exit 0 pass, 1 fail (also when python3-torch or python3-numpy is missing: nothing skips).

PyTorch runs in float64 on the float32 inputs (its formula computed exactly; see README). Outputs
and running statistics are compared with a tolerance of 1e-5 of the expected values' spread plus
two float32 units (nstest.close_to_spread), never one relative to their size: the running mean of
data at 10000 + N(0, 1) is about 1000 while its channels differ by a few thousandths.
"""
import os
import subprocess
import sys
import tempfile

import nstest

nstest.require(("numpy", "torch"))
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

CASES = 80
rng = np.random.default_rng(1234)


def divisors(c):
    return [d for d in range(1, c + 1) if c % d == 0]


def draw_case():
    norm = rng.choice(["batch", "layer", "instance", "group"])
    rank = rng.choice([4, 4, 4, 3, 2]) if norm in ("batch", "layer") else 4
    n, c = int(rng.integers(1, 5)), int(rng.integers(1, 9))
    h, w = int(rng.integers(1, 7)), int(rng.integers(2, 7))
    shape = {4: (n, c, h, w), 3: (n, c, w), 2: (max(n, 2), c)}[rank]
    opts = {"eps": float(rng.choice([1e-5, 1e-3, 0.1, 1.0]))}
    args = ["--eps", repr(opts["eps"])]
    if norm in ("batch", "instance"):
        m = rng.choice([0.1, 0.5, 1.0, 0.0, None]) if norm == "batch" else rng.choice([0.1, 0.3, 1.0])
        opts["momentum"] = None if m is None else float(m)
        args += ["--momentum", "none" if m is None else repr(float(m))]
        opts["track"] = bool(rng.random() < 0.7) if norm == "batch" else bool(rng.random() < 0.5)
        args.append("--track-running-stats" if opts["track"] else "--no-track-running-stats")
        opts["eval"] = bool(rng.random() < 0.3)
        if opts["eval"]:
            args.append("--eval")
        if norm == "instance" and (h * w if rank == 4 else w) < 2:
            shape = (n, c, h, 2)
    opts["affine"] = bool(rng.random() < 0.6)
    args.append("--affine" if opts["affine"] else "--no-affine")
    if norm == "group":
        opts["groups"] = int(rng.choice(divisors(c)))
        args += ["--groups", str(opts["groups"])]
    if norm == "layer":
        k = int(rng.integers(1, len(shape)))
        opts["normalized_shape"] = list(shape[-k:])
        args += ["--normalized-shape", ",".join(map(str, opts["normalized_shape"]))]
    if norm == "batch" and not opts.get("eval") or (norm == "batch" and not opts["track"]):
        if int(np.prod(shape)) // shape[1] < 2:
            shape = (2,) + tuple(shape[1:])
    batches = int(rng.integers(1, 4))
    offset = float(rng.choice([0.0, 0.0, 0.0, 10000.0, 500.0]))
    return norm, shape, opts, args, batches, offset


def as4d(x):
    if x.ndim == 2:
        return x.reshape(x.shape[0], x.shape[1], 1, 1)
    if x.ndim == 3:
        return x.reshape(x.shape[0], x.shape[1], 1, x.shape[2])
    return x


def reference(norm, shape, opts, batches, weight, bias, rm, rv):
    c = shape[1]
    if norm == "batch":
        m = nn.BatchNorm2d(c, eps=opts["eps"], momentum=opts["momentum"], affine=opts["affine"],
                           track_running_stats=opts["track"])
    elif norm == "instance":
        m = nn.InstanceNorm2d(c, eps=opts["eps"], momentum=opts["momentum"], affine=opts["affine"],
                              track_running_stats=opts["track"])
    elif norm == "group":
        m = nn.GroupNorm(opts["groups"], c, eps=opts["eps"], affine=opts["affine"])
    else:
        m = nn.LayerNorm(opts["normalized_shape"], eps=opts["eps"], elementwise_affine=opts["affine"])
    m = m.double()
    with torch.no_grad():
        if weight is not None:
            m.weight.copy_(torch.from_numpy(weight.astype(np.float64)))
            m.bias.copy_(torch.from_numpy(bias.astype(np.float64)))
        if rm is not None:
            m.running_mean.copy_(torch.from_numpy(rm.astype(np.float64)))
            m.running_var.copy_(torch.from_numpy(rv.astype(np.float64)))
        m.train(not opts.get("eval", False))
        for x in batches:
            xin = x if norm == "layer" else as4d(x)
            y = m(torch.from_numpy(xin.astype(np.float64))).numpy().reshape(x.shape)
    running = (m.running_mean.numpy(), m.running_var.numpy()) if getattr(m, "running_mean", None) is not None else None
    return y.astype(np.float32), running


def main():
    exe = sys.argv[1]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(CASES):
            norm, shape, opts, args, count, offset = draw_case()
            batches = [(offset + rng.standard_normal(shape) * rng.uniform(0.5, 3)).astype(np.float32) for _ in range(count)]
            cmd = [exe, "normalize", "--norm", norm] + args
            for b, x in enumerate(batches):
                path = os.path.join(tmp, f"c{i}_x{b}.npy")
                np.save(path, x)
                cmd += ["--input", path]
            weight = bias = rm = rv = None
            wshape = tuple(opts["normalized_shape"]) if norm == "layer" else (shape[1],)
            if opts["affine"] and rng.random() < 0.6:
                weight = rng.uniform(0.5, 2, size=wshape).astype(np.float32)
                bias = rng.uniform(-1, 1, size=wshape).astype(np.float32)
                np.save(os.path.join(tmp, f"c{i}_w.npy"), weight)
                np.save(os.path.join(tmp, f"c{i}_b.npy"), bias)
                cmd += ["--weight", os.path.join(tmp, f"c{i}_w.npy"), "--bias", os.path.join(tmp, f"c{i}_b.npy")]
            has_running = norm in ("batch", "instance") and opts["track"]
            if has_running and rng.random() < 0.5:
                rm = rng.normal(0, 1, size=shape[1]).astype(np.float32)
                rv = rng.uniform(0.5, 2, size=shape[1]).astype(np.float32)
                np.save(os.path.join(tmp, f"c{i}_rm.npy"), rm)
                np.save(os.path.join(tmp, f"c{i}_rv.npy"), rv)
                cmd += ["--running-mean", os.path.join(tmp, f"c{i}_rm.npy"), "--running-var", os.path.join(tmp, f"c{i}_rv.npy")]
            out = os.path.join(tmp, f"c{i}_y.npy")
            cmd += ["--output", out]
            if has_running:
                cmd += ["--save-running-mean", out + ".rm.npy", "--save-running-var", out + ".rv.npy"]
            try:
                expected, running = reference(norm, shape, opts, batches, weight, bias, rm, rv)
                torch_error = None
            except (ValueError, RuntimeError) as e:
                torch_error = str(e).split("\n")[0]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            where = f"case {i}: {' '.join(cmd[1:])}"
            if torch_error:
                if proc.returncode == 0 or not (1 <= proc.returncode <= 127):
                    print(f"FAIL {where}\n  PyTorch refused ({torch_error}) but normscope exited {proc.returncode}")
                    failures += 1
                continue
            if proc.returncode != 0:
                print(f"FAIL {where}\n  exit {proc.returncode}: {proc.stderr.strip()}")
                failures += 1
                continue
            got = np.load(out)
            ok, why = nstest.close_to_spread(got, expected)
            if got.dtype != np.float32 or not ok:
                print(f"FAIL {where}\n  output differs from PyTorch ({got.dtype}): {why}")
                failures += 1
                continue
            if running is not None:
                for suffix, ref in ((".rm.npy", running[0]), (".rv.npy", running[1])):
                    ok, why = nstest.close_to_spread(np.load(out + suffix), ref.astype(np.float32))
                    if not ok:
                        print(f"FAIL {where}\n  running statistic {suffix} differs: {why}")
                        failures += 1
    print(f"{CASES - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
