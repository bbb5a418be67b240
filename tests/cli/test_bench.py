#!/usr/bin/python3
"""`normscope bench` prints one honest line per measurement (no timing assertions: CI is noisy)."""
import re
import subprocess
import sys

proc = subprocess.run([sys.argv[1], "bench", "--shape", "2,32,8,8", "--repeat", "3", "--threads", "1"],
                      capture_output=True, text=True)
names = ["batch_train", "batch_eval", "layer", "instance", "group", "histogram", "live_update"]
lines = proc.stdout.strip().splitlines()
ok = proc.returncode == 0 and [l.split()[1] for l in lines] == names and all(
    re.fullmatch(r"bench \w+ \d+\.\d{3} ms", l) for l in lines)
bad = subprocess.run([sys.argv[1], "bench", "--shape", "2,3"], capture_output=True, text=True)
ok_bad = 1 <= bad.returncode <= 127 and len(bad.stderr.strip().splitlines()) == 1
print(proc.stdout, proc.stderr, bad.stderr)
print(f"{int(ok) + int(ok_bad)} passed, {2 - int(ok) - int(ok_bad)} failed")
sys.exit(0 if ok and ok_bad else 1)
