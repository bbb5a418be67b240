#!/usr/bin/python3
"""Every number the compare view shows, against torch.nn: `normscope export --figure compare` paints
what the view paints (the same painter), so its SVG's text is read back and each number checked
against the four layers run by PyTorch in float64 on the same float32 input, their outputs rounded
to float32 once as NormScope's are. Per column (BatchNorm, LayerNorm over (C, H, W),
InstanceNorm2d(affine=True), GroupNorm, all with the shared eps, γ and β per channel, in training
mode): the set's label, the number of sets and the values in one; the per-set means and stds of
the output (biased, as the norms divide); what the norm leaves unequalised (per-sample or
per-channel means and stds); and under the four, max |GN − LN| and max |GN − IN| over the whole
output. Printed numbers are compared to the precision they are printed with (two decimals, three
significant digits for the distances).
Run by CTest as: test_compare_numbers.py /path/to/normscope
"""
import os
import re
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
rng = np.random.default_rng(20261125)
tmp = tempfile.mkdtemp(prefix="normscope-compare-numbers-")
SVG = "{http://www.w3.org/2000/svg}"
NUM = r"(-?[0-9]+(?:\.[0-9]+)?|NaN)"
RANGE = r"\[" + NUM + r",\s*" + NUM + r"\]"


def path(name):
    return os.path.join(tmp, name)


def save(name, array):
    np.save(path(name), np.ascontiguousarray(array, dtype=np.float32))
    return path(name)


def svg_text(file):
    root = ET.parse(file).getroot()
    return re.sub(r"\s+", " ", " ".join("".join(el.itertext()) for el in root.iter(SVG + "text")))


def printed_close(got, expected, what):
    # number() prints two decimals (none from 100 on) and 0 for |v| < 0.005.
    got = float(got)
    tolerance = 0.5 if abs(expected) >= 99.5 else 0.005
    checks.check(abs(got - expected) <= tolerance + 1e-9, f"{what}: shows {got}, torch {expected:.6f}")


def spread(values, axes):
    """Means and biased stds of `values` over `axes` (float64 of the float32 output), as ranges."""
    means = values.mean(axis=axes)
    stds = values.std(axis=axes)
    return (means.min(), means.max()), (stds.min(), stds.max())


def spread_rows(rows):
    """The same for a (sets, values) array: one set a row."""
    return spread(rows, 1)


def check_range(match_pair, expected, what):
    printed_close(match_pair[0], expected[0], what + " (min)")
    printed_close(match_pair[1], expected[1], what + " (max)")


def layers(c, h, w, groups, eps, gamma, beta):
    bn = nn.BatchNorm2d(c, eps=eps, track_running_stats=False)
    ln = nn.LayerNorm([c, h, w], eps=eps)
    inn = nn.InstanceNorm2d(c, eps=eps, affine=True)
    gn = nn.GroupNorm(groups, c, eps=eps)
    g = torch.from_numpy(gamma).double()
    b = torch.from_numpy(beta).double()
    with torch.no_grad():
        for layer in (bn, inn, gn):
            layer.double()
            layer.weight.copy_(g)
            layer.bias.copy_(b)
        ln.double()
        ln.weight.copy_(g[:, None, None].expand(c, h, w))
        ln.bias.copy_(b[:, None, None].expand(c, h, w))
    return bn.train(), ln, inn, gn


def run_case(name, n, c, h, w, groups, eps, anchor, affine):
    x = (rng.standard_normal((n, c, h, w)) * rng.uniform(0.5, 2.0, (1, c, 1, 1))
         + rng.normal(0, 2.0, (1, c, 1, 1)) + rng.normal(0, 1.0, (n, 1, 1, 1))).astype(np.float32)
    gamma = rng.uniform(0.6, 1.8, c).astype(np.float32) if affine else np.ones(c, np.float32)
    beta = rng.normal(0.0, 0.8, c).astype(np.float32) if affine else np.zeros(c, np.float32)
    args = ["--input", save(name + "_x.npy", x), "--eps", repr(eps), "--groups", str(groups),
            "--anchor", ",".join(map(str, anchor))]
    if affine:
        args += ["--weight", save(name + "_w.npy", gamma), "--bias", save(name + "_b.npy", beta)]
    out = path(name + ".svg")
    proc = subprocess.run([exe, "export", "--figure", "compare", *args, "--output", out, "--width", "1920",
                           "--height", "1080"], capture_output=True, text=True)
    if not checks.check(proc.returncode == 0, f"{name}: exit {proc.returncode} {proc.stderr.strip()}"):
        return
    text = svg_text(out)

    xt = torch.from_numpy(x).double()
    with torch.no_grad():
        outputs = [layer(xt).numpy().astype(np.float32).astype(np.float64)
                   for layer in layers(c, h, w, groups, eps, gamma, beta)]
    y_bn, y_ln, y_in, y_gn = outputs
    an, ac, ah, aw = anchor
    # The sets and their statistics, by hand from each layer's definition.
    per_group = c // groups
    columns = [
        ("BN", f"c={ac}", c, n * h * w, spread(y_bn, (0, 2, 3)), [("per-sample", spread(y_bn, (1, 2, 3)))]),
        ("LN", f"n={an}", n, c * h * w, spread(y_ln, (1, 2, 3)), [("per-channel", spread(y_ln, (0, 2, 3)))]),
        ("IN", f"n={an}, c={ac}", n * c, h * w, spread_rows(y_in.reshape(n * c, h * w)), []),
        ("GN", f"n={an}, g={ac // per_group}", n * groups, per_group * h * w,
         spread_rows(y_gn.reshape(n * groups, per_group * h * w)),
         [] if groups == c else [("per-channel", spread(y_gn, (0, 2, 3)))]),
    ]

    # "set LABEL of K · M values": one per column, in the figure's order.
    sets = re.findall(r"set (n=\d+(?:, [cg]=\d+)?|c=\d+) of (\d+) · (\d+) values", text)
    if checks.check(len(sets) == 4, f"{name}: {len(sets)} set lines, not 4: {text[:600]!r}"):
        for (label, count, size), (norm, want_label, want_count, want_size, _, _) in zip(sets, columns):
            checks.check((label, int(count), int(size)) == (want_label, want_count, want_size),
                         f"{name} {norm}: set {label} of {count} · {size} values, "
                         f"expected {want_label} of {want_count} · {want_size}")

    means = re.findall(r"Per-set means " + RANGE + r", stds " + RANGE, text)
    if checks.check(len(means) == 4, f"{name}: {len(means)} 'Per-set means' lines, not 4"):
        for found, (norm, _, _, _, (m, s), _) in zip(means, columns):
            check_range(found[0:2], m, f"{name} {norm} per-set means")
            check_range(found[2:4], s, f"{name} {norm} per-set stds")

    # What each leaves unequalised, in column order; InstanceNorm (and GroupNorm at G = C) leave nothing.
    free = re.findall(r"(per-sample|per-channel) means after " + RANGE + r", stds " + RANGE, text)
    expected_free = [(norm, kind, sp) for norm, _, _, _, _, lines in columns for kind, sp in lines]
    if checks.check(len(free) == len(expected_free),
                    f"{name}: {len(free)} 'leaves unequalised' ranges, expected {len(expected_free)}"):
        for found, (norm, kind, (m, s)) in zip(free, expected_free):
            checks.check(found[0] == kind, f"{name} {norm}: shows {found[0]}, expected {kind}")
            check_range(found[1:3], m, f"{name} {norm} {kind} means")
            check_range(found[3:5], s, f"{name} {norm} {kind} stds")
    standardised = text.count("Also standardised: every sample and every channel.")
    checks.check(standardised == 4 - len(expected_free),
                 f"{name}: 'Also standardised' {standardised} times, expected {4 - len(expected_free)}")

    # GroupNorm's distances over the whole output.
    for other, y_other, at_limit in (("LN", y_ln, groups == 1), ("IN", y_in, groups == c)):
        expected = float(np.abs(y_gn - y_other).max())
        m = re.search(r"max \|GN − " + other + r"\| = ([0-9.eE+-]+) over (\d+) outputs", text)
        if not checks.check(m is not None, f"{name}: no 'max |GN − {other}| = …'"):
            continue
        got = float(m.group(1))
        checks.check(int(m.group(2)) == x.size, f"{name}: GN − {other} over {m.group(2)} outputs, not {x.size}")
        if at_limit:
            step = float(np.spacing(np.float32(np.abs(y_gn).max())))
            checks.check(got <= 4 * step and expected <= 4 * step,
                         f"{name}: max |GN − {other}| = {got} (torch {expected}): not float32 rounding")
        else:
            checks.check(abs(got - expected) <= 5e-3 * expected and expected > 0.05,
                         f"{name}: max |GN − {other}| = {got}, torch {expected}")


# G between the limits, at G = 1 (LayerNorm) and at G = C (InstanceNorm); with and without γ, β;
# a large eps that visibly lowers every std.
run_case("mid", 4, 6, 5, 4, 3, 1e-5, (1, 4, 2, 3), True)
run_case("g1", 3, 4, 6, 6, 1, 1e-3, (2, 1, 0, 5), True)
run_case("gc", 5, 4, 3, 7, 4, 1e-5, (0, 3, 2, 6), False)
run_case("eps", 2, 6, 4, 4, 2, 0.5, (1, 0, 3, 3), True)
sys.exit(checks.done())
