#!/usr/bin/env python3
"""Known PTX front-end issues found by the corpus tests, one minimal reproducer each. Every
file here is PTX that ptxas rejects and `ptxvm ptx` should reject (exit 1 with an error
diagnostic). Prints STILL ACCEPTED or FIXED per file; once a file is FIXED, move it into
tests/ptx-errors with its expected diagnostic (// ERROR: LINE:COL: text) and delete it here.
Usage: check.py PTXVM. Exit status 1 while any issue remains."""
import glob
import os
import subprocess
import sys

ptxvm = sys.argv[1]
remaining = 0
for path in sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), "*.ptx"))):
    with open(path, encoding="utf-8") as f:
        why = f.readline().lstrip("/ ").strip()
    r = subprocess.run([ptxvm, "ptx", path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=10)
    fixed = r.returncode == 1 and b"error" in r.stderr
    remaining += not fixed
    print(f"{'FIXED         ' if fixed else 'STILL ACCEPTED'} {os.path.basename(path)}: {why}")
print(f"{remaining} issues remain")
sys.exit(1 if remaining else 0)
