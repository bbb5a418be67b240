#!/usr/bin/python3
"""Writes the PyTorch reference fixtures for NormScope's tests (tests/data/fixtures/).

Run with Debian's python3 (python3-torch, python3-numpy):  /usr/bin/python3 tests/reference/make_fixtures.py

Every case feeds one or more float32 batches through a real torch.nn layer and records the last
output and the running statistics, or the error PyTorch raises. The layer runs in float64 on the
float32 data: that is PyTorch's formula computed exactly, which NormScope matches; PyTorch's own
float32 CPU kernels lose up to ~1e-2 on large-offset data (10000 + N(0, 1)), see README.
The output is deterministic: re-running reproduces identical files.
"""
import json
import os
import shutil

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "fixtures")

rng = np.random.default_rng(20261124)
cases = []


def save(name, array):
    np.save(os.path.join(OUT, name), np.ascontiguousarray(array, dtype=np.float32))
    return name


def data(shape, kind="normal"):
    if kind == "normal":
        x = rng.standard_normal(shape) * 1.5 + 0.3
    elif kind == "offset":
        x = 10000.0 + rng.standard_normal(shape)
    elif kind == "tiny":
        x = 500.0 + 0.001 * rng.standard_normal(shape)
    elif kind == "constant":
        x = np.full(shape, 2.5)
    elif kind == "channel":
        c = shape[1]
        x = rng.standard_normal(shape) * rng.uniform(0.5, 3.0, size=(1, c) + (1,) * (len(shape) - 2)) + rng.normal(
            0, 4, size=(1, c) + (1,) * (len(shape) - 2))
    return np.asarray(x, dtype=np.float32)


def as4d(x):
    if x.ndim == 2:
        return x.reshape(x.shape[0], x.shape[1], 1, 1)
    if x.ndim == 3:
        return x.reshape(x.shape[0], x.shape[1], 1, x.shape[2])
    return x


def build(norm, c, opts, shape):
    eps = opts.get("eps", 1e-5)
    if norm == "batch":
        return nn.BatchNorm2d(c, eps=eps, momentum=opts.get("momentum", 0.1), affine=opts.get("affine", True),
                              track_running_stats=opts.get("track_running_stats", True))
    if norm == "instance":
        # InstanceNorm with momentum=None: current PyTorch passes 0.0 to F.instance_norm, leaving the
        # running statistics unchanged; Debian's torch 1.13 instead raises a TypeError in forward.
        # NormScope follows current PyTorch, so the fixture builds the layer with momentum 0.0.
        momentum = opts.get("momentum", 0.1)
        return nn.InstanceNorm2d(c, eps=eps, momentum=0.0 if momentum is None else momentum, affine=opts.get("affine", False),
                                 track_running_stats=opts.get("track_running_stats", False))
    if norm == "group":
        return nn.GroupNorm(opts["groups"], c, eps=eps, affine=opts.get("affine", True))
    ns = opts.get("normalized_shape", list(shape[1:]))
    return nn.LayerNorm(ns, eps=eps, elementwise_affine=opts.get("affine", True))


def case(name, norm, shapes, kind="normal", eval_mode=False, random_affine=False, initial_running=False,
         zero_running_var=False, **opts):
    """One fixture: batches of `shapes` fed in order to one layer."""
    entry = {"name": name, "norm": norm, "eval": eval_mode, "eps": opts.get("eps", 1e-5)}
    for key in ("momentum", "affine", "track_running_stats", "groups", "normalized_shape"):
        if key in opts:
            entry[key] = opts[key]
    if "momentum" in opts and opts["momentum"] is None:
        entry["momentum"] = None
    inputs = [data(s, kind) for s in shapes]
    entry["inputs"] = [save(f"{name}_in{i}.npy", x) for i, x in enumerate(inputs)]
    c = shapes[0][1]
    try:
        # LayerNorm sees the user's rank; the other layers see (N, C, H, W) as NormScope does.
        first = inputs[0] if norm == "layer" else as4d(inputs[0])
        module = build(norm, c, opts, first.shape).double()
    except (ValueError, RuntimeError) as e:
        entry["error"] = str(e)
        cases.append(entry)
        return
    with torch.no_grad():
        if random_affine and getattr(module, "weight", None) is not None:
            w = rng.uniform(0.5, 2.0, size=tuple(module.weight.shape))
            b = rng.uniform(-1.0, 1.0, size=tuple(module.bias.shape))
            module.weight.copy_(torch.from_numpy(w.astype(np.float32).astype(np.float64)))
            module.bias.copy_(torch.from_numpy(b.astype(np.float32).astype(np.float64)))
            entry["weight"] = save(f"{name}_weight.npy", w)
            entry["bias"] = save(f"{name}_bias.npy", b)
        if initial_running and getattr(module, "running_mean", None) is not None:
            rm = rng.normal(0, 1, size=c).astype(np.float32)
            rv = rng.uniform(0.5, 2.0, size=c).astype(np.float32)
            module.running_mean.copy_(torch.from_numpy(rm.astype(np.float64)))
            module.running_var.copy_(torch.from_numpy(rv.astype(np.float64)))
            entry["running_mean"] = save(f"{name}_rm.npy", rm)
            entry["running_var"] = save(f"{name}_rv.npy", rv)
        if zero_running_var:
            # With eps = 0 this makes PyTorch's eval path divide by zero: its x·α + (β − mean·α)
            # form gives a particular pattern of NaN and ±inf, which NormScope must reproduce.
            rm = np.array([1.0 if i % 2 == 0 else 0.0 for i in range(c)], dtype=np.float32)
            module.running_mean.copy_(torch.from_numpy(rm.astype(np.float64)))
            module.running_var.zero_()
            entry["running_mean"] = save(f"{name}_rm.npy", rm)
            entry["running_var"] = save(f"{name}_rv.npy", np.zeros(c))
    module.train(not eval_mode)
    try:
        with torch.no_grad():
            for x in inputs:
                x4 = x if norm == "layer" else as4d(x)
                y = module(torch.from_numpy(x4.astype(np.float64))).numpy().reshape(x.shape)
    except (ValueError, RuntimeError) as e:
        entry["error"] = str(e).split("\n")[0]
        cases.append(entry)
        return
    entry["output"] = save(f"{name}_out.npy", y)
    if getattr(module, "running_mean", None) is not None:
        entry["expected_running_mean"] = save(f"{name}_erm.npy", module.running_mean.numpy())
        entry["expected_running_var"] = save(f"{name}_erv.npy", module.running_var.numpy())
        if norm == "batch":
            entry["expected_num_batches_tracked"] = int(module.num_batches_tracked.item())
    cases.append(entry)


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    s = (4, 6, 3, 5)
    three = [s, s, s]
    # BatchNorm: training, running statistics over batches, momentum forms, eval with and without tracking.
    case("bn_train", "batch", [s])
    case("bn_train_affine", "batch", [s], random_affine=True)
    case("bn_no_affine", "batch", [s], affine=False)
    for m, tag in ((0.1, "01"), (0.5, "05"), (1.0, "1"), (0.0, "0"), (None, "none")):
        case(f"bn_running_m{tag}", "batch", three, kind="channel", momentum=m)
    case("bn_eval_initial_running", "batch", [s], eval_mode=True, initial_running=True, random_affine=True)
    case("bn_train_then_eval_start", "batch", [s], eval_mode=True)
    case("bn_eval_no_tracking", "batch", [s], eval_mode=True, track_running_stats=False)
    case("bn_train_no_tracking", "batch", [s], track_running_stats=False)
    case("bn_initial_running_train", "batch", three, initial_running=True, momentum=0.3)
    case("bn_rank3", "batch", [(3, 4, 7)])
    case("bn_rank2", "batch", [(5, 3)], random_affine=True)
    case("bn_one_value_per_channel", "batch", [(1, 3, 1, 1)])
    case("bn_eval_one_value_ok", "batch", [(1, 3, 1, 1)], eval_mode=True, initial_running=True)
    case("bn_batch_of_one_ok", "batch", [(1, 3, 2, 2)])
    # InstanceNorm: defaults, affine, tracking with momentum and None, eval with tracking.
    case("in_default", "instance", [s])
    case("in_affine", "instance", [s], affine=True, random_affine=True)
    case("in_tracking", "instance", three, track_running_stats=True)
    case("in_tracking_m_none", "instance", three, track_running_stats=True, momentum=None, initial_running=True)
    case("in_tracking_m05_initial", "instance", three, track_running_stats=True, momentum=0.5, initial_running=True)
    case("in_eval_tracking", "instance", [s], eval_mode=True, track_running_stats=True, initial_running=True)
    case("in_eval_no_tracking", "instance", [s], eval_mode=True)
    case("in_rank3", "instance", [(2, 3, 6)])
    case("in_one_spatial", "instance", [(2, 3, 1, 1)])
    # LayerNorm: the three normalized_shape forms and the full shape, affine on/off.
    case("ln_chw", "layer", [s])
    case("ln_chw_affine", "layer", [s], random_affine=True)
    case("ln_hw", "layer", [s], normalized_shape=[3, 5], random_affine=True)
    case("ln_w", "layer", [s], normalized_shape=[5], random_affine=True)
    case("ln_w_no_affine", "layer", [s], normalized_shape=[5], affine=False)
    case("ln_nchw", "layer", [s], normalized_shape=[4, 6, 3, 5])
    case("ln_eval_same", "layer", [s], eval_mode=True)
    case("ln_rank3_cl", "layer", [(3, 4, 7)], normalized_shape=[4, 7], random_affine=True)
    case("ln_rank3_l", "layer", [(3, 4, 7)], normalized_shape=[7])
    case("ln_not_suffix", "layer", [s], normalized_shape=[3, 4])
    # GroupNorm: G = 1, a middle divisor, G = C, affine off, not a divisor.
    case("gn_g1", "group", [s], groups=1)
    case("gn_g2", "group", [s], groups=2, random_affine=True)
    case("gn_g3", "group", [s], groups=3)
    case("gn_gc", "group", [s], groups=6, random_affine=True)
    case("gn_no_affine", "group", [s], groups=3, affine=False)
    case("gn_not_divisor", "group", [s], groups=4)
    # eps values, constant data, large offsets for every norm.
    for eps, tag in ((1e-3, "1e-3"), (0.1, "0.1"), (0.0, "0")):
        case(f"bn_eps_{tag}", "batch", [s], eps=eps)
        case(f"gn_eps_{tag}", "group", [s], eps=eps, groups=2)
    case("ln_eps_big", "layer", [s], eps=0.5)
    case("in_eps_big", "instance", [s], eps=0.5)
    for norm, extra in (("batch", {}), ("layer", {}), ("instance", {}), ("group", {"groups": 3})):
        case(f"{norm}_constant", norm, [s], kind="constant", **extra)
        case(f"{norm}_offset_1e4", norm, [s], kind="offset", **extra)
        case(f"{norm}_offset_500_tiny", norm, [s], kind="tiny", **extra)
    case("bn_constant_running", "batch", three, kind="constant")
    case("in_constant_running", "instance", three, kind="constant", track_running_stats=True)
    case("bn_offset_running", "batch", three, kind="offset", momentum=None)
    # eps = 0 on zero variance: PyTorch's batch_norm kernels (BatchNorm, and InstanceNorm through
    # them) use 1/std = 0 there and give β; LayerNorm and GroupNorm give NaN; eval with a zero
    # running variance gives NaN and ±inf.
    for norm, extra in (("batch", {}), ("layer", {}), ("instance", {"affine": True}), ("group", {"groups": 3})):
        case(f"{norm}_constant_eps0", norm, [s], kind="constant", eps=0.0, random_affine=True, **extra)
    case("bn_eval_zero_running_var_eps0", "batch", [s], eval_mode=True, zero_running_var=True, eps=0.0)
    case("in_eval_zero_running_var_eps0", "instance", [s], eval_mode=True, zero_running_var=True, eps=0.0,
         track_running_stats=True)
    # GroupNorm checks N·C/G·H·W > 1 as BatchNorm would (in eval too); a set of one value is fine.
    case("gn_one_value", "group", [(1, 6, 1, 1)], groups=6)
    case("gn_one_value_eval", "group", [(1, 6, 1, 1)], groups=6, eval_mode=True)
    case("gn_sets_of_one", "group", [(2, 6, 1, 1)], groups=6, random_affine=True)

    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump({"torch_version": torch.__version__, "cases": cases}, f, indent=1)
    print(f"wrote {len(cases)} cases to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
