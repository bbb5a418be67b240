#!/usr/bin/python3
"""Values a user can give that do not fit (issue 8, defects 4 and 7): shapes whose element count
overflows, integers beyond an option's range, parameters that overflow float32, a negative
running variance and float64 values beyond float32. Each gets one line that names it, an exit
status from 1 to 127, and no file.
Run by CTest as: test_values.py /path/to/normscope
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nstest  # noqa: E402

nstest.require(modules=("numpy",))
import numpy as np  # noqa: E402

exe = sys.argv[1]
failures = []
checks = 0


def refused(name, args, words, absent=(), files=()):
    """Exit 1..127, one stderr line with every word of `words` and none of `absent`, no file."""
    global checks
    checks += 1
    proc = subprocess.run([exe, *args], capture_output=True, text=True, timeout=60)
    lines = proc.stderr.splitlines()
    problems = []
    if not (1 <= proc.returncode <= 127):
        problems.append(f"exit status {proc.returncode}")
    if len(lines) != 1:
        problems.append(f"{len(lines)} lines on stderr: {lines}")
    else:
        text = lines[0].lower()
        problems += [f"message {lines[0]!r} lacks {w!r}" for w in words if w.lower() not in text]
        problems += [f"message {lines[0]!r} says {w!r}" for w in absent if w.lower() in text]
    problems += [f"{f} was written" for f in files if os.path.exists(f)]
    for f in files:  # so one failure does not spill into the next check
        if os.path.exists(f):
            os.unlink(f)
    if problems:
        failures.append(f"{name}: " + "; ".join(problems))


with tempfile.TemporaryDirectory() as tmp:
    p = lambda name: os.path.join(tmp, name)
    rng = np.random.default_rng(2)
    np.save(p("x.npy"), rng.standard_normal((4, 3, 5, 5)).astype(np.float32))
    x, out, png = p("x.npy"), p("y.npy"), p("f.png")
    norm = ["normalize", "--norm", "batch", "--input", x, "--output", out]
    export = ["export", "--norm", "batch", "--generate", "normal", "--figure", "cube", "--output", png]

    # --- Defect 4: element counts that overflow int64 are "too large", not "no elements".
    huge = "65536,65536,65536,65536"
    refused("bench --shape 65536^4", ["bench", "--shape", huge, "--repeat", "1"], ["--shape", "too large"],
            absent=["no elements"])
    refused("export --shape 65536^4", [*export, "--shape", huge], ["--shape", "too large"], absent=["no elements"],
            files=[png])
    # Fits in int64, not in memory: refused from the size, before anything is allocated.
    refused("export --shape 1e12 values", [*export, "--shape", "10000,10000,100,100"], ["--shape", "too large",
                                                                                        "memory"], files=[png])
    # The same shape in a .npy header.
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536, 65536, 65536), }"
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    with open(p("h.npy"), "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode() + b"\0" * 64)
    refused("npy shape 65536^4", ["normalize", "--norm", "batch", "--input", p("h.npy"), "--output", out],
            ["h.npy"], absent=["no elements"], files=[out])

    # --- Defect 7: integers out of range are errors in every option parser, never wrapped.
    for name, args, option in (
            ("export --width 2^32+16", [*export, "--width", "4294967312"], "--width"),
            ("export --height 2^32+16", [*export, "--height", "4294967312"], "--height"),
            ("export --width 2^64", [*export, "--width", "18446744073709551616"], "--width"),
            ("export --seed 2^64", [*export, "--seed", "18446744073709551616"], "--seed"),
            ("export --select 2^64", [*export, "--select", "18446744073709551616"], "--select"),
            ("bench --threads 2^32+1", ["bench", "--shape", "2,4,4,4", "--threads", "4294967297"], "--threads"),
            ("bench --repeat 2^32+1", ["bench", "--shape", "2,4,4,4", "--repeat", "4294967297"], "--repeat"),
            ("bench --groups 2^64", ["bench", "--shape", "2,4,4,4", "--groups", "18446744073709551616"], "--groups"),
            ("normalize --threads 2^32+1", [*norm, "--threads", "4294967297"], "--threads"),
            ("normalize --groups 2^32+2", ["normalize", "--norm", "group", "--groups", "4294967298", "--input", x,
                                           "--output", out], "groups"),
            ("normalize --groups 2^64", ["normalize", "--norm", "group", "--groups", "18446744073709551616",
                                         "--input", x, "--output", out], "--groups"),
            ("normalize --normalized-shape 2^64", ["normalize", "--norm", "layer", "--normalized-shape",
                                                   "18446744073709551616", "--input", x, "--output", out],
             "normalized-shape")):
        refused(name, args, [option], files=[out, png])

    # γ = 3.4e38 overflows float32 in the output: refused, not inf with exit 0.
    np.save(p("g.npy"), np.full(3, 3.4e38, np.float32))
    refused("gamma 3.4e38 normalize", [*norm, "--weight", p("g.npy")], ["overflow", "γ"], files=[out])
    refused("gamma 3.4e38 export", ["export", "--norm", "batch", "--input", x, "--weight", p("g.npy"), "--figure",
                                    "cube", "--output", png], ["overflow"], files=[png])
    # Each finite, together beyond float32: y = 1e37·x̂ + 3.4028235e38.
    np.save(p("b.npy"), np.full(3, 3.4028235e38, np.float32))
    np.save(p("g37.npy"), np.full(3, 1e37, np.float32))
    refused("beta 3.4e38 with gamma 1e37", [*norm, "--weight", p("g37.npy"), "--bias", p("b.npy")], ["overflow"],
            files=[out])
    np.save(p("g2.npy"), np.full(3, 3.0, np.float32))

    # A negative running variance is named; not "eps is 0 and the variance is 0".
    np.save(p("rv.npy"), np.array([1.0, -0.5, 2.0], np.float32))
    refused("negative running_var", ["normalize", "--norm", "batch", "--eval", "--input", x, "--running-var",
                                     p("rv.npy"), "--output", out], ["--running-var", "negative", "channel 1"],
            absent=["eps is 0"], files=[out])

    # float64 values beyond float32's range are named as such, not as "NaN or infinite".
    np.save(p("wide.npy"), np.array([[1e300, 1.0], [2.0, -1e39]]))
    refused("float64 1e300", ["normalize", "--norm", "batch", "--input", p("wide.npy"), "--output", out],
            ["wide.npy", "beyond float32", "2 value"], absent=["nan"], files=[out])
    np.save(p("nan.npy"), np.array([[np.nan, 1.0], [2.0, 3.0]]))
    refused("float64 NaN", ["normalize", "--norm", "batch", "--input", p("nan.npy"), "--output", out],
            ["nan.npy", "NaN or infinite"], files=[out])

    # Sanity: the same commands with sensible values succeed (so the refusals above are about
    # the values, not the commands).
    checks += 1
    ok = subprocess.run([exe, *norm, "--weight", p("g2.npy"), "--threads", "2"], capture_output=True, text=True)
    if ok.returncode != 0 or not os.path.exists(out):
        failures.append(f"sensible normalize failed: {ok.stderr!r}")

for f in failures:
    print("FAIL", f)
print(f"{checks - min(len(failures), checks)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
