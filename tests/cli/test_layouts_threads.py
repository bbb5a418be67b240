#!/usr/bin/python3
"""RMSNorm and the layouts on the threaded, tiled paths against PyTorch: `normscope normalize
--threads T` for T = 1..4 (and the SSE4 and plain kernels) on tensors of 100k to 600k values,
compared with PyTorch evaluated in float64 on the same float32 data. Run by CTest as:
test_layouts_threads.py /path/to/normscope. Exit 0 pass, 1 fail (also without torch).

test_rmsnorm.py and test_layouts.py draw many small cases, below the size where threads start.
These are big and shaped so that the sets straddle the boundaries of the kernels' pieces:
(B, T, C) tokens are gathered in tiles of about 65536 values (C = 769 gives tiles of 85 tokens,
T = 211 cuts the last one short; C = 70001 gives tiles of one token), RMSNorm rows of 300007
values are longer than a 262144-value segment, the data has offsets 1e4 and 1e6 and a tiny spread.
The reference: nn.LayerNorm, nn.BatchNorm1d/InstanceNorm1d/GroupNorm on x.transpose(1, 2) for
(B, T, C), the 2d layers on x.permute(0, 3, 1, 2) for NHWC, and RMSNorm as PyTorch 2.4's
nn.RMSNorm computes it, x * rsqrt(mean(x², normalized dims) + eps) * weight (Debian's torch 1.13
has no RMSNorm), with eps=None meaning torch.finfo(torch.float32).eps.

Tolerance: one float32 ulp of the expected value plus 1e-6 of the expected output's spread, never
a fraction of the magnitude; results bit-identical for every thread count and kernel.
"""
import os
import sys
import tempfile

import nstest

nstest.require(("numpy", "torch"))
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

FLOAT32_EPS = 1.1920928955078125e-07
rng = np.random.default_rng(20261126)


def data(shape, kind):
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
    return np.asarray(x, dtype=np.float32)


# name, layout, norm, user shape, options, data kind. normalized_shape: how many trailing dimensions
# of the tensor the layer is given ((B, T, C) as it is, NHWC after the permute).
CASES = [
    ("rms_btc_tokens", "btc", "rms", (3, 211, 769), {"k": 1, "weights": True}, "normal"),
    ("rms_btc_tokens_1e6", "btc", "rms", (4, 1031, 96), {"k": 1, "eps": 1e-5, "weights": True}, "offset1e6"),
    ("rms_btc_one_token_per_tile", "btc", "rms", (2, 3, 70001), {"k": 1, "weights": True}, "offset1e4"),
    ("rms_btc_per_sample", "btc", "rms", (3, 257, 130), {"k": 2, "affine": False}, "tiny"),
    ("rms_btc_one_set", "btc", "rms", (3, 257, 130), {"k": 3, "eps": 0.1}, "normal"),
    ("rms_nchw_chw_1e4", "nchw", "rms", (7, 3, 149, 151), {"k": 3, "weights": True}, "offset1e4"),
    ("rms_ncl_long_rows", "ncl", "rms", (2, 2, 300007), {"k": 1, "eps": 1e-5}, "normal"),
    ("rms_nhwc_hw", "nhwc", "rms", (5, 89, 97, 9), {"k": 2, "weights": True}, "offset1e4"),
    ("ln_btc_tokens_1e4", "btc", "layer", (5, 401, 64), {"k": 1, "weights": True}, "offset1e4"),
    ("ln_btc_tokens_tiles", "btc", "layer", (3, 211, 769), {"k": 1}, "offset1e6"),
    ("ln_btc_per_sample", "btc", "layer", (3, 257, 130), {"k": 2, "weights": True}, "normal"),
    ("bn_btc_1e4", "btc", "batch", (8, 2053, 24), {"weights": True}, "offset1e4"),
    ("in_btc", "btc", "instance", (6, 1999, 17), {"affine": True, "weights": True}, "normal"),
    ("gn_btc", "btc", "group", (4, 1031, 48), {"groups": 6, "weights": True}, "offset1e6"),
    ("bn_nhwc", "nhwc", "batch", (6, 53, 59, 7), {"weights": True}, "offset1e4"),
    ("gn_nhwc", "nhwc", "group", (3, 61, 67, 12), {"groups": 4, "weights": True}, "normal"),
    ("ln_nhwc_chw", "nhwc", "layer", (3, 61, 67, 12), {"k": 3, "weights": True}, "tiny"),
]


def norm_input(layout, norm, x):
    """The tensor the PyTorch layer is given, and the way back to the user's layout."""
    if layout == "nhwc":
        return x.permute(0, 3, 1, 2), lambda y: y.permute(0, 2, 3, 1)
    if layout == "btc" and norm not in ("layer", "rms"):
        return x.transpose(1, 2), lambda y: y.transpose(1, 2)
    return x, lambda y: y


def run_case(exe, tmp, case):
    name, layout, norm, shape, opts, kind = case
    x = data(shape, kind)
    x64 = torch.from_numpy(x.astype(np.float64))
    xin, back = norm_input(layout, norm, x64)
    eps = opts.get("eps")
    affine = opts.get("affine", norm != "instance")
    args = ["normalize", "--layout", layout, "--norm", norm, "--eps", "none" if eps is None else repr(eps)]
    eps = FLOAT32_EPS if eps is None else eps
    if norm != "rms" and "eps" not in opts:
        eps = 1e-5
        args[-1] = repr(eps)
    args.append("--affine" if affine else "--no-affine")
    files = {}
    with torch.no_grad():
        if norm in ("layer", "rms"):
            ns = list(xin.shape[-opts["k"]:])
            args += ["--normalized-shape", ",".join(map(str, ns))]
            weight = None
            if affine and opts.get("weights"):
                files["weight"] = rng.uniform(0.5, 2.0, size=tuple(ns)).astype(np.float32)
                weight = torch.from_numpy(files["weight"].astype(np.float64))
            if norm == "rms":
                dims = tuple(range(-len(ns), 0))
                y = xin * torch.rsqrt(xin.pow(2).mean(dims, keepdim=True) + eps)
                if weight is not None:
                    y = y * weight
            else:
                m = nn.LayerNorm(ns, eps=eps, elementwise_affine=affine).double()
                if affine and opts.get("weights"):
                    files["bias"] = rng.uniform(-1.0, 1.0, size=tuple(ns)).astype(np.float32)
                    m.weight.copy_(weight)
                    m.bias.copy_(torch.from_numpy(files["bias"].astype(np.float64)))
                y = m(xin)
        else:
            c = xin.shape[1]
            dim = "2d" if xin.dim() == 4 else "1d"
            if norm == "batch":
                m = getattr(nn, "BatchNorm" + dim)(c, eps=eps)
            elif norm == "instance":
                m = getattr(nn, "InstanceNorm" + dim)(c, eps=eps, affine=affine)
                args.append("--no-track-running-stats")
            else:
                m = nn.GroupNorm(opts["groups"], c, eps=eps, affine=affine)
                args += ["--groups", str(opts["groups"])]
            m = m.double()
            if affine and opts.get("weights"):
                files["weight"] = rng.uniform(0.5, 2.0, size=c).astype(np.float32)
                files["bias"] = rng.uniform(-1.0, 1.0, size=c).astype(np.float32)
                m.weight.copy_(torch.from_numpy(files["weight"].astype(np.float64)))
                m.bias.copy_(torch.from_numpy(files["bias"].astype(np.float64)))
            y = m(xin)
        expected = back(y).contiguous().numpy()
    for key, value in files.items():
        path = os.path.join(tmp, f"{name}_{key}.npy")
        np.save(path, value)
        args += [f"--{key}", path]
    path = os.path.join(tmp, f"{name}_x.npy")
    np.save(path, x)
    args += ["--input", path]

    return nstest.check_thread_runs(exe, args, tmp, name, expected)


def main():
    exe = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="normscope-layouts-threads-") as tmp:
        return nstest.run_cases(CASES, lambda case: run_case(exe, tmp, case),
                                lambda case: f"{case[0]} ({case[1]} {case[2]}, shape {case[3]}, "
                                             f"{int(np.prod(case[3]))} values)")


if __name__ == "__main__":
    sys.exit(main())
