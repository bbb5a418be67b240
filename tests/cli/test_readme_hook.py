#!/usr/bin/python3
"""The README's forward-hook recipe ("Your own activations"), run as a reader would paste it: the
five lines are taken from README.md itself, run on a small model whose layer3 is a convolution,
and what they save must be the layer's output exactly, and what `normscope` reads back from
acts.npz:layer3 bit for bit that tensor; GroupNorm of it equals PyTorch's (float64).
Run by CTest as: test_readme_hook.py /path/to/normscope
"""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nstest  # noqa: E402

nstest.require(modules=("numpy", "torch"))
import numpy as np  # noqa: E402
import torch  # noqa: E402

exe = os.path.abspath(sys.argv[1])
checks = nstest.Checks()
readme = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "README.md")
text = open(readme, encoding="utf-8").read()
section = text.split("### Your own activations", 1)
blocks = re.findall(r"```python\n(.*?)```", section[1], re.S) if len(section) == 2 else []
if not checks.check(blocks, "README.md has no python block under '### Your own activations'"):
    sys.exit(checks.done())
recipe = blocks[0]
lines = [line for line in recipe.splitlines() if line.strip()]
checks.check(len(lines) == 5, f"the recipe is {len(lines)} lines, the README promises five")


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = torch.nn.Conv2d(3, 8, 3)
        self.layer3 = torch.nn.Conv2d(8, 12, 3, padding=1)
        self.head = torch.nn.Conv2d(12, 4, 1)

    def forward(self, x):
        return self.head(torch.relu(self.layer3(torch.relu(self.stem(x)))))


torch.manual_seed(3)
model = Model().eval()
x = torch.randn(4, 3, 10, 10)
with torch.no_grad():
    expected = model.layer3(torch.relu(model.stem(x))).numpy()

with tempfile.TemporaryDirectory() as tmp:
    os.chdir(tmp)
    exec(recipe, {"np": np, "torch": torch, "model": model, "x": x})
    saved = np.load("acts.npz")
    checks.check(list(saved.keys()) == ["layer3"], f"acts.npz holds {list(saved.keys())}")
    got = saved["layer3"]
    checks.check(got.dtype == np.float32 and np.array_equal(got, expected), "the hook saved the layer's output")

    proc = subprocess.run([exe, "export", "--norm", "batch", "--input", "acts.npz:layer3", "--data", "input",
                           "--output", "back.npy"], capture_output=True, text=True)
    checks.check(proc.returncode == 0, f"export --data input: {proc.stderr}")
    if proc.returncode == 0:
        back = np.load("back.npy")
        checks.check(back.shape == expected.shape and np.array_equal(back.view(np.uint32), expected.view(np.uint32)),
                     "normscope read acts.npz:layer3 bit for bit")

    proc = subprocess.run([exe, "normalize", "--norm", "group", "--groups", "3", "--input", "acts.npz:layer3",
                           "--output", "y.npy"], capture_output=True, text=True)
    checks.check(proc.returncode == 0, f"normalize: {proc.stderr}")
    if proc.returncode == 0:
        reference = torch.nn.functional.group_norm(torch.from_numpy(expected).double(), 3, eps=1e-5).numpy()
        ok, why = nstest.close_to_spread(np.load("y.npy"), reference)
        checks.check(ok, f"GroupNorm of acts.npz:layer3: {why}")

sys.exit(checks.done())
