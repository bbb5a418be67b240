#!/usr/bin/python3
"""Shared by the command-line tests: what they need installed, compares whose tolerance follows
the spread of the expected values, and a failure list that ends in one summary line.

`python3 nstest.py --missing` prints the Debian packages the tests need and lack (CMake asks
at configure time); a test that lacks one fails naming it: CI runs every test, nothing skips.
"""
import importlib
import shutil
import sys

# Debian package of each Python module and program the tests use.
PACKAGES = {"numpy": "python3-numpy", "torch": "python3-torch", "PIL": "python3-pil", "pdftotext": "poppler-utils"}
ADVICE = "scripts/test installs it; to run the C++ tests alone: ctest -LE python"


def missing(modules=("numpy", "torch"), programs=("pdftotext",)):
    lacking = []
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError:
            lacking.append(PACKAGES.get(module, "python3-" + module))
    lacking += [PACKAGES.get(p, p) for p in programs if shutil.which(p) is None]
    return lacking


def require(modules=("numpy", "torch"), programs=()):
    """Exit with a failure naming the Debian packages that are missing (never a skip)."""
    lacking = missing(modules, programs)
    if lacking:
        print(f"FAIL: this test needs Debian's {', '.join(lacking)} ({ADVICE})")
        sys.exit(1)


def ulp32(values):
    """float32's resolution at each value: the gap to the next float away from zero."""
    import numpy as np
    a = np.abs(np.asarray(values, dtype=np.float32))
    return (np.nextafter(a, np.float32(np.inf)) - a).astype(np.float64)


def close_to_spread(got, expected, fraction=1e-6, ulps=2.0):
    """(ok, why): every |got - expected| <= fraction * std(expected) + ulps * ulp32(expected).

    The tolerance follows how much the expected values differ from each other, never their size:
    on data with a 10000 offset a relative 1e-4 allows 1.0 while channels differ by 0.03. The ulp
    term is float32's own resolution (two correct roundings of one real number may differ by one).
    NaN matches NaN and an infinity only itself."""
    import numpy as np
    got = np.asarray(got, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if got.shape != expected.shape:
        return False, f"shape {got.shape} != expected {expected.shape}"
    finite = np.isfinite(expected)
    spread = float(expected[finite].std()) if finite.any() else 0.0
    tolerance = fraction * spread + ulps * ulp32(np.where(finite, expected, 0.0))
    same_special = (np.isnan(got) & np.isnan(expected)) | (np.isinf(expected) & (got == expected))
    bad = ~same_special & ~(np.abs(got - expected) <= tolerance)
    if bad.any():
        i = np.unravel_index(np.argmax(bad), bad.shape)
        return False, (f"{int(bad.sum())} of {bad.size} differ; at {tuple(map(int, i))} got {got[i]!r}, expected "
                       f"{expected[i]!r} (|diff| {abs(got[i] - expected[i]):.3g} > tolerance {tolerance[i]:.3g})")
    return True, ""


class Checks:
    """Collects failures; `done()` prints them and the summary line and returns the exit status."""

    def __init__(self):
        self.count = 0
        self.failures = []

    def check(self, ok, what):
        self.count += 1
        if not ok:
            self.failures.append(what)
        return ok

    def done(self):
        for f in self.failures:
            print("FAIL", f)
        print(f"{self.count - len(self.failures)} passed, {len(self.failures)} failed")
        return 1 if self.failures else 0


# How every threaded-path test runs `normscope normalize`: with 1 to 4 threads on the best SIMD
# target, then on SSE4 and on plain C++ (NORMSCOPE_SIMD) with 2.
THREAD_RUNS = (1, 2, 3, 4, "SSE4", "SCALAR")


def close_within_ulp(got, ref, spread):
    """(ok, worst index, its |diff|): |got - ref| <= ulp32(ref) + 1e-6 spread elementwise; NaN
    matches NaN."""
    import numpy as np
    ref32 = ref.astype(np.float32)
    ulp = np.spacing(np.abs(ref32)).astype(np.float64)
    err = np.abs(got.astype(np.float64) - ref)
    both_nan = np.isnan(got) & np.isnan(ref)
    excess = np.where(both_nan, 0.0, err - (ulp + 1e-6 * spread))
    excess = np.where(np.isnan(excess), np.inf, excess)
    worst = int(np.argmax(excess))
    return excess.flat[worst] <= 0, worst, err.flat[worst]


def check_thread_runs(exe, args, tmp, name, expected, running=None):
    """Runs `exe args --threads T --output F` for each of THREAD_RUNS and returns the failures:
    an exit status, an output not float32 of the expected shape, a value off PyTorch's float64
    `expected` (close_within_ulp), or any bit that differs from the one-thread run. `running`,
    when given, is (running_mean, running_var) from PyTorch, checked from --save-running-*."""
    import os
    import subprocess
    import numpy as np
    failures = []
    spread = float(np.nanstd(expected)) if np.isfinite(expected).any() else 0.0
    first = None
    for t in THREAD_RUNS:
        simd = t if isinstance(t, str) else ""
        out = os.path.join(tmp, f"{name}_y{t}.npy")
        cmd = [exe] + args + ["--threads", str(2 if simd else t), "--output", out]
        if running is not None:
            cmd += ["--save-running-mean", out + ".rm.npy", "--save-running-var", out + ".rv.npy"]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, NORMSCOPE_SIMD=simd))
        if proc.returncode != 0:
            failures.append(f"threads {t}: exit {proc.returncode}: {proc.stderr.strip()}")
            continue
        got = np.load(out)
        if got.shape != expected.shape or got.dtype != np.float32:
            failures.append(f"threads {t}: got {got.dtype} {got.shape}, expected float32 {expected.shape}")
            continue
        ok, where, err = close_within_ulp(got, expected, spread)
        if not ok:
            idx = np.unravel_index(where, expected.shape)
            failures.append(f"threads {t}: output at {tuple(int(i) for i in idx)} is {got.flat[where]!r}, "
                            f"PyTorch float64 {expected.flat[where]!r} (|diff| {err:.3g}, spread {spread:.3g})")
        if running is not None:
            for suffix, ref in zip((".rm.npy", ".rv.npy"), running):
                saved = np.load(out + suffix)
                ok, where, err = close_within_ulp(saved, ref, float(np.std(ref)))
                if not ok:
                    failures.append(f"threads {t}: running statistic {suffix[1:3]}[{where}] = {saved[where]!r}, "
                                    f"PyTorch {ref[where]!r}")
        if first is None:
            first = got
        elif not np.array_equal(got.view(np.uint32), first.view(np.uint32)):
            bad = int(np.count_nonzero(got.view(np.uint32) != first.view(np.uint32)))
            failures.append(f"{'simd' if simd else 'threads'} {t}: {bad} values differ bitwise from threads 1")
        os.remove(out)
    return failures


def run_cases(cases, run_case, title):
    """Runs run_case(case) -> failures for each case, prints ok/FAIL lines with title(case) and
    a summary; the exit status."""
    failed = 0
    for case in cases:
        problems = run_case(case)
        if problems:
            failed += 1
            print(f"FAIL {title(case)}")
            for p in problems:
                print("  " + p)
        else:
            print(f"ok   {title(case)}")
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__" and sys.argv[1:] == ["--missing"]:
    print(", ".join(missing(("numpy", "torch", "PIL"))))
