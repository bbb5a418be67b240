#!/usr/bin/python3
"""`normscope normalize --explain`: the worked example of one value (x, the mean and variance it is
normalized with, x_hat, gamma, beta, y) against the same steps done with torch.nn in float64 on the
same float32 input: the set's own statistics in training, the running statistics after stepped
batches in eval (BatchNorm, InstanceNorm with track_running_stats), LayerNorm's per-position affine
and GroupNorm's per-channel one. The window's worked example is the same core function.
Run by CTest as: test_explain.py /path/to/normscope
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

exe = sys.argv[1]
checks = nstest.Checks()
rng = np.random.default_rng(1207)
tmp = tempfile.mkdtemp(prefix="normscope-explain-")


def save(name, array):
    p = os.path.join(tmp, name)
    np.save(p, np.ascontiguousarray(array, dtype=np.float32))
    return p


def explain(args):
    proc = subprocess.run([exe, "normalize", *args, "--output", os.path.join(tmp, "y.npy")], capture_output=True,
                          text=True)
    if proc.returncode != 0:
        return None, proc.stderr.strip()
    values = {}
    for line in proc.stdout.splitlines():
        if " = " in line:
            key, rest = line.split(" = ", 1)
            values[key.strip()] = float(rest.split()[0])
    return values, proc.stdout


def batch(shape):
    # Per-channel offsets and scales, so sets differ and the running statistics matter.
    c = shape[1]
    offset = rng.normal(0.0, 3.0, size=(1, c, 1, 1))
    scale = rng.uniform(0.5, 2.5, size=(1, c, 1, 1))
    return (rng.standard_normal(shape) * scale + offset).astype(np.float32)


def compare(name, got, expect):
    """Each printed number against torch's, to 1e-6 of the quantity's spread (x and y: the data's;
    mean, var and the running statistics: their own size; x_hat: 1)."""
    for key, (value, scale) in expect.items():
        ok = key in got and abs(got[key] - value) <= 1e-6 * scale + 1e-12
        checks.check(ok, f"{name}: {key} = {got.get(key)!r}, torch {value!r} (tolerance {1e-6 * scale:.3g})")


def case(name, norm, shape, at, make, steps=0, extra=(), layer_args=None):
    x = batch(shape)
    batches = [batch(shape) for _ in range(steps)]
    xin = save(f"{name}_x.npy", x)
    m = make().double()
    args = ["--norm", norm, *extra]
    if steps:
        # Train on the stepped batches (PyTorch's float32 layer would do the same in float32; both
        # are compared in float64 here), save the running statistics, then evaluate x with them.
        paths = [save(f"{name}_b{i}.npy", b) for i, b in enumerate(batches)]
        rm, rv = os.path.join(tmp, f"{name}_rm.npy"), os.path.join(tmp, f"{name}_rv.npy")
        train = subprocess.run([exe, "normalize", *args, *sum((["--input", p] for p in paths), []), "--output",
                                os.path.join(tmp, "t.npy"), "--save-running-mean", rm, "--save-running-var", rv],
                               capture_output=True, text=True)
        if not checks.check(train.returncode == 0, f"{name}: training steps failed: {train.stderr.strip()}"):
            return
        m.train()
        for b in batches:
            m(torch.from_numpy(b).double())
        # NormScope keeps running statistics in float32, as a float32 torch module does.
        m.running_mean.copy_(torch.from_numpy(np.load(rm)).double())
        m.running_var.copy_(torch.from_numpy(np.load(rv)).double())
        checks.check(np.allclose(np.load(rm), m.running_mean.numpy(), rtol=1e-6, atol=1e-6),
                     f"{name}: running_mean after {steps} steps differs from torch")
        m.eval()
        args += ["--eval", "--running-mean", rm, "--running-var", rv]
    got, out = explain([*args, "--input", xin, "--explain", ",".join(map(str, at))])
    if not checks.check(got is not None, f"{name}: normalize --explain failed: {out}"):
        return
    xt = torch.from_numpy(x).double()
    y = m(xt).detach().numpy()
    n, c, h, w = at
    value = float(x[n, c, h, w])
    eps = m.eps
    if steps:
        mean, var = float(m.running_mean[c]), float(m.running_var[c])
    elif norm == "batch":
        mean, var = float(xt[:, c].mean()), float(xt[:, c].var(unbiased=False))
    elif norm == "instance":
        mean, var = float(xt[n, c].mean()), float(xt[n, c].var(unbiased=False))
    elif norm == "layer":
        mean, var = float(xt[n].mean()), float(xt[n].var(unbiased=False))
    else:
        per = shape[1] // m.num_groups
        g = c // per
        part = xt[n, g * per:(g + 1) * per]
        mean, var = float(part.mean()), float(part.var(unbiased=False))
    x_hat = (value - mean) / np.sqrt(var + eps)
    if norm == "layer":
        gamma, beta = float(m.weight[c, h, w]), float(m.bias[c, h, w])
    elif getattr(m, "weight", None) is not None:
        gamma, beta = float(m.weight[c]), float(m.bias[c])
    else:
        gamma, beta = 1.0, 0.0
    spread = float(x.std())
    compare(name, got, {"x": (value, spread), "mean": (mean, spread), "var": (var, spread * spread),
                        "eps": (eps, eps), "x_hat": (x_hat, 1.0), "gamma": (gamma, 1.0), "beta": (beta, 1.0),
                        "y": (float(y[n, c, h, w]), float(y.std())),
                        "output": (float(np.float32(y[n, c, h, w])), float(y.std()))})
    # The torch output itself must be gamma * x_hat + beta: the steps add up.
    checks.check(abs(gamma * x_hat + beta - float(y[n, c, h, w])) <= 1e-9 * float(y.std()),
                 f"{name}: torch's own steps do not add up")


def affine(module, shape):
    with torch.no_grad():
        module.weight.copy_(torch.from_numpy(rng.uniform(0.5, 2.0, size=tuple(shape))))
        module.bias.copy_(torch.from_numpy(rng.normal(0.0, 1.0, size=tuple(shape))))
    return module


def with_files(name, module):
    """--weight/--bias files holding the module's γ and β."""
    return ["--weight", save(f"{name}_w.npy", module.weight.detach().numpy()),
            "--bias", save(f"{name}_b.npy", module.bias.detach().numpy())]


shape = (4, 3, 5, 6)
case("bn_train", "batch", shape, (2, 1, 3, 4), lambda: nn.BatchNorm2d(3))
case("bn_eval_stepped", "batch", shape, (1, 2, 0, 5), lambda: nn.BatchNorm2d(3, momentum=0.1), steps=3)
case("bn_eval_cumulative", "batch", shape, (3, 0, 4, 1), lambda: nn.BatchNorm2d(3, momentum=None), steps=4,
     extra=["--momentum", "none"])
case("in_train", "instance", shape, (0, 2, 2, 2), lambda: nn.InstanceNorm2d(3))
case("in_eval_stepped", "instance", shape, (3, 1, 1, 0),
     lambda: nn.InstanceNorm2d(3, track_running_stats=True), steps=2, extra=["--track-running-stats"])

ln = affine(nn.LayerNorm([3, 5, 6]), (3, 5, 6))
case("ln_affine", "layer", shape, (1, 2, 4, 3), lambda: ln, extra=with_files("ln", ln))
gn = affine(nn.GroupNorm(3, 3, eps=1e-3), (3,))
gn_half = affine(nn.GroupNorm(2, 4, eps=0.01), (4,))
case("gn_g_eq_c", "group", shape, (2, 1, 0, 0), lambda: gn, extra=["--groups", "3", "--eps", "0.001",
                                                                      *with_files("gn", gn)])
case("gn_two_groups", "group", (3, 4, 4, 4), (1, 3, 2, 1), lambda: gn_half,
     extra=["--groups", "2", "--eps", "0.01", *with_files("gn2", gn_half)])


def rms_case(name, layout, shape, at, normalized, eps_args, eps, pick):
    """RMSNorm (Debian's torch 1.13 has none: its formula in float64 by torch) on data in `layout`,
    --explain's indices in that layout's order; γ from a file, one value per normalized element.
    pick(x, at) gives the set's values and γ's index as PyTorch's layer would see them."""
    x = rng.standard_normal(shape).astype(np.float32) * 2.0 + 0.7  # a mean RMSNorm keeps
    gamma = rng.uniform(0.5, 2.0, size=normalized).astype(np.float32)
    args = ["--norm", "rms", "--layout", layout, "--normalized-shape", ",".join(map(str, normalized)), *eps_args,
            "--weight", save(f"{name}_w.npy", gamma)]
    got, out = explain([*args, "--input", save(f"{name}_x.npy", x), "--explain", ",".join(map(str, at))])
    if not checks.check(got is not None, f"{name}: normalize --explain failed: {out}"):
        return
    part, index = pick(torch.from_numpy(x).double(), at)
    ms = float((part * part).mean())
    value = float(x[tuple(at)])
    x_hat = value / np.sqrt(ms + eps)
    g = float(gamma[index])
    y = g * x_hat
    spread = float(x.std())
    compare(name, got, {"x": (value, spread), "mean_square": (ms, spread * spread), "eps": (eps, eps),
                        "x_hat": (x_hat, 1.0), "gamma": (g, 1.0), "y": (y, 1.0), "output": (y, 1.0)})
    checks.check("mean =" not in out and "beta" not in out, f"{name}: RMSNorm's example names a mean or β:\n{out}")


# Per token over C on (B, T, C), as x is: token (b, t), γ[c]; (1, 3, 2) is held at another place.
rms_case("rms_btc", "btc", (2, 5, 6), (1, 3, 2), (6,), [], 1.1920928955078125e-07,
         lambda x, at: (x[at[0], at[1]], (at[2],)))
# NHWC is normalized after x.permute(0, 3, 1, 2): normalized_shape (H, W), one set per (n, c).
rms_case("rms_nhwc", "nhwc", (2, 3, 4, 5), (1, 2, 3, 4), (3, 4), ["--eps", "1e-3"], 1e-3,
         lambda x, at: (x.permute(0, 3, 1, 2)[at[0], at[3]], (at[1], at[2])))

# A bad index is one clear message and no file.
out = os.path.join(tmp, "never.npy")
proc = subprocess.run([exe, "normalize", "--norm", "batch", "--input", save("bad.npy", batch(shape)), "--output", out,
                       "--explain", "0,3,0,0"], capture_output=True, text=True)
checks.check(proc.returncode != 0 and "--explain" in proc.stderr and not os.path.exists(out),
             f"--explain 0,3,0,0 on C = 3 should fail cleanly: {proc.returncode} {proc.stderr!r}")
sys.exit(checks.done())
