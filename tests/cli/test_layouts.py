#!/usr/bin/python3
"""Every layout (nchw, nhwc, ncl, btc) with every norm through `normscope normalize --layout`
against PyTorch in float64 on random cases, written the way a user of that layout writes them:
NHWC through x.permute(0, 3, 1, 2) and back; (B, T, C) with LayerNorm and RMSNorm on x itself
(normalized_shape a suffix of (B, T, C): [C] is one set per token) and BatchNorm1d,
InstanceNorm1d and GroupNorm on x.transpose(1, 2) and back. The output must come back in the
input's layout. `export --data input/output` writes the input's layout too.
Run by CTest as: test_layouts.py /path/to/normscope
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

CASES_PER_PAIR = 4
FLOAT32_EPS = 1.1920928955078125e-07
NORMS = ["batch", "layer", "instance", "group", "rms"]
LAYOUTS = ["nchw", "nhwc", "ncl", "btc"]
rng = np.random.default_rng(77)
checks = nstest.Checks()


def divisors(c):
    return [d for d in range(1, c + 1) if c % d == 0]


def user_shape(layout):
    n, c = int(rng.integers(2, 5)), int(rng.integers(2, 9))
    h, w = int(rng.integers(1, 5)), int(rng.integers(2, 6))
    return {"nchw": (n, c, h, w), "nhwc": (n, h, w, c), "ncl": (n, c, w), "btc": (n, w, c)}[layout]


def channels(layout, shape):
    return shape[-1] if layout in ("nhwc", "btc") else shape[1]


def to_norm_input(layout, norm, x):
    """The tensor the PyTorch layer is given, and the way back to the user's layout."""
    if layout == "nhwc":
        return x.permute(0, 3, 1, 2), lambda y: y.permute(0, 2, 3, 1)
    if layout == "btc" and norm not in ("layer", "rms"):
        return x.transpose(1, 2), lambda y: y.transpose(1, 2)
    return x, lambda y: y


def reference(layout, norm, opts, batches, weight, bias):
    """The output of the last batch and the running statistics, by PyTorch in float64."""
    xs = [torch.from_numpy(b.astype(np.float64)) for b in batches]
    first, _ = to_norm_input(layout, norm, xs[0])
    c = first.shape[1]
    dim = "2d" if first.dim() == 4 else "1d"
    if norm == "batch":
        m = getattr(nn, "BatchNorm" + dim)(c, eps=opts["eps"], momentum=opts["momentum"])
    elif norm == "instance":
        m = getattr(nn, "InstanceNorm" + dim)(c, eps=opts["eps"], affine=True, track_running_stats=True)
    elif norm == "group":
        m = nn.GroupNorm(opts["groups"], c, eps=opts["eps"])
    elif norm == "layer":
        m = nn.LayerNorm(opts["normalized_shape"], eps=opts["eps"])
    else:
        m = None
    if m is not None:
        m = m.double()
        with torch.no_grad():
            if weight is not None:
                m.weight.copy_(torch.from_numpy(weight.astype(np.float64)))
                m.bias.copy_(torch.from_numpy(bias.astype(np.float64)))
    y = None
    for x in xs:
        xin, back = to_norm_input(layout, norm, x)
        with torch.no_grad():
            if norm == "rms":  # PyTorch 2.4's nn.RMSNorm, written out (Debian's 1.13 has none)
                k = len(opts["normalized_shape"])
                out = xin * torch.rsqrt(xin.pow(2).mean(tuple(range(-k, 0)), keepdim=True) + opts["eps"])
                if weight is not None:
                    out = out * torch.from_numpy(weight.astype(np.float64))
            else:
                out = m(xin)
        y = back(out).contiguous()
    running = None
    if norm in ("batch", "instance"):
        running = (m.running_mean.numpy().astype(np.float32), m.running_var.numpy().astype(np.float32))
    return y.numpy().astype(np.float32), running


def draw(layout, norm):
    shape = user_shape(layout)
    c = channels(layout, shape)
    opts = {"eps": float(rng.choice([1e-5, 1e-3, 0.1]))}
    args = ["--layout", layout, "--eps", repr(opts["eps"])]
    if norm == "batch":
        opts["momentum"] = float(rng.choice([0.1, 0.5]))
        args += ["--momentum", repr(opts["momentum"])]
    if norm == "instance":
        args += ["--affine", "--track-running-stats"]
    if norm == "group":
        opts["groups"] = int(rng.choice(divisors(c)))
        args += ["--groups", str(opts["groups"])]
    if norm in ("layer", "rms"):
        # A suffix of the tensor the layer is given: NHWC after the permute, (B, T, C) as it is.
        seen = shape if layout != "nhwc" else (shape[0], shape[3], shape[1], shape[2])
        k = int(rng.integers(1, len(seen)))
        opts["normalized_shape"] = list(seen[-k:])
        args += ["--normalized-shape", ",".join(map(str, opts["normalized_shape"]))]
        if norm == "rms" and rng.random() < 0.5:
            opts["eps"] = FLOAT32_EPS
            args[args.index("--eps") + 1] = "none"
    return shape, c, opts, args


def main():
    exe = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        case = 0
        for layout in LAYOUTS:
            for norm in NORMS:
                for _ in range(CASES_PER_PAIR):
                    case += 1
                    shape, c, opts, args = draw(layout, norm)
                    count = 2 if norm in ("batch", "instance") else 1
                    offset = float(rng.choice([0.0, 0.0, 500.0]))
                    # Per-channel means, so a norm applied along the wrong axis cannot pass.
                    ch_axis = -1 if layout in ("nhwc", "btc") else 1
                    per_channel = [1] * len(shape)
                    per_channel[ch_axis] = c
                    means = rng.normal(0, 4, size=c).reshape(per_channel)
                    batches = [(offset + means + rng.standard_normal(shape) * rng.uniform(0.5, 3)).astype(np.float32)
                               for _ in range(count)]
                    cmd = [exe, "normalize", "--norm", norm] + args
                    for b, x in enumerate(batches):
                        path = os.path.join(tmp, f"c{case}_x{b}.npy")
                        np.save(path, x)
                        cmd += ["--input", path]
                    weight = bias = None
                    if norm in ("layer", "rms"):
                        wshape = tuple(opts["normalized_shape"])
                    else:
                        wshape = (c,)
                    if norm != "instance" and rng.random() < 0.6:
                        weight = rng.uniform(0.5, 2, size=wshape).astype(np.float32)
                        np.save(os.path.join(tmp, f"c{case}_w.npy"), weight)
                        cmd += ["--weight", os.path.join(tmp, f"c{case}_w.npy")]
                        if norm != "rms":
                            bias = rng.uniform(-1, 1, size=wshape).astype(np.float32)
                            np.save(os.path.join(tmp, f"c{case}_b.npy"), bias)
                            cmd += ["--bias", os.path.join(tmp, f"c{case}_b.npy")]
                        else:
                            bias = None
                    if weight is not None and norm != "rms" and bias is None:
                        bias = np.zeros(wshape, dtype=np.float32)
                    out = os.path.join(tmp, f"c{case}_y.npy")
                    cmd += ["--output", out]
                    if norm in ("batch", "instance"):
                        cmd += ["--save-running-mean", out + ".rm.npy", "--save-running-var", out + ".rv.npy"]
                    what = f"{layout} {norm} case {case}: {' '.join(cmd[2:])}"
                    try:
                        expected, running = reference(layout, norm, opts, batches, weight, bias)
                    except (RuntimeError, ValueError) as e:
                        checks.check(False, f"{what}: PyTorch refused the drawn case: {e}")
                        continue
                    proc = subprocess.run(cmd, capture_output=True, text=True)
                    if not checks.check(proc.returncode == 0, f"{what}: exit {proc.returncode}: {proc.stderr}"):
                        continue
                    got = np.load(out)
                    checks.check(got.shape == shape and got.dtype == np.float32,
                                 f"{what}: output {got.shape} {got.dtype}, expected the input's layout {shape}")
                    if got.shape == shape:
                        ok, why = nstest.close_to_spread(got, expected)
                        checks.check(ok, f"{what}: output differs from PyTorch: {why}")
                    if running is not None:
                        for suffix, ref in zip((".rm.npy", ".rv.npy"), running):
                            ok, why = nstest.close_to_spread(np.load(out + suffix), ref)
                            checks.check(ok, f"{what}: running statistic {suffix}: {why}")

        # A layout that does not fit the data's rank is refused, naming the ones that do.
        x = rng.standard_normal((2, 3, 4)).astype(np.float32)
        path = os.path.join(tmp, "rank3.npy")
        np.save(path, x)
        out = os.path.join(tmp, "never.npy")
        for layout, words in (("nhwc", "use ncl or btc"), ("tbc", "unknown layout 'tbc'")):
            proc = subprocess.run([exe, "normalize", "--norm", "batch", "--layout", layout, "--input", path,
                                   "--output", out], capture_output=True, text=True)
            checks.check(1 <= proc.returncode <= 127 and words in proc.stderr and not os.path.exists(out),
                         f"--layout {layout} on a 3-D file: exit {proc.returncode}: {proc.stderr.strip()!r}")

        # export writes the input and the output in the input's layout; --select names a token.
        x = (rng.standard_normal((2, 5, 6)) + rng.normal(0, 3, size=6)).astype(np.float32)  # (B, T, C)
        path = os.path.join(tmp, "btc.npy")
        np.save(path, x)
        base = [exe, "export", "--norm", "rms", "--layout", "btc", "--normalized-shape", "6", "--input", path]
        for data in ("input", "output"):
            out = os.path.join(tmp, f"export_{data}.npy")
            proc = subprocess.run(base + ["--data", data, "--output", out], capture_output=True, text=True)
            if checks.check(proc.returncode == 0, f"export --data {data}: {proc.stderr}"):
                got = np.load(out)
                expected = x if data == "input" else (
                    torch.from_numpy(x.astype(np.float64)) * torch.rsqrt(
                        torch.from_numpy(x.astype(np.float64)).pow(2).mean(-1, keepdim=True) + FLOAT32_EPS)
                ).numpy().astype(np.float32)
                ok, why = nstest.close_to_spread(got, expected) if got.shape == x.shape else (False, got.shape)
                checks.check(ok and (data == "output" or np.array_equal(got, x)),
                             f"export --data {data} --layout btc: {why}")
        out = os.path.join(tmp, "stats.csv")
        proc = subprocess.run(base + ["--data", "statistics", "--select", "1,4", "--output", out],
                              capture_output=True, text=True)
        if checks.check(proc.returncode == 0, f"export --data statistics --layout btc: {proc.stderr}"):
            rows = open(out).read().splitlines()
            checks.check(len(rows) == 1 + 2 * 5 and rows[1 + 5 + 4].split(",")[1] == "b=1; t=4",
                         f"one row per token (b, t): {rows[:3]} ... {rows[-1]}")
            # Before: each token's mean over its 6 features.
            mean = float(rows[1 + 5 + 4].split(",")[3])
            checks.check(abs(mean - float(x[1, 4].astype(np.float64).mean())) < 1e-6 * float(x.std()),
                         f"token (1, 4) mean before {mean}, expected {x[1, 4].mean()}")
        proc = subprocess.run(base + ["--data", "statistics", "--select", "1,5", "--output", out],
                              capture_output=True, text=True)
        checks.check(1 <= proc.returncode <= 127 and "t must be below 5" in proc.stderr,
                     f"--select 1,5 with T = 5: {proc.stderr.strip()!r}")
    return checks.done()


if __name__ == "__main__":
    sys.exit(main())
