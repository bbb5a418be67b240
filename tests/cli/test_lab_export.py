#!/usr/bin/python3
"""`normscope export --figure running-stats|batch-size`: the labs' numbers as CSV against
nn.BatchNorm2d fed the same batches in float64 (Debian's python3-torch), the rules a class is shown
(momentum None is the plain mean, the spread over draws shrinks with N, LayerNorm / InstanceNorm /
GroupNorm and eval mode do not move), PyTorch's own refusal at N = 1, the slides in PNG/SVG/PDF,
light and dark, English and Chinese, and one clear message for each bad option with no file left.
Run by CTest as: test_lab_export.py /path/to/normscope
"""
import csv
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import nstest

nstest.require(("numpy", "torch"), ("pdftotext",))
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

exe = sys.argv[1]
checks = nstest.Checks()
rng = np.random.default_rng(20251125)
tmp = tempfile.mkdtemp(prefix="normscope-lab-export-")
SVG = "{http://www.w3.org/2000/svg}"


def path(name):
    return os.path.join(tmp, name)


def run(*args):
    return subprocess.run([exe, "export", *args], capture_output=True, text=True)


def export(what, *args):
    proc = run(*args)
    return checks.check(proc.returncode == 0, f"{what}: exit {proc.returncode}: {proc.stderr.strip()}")


def rows(file):
    with open(file, newline="") as f:
        return list(csv.DictReader(f))


def num(text):
    return float(text) if text != "" else float("nan")


# --- Running statistics from loaded batches, fed in turn, against nn.BatchNorm2d ---------------------
C = 3
files = []
for i in range(3):
    # Channels with different means and spreads, and an offset far larger than their differences.
    batch = (rng.normal(size=(4, C, 5, 5)) * np.array([1.0, 0.5, 2.0])[None, :, None, None]
             + np.array([100.0, 101.0, 99.5])[None, :, None, None]).astype(np.float32)
    name = path(f"batch{i}.npy")
    np.save(name, batch)
    files.append(name)
STEPS = 7
weight = np.array([1.5, 0.5, 2.0], dtype=np.float32)
bias = np.array([0.25, -1.0, 0.0], dtype=np.float32)
np.save(path("w.npy"), weight)
np.save(path("b.npy"), bias)
batches = [torch.from_numpy(np.load(f).astype(np.float64)) for f in files]
held = batches[0]  # the batch on screen: the first file
w64 = torch.from_numpy(weight.astype(np.float64))
b64 = torch.from_numpy(bias.astype(np.float64))

for momentum in ["0.3", "none"]:
    out = path(f"running_{momentum}.csv")
    if not export(f"running-stats momentum {momentum}", "--figure", "running-stats", *[a for f in files for a in ("--input", f)],
                  "--steps", str(STEPS), "--momentum", momentum, "--eps", "0.001", "--weight", path("w.npy"),
                  "--bias", path("b.npy"), "--output", out):
        continue
    table = rows(out)
    checks.check(len(table) == (STEPS + 1) * C, f"running {momentum}: {len(table)} rows")
    layer = nn.BatchNorm2d(C, eps=1e-3, momentum=None if momentum == "none" else 0.3).double()
    expected = {key: [] for key in ("running_mean", "running_var", "batch_mean", "gap", "eval_mean")}
    for k in range(STEPS + 1):
        if k > 0:
            layer.train()
            layer(batches[(k - 1) % 3])
        fed = batches[(k - 1) % 3] if k > 0 else None
        train = F.batch_norm(held, None, None, w64, b64, training=True, eps=1e-3)
        evaluated = F.batch_norm(held, layer.running_mean, layer.running_var, w64, b64, training=False, eps=1e-3)
        for c in range(C):
            expected["running_mean"].append(layer.running_mean[c].item())
            expected["running_var"].append(layer.running_var[c].item())
            expected["batch_mean"].append(fed[:, c].mean().item() if fed is not None else float("nan"))
            expected["gap"].append((evaluated - train).abs().mean().item())
            expected["eval_mean"].append(evaluated[:, c].mean().item())
    for key in expected:
        ok, why = nstest.close_to_spread([num(r[key]) for r in table], expected[key], fraction=1e-5, ulps=4.0)
        checks.check(ok, f"running {momentum}, {key}: {why}")
    if momentum == "none":
        # The cumulative average: running_mean is the plain mean of the batch means so far.
        for c in range(C):
            means = [num(r["batch_mean"]) for r in table if r["channel"] == str(c) and r["step"] != "0"]
            last = [num(r["running_mean"]) for r in table if r["channel"] == str(c)][-1]
            checks.check(abs(last - np.mean(means)) < 1e-5 * np.std(means) + 1e-4,
                         f"momentum None, channel {c}: {last} vs the plain mean {np.mean(means)}")

# A shift from step 4 on: the population moves by 5, the held-out batch too.
out = path("running_shift.csv")
if export("running-stats shift", "--figure", "running-stats", "--generate", "channel-shift", "--shape", "8,3,4,4",
          "--steps", "12", "--shift-step", "4", "--shift-amount", "5", "--output", out):
    table = rows(out)
    true3 = [num(r["true_mean"]) for r in table if r["step"] == "3"]
    true4 = [num(r["true_mean"]) for r in table if r["step"] == "4"]
    checks.check(all(abs(b - a - 5.0) < 1e-9 for a, b in zip(true3, true4)), f"shift: {true3} → {true4}")
    # running_mean (momentum 0.1, from 0) after 3 batches of mean mu holds mu (1 - 0.9^3); after 9 more of
    # mean mu + 5 it lags the data by 0.9^9 (5 + mu 0.9^3), give or take a batch mean's noise.
    for c in range(3):
        at = {int(r["step"]): r for r in table if r["channel"] == str(c)}
        mu = num(at[3]["true_mean"])
        lag = num(at[12]["true_mean"]) - num(at[12]["running_mean"])
        expected = 0.9 ** 9 * (5.0 + mu * 0.9 ** 3)
        noise = 4.0 * np.sqrt(num(at[12]["true_var"]) / (8 * 16))
        checks.check(abs(lag - expected) < noise, f"shift, channel {c}: lag {lag}, expected {expected} ± {noise}")

# --- Batch size ----------------------------------------------------------------------------------------
out = path("batch.csv")
if export("batch-size", "--figure", "batch-size", "--generate", "sample-shift", "--shape", "8,4,4,4", "--draws",
          "40", "--groups", "2", "--steps", "20", "--output", out):
    table = rows(out)
    spread = {}
    for r in table:
        if r["channel"] == "0" and r["draw"] == "0":
            spread[(r["norm"], int(r["batch_size"]))] = num(r["output_mean_std"])
    sizes = [1, 2, 4, 8, 16, 32, 64]
    checks.check(sorted({int(r["batch_size"]) for r in table}) == sizes, "batch-size: the default sizes")
    checks.check(spread[("batch_train", 2)] > 2.5 * spread[("batch_train", 64)] > 0,
                 f"batch-size: BatchNorm's spread should shrink with N: {spread[('batch_train', 2)]} → "
                 f"{spread[('batch_train', 64)]}")
    for norm in ["batch_eval", "layer", "instance", "group"]:
        checks.check(all(spread[(norm, n)] < 1e-6 for n in sizes), f"batch-size: {norm} should not move")

# PyTorch refuses to train BatchNorm on a batch of one (N, C) sample: the CSV holds its message.
out = path("batch_features.csv")
if export("batch-size (N, C)", "--figure", "batch-size", "--generate", "channel-shift", "--shape", "16,5",
          "--draws", "5", "--output", out):
    refusal = [r["error"] for r in rows(out) if r["norm"] == "batch_train" and r["batch_size"] == "1"]
    try:
        nn.BatchNorm1d(5).train()(torch.zeros(1, 5))
        torch_message = ""
    except ValueError as e:
        torch_message = str(e)
    checks.check(refusal == [torch_message], f"N = 1: {refusal} vs PyTorch's {torch_message!r}")

# --- Slides --------------------------------------------------------------------------------------------
for figure in ["running-stats", "batch-size"]:
    for theme, lang in [("light", "en"), ("dark", "zh_CN")]:
        base = path(f"{figure}-{theme}-{lang}")
        common = ["--figure", figure, "--generate", "channel-shift", "--shape", "8,3,4,4", "--steps", "30",
                  "--theme", theme, "--lang", lang]
        if export(f"{figure} png", *common, "--output", base + ".png", "--width", "1280", "--height", "720"):
            import struct
            with open(base + ".png", "rb") as f:
                head = f.read(24)
            width, height = struct.unpack(">II", head[16:24])
            checks.check((width, height) == (1280, 720), f"{figure} png: {width}×{height}")
        if export(f"{figure} svg", *common, "--output", base + ".svg"):
            text = " ".join("".join(t.itertext()) for t in ET.parse(base + ".svg").getroot().iter(SVG + "text"))
            if lang == "en":
                want = "running statistics" if figure == "running-stats" else "small batches hurt BatchNorm"
            else:
                want = "运行统计量" if figure == "running-stats" else "批归一化"
            checks.check(want in text, f"{figure} svg ({lang}): {want!r} not in the slide's text: {text[:300]}")
            checks.check(lang == "en" or not re.search(r"\b(batches|draws|held out|population)\b", text),
                         f"{figure} svg (zh_CN): English words left: {text[:300]}")
        if export(f"{figure} pdf", *common, "--output", base + ".pdf"):
            pdf = subprocess.run(["pdftotext", base + ".pdf", "-"], capture_output=True, text=True).stdout
            want = "BatchNorm" if lang == "en" else "批归一化"
            checks.check(want in pdf, f"{figure} pdf ({lang}): no {want} in {pdf[:200]!r}")

# --- Bad options: one message, exit status 1 or 2, no file ----------------------------------------------
bad = [
    (["--figure", "running-stats", "--steps", "-1"], "steps"),
    (["--figure", "running-stats", "--momentum", "1.5"], "momentum"),
    (["--figure", "running-stats", "--shift-step", "3"], "shift-amount"),
    (["--figure", "running-stats", "--eval"], "eval"),
    (["--figure", "running-stats", "--channel", "9"], "channel"),
    (["--figure", "running-stats", "--draws", "5"], "draws"),
    (["--figure", "batch-size", "--batch-sizes", "4,2"], "ascending"),
    (["--figure", "batch-size", "--draws", "1"], "draws"),
    (["--figure", "batch-size", "--groups", "5"], "G"),
    (["--figure", "batch-size", "--norm", "layer"], "norm"),
    (["--figure", "cube", "--steps", "5"], "steps"),
]
for args, word in bad:
    target = path("bad.png")
    proc = run(*args, "--generate", "channel-shift", "--shape", "8,4,4,4", "--output", target)
    message = proc.stderr.strip()
    checks.check(proc.returncode in (1, 2) and word.lower() in message.lower() and "\n" not in message
                 and not os.path.exists(target),
                 f"{' '.join(args)}: exit {proc.returncode}, message {message!r}, file left: {os.path.exists(target)}")

sys.exit(checks.done())
