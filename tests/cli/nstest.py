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


if __name__ == "__main__" and sys.argv[1:] == ["--missing"]:
    print(", ".join(missing(("numpy", "torch", "PIL"))))
