#!/usr/bin/python3
"""What `normscope export` writes, not only that it writes: the per-set statistics CSV, the
histogram bins and the slide's statistics text (SVG keeps text as text) against PyTorch in float64
on the same float32 input, and the visible effect of each option (--select, --all-sets, --param,
--seed, --overlay, --log-y, --dpi and the norm options --eps, --eval, --weight, --bias,
--running-mean, --running-var, --momentum) against an expectation worked out here, never against
normscope's own output. Run by CTest as: test_export_content.py /path/to/normscope
"""
import math
import os
import re
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import nstest

nstest.require(("numpy", "torch"))
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

exe = sys.argv[1]
checks = nstest.Checks()
rng = np.random.default_rng(20251125)
tmp = tempfile.mkdtemp(prefix="normscope-export-content-")
SVG = "{http://www.w3.org/2000/svg}"
# Theme::setColors: the qualitative palette All sets paints with, written out here by hand.
PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#bab0ac", "#86bcb6", "#d37295"]


def path(name):
    return os.path.join(tmp, name)


def export(what, *args):
    """Runs normscope export; returns True on success (a failure is recorded)."""
    proc = subprocess.run([exe, "export", *args], capture_output=True, text=True)
    return checks.check(proc.returncode == 0, f"{what}: exit {proc.returncode}: {proc.stderr.strip()}")


def save(name, array):
    np.save(path(name), np.asarray(array, dtype=np.float32))
    return path(name)


def svg_text(file):
    """Every <text> of an SVG, joined by spaces, whitespace collapsed."""
    root = ET.parse(file).getroot()
    texts = ["".join(el.itertext()) for el in root.iter(SVG + "text")]
    return re.sub(r"\s+", " ", " ".join(texts)), texts


def svg_fills(file):
    root = ET.parse(file).getroot()
    return {el.get("fill").lower() for el in root.iter() if el.get("fill", "").startswith("#")}


# --- PyTorch's side --------------------------------------------------------------------------

def layer(norm, c, opts):
    """The torch.nn layer for the options, in float64, with weight, bias and running statistics."""
    eps = opts.get("eps", 1e-5)
    if norm == "batch":
        m = nn.BatchNorm2d(c, eps=eps, momentum=opts.get("momentum", 0.1))
    elif norm == "instance":
        m = nn.InstanceNorm2d(c, eps=eps, momentum=opts.get("momentum", 0.1), affine=opts.get("affine", False),
                              track_running_stats=opts.get("track", False))
    elif norm == "group":
        m = nn.GroupNorm(opts["groups"], c, eps=eps)
    else:
        m = nn.LayerNorm(opts["normalized_shape"], eps=eps)
    m = m.double()
    with torch.no_grad():
        for key, attr in (("weight", "weight"), ("bias", "bias"), ("rm", "running_mean"), ("rv", "running_var")):
            if key in opts:
                getattr(m, attr).copy_(torch.from_numpy(opts[key].astype(np.float64)))
    m.train(not opts.get("eval", False))
    return m


def sets_of(t, norm, opts):
    """Rows = NormScope's reduction sets, in its set order."""
    n, c = t.shape[0], t.shape[1]
    if norm == "batch":
        return t.transpose(0, 1).reshape(c, -1)
    if norm == "instance":
        return t.reshape(n * c, -1)
    if norm == "group":
        return t.reshape(n * opts["groups"], -1)
    return t.reshape(-1, int(np.prod(opts["normalized_shape"])))


def moments(rows):
    return rows.mean(dim=1).numpy(), rows.var(dim=1, unbiased=False).sqrt().numpy()


def reference(norm, x, opts):
    """PyTorch's forward and the per-set statistics before and after, all in float64."""
    xt = torch.from_numpy(x.astype(np.float64))
    m = layer(norm, x.shape[1], opts)
    with torch.no_grad():
        y = m(xt)
    ref = {"y": y.numpy()}
    ref["mean_before"], ref["std_before"] = moments(sets_of(xt, norm, opts))
    ref["mean_after"], ref["std_after"] = moments(sets_of(y, norm, opts))
    n, c = x.shape[0], x.shape[1]
    ref["sample"] = moments(y.reshape(n, -1))
    ref["channel"] = moments(y.transpose(0, 1).reshape(c, -1))
    ref["repr"] = repr(m)
    ref["norm"] = norm
    ref["groups"] = opts.get("groups", 0)
    ref["k"] = len(opts.get("normalized_shape", []))
    return ref


# --- checks of what normscope wrote ----------------------------------------------------------

def read_csv(file):
    with open(file) as f:
        header = f.readline().strip().split(",")
        return header, [line.rstrip("\n").split(",") for line in f]


def check_statistics_csv(what, file, ref, set_size, labels):
    """Every row of the per-set CSV against PyTorch: means and stds before and after within 1e-6 of
    the set's own std (the values are float32 rounded: ~1e-7 of it), never of their size."""
    header, rows = read_csv(file)
    if not checks.check(header == ["set", "label", "values", "mean_before", "std_before", "mean_after", "std_after"],
                        f"{what}: CSV columns {header}"):
        return
    checks.check(len(rows) == len(ref["mean_before"]), f"{what}: {len(rows)} rows for {len(ref['mean_before'])} sets")
    for i, row in enumerate(rows[:len(ref["mean_before"])]):
        checks.check(row[0] == str(i) and row[1] == labels[i].replace(",", ";") and row[2] == str(set_size),
                     f"{what}: row {i} is {row[:3]}, expected [{i}, {labels[i]}, {set_size}]")
        got = [float(v) for v in row[3:]]
        for col, value, scale in zip(header[3:], got, (ref["std_before"][i], ref["std_before"][i],
                                                       ref["std_after"][i], ref["std_after"][i])):
            expected = ref[col][i]
            checks.check(abs(value - expected) <= 1e-6 * scale,
                         f"{what}: set {i} {col} = {value!r}, PyTorch {expected!r} (tolerance {1e-6 * scale:.2g})")


def shown(value, text):
    """The slide shows 2 decimals (1 from 100 on): `text` is `value` to that precision."""
    decimals = 1 if abs(value) >= 100 else 2
    try:
        return abs(float(text) - value) <= 0.5 * 10 ** -decimals + 1e-9
    except ValueError:
        return False


NUM = r"(-?[\d.]+|NaN)"
RANGE = rf"\[{NUM}, {NUM}\]"


def check_slide(what, file, ref, selected, label):
    """The slide's statistics paragraph against PyTorch, number by number."""
    text, _ = svg_text(file)
    m = re.search(rf"Selected set \(([^)]*)\): mean {NUM} → {NUM}, std {NUM} → {NUM}", text)
    if not checks.check(m is not None, f"{what}: no 'Selected set' statistics in the slide text: {text[:300]}"):
        return text
    checks.check(m.group(1) == label, f"{what}: the slide's selected set is ({m.group(1)}), expected ({label})")
    for got, key in zip(m.groups()[1:], ("mean_before", "mean_after", "std_before", "std_after")):
        checks.check(shown(ref[key][selected], got),
                     f"{what}: slide shows {key} {got} for set {label}, PyTorch {ref[key][selected]:.6g}")
    count = len(ref["mean_before"])
    head = "The one set:" if count == 1 else f"All {count} sets:"
    m = re.search(rf"{re.escape(head)} means {RANGE} → {RANGE}, stds {RANGE} → {RANGE}", text)
    if checks.check(m is not None, f"{what}: no '{head}' ranges in the slide text: {text[:400]}"):
        expected = []
        for key in ("mean_before", "mean_after", "std_before", "std_after"):
            expected += [ref[key].min(), ref[key].max()]
        for got, value in zip(m.groups(), expected):
            checks.check(shown(value, got), f"{what}: slide range value {got}, PyTorch {value:.6g} ({head})")
    # What the norm leaves free: per-sample statistics under BatchNorm (N > 1), per-channel ones
    # under GroupNorm with G < C and LayerNorm over C (C > 1); nothing under the others.
    n, c = ref["y"].shape[:2]
    norm = ref["norm"]
    free = {"per-sample": norm == "batch" and n > 1,
            "per-channel": c > 1 and ((norm == "group" and ref["groups"] < c) or (norm == "layer" and ref["k"] >= 3))}
    for scope, key in (("per-sample", "sample"), ("per-channel", "channel")):
        m = re.search(rf"{scope} means after {RANGE}, stds {RANGE}", text)
        checks.check((m is not None) == free[scope],
                     f"{what}: the slide {'lacks' if free[scope] else 'shows'} the {scope} statistics as not guaranteed")
        if m:
            means, stds = ref[key]
            for got, value in zip(m.groups(), (means.min(), means.max(), stds.min(), stds.max())):
                checks.check(shown(value, got), f"{what}: slide {scope} value {got}, PyTorch {value:.6g}")
    return text


def check_code(what, text, ref, norm, eval_mode):
    """The slide's code line is the layer as PyTorch itself prints it (repr), and m.eval() in eval."""
    expected = "m = nn." + ref["repr"]
    if norm == "layer":  # repr shows normalized_shape as a tuple; the code passes a list
        expected = re.sub(r"LayerNorm\(\(([^)]*?),?\)", r"LayerNorm([\1]", expected)
    flat = text.replace(" ", "")
    checks.check(expected.replace(" ", "") in flat, f"{what}: slide code lacks {expected!r}")
    checks.check(("m.eval()" in text) == eval_mode, f"{what}: m.eval() {'missing' if eval_mode else 'shown'}")


def check_histograms(what, file, x, y, selected_rows):
    """The bins CSV against NumPy: 60 bins over [min, max] of each tensor, the selected set's
    values counted with the whole tensor's edges."""
    header, rows = read_csv(file)
    checks.check(header == ["histogram", "scope", "bin_start", "bin_end", "count", "density"],
                 f"{what}: histogram CSV columns {header}")
    groups = {}
    for row in rows:
        groups.setdefault((row[0], row[1]), []).append(row)
    for which, values in (("before", x), ("after", y)):
        edges = np.linspace(values.min(), values.max(), 61)
        for scope, data in (("whole_tensor", values.ravel()), (None, selected_rows(values))):
            key = next((k for k in groups if k[0] == which and (k[1] == scope or (scope is None and k[1].startswith("set ")))), None)
            if not checks.check(key is not None, f"{what}: no {which} {scope or 'selected set'} rows"):
                continue
            got = groups[key]
            counts, _ = np.histogram(data.astype(np.float64), bins=edges)
            width = edges[1] - edges[0]
            start = np.array([float(r[2]) for r in got])
            end = np.array([float(r[3]) for r in got])
            ok = len(got) == 60 and [int(r[4]) for r in got] == counts.tolist()
            ok = ok and np.all(np.abs(start - edges[:-1]) <= 1e-6 * width)
            ok = ok and np.all(np.abs(end - edges[1:]) <= 1e-6 * width)
            density = counts / (counts.sum() * width)
            ok = ok and np.allclose([float(r[5]) for r in got], density, rtol=1e-6, atol=0)
            checks.check(ok, f"{what}: {which} {key[1]} bins differ from numpy.histogram: "
                         f"counts {[int(r[4]) for r in got][:12]}... vs {counts.tolist()[:12]}...")


def labels_for(norm, shape, opts):
    n, c, h, _ = shape
    if norm == "batch":
        return [f"c={i}" for i in range(c)]
    if norm == "instance":
        return [f"n={i // c}, c={i % c}" for i in range(n * c)]
    if norm == "group":
        g = opts["groups"]
        return [f"n={i // g}, g={i % g}" for i in range(n * g)]
    k = len(opts["normalized_shape"])
    if k == 1:
        return [f"n={i // (c * h)}, c={i // h % c}, h={i % h}" for i in range(n * c * h)]
    return [f"n={i // c}, c={i % c}" for i in range(n * c)] if k == 2 else [f"n={i}" for i in range(n)]


# --- the settings -------------------------------------------------------------------------------

def channel_data(shape, scale=2.5):
    """Stds far from 1 (so a variance written as a std shows) and a mean per channel."""
    c = shape[1]
    return (rng.standard_normal(shape) * scale * rng.uniform(0.6, 1.6, size=(1, c, 1, 1))
            + rng.normal(0, 2, size=(1, c, 1, 1))).astype(np.float32)


def setting(what, norm, x, select, set_index, opts, args, histograms=False):
    """Exports the slide and the statistics (and bins) of one setting and checks them all."""
    xin = save(f"{what}_x.npy", x)
    common = ["--norm", norm, "--input", xin, "--select", ",".join(map(str, select)), *args]
    slide, stats, bins = path(f"{what}.svg"), path(f"{what}.csv"), path(f"{what}_bins.csv")
    ok = export(what, *common, "--figure", "slide", "--output", slide)
    ok = export(what, *common, "--data", "statistics", "--output", stats) and ok
    if histograms:
        ok = export(what, *common, "--data", "histogram", "--output", bins) and ok
    if not ok:
        return
    ref = reference(norm, x, opts)
    labels = labels_for(norm, x.shape, opts)
    size = x.size // len(labels)
    check_statistics_csv(what, stats, ref, size, labels)
    text = check_slide(what, slide, ref, set_index, labels[set_index])
    check_code(what, text, ref, norm, opts.get("eval", False))
    if histograms:
        rows = lambda t: sets_of(torch.from_numpy(np.asarray(t, dtype=np.float64)), norm, opts)[set_index].numpy()
        check_histograms(what, bins, x, ref["y"].astype(np.float32), rows)
    return ref


def main():
    # BatchNorm with γ, β from files; channel 2 selected.
    x = channel_data((3, 4, 5, 7))
    w, b = rng.uniform(0.5, 2.0, 4).astype(np.float32), rng.uniform(-1, 1, 4).astype(np.float32)
    setting("batch_weight", "batch", x, [2], 2, {"weight": w, "bias": b, "momentum": 0.3},
            ["--weight", save("bw.npy", w), "--bias", save("bb.npy", b), "--momentum", "0.3"], histograms=True)

    # GroupNorm with a large eps: each set's std after is sqrt(var / (var + 0.5)). --select n,g
    # counts groups, not channels: 0,3 is past the last group.
    x = channel_data((3, 6, 4, 4), scale=0.8)
    setting("group_eps", "group", x, [1, 1], 1 * 3 + 1, {"groups": 3, "eps": 0.5}, ["--groups", "3", "--eps", "0.5"],
            histograms=True)
    proc = subprocess.run([exe, "export", "--norm", "group", "--groups", "3", "--input", path("group_eps_x.npy"),
                           "--select", "0,3", "--figure", "cube", "--output", path("g03.png")],
                          capture_output=True, text=True)
    checks.check(proc.returncode != 0 and "below 3" in proc.stderr and not os.path.exists(path("g03.png")),
                 f"--select 0,3 with 3 groups: exit {proc.returncode}, {proc.stderr.strip()!r}")

    # InstanceNorm in eval with running statistics from files; N != C, so n and c cannot swap.
    x = channel_data((2, 4, 5, 6))
    rm, rv = rng.normal(0, 2, 4).astype(np.float32), rng.uniform(0.5, 3, 4).astype(np.float32)
    setting("instance_eval", "instance", x, [1, 3], 1 * 4 + 3, {"track": True, "eval": True, "rm": rm, "rv": rv},
            ["--track-running-stats", "--eval", "--running-mean", save("rm.npy", rm), "--running-var",
             save("rv.npy", rv)])

    # BatchNorm in eval with PyTorch's initial running statistics (zeros, ones) and momentum None.
    x = channel_data((4, 3, 3, 3))
    setting("batch_eval", "batch", x, [1], 1, {"eval": True, "momentum": None}, ["--eval", "--momentum", "none"])

    # LayerNorm over (H, W) with an elementwise γ of that shape; and over W alone.
    x = channel_data((2, 3, 5, 7))
    w = rng.uniform(0.5, 2.0, (5, 7)).astype(np.float32)
    setting("layer_hw", "layer", x, [1, 2], 1 * 3 + 2, {"normalized_shape": [5, 7], "weight": w},
            ["--normalized-shape", "5,7", "--weight", save("lw.npy", w)], histograms=True)
    setting("layer_w", "layer", x, [1, 2, 3], (1 * 3 + 2) * 5 + 3, {"normalized_shape": [7]},
            ["--normalized-shape", "7"])
    setting("layer_chw", "layer", x, [1], 1, {"normalized_shape": [3, 5, 7]}, [])

    generated()
    all_sets()
    histogram_options()
    resolution()


def generated():
    """--seed and --param reach the tensor: the input export shows the values, and the slide's
    numbers are PyTorch's on exactly those values."""
    base = ["--norm", "batch", "--generate", "normal", "--shape", "8,6,8,8", "--param", "std=3", "--param", "mean=2"]
    for seed in ("5", "6"):
        export(f"seed {seed}", *base, "--seed", seed, "--data", "input", "--output", path(f"seed{seed}.npy"))
    export("seed 5 again", *base, "--seed", "5", "--data", "input", "--output", path("seed5b.npy"))
    export("seed 5 slide", *base, "--seed", "5", "--select", "4", "--figure", "slide", "--output", path("seed5.svg"))
    try:
        x5, x6, again = (np.load(path(n)) for n in ("seed5.npy", "seed6.npy", "seed5b.npy"))
    except OSError as e:
        checks.check(False, f"--seed: {e}")
        return
    checks.check(x5.shape == (8, 6, 8, 8) and x5.dtype == np.float32, f"--data input wrote {x5.shape} {x5.dtype}")
    checks.check(np.array_equal(x5, again), "--seed 5 twice gave different tensors")
    checks.check(not np.array_equal(x5, x6), "--seed 5 and --seed 6 gave the same tensor")
    # N(2, 3²) with 3072 draws: the standard errors of mean and std are 0.054 and 0.038.
    checks.check(abs(x5.mean() - 2) < 0.3 and abs(x5.std() - 3) < 0.2,
                 f"--param mean=2 std=3: the tensor has mean {x5.mean():.3f}, std {x5.std():.3f}")
    ref = reference("batch", x5, {})
    text = check_slide("seed 5 slide", path("seed5.svg"), ref, 4, "c=4")
    checks.check("normal, seed 5" in text, "the slide's subtitle does not say 'normal, seed 5'")


def all_sets():
    """--all-sets paints each BatchNorm channel in its own palette colour (set c gets colour c),
    and the caption counts the sets and their values: C sets of N·H·W values."""
    base = ["--norm", "batch", "--generate", "normal", "--shape", "4,6,8,8", "--figure", "cube"]
    if not (export("all sets", *base, "--all-sets", "--output", path("all.svg"))
            and export("one set", *base, "--select", "2", "--output", path("one.svg"))):
        return
    all_fills, one_fills = svg_fills(path("all.svg")), svg_fills(path("one.svg"))
    used = [c for c in PALETTE if c in all_fills]
    checks.check(used == PALETTE[:6], f"--all-sets: palette colours used {used}, expected the first 6 (one per channel)")
    checks.check(not any(c in one_fills for c in PALETTE), "without --all-sets the cube uses the set palette")
    all_text, _ = svg_text(path("all.svg"))
    one_text, _ = svg_text(path("one.svg"))
    checks.check("6 sets" in all_text and "(256 values per set)" in all_text,
                 f"--all-sets caption: {all_text[-200:]!r}, expected 6 sets of 4·8·8 = 256 values")
    checks.check("set c=2" in one_text and "(256 values)" in one_text, f"--select 2 caption: {one_text[-200:]!r}")


def ticks(texts):
    """The first plot's y tick labels: the texts between its x axis title and its y axis title."""
    i = texts.index("value")
    j = next(k for k in range(i + 1, len(texts)) if texts[k].startswith("density"))
    return texts[i + 1:j], texts[j]


def histogram_options():
    """--overlay draws one plot (both histograms in it) instead of two; --log-y puts the density
    on a log axis whose ticks are the powers of ten from its floor, 1e-4, to three times the
    largest density, the densities taken from numpy.histogram of the input."""
    x = channel_data((4, 3, 6, 6))
    xin = save("hist_x.npy", x)
    base = ["--norm", "instance", "--input", xin, "--select", "2,1", "--figure", "histogram"]
    outputs = {}
    for name, extra in (("plain", []), ("overlay", ["--overlay"]), ("log", ["--log-y"]),
                        ("overlay_log", ["--overlay", "--log-y"])):
        outputs[name] = path(f"hist_{name}.svg")
        if not export(f"histogram {name}", *base, *extra, "--output", outputs[name]):
            return
    texts = {name: svg_text(file)[1] for name, file in outputs.items()}
    for name in outputs:
        overlay = "overlay" in name
        titles = [t for t in texts[name] if t in ("Before: input", "After: output", "Before and after")]
        expected = ["Before and after"] if overlay else ["Before: input", "After: output"]
        checks.check(titles == expected, f"--{name}: plot titles {titles}, expected {expected}")
        checks.check(texts[name].count("value") == (1 if overlay else 2), f"--{name}: {texts[name].count('value')} x axes")
        legend = [t for t in texts[name] if t.endswith("whole tensor") or "set n=2, c=1" in t]
        checks.check(len(legend) == 4, f"--{name}: legend {legend}, expected 4 entries")
    # The "before" plot of the log figure: its densities are those of the input histograms.
    labels, title = ticks(texts["log"])
    edges = np.linspace(x.min(), x.max(), 61)
    width = edges[1] - edges[0]
    whole, _ = np.histogram(x.astype(np.float64), bins=edges)
    chosen, _ = np.histogram(x[2, 1].astype(np.float64), bins=edges)
    dens = np.concatenate([whole / (whole.sum() * width), chosen / (chosen.sum() * width)])
    # The bars stand on 1e-6, below the axis floor of 1e-4, so the axis always starts there.
    exponents = list(range(-4, math.floor(math.log10(3 * dens.max())) + 1))
    expected = [s for k in exponents for s in ("10", str(k))]
    checks.check(title == "density (log)" and labels == expected,
                 f"--log-y: y ticks {labels} ({title}), expected 10^k for k in {exponents}")
    labels, title = ticks(texts["plain"])
    checks.check(title == "density" and all(re.fullmatch(r"[\d.]+", t) for t in labels)
                 and 0.5 * dens.max() <= float(labels[-1]) <= 1.08 * dens.max(),
                 f"linear y ticks {labels} ({title}): the top one should be within [0.5, 1.08] of the largest "
                 f"density {dens.max():.3g}")


def resolution():
    """--dpi: PNG keeps its pixel size and records the resolution (pHYs, pixels per metre); SVG
    and PDF get the physical size width / dpi inches."""
    for dpi in (72, 300):
        base = ["--norm", "batch", "--generate", "normal", "--figure", "cube", "--width", "900", "--height", "600",
                "--dpi", str(dpi)]
        files = {s: path(f"dpi{dpi}.{s}") for s in ("png", "svg", "pdf")}
        if not all(export(f"--dpi {dpi} {s}", *base, "--output", f) for s, f in files.items()):
            continue
        data = open(files["png"], "rb").read()
        size = struct.unpack(">II", data[16:24])
        at = data.find(b"pHYs")
        phys = struct.unpack(">IIB", data[at + 4:at + 13]) if at > 0 else None
        per_metre = round(dpi / 0.0254)
        checks.check(size == (900, 600) and phys == (per_metre, per_metre, 1),
                     f"--dpi {dpi} PNG: size {size}, pHYs {phys}, expected (900, 600) and {per_metre} px/m")
        root = ET.parse(files["svg"]).getroot()
        mm = (float(root.get("width").removesuffix("mm")), float(root.get("height").removesuffix("mm")))
        checks.check(abs(mm[0] - 900 / dpi * 25.4) < 0.01 and abs(mm[1] - 600 / dpi * 25.4) < 0.01,
                     f"--dpi {dpi} SVG: {mm} mm, expected {900 / dpi * 25.4:.3f} x {600 / dpi * 25.4:.3f}")
        box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", open(files["pdf"], "rb").read())
        points = (float(box.group(1)), float(box.group(2))) if box else None
        checks.check(points is not None and abs(points[0] - 900 * 72 / dpi) < 0.01
                     and abs(points[1] - 600 * 72 / dpi) < 0.01,
                     f"--dpi {dpi} PDF: MediaBox {points}, expected {900 * 72 / dpi} x {600 * 72 / dpi} points")


if __name__ == "__main__":
    try:
        main()
    finally:
        import shutil
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(checks.done())
