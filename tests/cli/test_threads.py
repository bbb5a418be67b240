#!/usr/bin/python3
"""The threaded and chunked paths against PyTorch: `normscope normalize --threads T` for T = 1..4 on
tensors of 100k to 2.2M values, for every norm, training and evaluation (with running statistics),
affine on and off, compared with real torch.nn layers evaluated in float64 on the same float32 data.
Run by CTest as: test_threads.py /path/to/normscope. Exit 0 pass, 1 fail (also without torch).

Every other PyTorch comparison uses at most ~1k values, below the size where threads start; these
shapes are chosen so that reduction sets straddle the boundaries of thread chunks and of
cache-sized blocks: prime H·W (8191 just under an 8192-value block, 8209 and 65537 over it),
N·C not divisible by 2, 3 or 4, sets of 2 and 3 values, rows of a single value, one set spanning
the whole tensor. The data is hard: offsets 1e4 and 1e6, constant sets, a tiny spread around 500.

Reference data is generated at test time (seeded NumPy, then PyTorch) rather than committed:
about 10M values would be 80 MB of fixtures, while generating them takes a few seconds.

Tolerance: one float32 ulp of the expected value (the single rounding NormScope's double result
gets) plus 1e-6 of the expected output's spread (its std), never a fraction of the magnitude.
The results must also be bit-identical for every thread count, and for the fallback kernels a CPU
without AVX2 runs (NORMSCOPE_SIMD=SSE4 and SCALAR force them).
"""
import os
import sys
import tempfile

import nstest

nstest.require(("numpy", "torch"))
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

rng = np.random.default_rng(20261125)


def data(shape, kind, constant_channels=()):
    """float32 data of `kind`; channels listed in `constant_channels` hold one repeated value."""
    if kind == "normal":
        x = rng.standard_normal(shape) * 1.7 + 0.4
    elif kind == "offset1e4":
        x = 1e4 + rng.standard_normal(shape)
    elif kind == "offset1e6":
        x = 1e6 + rng.standard_normal(shape) * 3.0
    elif kind == "tiny":
        x = 500.0 + 1e-3 * rng.standard_normal(shape)
    else:
        raise ValueError(kind)
    x = np.asarray(x, dtype=np.float32)
    for c, value in constant_channels:
        x[:, c, ...] = np.float32(value)
    return x


# name, norm, shape, options, data kind, constant channels, batches
CASES = [
    # The 8x16x32x32: a chunk boundary off by one made it wrong by up to 3.27.
    ("bn_issue_shape", "batch", (8, 16, 32, 32), {"affine": True, "weights": True}, "normal", (), 2),
    # H·W = 8191 (prime, one value under a block), N·C = 35, sets of 40955 values.
    ("bn_prime_hw_1e6", "batch", (5, 7, 1, 8191), {"affine": False}, "offset1e6", (), 1),
    # Eval with given running statistics; H·W = 65537 (prime, 8 blocks and one value), 2.16M values.
    ("bn_eval_running_1e4", "batch", (3, 11, 1, 65537), {"eval": True, "running": True, "weights": True},
     "offset1e4", (), 1),
    # Constant channels (one near 1e6) among normal ones: their variance must be exactly 0.
    ("bn_constant_channels", "batch", (6, 5, 97, 101), {"weights": True}, "normal",
     ((0, 2.5), (3, 1000000.0625)), 1),
    # eps = 0 on a constant channel: BatchNorm gives β there, not NaN.
    ("bn_eps0_constant", "batch", (5, 9, 53, 59), {"eps": 0.0, "weights": True}, "offset1e4", ((4, -7.25),), 1),
    # (N, C, L) and (N, C): rows of 1031 values, then rows of a single value (200k rows).
    ("bn_rank3", "batch", (37, 5, 1031), {"momentum": None}, "tiny", (), 2),
    ("bn_rank2_rows_of_one", "batch", (40009, 5), {"weights": True}, "offset1e6", (), 1),
    # LayerNorm over C, H, W with elementwise γ, β; 1e6 offset.
    ("ln_chw_1e6", "layer", (7, 3, 149, 151), {"weights": True}, "offset1e6", (), 1),
    ("ln_hw_tiny", "layer", (5, 9, 89, 97), {"normalized_shape": "hw", "affine": False}, "tiny", (), 1),
    # Sets of 3 values, 53k of them.
    ("ln_w_sets_of_3", "layer", (4096, 13, 1, 3), {"normalized_shape": "w", "weights": True}, "normal", (), 1),
    # One set spanning the whole 706k-value tensor.
    ("ln_one_set_1e4", "layer", (3, 5, 211, 223), {"normalized_shape": "all", "affine": False}, "offset1e4", (), 1),
    ("in_train_1e6", "instance", (6, 7, 127, 131), {"affine": True, "weights": True, "track": True}, "offset1e6",
     (), 2),
    # Sets of 2 values, 66k of them.
    ("in_sets_of_2", "instance", (6000, 11, 1, 2), {}, "normal", (), 1),
    ("in_eval_running", "instance", (2, 13, 181, 191), {"eval": True, "track": True, "running": True},
     "offset1e4", ((5, 3.0),), 1),
    # Groups of 2 channels: each set is 2 rows that thread chunks cut through.
    ("gn_straddle_1e4", "group", (7, 10, 83, 89), {"groups": 5, "weights": True}, "offset1e4", (), 1),
    ("gn_one_group_2m", "group", (4, 30, 131, 139), {"groups": 1}, "normal", (), 1),
    # G = C, H·W = 8209 (prime, just over a block), constant groups.
    ("gn_g_eq_c_constant", "group", (3, 23, 1, 8209), {"groups": 23, "weights": True, "affine": True}, "tiny",
     ((0, 500.0), (22, 1000000.0625)), 1),
    # Eval mode changes nothing for GroupNorm and LayerNorm; checked on odd shapes anyway.
    ("gn_eval_no_affine", "group", (5, 12, 61, 67), {"groups": 4, "eval": True, "affine": False}, "offset1e6", (), 1),
]


def as4d(x):
    if x.ndim == 2:
        return x.reshape(x.shape[0], x.shape[1], 1, 1)
    if x.ndim == 3:
        return x.reshape(x.shape[0], x.shape[1], 1, x.shape[2])
    return x


def normalized_shape(shape, which):
    return {"chw": list(shape[1:]), "hw": list(shape[-2:]), "w": [shape[-1]], "all": list(shape)}[which]


def build(norm, shape, opts):
    c, eps = shape[1], opts.get("eps", 1e-5)
    affine = opts.get("affine", norm != "instance")
    if norm == "batch":
        return nn.BatchNorm2d(c, eps=eps, momentum=opts.get("momentum", 0.1), affine=affine)
    if norm == "instance":
        return nn.InstanceNorm2d(c, eps=eps, momentum=opts.get("momentum", 0.1), affine=affine,
                                 track_running_stats=opts.get("track", False))
    if norm == "group":
        return nn.GroupNorm(opts["groups"], c, eps=eps, affine=affine)
    return nn.LayerNorm(normalized_shape(shape, opts.get("normalized_shape", "chw")), eps=eps,
                        elementwise_affine=affine)


def run_case(exe, tmp, case):
    name, norm, shape, opts, kind, constants, batches = case
    xs = [data(shape, kind, constants) for _ in range(batches)]
    m = build(norm, shape, opts).double()
    args = ["normalize", "--norm", norm, "--eps", repr(opts.get("eps", 1e-5))]
    affine = opts.get("affine", norm != "instance")
    args.append("--affine" if affine else "--no-affine")
    if norm == "group":
        args += ["--groups", str(opts["groups"])]
    if norm == "layer":
        args += ["--normalized-shape", ",".join(map(str, m.normalized_shape))]
    if norm in ("batch", "instance"):
        mom = opts.get("momentum", 0.1)
        args += ["--momentum", "none" if mom is None else repr(mom)]
        track = norm == "batch" or opts.get("track", False)
        args.append("--track-running-stats" if track else "--no-track-running-stats")
    if opts.get("eval"):
        args.append("--eval")
    files = {}
    with torch.no_grad():
        if opts.get("weights"):
            wshape = tuple(m.weight.shape)
            files["weight"] = rng.uniform(0.5, 2.0, size=wshape).astype(np.float32)
            files["bias"] = rng.uniform(-1.0, 1.0, size=wshape).astype(np.float32)
            m.weight.copy_(torch.from_numpy(files["weight"].astype(np.float64)))
            m.bias.copy_(torch.from_numpy(files["bias"].astype(np.float64)))
        if opts.get("running"):
            c = shape[1]
            offset = {"offset1e4": 1e4, "offset1e6": 1e6, "tiny": 500.0}.get(kind, 0.0)
            files["running-mean"] = (offset + rng.normal(0, 1, size=c)).astype(np.float32)
            files["running-var"] = rng.uniform(0.5, 2.0, size=c).astype(np.float32)
            m.running_mean.copy_(torch.from_numpy(files["running-mean"].astype(np.float64)))
            m.running_var.copy_(torch.from_numpy(files["running-var"].astype(np.float64)))
        m.train(not opts.get("eval", False))
        for x in xs:
            xin = x if norm == "layer" else as4d(x)
            expected = m(torch.from_numpy(xin.astype(np.float64))).numpy().reshape(x.shape)
    running = getattr(m, "running_mean", None) is not None
    for key, value in files.items():
        path = os.path.join(tmp, f"{name}_{key}.npy")
        np.save(path, value)
        args += [f"--{key}", path]
    for b, x in enumerate(xs):
        path = os.path.join(tmp, f"{name}_x{b}.npy")
        np.save(path, x)
        args += ["--input", path]

    stats = (m.running_mean.numpy(), m.running_var.numpy()) if running else None
    return nstest.check_thread_runs(exe, args, tmp, name, expected, stats)


def main():
    exe = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="normscope-threads-") as tmp:
        return nstest.run_cases(CASES, lambda case: run_case(exe, tmp, case),
                                lambda case: f"{case[0]} ({case[1]}, shape {case[2]}, {int(np.prod(case[2]))} values)")


if __name__ == "__main__":
    sys.exit(main())
