#!/usr/bin/python3
"""Writing to a full disk (issue 8, defect 5): every export format and `normalize` print one line
that names the file and says the disk is full, exit 1..127, and leave the existing file byte for
byte as it was, with no temporary left behind.

The full disk is a 64 KiB tmpfs, filled up, in a private user and mount namespace
(`unshare -rm`), so no privileges are needed and nothing outside the test changes.
Run by CTest as: test_full_disk.py /path/to/normscope
"""
import ctypes
import os
import subprocess
import sys
import tempfile

exe = sys.argv[1]

if len(sys.argv) < 3:
    # Outside: check that namespaces are available, then run this file again inside one.
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        print("skipped: user and mount namespaces are not available here (unshare -rm: "
              f"{probe.stderr.strip() or probe.returncode}), so no private tmpfs can be mounted")
        sys.exit(77)
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run(["unshare", "-rm", sys.executable, __file__, exe, tmp])
    sys.exit(proc.returncode)

# Inside the namespace.
tmp = sys.argv[2]
disk = os.path.join(tmp, "disk")
os.mkdir(disk)
libc = ctypes.CDLL(None, use_errno=True)
if libc.mount(b"tmpfs", disk.encode(), b"tmpfs", 0, b"size=64k") != 0:
    print(f"FAIL cannot mount a tmpfs in the namespace: {os.strerror(ctypes.get_errno())}")
    sys.exit(1)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nstest  # noqa: E402

nstest.require(modules=("numpy",))
import numpy as np  # noqa: E402

failures = []
checks = 0
d = lambda name: os.path.join(disk, name)
outside = lambda name: os.path.join(tmp, name)

np.save(outside("x.npy"), np.random.default_rng(3).standard_normal((2, 3, 8, 8)).astype(np.float32))
existing = {name: f"the {name} from last week\n".encode() for name in ("slide.png", "slide.svg", "slide.pdf",
                                                                      "y.npy")}
for name, content in existing.items():
    open(d(name), "wb").write(content)
# Fill what is left, so that any new byte fails.
fd = os.open(d("filler"), os.O_WRONLY | os.O_CREAT)
try:
    while True:
        os.write(fd, b"\0" * 4096)
except OSError:
    pass
os.close(fd)


def check(name, args, target, more_files=()):
    global checks
    checks += 1
    proc = subprocess.run([exe, *args], capture_output=True, text=True, timeout=120)
    lines = proc.stderr.splitlines()
    problems = []
    if not (1 <= proc.returncode <= 127):
        problems.append(f"exit status {proc.returncode}")
    if len(lines) != 1:
        problems.append(f"{len(lines)} lines on stderr: {lines}")
    elif "disk is full" not in lines[0] or target not in lines[0]:
        problems.append(f"message {lines[0]!r} does not name {target} and say the disk is full")
    for file, content in existing.items():
        if open(d(file), "rb").read() != content:
            problems.append(f"{file} changed")
    stray = sorted(set(os.listdir(disk)) - set(existing) - {"filler"})
    if stray:
        problems.append(f"left on the disk: {stray}")
    problems += [f"{f} was written" for f in more_files if os.path.exists(f)]
    if problems:
        failures.append(f"{name}: " + "; ".join(problems))


for fmt in ("png", "svg", "pdf"):
    for figure in ("slide", "cube"):
        check(f"export {figure} .{fmt}", ["export", "--norm", "group", "--groups", "3", "--generate", "normal",
                                          "--figure", figure, "--output", d(f"slide.{fmt}")], f"slide.{fmt}")
check("normalize", ["normalize", "--norm", "batch", "--input", outside("x.npy"), "--output", d("y.npy")], "y.npy")
# Written together: the running mean goes to a disk with room, the output to the full one; neither
# may appear.
check("normalize with running mean elsewhere",
      ["normalize", "--norm", "batch", "--input", outside("x.npy"), "--output", d("y.npy"),
       "--save-running-mean", outside("rm.npy")], "y.npy", more_files=[outside("rm.npy")])

for f in failures:
    print("FAIL", f)
print(f"{checks - min(len(failures), checks)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
