#!/usr/bin/python3
"""`normscope export` as a lecture build script uses it: every figure kind in PNG/SVG/PDF, both
themes and languages, exact PNG sizes, and clear refusals that write nothing."""
import os
import struct
import subprocess
import sys
import tempfile

import nstest

nstest.require(("numpy",), ("pdftotext",))
import numpy as np  # noqa: E402

exe = sys.argv[1]
failures = []
checks = 0


def run(*args):
    return subprocess.run([exe, "export", *args], capture_output=True, text=True)


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


with tempfile.TemporaryDirectory() as tmp:
    # Every norm x figure x format, each in one of the two theme/language looks, alternating so
    # that every pair of (norm, figure, format) values meets both looks: all pairs covered with
    # half the launches of the full product.
    looks = (("light", "en"), ("dark", "zh_CN"))
    for i, (norm, extra) in enumerate((("batch", []), ("layer", ["--normalized-shape", "8,8"]), ("instance", []),
                                       ("group", ["--groups", "3"]))):
        for j, figure in enumerate(("cube", "histogram", "slide")):
            for k, suffix in enumerate(("png", "svg", "pdf")):
                theme, lang = looks[(i + j + k) % 2]
                out = os.path.join(tmp, f"{norm}_{figure}_{theme}_{lang}.{suffix}")
                proc = run("--norm", norm, *extra, "--generate", "channel-shift", "--shape", "4,6,8,8",
                           "--figure", figure, "--output", out, "--width", "960", "--height", "540",
                           "--theme", theme, "--lang", lang)
                checks += 1
                if proc.returncode != 0 or not os.path.exists(out):
                    failures.append(f"{out}: exit {proc.returncode} {proc.stderr.strip()}")
                    continue
                data = open(out, "rb").read()
                if suffix == "png" and png_size(out) != (960, 540):
                    failures.append(f"{out}: PNG is {png_size(out)}, asked 960x540")
                if suffix == "pdf" and not data.startswith(b"%PDF"):
                    failures.append(f"{out}: not a PDF")
                if suffix == "svg" and b"<svg" not in data:
                    failures.append(f"{out}: not an SVG")

    # --select, --all-sets, an input file, and a generator parameter run (what they draw and write
    # is checked in test_export_content.py).
    np.save(os.path.join(tmp, "x.npy"), np.random.default_rng(0).standard_normal((2, 4, 5, 5)).astype(np.float32))
    for args in (["--norm", "instance", "--input", os.path.join(tmp, "x.npy"), "--select", "1,2"],
                 ["--norm", "group", "--groups", "2", "--generate", "normal", "--param", "std=3", "--all-sets"],
                 ["--norm", "layer", "--generate", "bimodal", "--select", "3", "--overlay", "--log-y"]):
        out = os.path.join(tmp, "extra.png")
        proc = run(*args, "--figure", "slide", "--output", out)
        checks += 1
        if proc.returncode != 0:
            failures.append(f"{args}: exit {proc.returncode} {proc.stderr.strip()}")

    # A Chinese PDF keeps its text as searchable text: 批归一化 must come back out of pdftotext as
    # those very characters (a CJK font mapping 一 to the Kangxi radical ⼀ broke search and copy).
    pdf = os.path.join(tmp, "zh.pdf")
    proc = run("--norm", "batch", "--generate", "normal", "--shape", "4,6,8,8", "--figure", "slide",
               "--lang", "zh_CN", "--output", pdf)
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    checks += 1
    for words in ("批归一化", "均值", "标准差"):
        if words not in text:
            failures.append(f"zh_CN PDF: pdftotext does not find {words!r} in {text[:200]!r}")

    existing = os.path.join(tmp, "keep.png")
    with open(existing, "wb") as f:
        f.write(b"previous")
    bad = [
        (["--norm", "batch", "--generate", "normal", "--figure", "pie"], "figure"),
        (["--norm", "batch", "--generate", "nosuch", "--figure", "cube"], "generator"),
        (["--norm", "group", "--groups", "4", "--generate", "normal", "--figure", "cube"], "divisible"),
        (["--norm", "batch", "--generate", "normal", "--figure", "cube", "--width", "5"], "width"),
        (["--norm", "batch", "--generate", "normal", "--figure", "cube", "--lang", "fr"], "lang"),
        (["--norm", "batch", "--generate", "normal", "--figure", "cube", "--theme", "pink"], "theme"),
        (["--norm", "instance", "--generate", "normal", "--figure", "cube", "--select", "9,0"], "select"),
        (["--norm", "batch", "--generate", "normal", "--param", "nope=1", "--figure", "cube"], "nope"),
        (["--norm", "batch", "--figure", "cube"], "--input"),
        (["--norm", "batch", "--input", os.path.join(tmp, "missing.npy"), "--figure", "cube"], "missing.npy"),
        (["--norm", "batch", "--generate", "normal", "--data", "nope"], "data"),
        (["--norm", "batch", "--generate", "normal", "--data", "statistics"], ".csv"),
        (["--norm", "batch", "--generate", "normal", "--data", "input", "--figure", "cube"], "exactly one"),
        (["--norm", "batch", "--generate", "normal"], "--figure"),
    ]
    for args, word in bad:
        for out in (existing, os.path.join(tmp, "new.png")):
            proc = run(*args, "--output", out)
            checks += 1
            lines = proc.stderr.strip().splitlines()
            if not (1 <= proc.returncode <= 127) or len(lines) != 1 or word.lower() not in lines[0].lower():
                failures.append(f"{args}: exit {proc.returncode}, stderr {proc.stderr!r}")
            if out == existing and open(existing, "rb").read() != b"previous":
                failures.append(f"{args}: changed the existing file")
            if out != existing and os.path.exists(out):
                failures.append(f"{args}: wrote {out}")
    proc = run("--norm", "batch", "--generate", "normal", "--figure", "cube", "--output", os.path.join(tmp, "no/dir/f.png"))
    checks += 1
    if proc.returncode == 0 or "f.png" not in proc.stderr:
        failures.append(f"unwritable folder: exit {proc.returncode} {proc.stderr!r}")
    helptext = run("--help").stdout
    checks += 1
    for word in ("normal", "uniform", "channel-shift", "sample-shift", "heavy-tailed", "bimodal", "constant",
                 "--figure", "--select", "--all-sets", "--lang", "--theme", "--dpi", "separation", "fraction", "--data",
                 "statistics"):
        if word not in helptext:
            failures.append(f"export --help does not mention {word}")

for f in failures:
    print("FAIL", f)
print(f"{checks - min(checks, len(failures))} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
