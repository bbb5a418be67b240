#!/usr/bin/python3
"""`normscope bench` prints one honest line per measurement (no timing assertions: CI is noisy)."""
import re
import subprocess
import sys

proc = subprocess.run([sys.argv[1], "bench", "--shape", "2,32,8,8", "--repeat", "3", "--threads", "1",
                       "--lab-shape", "4,6,8,8"], capture_output=True, text=True)
names = ["batch_train", "batch_eval", "layer", "instance", "group", "rms", "histogram", "live_update",
         "running_stats_100", "running_stats_replay", "batch_size_sweep", "batch_size_update"]
lines = proc.stdout.strip().splitlines()
header = lines.pop(0) if lines else ""
ok_header = re.fullmatch(r"# simd (AVX2|SSE4|SCALAR), threads 1", header) is not None
# The tensor benches add the cost per value: 2*32*8*8 = 4096 values, so ns/value = ms * 1e6 / 4096
# (up to the rounding of the printed milliseconds).
per_value = [re.fullmatch(r"bench \w+ (\d+\.\d{3}) ms (\d+\.\d{3}) ns/value", l) for l in lines[:8]]
ok = ok_header and proc.returncode == 0 and [l.split()[1] for l in lines] == names and all(
    re.fullmatch(r"bench \w+ \d+\.\d{3} ms", l) for l in lines[8:]) and all(per_value) and all(
    abs(float(m.group(2)) - float(m.group(1)) * 1e6 / 4096) <= (0.0005 * 1e6 + 0.0005) / 4096 + 0.0005
    for m in per_value)
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
# --simd runs the fallback kernels; an instruction set the program lacks is refused in one line.
scalar = subprocess.run([sys.argv[1], "bench", "--shape", "2,32,8,8", "--repeat", "1", "--threads", "2", "--simd",
                         "scalar"], capture_output=True, text=True)
ok_bad = ok_bad and scalar.returncode == 0 and scalar.stdout.startswith("# simd SCALAR, threads 2\n")
# --no-labs times the tensor only.
no_labs = subprocess.run([sys.argv[1], "bench", "--shape", "2,32,8,8", "--repeat", "1", "--no-labs"],
                         capture_output=True, text=True)
ok_bad = ok_bad and no_labs.returncode == 0 and [l.split()[1] for l in no_labs.stdout.splitlines()[1:]] == names[:8]
avx512 = subprocess.run([sys.argv[1], "bench", "--shape", "2,32,8,8", "--simd", "AVX512"], capture_output=True, text=True)
ok_bad = ok_bad and 1 <= avx512.returncode <= 127 and avx512.stdout == "" and len(avx512.stderr.strip().splitlines()) == 1
print(proc.stdout, proc.stderr, bad.stderr, bad_lab.stderr, scalar.stdout, avx512.stderr)
print(f"{int(ok) + int(ok_bad)} passed, {2 - int(ok) - int(ok_bad)} failed")
sys.exit(0 if ok and ok_bad else 1)
