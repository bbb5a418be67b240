#!/usr/bin/python3
"""NormScope against PyTorch on the same machine, in one run.

    bench/vs_pytorch.py [--normscope build/release/app/normscope] [--threads 2] [--rounds 3]
                        [--repeat 5] [--quick] [--memory]

For each shape it alternates `normscope bench --shape S --threads T --repeat R` and the same work
in PyTorch (CPU, torch.set_num_threads(T), float32 N(0, 1) data), `--rounds` times, and reports
the median over rounds of each side's median. What PyTorch runs for each bench:

  batch_train  nn.BatchNorm2d(C) in training mode        batch_eval  the same in eval mode
  layer        nn.LayerNorm([C, H, W])                    instance    nn.InstanceNorm2d(C)
  group        nn.GroupNorm(32, C)                        histogram   torch.histc(x, bins=100)
  live_update  what one slider move needs at the least: F.batch_norm with γ, β (training
               statistics), torch.histc of the output (60 bins) and per-channel mean/std of the
               output (torch.var_mean). NormScope's live_update computes more than that: the
               selected set's histograms and summaries and the per-sample/per-channel spreads.

Both sides use each layer's defaults (PyTorch's LayerNorm multiplies by its all-ones weight;
NormScope skips γ = 1, β = 0). NormScope's norm benches write into one reused output buffer, as
the window does between slider moves; PyTorch allocates its output on every call, as it always
does (these functions have no out= form).

Prints one table per shape (ratio = PyTorch time / NormScope time, above 1 means NormScope is
faster), then NormScope's ns per value at 1M, 4M, 16M and 67M values, and with --memory the
peak resident memory of `normscope normalize` on a 16x64x256x256 file (via /usr/bin/time -v).
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

NAMES = ["batch_train", "batch_eval", "layer", "instance", "group", "histogram", "live_update"]
TARGET_SHAPES = [(16, 64, 256, 256), (8, 32, 64, 64)]
GROWTH_SHAPES = [(16, 64, 32, 32), (16, 64, 64, 64), (16, 64, 128, 128), (16, 64, 256, 256)]


def normscope_run(exe, shape, threads, repeat):
    cmd = [exe, "bench", "--shape", ",".join(map(str, shape)), "--threads", str(threads), "--repeat", str(repeat),
           "--no-labs"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {proc.stderr.strip()}")
    times = {}
    for line in proc.stdout.splitlines():
        m = re.fullmatch(r"bench (\w+) ([\d.]+) ms( [\d.]+ ns/value)?", line.strip())
        if m:
            times[m.group(1)] = float(m.group(2))
    return times


def median_ms(repeat, fn):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def torch_run(x, repeat):
    n, c, h, w = x.shape
    times = {}
    with torch.no_grad():
        bn = nn.BatchNorm2d(c)
        times["batch_train"] = median_ms(repeat, lambda: bn(x))
        bn.eval()
        times["batch_eval"] = median_ms(repeat, lambda: bn(x))
        ln = nn.LayerNorm([c, h, w])
        times["layer"] = median_ms(repeat, lambda: ln(x))
        inorm = nn.InstanceNorm2d(c)
        times["instance"] = median_ms(repeat, lambda: inorm(x))
        gn = nn.GroupNorm(32 if c % 32 == 0 else 1, c)
        times["group"] = median_ms(repeat, lambda: gn(x))
        times["histogram"] = median_ms(repeat, lambda: torch.histc(x, bins=100))
        step = [0]
        beta = torch.zeros(c)

        def live():
            step[0] += 1
            gamma = torch.full((c,), 1.0 + 0.01 * (step[0] % 50))
            y = F.batch_norm(x, None, None, gamma, beta, training=True)
            torch.histc(y, bins=60)
            torch.var_mean(y, dim=(0, 2, 3), unbiased=False)

        times["live_update"] = median_ms(repeat, live)
    return times


def measure(exe, shape, threads, rounds, repeat):
    torch.manual_seed(0)
    x = torch.randn(*shape)
    ours, theirs = {k: [] for k in NAMES}, {k: [] for k in NAMES}
    for _ in range(rounds):
        for k, v in normscope_run(exe, shape, threads, repeat).items():
            if k in ours:  # benches PyTorch has no counterpart for here (rms: no nn.RMSNorm in 1.13)
                ours[k].append(v)
        for k, v in torch_run(x, repeat).items():
            theirs[k].append(v)
    del x
    return {k: statistics.median(v) for k, v in ours.items()}, {k: statistics.median(v) for k, v in theirs.items()}


def target(shape, name, ours, theirs):
    """Issue 12's target for a bench at one of TARGET_SHAPES, and whether this run meets it."""
    big = shape == TARGET_SHAPES[0]
    if name == "live_update":
        return ("ratio >= 5", theirs / ours >= 5) if big else ("< 1 ms", ours < 1.0)
    if name == "histogram":
        return "ratio >= 2", theirs / ours >= 2
    return ("ratio >= 2", theirs / ours >= 2) if big else ("ratio >= 1", theirs / ours >= 1)


def peak_rss_normalize(exe, threads):
    shape = (16, 64, 256, 256)
    with tempfile.TemporaryDirectory(prefix="normscope-bench-") as tmp:
        path = os.path.join(tmp, "x.npy")
        np.save(path, np.random.default_rng(0).standard_normal(shape, dtype=np.float32))
        out = os.path.join(tmp, "y.npy")
        proc = subprocess.run(["/usr/bin/time", "-v", exe, "normalize", "--norm", "batch", "--input", path,
                               "--output", out, "--threads", str(threads)], capture_output=True, text=True)
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
        if proc.returncode != 0 or not m:
            return None
        return int(m.group(1)) * 1024 / (np.prod(shape) * 4)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--normscope", default=os.path.join(here, "..", "build", "release", "app", "normscope"))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="only the 8x32x64x64 shape, one round")
    parser.add_argument("--memory", action="store_true", help="also measure normalize's peak memory")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    exe = os.path.abspath(args.normscope)
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    shapes = [(8, 32, 64, 64)] if args.quick else sorted(set(TARGET_SHAPES + GROWTH_SHAPES), key=np.prod)
    if args.quick:
        args.rounds = 1
    print(f"# {cpu}, {os.cpu_count()} CPUs; {args.threads} threads; PyTorch {torch.__version__}; "
          f"medians of {args.rounds} rounds x {args.repeat} runs")
    # On a shared machine the figures mean little without the load they were taken under.
    print(f"# load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    results = {}
    for shape in shapes:
        results[shape] = measure(exe, shape, args.threads, args.rounds, args.repeat)

    for shape in [s for s in TARGET_SHAPES if s in results]:
        ours, theirs = results[shape]
        print(f"\n## {'x'.join(map(str, shape))} ({np.prod(shape) / 1e6:.1f}M values)")
        print(f"| bench | NormScope ms | PyTorch ms | ratio | issue 12's target |")
        print(f"| --- | ---: | ---: | ---: | --- |")
        for k in NAMES:
            want, met = target(shape, k, ours[k], theirs[k])
            print(f"| {k} | {ours[k]:.3f} | {theirs[k]:.3f} | {theirs[k] / ours[k]:.2f}x | {want}: "
                  f"{'met' if met else 'NOT met'} |")

    growth = [s for s in GROWTH_SHAPES if s in results]
    if growth:
        print("\n## NormScope ns per value (PyTorch in brackets)")
        print("| bench | " + " | ".join(f"{np.prod(s) / 2**20:.0f}M" for s in growth) + " |")
        print("| --- |" + " ---: |" * len(growth))
        for k in NAMES:
            cells = []
            for s in growth:
                ours, theirs = results[s]
                cells.append(f"{ours[k] * 1e6 / np.prod(s):.2f} ({theirs[k] * 1e6 / np.prod(s):.2f})")
            print(f"| {k} | " + " | ".join(cells) + " |")

    print(f"\n# load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.memory:
        ratio = peak_rss_normalize(exe, args.threads)
        print("\n## normalize peak memory on 16x64x256x256 (268 MB): "
              + (f"{ratio:.2f}x the tensor" if ratio else "could not be measured"))


if __name__ == "__main__":
    main()
