#!/usr/bin/python3
"""`normscope export --figure compare`: the four norms side by side as PNG, SVG and PDF in both
themes and languages (16:9, the size asked), the SVG's text naming the four norms and the anchor's
sets, and GroupNorm's distances to LayerNorm and InstanceNorm at every G against the same
comparison done with torch.nn in float64 on the same float32 input (LayerNorm over (C, H, W) with
γ, β broadcast; InstanceNorm2d(affine=True) with GroupNorm's γ, β): 0 or float32 rounding at G = 1
and G = C, and the right size everywhere between. Bad options refuse cleanly and write nothing.
Run by CTest as: test_compare_export.py /path/to/normscope
"""
import os
import re
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import nstest

nstest.require(("numpy", "torch"), ("pdftotext",))
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

exe = sys.argv[1]
checks = nstest.Checks()
rng = np.random.default_rng(424242)
tmp = tempfile.mkdtemp(prefix="normscope-compare-")
SVG = "{http://www.w3.org/2000/svg}"


def path(name):
    return os.path.join(tmp, name)


def save(name, array):
    np.save(path(name), np.ascontiguousarray(array, dtype=np.float32))
    return path(name)


def export(*args):
    proc = subprocess.run([exe, "export", "--figure", "compare", *args], capture_output=True, text=True)
    return proc


def svg_text(file):
    root = ET.parse(file).getroot()
    return re.sub(r"\s+", " ", " ".join("".join(el.itertext()) for el in root.iter(SVG + "text")))


def png_size(file):
    with open(file, "rb") as f:
        head = f.read(24)
    return struct.unpack(">II", head[16:24]) if head[:8] == b"\x89PNG\r\n\x1a\n" else None


# --- Files: formats, sizes, themes, languages ------------------------------------------------
for theme, lang in (("light", "en"), ("dark", "zh_CN")):
    for suffix in ("png", "svg", "pdf"):
        out = path(f"cmp_{theme}_{lang}.{suffix}")
        proc = export("--generate", "channel-shift", "--shape", "4,6,8,8", "--groups", "3", "--output", out,
                      "--width", "1280", "--height", "720", "--theme", theme, "--lang", lang)
        if not checks.check(proc.returncode == 0 and os.path.exists(out),
                            f"{out}: exit {proc.returncode} {proc.stderr.strip()}"):
            continue
        data = open(out, "rb").read()
        checks.check(len(data) > 20000, f"{out}: only {len(data)} bytes")
        if suffix == "png":
            checks.check(png_size(out) == (1280, 720), f"{out}: PNG is {png_size(out)}, asked 1280x720")
        if suffix == "pdf":
            checks.check(data.startswith(b"%PDF"), f"{out}: not a PDF")
            text = subprocess.run(["pdftotext", out, "-"], capture_output=True, text=True).stdout
            words = ["批归一化", "层归一化", "实例归一化", "组归一化"] if lang == "zh_CN" else \
                ["BatchNorm", "LayerNorm", "InstanceNorm", "GroupNorm"]
            for word in words:
                checks.check(word in text, f"{out}: pdftotext finds no {word!r}")
        if suffix == "svg":
            root = ET.parse(out).getroot()
            checks.check(root.get("width", "").startswith("1280") or "1280" in root.get("viewBox", ""),
                         f"{out}: SVG size {root.get('width')} / {root.get('viewBox')}")

# --- The SVG's words: the four norms, their sets for the anchor, G -----------------------------
out = path("words.svg")
proc = export("--generate", "channel-shift", "--shape", "4,6,8,8", "--groups", "2", "--anchor", "1,4,2,3",
              "--output", out)
if checks.check(proc.returncode == 0, f"words.svg: {proc.stderr.strip()}"):
    text = svg_text(out)
    # Anchor (n=1, c=4): BN's set c=4, LN's n=1, IN's n=1, c=4, GN's (G = 2, 3 channels a group) n=1, g=1.
    for words in ("BatchNorm", "LayerNorm over (C, H, W)", "InstanceNorm", "GroupNorm (G = 2)", "set c=4 of 6",
                  "set n=1 of 4", "set n=1, c=4 of 24", "set n=1, g=1 of 8", "n=1, c=4, h=2, w=3",
                  "max |GN − LN|", "max |GN − IN|", "Leaves unequalised"):
        checks.check(words in text, f"words.svg has no {words!r}: {text[:400]!r}")

# --- GroupNorm's distances against PyTorch at every G ------------------------------------------
n, c, h, w = 3, 6, 5, 4
x = (rng.standard_normal((n, c, h, w)) * rng.uniform(0.5, 2.5, (1, c, 1, 1))
     + rng.normal(0, 3, (1, c, 1, 1))).astype(np.float32)
gamma = rng.uniform(0.5, 2.0, c).astype(np.float32)
beta = rng.normal(0.0, 1.0, c).astype(np.float32)
xin, win, bin_ = save("x.npy", x), save("w.npy", gamma), save("b.npy", beta)
eps = 1e-3
xt = torch.from_numpy(x).double()
for groups in (1, 2, 3, 6):
    gn = nn.GroupNorm(groups, c, eps=eps).double()
    ln = nn.LayerNorm([c, h, w], eps=eps).double()
    inn = nn.InstanceNorm2d(c, eps=eps, affine=True).double()
    with torch.no_grad():
        gn.weight.copy_(torch.from_numpy(gamma))
        gn.bias.copy_(torch.from_numpy(beta))
        ln.weight.copy_(torch.from_numpy(gamma)[:, None, None].expand(c, h, w))
        ln.bias.copy_(torch.from_numpy(beta)[:, None, None].expand(c, h, w))
        inn.weight.copy_(torch.from_numpy(gamma))
        inn.bias.copy_(torch.from_numpy(beta))
    # Each layer's float32 output (the exact value rounded once), as the figure compares them.
    y_gn = gn(xt).detach().numpy().astype(np.float32).astype(np.float64)
    y_ln = ln(xt).detach().numpy().astype(np.float32).astype(np.float64)
    y_in = inn(xt).detach().numpy().astype(np.float32).astype(np.float64)
    d_ln = float(np.abs(y_gn - y_ln).max())
    d_in = float(np.abs(y_gn - y_in).max())
    out = path(f"g{groups}.svg")
    proc = export("--input", xin, "--weight", win, "--bias", bin_, "--eps", str(eps), "--groups", str(groups),
                  "--output", out)
    if not checks.check(proc.returncode == 0, f"G = {groups}: {proc.stderr.strip()}"):
        continue
    text = svg_text(out)
    for name, expected in (("LN", d_ln), ("IN", d_in)):
        m = re.search(r"max \|GN − " + name + r"\| = ([0-9.eE+-]+) over (\d+) outputs", text)
        if not checks.check(m is not None, f"G = {groups}: no 'max |GN − {name}| = …' in {text[-600:]!r}"):
            continue
        got = float(m.group(1))
        checks.check(int(m.group(2)) == x.size, f"G = {groups}: compared {m.group(2)} outputs, not {x.size}")
        spread = float(y_gn.std())
        at_limit = (name == "LN" and groups == 1) or (name == "IN" and groups == c)
        if at_limit:
            # The same real number rounded to float32 twice: a few float32 steps at most, and
            # PyTorch's own layers agree to that.
            step = float(np.spacing(np.float32(np.abs(y_gn).max())))
            checks.check(got <= 4 * step and expected <= 4 * step,
                         f"G = {groups}: max |GN − {name}| = {got} (torch {expected}), not within float32 rounding")
        else:
            # Printed to 3 significant digits; far from 0.
            checks.check(abs(got - expected) <= 5e-3 * expected + 1e-6 * spread and expected > 0.1 * spread,
                         f"G = {groups}: max |GN − {name}| = {got}, torch {expected}")

# --- Refusals: one line, no file ---------------------------------------------------------------
for args, words in ((["--norm", "batch"], "leave out --norm"), (["--eval"], "does not apply"),
                    (["--groups", "4"], "does not divide"), (["--anchor", "0,6,0,0"], "must be below"),
                    (["--anchor", "0,0"], "needs 4 indices"), (["--weight", win], "one per channel")):
    out = path("refused.png")
    proc = export("--generate", "normal", "--shape", "2,5,3,3" if "--weight" in args else "2,6,3,3", *args,
                  "--output", out)
    checks.check(proc.returncode != 0 and words in proc.stderr and not os.path.exists(out)
                 and len(proc.stderr.strip().splitlines()) == 1,
                 f"{args}: exit {proc.returncode}, stderr {proc.stderr.strip()!r}")
sys.exit(checks.done())
