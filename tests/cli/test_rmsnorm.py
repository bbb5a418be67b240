#!/usr/bin/python3
"""RMSNorm through `normscope normalize --norm rms` against its formula evaluated by PyTorch in
float64: y = x / sqrt(mean(x²) + eps) · γ over the trailing normalized_shape, with eps=None meaning
torch.finfo(torch.float32).eps. Debian's torch 1.13 has no nn.RMSNorm (PyTorch 2.4 added it), so
the reference is that formula, written here as PyTorch's composite rms_norm computes it; the
refusals are compared with the words of PyTorch's checks, which RMSNorm shares with LayerNorm.
Run by CTest as: test_rmsnorm.py /path/to/normscope
"""
import os
import subprocess
import sys
import tempfile

import nstest

nstest.require(("numpy", "torch"))
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

CASES = 60
FLOAT32_EPS = 1.1920928955078125e-07
rng = np.random.default_rng(2024)
checks = nstest.Checks()


def rms_reference(x, k, eps, weight):
    """PyTorch's rms_norm in float64: x * rsqrt(mean(x², last k dims) + eps) * weight."""
    x64 = torch.from_numpy(x.astype(np.float64))
    dims = tuple(range(-k, 0))
    y = x64 * torch.rsqrt(x64.pow(2).mean(dims, keepdim=True) + (FLOAT32_EPS if eps is None else eps))
    if weight is not None:
        y = y * torch.from_numpy(weight.astype(np.float64))
    return y.numpy().astype(np.float32)


def run(exe, args):
    return subprocess.run([exe, "normalize", "--norm", "rms"] + args, capture_output=True, text=True)


def draw_case(i):
    rank = int(rng.choice([4, 4, 3, 2]))
    n, c = int(rng.integers(1, 5)), int(rng.integers(1, 9))
    h, w = int(rng.integers(1, 6)), int(rng.integers(1, 7))
    shape = {4: (n, c, h, w), 3: (n, c, w), 2: (n, c)}[rank]
    k = int(rng.integers(1, rank))  # a suffix of the dimensions after N
    # eps: None (the default, or --eps none), or a number; on data of spread 1e-3 the difference
    # between float32's eps and 1e-5 is far beyond the tolerance.
    eps_choice = ["default", "none", 1e-5, 1e-3, 0.1, 1.0][i % 6]
    scale = float(rng.choice([1.0, 3.0, 1e-3]))
    offset = float(rng.choice([0.0, 0.0, 10000.0, 500.0]))
    return shape, k, eps_choice, scale, offset


def main():
    exe = sys.argv[1]
    assert torch.finfo(torch.float32).eps == FLOAT32_EPS
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(CASES):
            shape, k, eps_choice, scale, offset = draw_case(i)
            x = (offset + scale * rng.standard_normal(shape)).astype(np.float32)
            xpath = os.path.join(tmp, f"x{i}.npy")
            np.save(xpath, x)
            normalized = list(shape[-k:])
            args = ["--input", xpath, "--normalized-shape", ",".join(map(str, normalized))]
            eps = None
            if eps_choice == "none":
                args += ["--eps", "none"]
            elif eps_choice != "default":
                eps = eps_choice
                args += ["--eps", repr(eps)]
            weight = None
            affine = rng.random() < 0.7
            if not affine:
                args.append("--no-affine")
            elif rng.random() < 0.6:
                weight = rng.uniform(0.5, 2.0, size=normalized).astype(np.float32)
                wpath = os.path.join(tmp, f"w{i}.npy")
                np.save(wpath, weight)
                args += ["--weight", wpath]
            out = os.path.join(tmp, f"y{i}.npy")
            proc = run(exe, args + ["--output", out])
            what = f"case {i}: shape {shape} normalized_shape {normalized} eps {eps_choice} offset {offset} " \
                   f"scale {scale} affine {affine} weight {weight is not None}"
            if not checks.check(proc.returncode == 0, f"{what}: exit {proc.returncode}: {proc.stderr.strip()}"):
                continue
            got = np.load(out)
            expected = rms_reference(x, k, eps, weight)
            ok, why = nstest.close_to_spread(got, expected)
            checks.check(ok and got.dtype == np.float32 and got.shape == x.shape, f"{what}: {why}")
            # The mean is not removed: on data with an offset the output keeps a mean near 1.
            if offset > 0 and weight is None:
                checks.check(abs(float(got.mean()) - 1.0) < 0.01, f"{what}: mean after {got.mean()} (expected ~1)")

        # eps=None is float32's eps, not 1e-5: on tiny values the two give different outputs.
        x = (1e-4 * rng.standard_normal((2, 3, 8))).astype(np.float32)
        xpath = os.path.join(tmp, "tiny.npy")
        np.save(xpath, x)
        for eps_args, eps in (([], None), (["--eps", "1e-05"], 1e-5)):
            out = os.path.join(tmp, "tiny_y.npy")
            proc = run(exe, ["--input", xpath, "--normalized-shape", "8", "--output", out] + eps_args)
            ok = proc.returncode == 0
            if ok:
                ok, why = nstest.close_to_spread(np.load(out), rms_reference(x, 1, eps, None))
            else:
                why = proc.stderr
            checks.check(ok, f"tiny values, eps {eps}: {why}")
        other = rms_reference(x, 1, 1e-5, None)
        checks.check(not nstest.close_to_spread(rms_reference(x, 1, None, None), other)[0],
                     "the tiny-value case does not tell eps=None from 1e-5")

        # Refusals in PyTorch's words (its rms_norm checks word them as layer_norm's do).
        x = rng.standard_normal((2, 6, 3, 4)).astype(np.float32)
        xpath = os.path.join(tmp, "refuse.npy")
        np.save(xpath, x)
        out = os.path.join(tmp, "never.npy")
        for normalized, weight_shape in (((3, 5), None), ((6, 4), None), ((3, 4), (12,)), ((3, 4), (4, 3))):
            args = ["--input", xpath, "--normalized-shape", ",".join(map(str, normalized)), "--output", out]
            weight = None
            if weight_shape:
                weight = np.ones(weight_shape, dtype=np.float32)
                np.save(os.path.join(tmp, "bad_w.npy"), weight)
                args += ["--weight", os.path.join(tmp, "bad_w.npy")]
            try:
                F.layer_norm(torch.from_numpy(x), list(normalized),
                             weight=None if weight is None else torch.from_numpy(weight))
                torch_message = None
            except RuntimeError as e:
                torch_message = str(e).split("\n")[0]
            proc = run(exe, args)
            checks.check(torch_message is not None and 1 <= proc.returncode <= 127 and torch_message in proc.stderr
                         and not os.path.exists(out),
                         f"normalized_shape {normalized}, weight {weight_shape}: PyTorch says {torch_message!r}, "
                         f"normscope exited {proc.returncode}: {proc.stderr.strip()!r}")
        for args, words in ((["--bias", xpath], "--bias applies only to"),
                            (["--momentum", "0.1"], "--momentum applies only to"),
                            (["--eps", "-1"], "eps must be a finite number >= 0")):
            proc = run(exe, ["--input", xpath, "--output", out] + args)
            checks.check(1 <= proc.returncode <= 127 and words in proc.stderr and not os.path.exists(out),
                         f"{args}: exit {proc.returncode}, {proc.stderr.strip()!r}")
        proc = subprocess.run([exe, "normalize", "--norm", "layer", "--eps", "none", "--input", xpath,
                               "--output", out], capture_output=True, text=True)
        checks.check(1 <= proc.returncode <= 127 and "RMSNorm's eps=None" in proc.stderr,
                     f"--norm layer --eps none: {proc.stderr.strip()!r}")
    return checks.done()


if __name__ == "__main__":
    sys.exit(main())
