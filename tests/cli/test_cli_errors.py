#!/usr/bin/python3
"""`normscope normalize` on bad files and bad parameters: exit status 1..127, exactly one clear
line on stderr, and no output file (an existing one stays byte-identical). Also the help texts
and rank preservation. Run by CTest as: test_cli_errors.py /path/to/normscope
"""
import os
import subprocess
import sys
import tempfile

import nstest

nstest.require(("numpy",))
import numpy as np  # noqa: E402

exe = sys.argv[1]
failures = []


def run(*args):
    return subprocess.run([exe, *args], capture_output=True, text=True)


def check_refused(name, args, out, expect_in_message):
    before = open(out, "rb").read() if os.path.exists(out) else None
    proc = run("normalize", *args)
    lines = [l for l in proc.stderr.splitlines()]
    problems = []
    if not (1 <= proc.returncode <= 127):
        problems.append(f"exit status {proc.returncode}")
    if len(lines) != 1 or not lines[0].strip():
        problems.append(f"stderr has {len(lines)} lines: {proc.stderr!r}")
    elif expect_in_message.lower() not in lines[0].lower():
        problems.append(f"message {lines[0]!r} does not mention {expect_in_message!r}")
    after = open(out, "rb").read() if os.path.exists(out) else None
    if after != before:
        problems.append("the output file was written or changed")
    leftovers = [f for f in os.listdir(os.path.dirname(out)) if ".tmp-" in f]
    if leftovers:
        problems.append(f"temporary files left: {leftovers}")
    if problems:
        failures.append(f"{name}: " + "; ".join(problems))


with tempfile.TemporaryDirectory() as tmp:
    p = lambda name: os.path.join(tmp, name)
    rng = np.random.default_rng(0)
    np.save(p("x.npy"), rng.standard_normal((2, 6, 3, 4)).astype(np.float32))
    np.save(p("single.npy"), rng.standard_normal((1, 3, 1, 1)).astype(np.float32))
    np.save(p("w5.npy"), np.ones(5, np.float32))
    np.save(p("empty.npy"), np.zeros((0, 3, 2, 2), np.float32))
    np.save(p("rank5.npy"), np.zeros((1, 2, 3, 4, 5), np.float32))
    np.save(p("complex.npy"), np.zeros((2, 3), np.complex64))
    with open(p("badmagic.npy"), "wb") as f:
        f.write(b"PK\x03\x04 definitely not numpy")
    raw = open(p("x.npy"), "rb").read()
    with open(p("truncated.npy"), "wb") as f:
        f.write(raw[:-10])
    with open(p("huge.npy"), "wb") as f:
        header = "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 100000, 100000), }"
        header += " " * (64 - (10 + len(header) + 1) % 64) + "\n"
        f.write(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode() + b"\0" * 64)

    x = p("x.npy")
    out = p("y.npy")
    bad = [
        ("eps negative", ["--norm", "batch", "--input", x, "--output", out, "--eps", "-1"], "eps"),
        ("eps nan", ["--norm", "layer", "--input", x, "--output", out, "--eps", "nan"], "eps"),
        ("eps inf", ["--norm", "group", "--groups", "2", "--input", x, "--output", out, "--eps", "inf"], "eps"),
        ("eps text", ["--norm", "batch", "--input", x, "--output", out, "--eps", "small"], "eps"),
        ("momentum 1.5", ["--norm", "batch", "--input", x, "--output", out, "--momentum", "1.5"], "momentum"),
        ("momentum -0.1", ["--norm", "instance", "--input", x, "--output", out, "--momentum", "-0.1"], "momentum"),
        ("momentum text", ["--norm", "batch", "--input", x, "--output", out, "--momentum", "abc"], "momentum"),
        ("momentum for layer", ["--norm", "layer", "--input", x, "--output", out, "--momentum", "0.1"], "momentum"),
        ("groups 0", ["--norm", "group", "--groups", "0", "--input", x, "--output", out], "num_groups"),
        ("groups -1", ["--norm", "group", "--groups", "-1", "--input", x, "--output", out], "num_groups"),
        ("groups 4 of 6", ["--norm", "group", "--groups", "4", "--input", x, "--output", out], "divisible"),
        ("groups missing", ["--norm", "group", "--input", x, "--output", out], "--groups"),
        ("groups for batch", ["--norm", "batch", "--groups", "2", "--input", x, "--output", out], "--groups"),
        ("ln not suffix", ["--norm", "layer", "--normalized-shape", "3,5", "--input", x, "--output", out], "normalized_shape"),
        ("ln shape text", ["--norm", "layer", "--normalized-shape", "a,b", "--input", x, "--output", out], "normalized-shape"),
        ("unknown norm", ["--norm", "weight", "--input", x, "--output", out], "weight"),
        ("no norm", ["--input", x, "--output", out], "--norm"),
        ("no input", ["--norm", "batch", "--output", out], "--input"),
        ("no output", ["--norm", "batch", "--input", x], "--output"),
        ("unknown option", ["--norm", "batch", "--input", x, "--output", out, "--frobnicate"], "frobnicate"),
        ("weight size", ["--norm", "batch", "--input", x, "--output", out, "--weight", p("w5.npy")], "weight"),
        ("bias size", ["--norm", "group", "--groups", "3", "--input", x, "--output", out, "--bias", p("w5.npy")], "bias"),
        ("running mean size", ["--norm", "batch", "--input", x, "--output", out, "--running-mean", p("w5.npy")], "running_mean"),
        ("running var size", ["--norm", "batch", "--eval", "--input", x, "--output", out, "--running-var", p("w5.npy")], "running_var"),
        ("weight without affine", ["--norm", "instance", "--input", x, "--output", out, "--weight", p("w5.npy")], "affine"),
        ("running without tracking", ["--norm", "instance", "--input", x, "--output", out, "--running-mean", p("w5.npy")], "track"),
        ("affine contradiction", ["--norm", "batch", "--affine", "--no-affine", "--input", x, "--output", out], "contradict"),
        ("bad magic", ["--norm", "batch", "--input", p("badmagic.npy"), "--output", out], "not a NumPy"),
        ("truncated", ["--norm", "batch", "--input", p("truncated.npy"), "--output", out], "truncated"),
        ("absurd shape", ["--norm", "batch", "--input", p("huge.npy"), "--output", out], "huge.npy"),
        ("empty tensor", ["--norm", "batch", "--input", p("empty.npy"), "--output", out], "no elements"),
        ("rank 5", ["--norm", "batch", "--input", p("rank5.npy"), "--output", out], "rank"),
        ("complex", ["--norm", "batch", "--input", p("complex.npy"), "--output", out], "complex"),
        ("missing input", ["--norm", "batch", "--input", p("nope.npy"), "--output", out], "nope.npy"),
        ("output folder missing", ["--norm", "batch", "--input", x, "--output", p("no/such/dir/y.npy")], "y.npy"),
        ("output is a folder", ["--norm", "batch", "--input", x, "--output", tmp], "folder"),
        ("bn one value per channel", ["--norm", "batch", "--input", p("single.npy"), "--output", out], "more than 1 value per channel"),
        ("in one spatial element", ["--norm", "instance", "--input", p("single.npy"), "--output", out], "more than 1 spatial element"),
        ("save running for group", ["--norm", "group", "--groups", "2", "--input", x, "--output", out, "--save-running-mean", p("rm.npy")], "running"),
        # PyTorch's shape checks beyond the element count (messages as torch 1.13 words them).
        ("ln weight transposed", ["--norm", "layer", "--normalized-shape", "3,4", "--input", x, "--output", out, "--weight", p("w43.npy")],
         "Expected weight to be of same shape as normalized_shape, but got weight of shape [4, 3] and normalized_shape = [3, 4]"),
        ("ln bias flat", ["--norm", "layer", "--normalized-shape", "3,4", "--input", x, "--output", out, "--bias", p("w12.npy")],
         "Expected bias to be of same shape as normalized_shape"),
        ("gn weight not a vector", ["--norm", "group", "--groups", "3", "--input", x, "--output", out, "--weight", p("w16.npy")],
         "Expected weight to be a vector of size equal to the number of channels in input, but got weight of shape [1, 6]"),
        ("gn one value", ["--norm", "group", "--groups", "6", "--input", p("single6.npy"), "--output", out],
         "Expected more than 1 value per channel when training, got input size [1, 6, 1, 1]"),
        ("eps overflow", ["--norm", "batch", "--input", x, "--output", out, "--eps", "1e400"], "finite"),
        ("option twice", ["--norm", "batch", "--input", x, "--output", out, "--eps", "1", "--eps", "2"], "--eps is given more than once"),
        ("empty output name", ["--norm", "batch", "--input", x, "--output", ""], "--output is empty"),
        ("empty input name", ["--norm", "batch", "--input", "", "--output", out], "--input is empty"),
        ("blank weight name", ["--norm", "batch", "--input", x, "--output", out, "--weight", " "], "--weight is empty"),
        ("output twice", ["--norm", "batch", "--input", x, "--output", out, "--save-running-mean", out], "twice"),
        ("nan input", ["--norm", "batch", "--input", p("nan.npy"), "--output", out], "2 NaN or infinite"),
        ("nan weight", ["--norm", "batch", "--input", x, "--output", out, "--weight", p("w_nan.npy")], "NaN"),
        ("later file unwritable", ["--norm", "batch", "--input", x, "--output", out, "--save-running-mean", p("rm.npy"),
                                   "--save-running-var", p("no/such/dir/rv.npy")], "rv.npy"),
    ]
    nan_x = rng.standard_normal((2, 6, 3, 4)).astype(np.float32)
    nan_x[1, 2, 0, 3] = np.nan
    nan_x[0, 0, 0, 0] = np.inf
    np.save(p("nan.npy"), nan_x)
    np.save(p("w_nan.npy"), np.array([1, np.nan, 1, 1, 1, 1], np.float32))
    np.save(p("w43.npy"), np.ones((4, 3), np.float32))
    np.save(p("w12.npy"), np.ones(12, np.float32))
    np.save(p("w16.npy"), np.ones((1, 6), np.float32))
    np.save(p("single6.npy"), rng.standard_normal((1, 6, 1, 1)).astype(np.float32))
    for name, args, expect in bad:
        check_refused(name, args, out, expect)
    # A failing run must leave an existing output file byte-identical.
    with open(out, "wb") as f:
        f.write(b"previous result")
    for name, args, expect in bad[:3] + bad[27:29] + bad[36:37] + bad[-5:]:
        check_refused("existing output: " + name, args, out, expect)
    os.remove(out)
    # Several files are written together: when the last cannot be written, none is.
    if os.path.exists(p("rm.npy")):
        failures.append("later file unwritable: --save-running-mean was written although the run failed")

    # Success keeps the user's rank and writes float32.
    for shape in ((2, 3), (2, 3, 5), (2, 3, 4, 5)):
        np.save(p("r.npy"), rng.standard_normal(shape).astype(np.float32))
        proc = run("normalize", "--norm", "batch", "--input", p("r.npy"), "--output", p("r_out.npy"))
        if proc.returncode != 0:
            failures.append(f"rank {len(shape)}: exit {proc.returncode} {proc.stderr}")
            continue
        y = np.load(p("r_out.npy"))
        if y.shape != shape or y.dtype != np.float32:
            failures.append(f"rank {len(shape)}: wrote {y.shape} {y.dtype}")

    # eps = 0 on constant data: NaN for LayerNorm as in PyTorch, with a warning instead of silence;
    # BatchNorm's kernel gives β (0 here) instead, and so no warning.
    np.save(p("const.npy"), np.full((2, 3, 2, 2), 4.0, np.float32))
    proc = run("normalize", "--norm", "layer", "--eps", "0", "--input", p("const.npy"), "--output", p("c_out.npy"))
    if proc.returncode != 0 or "variance is 0" not in proc.stderr or not np.isnan(np.load(p("c_out.npy"))).all():
        failures.append(f"eps=0 constant: exit {proc.returncode}, stderr {proc.stderr!r}")
    proc = run("normalize", "--norm", "batch", "--eps", "0", "--input", p("const.npy"), "--output", p("c_out.npy"))
    if proc.returncode != 0 or proc.stderr or not (np.load(p("c_out.npy")) == 0).all():
        failures.append(f"eps=0 constant batch: exit {proc.returncode}, stderr {proc.stderr!r}")

    top = run("--help").stdout
    sub = run("normalize", "--help").stdout
    for option in ("--norm", "--input", "--output", "--eps", "--momentum", "--groups", "--normalized-shape",
                   "--affine", "--no-affine", "--track-running-stats", "--no-track-running-stats", "--weight",
                   "--bias", "--eval", "--running-mean", "--running-var", "--save-running-mean", "--save-running-var"):
        for text, where in ((top, "normscope --help"), (sub, "normscope normalize --help")):
            if option not in text:
                failures.append(f"{where} does not document {option}")
    bench = run("bench", "--help").stdout
    for option in ("--shape", "--groups", "--threads", "--repeat"):
        if option not in bench:
            failures.append(f"normscope bench --help does not document {option}")

checks = len(bad) + 11 + 1 + 3 + 2 + 1
for f in failures:
    print("FAIL", f)
print(f"{checks - min(len(failures), checks)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
