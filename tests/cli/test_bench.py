#!/usr/bin/python3
"""`normscope bench` prints one honest line per measurement (no timing assertions: CI is noisy)."""
import re
import subprocess
import sys

proc = subprocess.run([sys.argv[1], "bench", "--shape", "2,32,8,8", "--repeat", "3", "--threads", "1",
                       "--lab-shape", "4,6,8,8"], capture_output=True, text=True)
names = ["batch_train", "batch_eval", "layer", "instance", "group", "histogram", "live_update",
         "running_stats_100", "running_stats_replay", "batch_size_sweep", "batch_size_update"]
lines = proc.stdout.strip().splitlines()
ok = proc.returncode == 0 and [l.split()[1] for l in lines] == names and all(
    re.fullmatch(r"bench \w+ \d+\.\d{3} ms", l) for l in lines)
bad = subprocess.run([sys.argv[1], "bench", "--shape", "2,3"], capture_output=True, text=True)
ok_bad = 1 <= bad.returncode <= 127 and len(bad.stderr.strip().splitlines()) == 1
# A --groups that does not divide C is refused before anything is timed.
bad_groups = subprocess.run([sys.argv[1], "bench", "--shape", "2,32,8,8", "--groups", "5", "--repeat", "1"],
                            capture_output=True, text=True)
ok_bad = ok_bad and 1 <= bad_groups.returncode <= 127 and bad_groups.stdout == "" and "divisible" in bad_groups.stderr
# A lab population BatchNorm cannot train on (one value per channel) is refused in PyTorch's words.
bad_lab = subprocess.run([sys.argv[1], "bench", "--shape", "2,32,8,8", "--lab-shape", "1,6,1,1", "--repeat", "1"],
                         capture_output=True, text=True)
ok_bad = ok_bad and 1 <= bad_lab.returncode <= 127 and bad_lab.stdout == "" and "more than 1 value" in bad_lab.stderr
print(proc.stdout, proc.stderr, bad.stderr)
print(f"{int(ok) + int(ok_bad)} passed, {2 - int(ok) - int(ok_bad)} failed")
sys.exit(0 if ok and ok_bad else 1)
