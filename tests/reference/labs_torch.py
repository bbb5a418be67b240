#!/usr/bin/python3
"""PyTorch's side of the labs' tests (tests/test_labs_*.cpp run it): what nn.BatchNorm2d does when
fed the batches the test exported as .npy.

Usage: labs_torch.py DIR. DIR/config.json holds:
  steps, eps, momenta (numbers or null for None), weight and bias (lists or null),
  shift_from (the first step whose held-out batch is DIR/held_shifted.npy; null: never),
  error_shapes (shapes to feed a training BatchNorm to collect PyTorch's refusal).
DIR/batch_K.npy are the batches fed at steps 1..steps, DIR/held_plain.npy the held-out batch.
Prints JSON: per momentum ("none" for None) the running mean and variance after steps 0..steps,
the mean |eval output - train output| on the held-out batch and the eval output's per-channel
mean; and "errors": PyTorch's message for each error shape.
PyTorch runs in float64 on the float32 data, the exact answer of its formula."""
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

folder = sys.argv[1]
config = json.load(open(os.path.join(folder, "config.json")))
steps = config["steps"]
batches = [torch.from_numpy(np.load(os.path.join(folder, f"batch_{k}.npy")).astype(np.float64))
           for k in range(1, steps + 1)]
held_plain = torch.from_numpy(np.load(os.path.join(folder, "held_plain.npy")).astype(np.float64))
held_shifted = None
if config.get("shift_from") is not None:
    held_shifted = torch.from_numpy(np.load(os.path.join(folder, "held_shifted.npy")).astype(np.float64))
channels = held_plain.shape[1]
eps = config["eps"]
weight = torch.tensor(config["weight"], dtype=torch.float64) if config.get("weight") else torch.ones(channels, dtype=torch.float64)
bias = torch.tensor(config["bias"], dtype=torch.float64) if config.get("bias") else torch.zeros(channels, dtype=torch.float64)


def held_at(k):
    shifted = config.get("shift_from") is not None and k >= config["shift_from"]
    return held_shifted if shifted else held_plain


def gap_and_eval_mean(layer, k):
    held = held_at(k)
    dims = [0] + list(range(2, held.dim()))
    train = F.batch_norm(held, None, None, weight, bias, training=True, eps=eps)
    evaluated = F.batch_norm(held, layer.running_mean, layer.running_var, weight, bias, training=False, eps=eps)
    return (evaluated - train).abs().mean().item(), evaluated.mean(dim=dims).tolist()


out = {"errors": []}
for momentum in config["momenta"]:
    layer = nn.BatchNorm2d(channels, eps=eps, momentum=momentum).double()
    rm, rv, gaps, eval_means = [], [], [], []
    for k in range(steps + 1):
        if k > 0:
            layer.train()
            layer(batches[k - 1])
        rm.append(layer.running_mean.tolist())
        rv.append(layer.running_var.tolist())
        gap, eval_mean = gap_and_eval_mean(layer, k)
        gaps.append(gap)
        eval_means.append(eval_mean)
    out["none" if momentum is None else repr(float(momentum))] = {
        "rm": rm, "rv": rv, "gap": gaps, "eval_mean": eval_means, "tracked": int(layer.num_batches_tracked)}
for shape in config.get("error_shapes", []):
    layer = (nn.BatchNorm2d if len(shape) == 4 else nn.BatchNorm1d)(shape[1])
    try:
        layer.train()
        layer(torch.zeros(shape))
        out["errors"].append("")
    except Exception as error:  # PyTorch raises ValueError
        out["errors"].append(str(error))
print(json.dumps(out))
