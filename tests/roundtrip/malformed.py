#!/usr/bin/env python3
"""Robustness of `ptxvm ptx` on broken input. For a handful of corpus PTX files, every
truncation at ~200 evenly spaced points and ~300 seeded random mutations (byte flips,
insertions of PTX punctuation or random bytes, deletions, duplicated chunks) are fed to
`ptxvm ptx`. Each run must exit 0 or 1 within 5 s (never a signal); on 1, every
diagnostic line must read `FILE:LINE:COL: error|unsupported|warning|note: ...` and one must
be an error; on 0, the printed PTX must print back to itself (the round trip holds for
whatever the parser accepts). A failing input is kept in the build dir to reproduce it.
Last line: "N passed, N failed"; exit status 1 on any failure."""

import argparse
import os
import random
import sys
import time
from multiprocessing import Pool

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ptxcorpus as pc  # noqa: E402

# (source, arch, extra flags): small files with different shapes of PTX (atomics, call
# prototypes and function-address initialisers, textures, sm_90 text, DWARF sections).
FILES = [
    ("atomics_int", "sm_75", []),
    ("function_pointers", "sm_80", []),
    ("device_globals", "sm_80", []),
    ("textures", "sm_86", []),
    ("warp_vote", "sm_90", []),
    ("debug_build", "sm_80", ["-G"]),
]
TRUNCATIONS = 200
MUTATIONS = 300
TIMEOUT = 5.0
PUNCT = b";{}[]()<>,.:%@!_+-=|&^~\"'\n\t /*0123456789"
WORDS = [b".reg", b".b32", b".param", b".entry", b"{", b"}", b"%r", b"[", b"]", b";", b"0f7FC00000", b"@%p",
         b".func", b".global", b"0x", b"-", b"99999999999999999999", b"\\", b"\"", b"//", b"/*", b".loc",
         b".version 99.99", b".target sm_1000", b".align 0", b"<2147483647>", b"\x00", b"\xff\xfe"]


def mutate(data, rng):
    data = bytearray(data)
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        pos = rng.randrange(len(data) + 1)
        kind = rng.randrange(6)
        if kind == 0 and data:  # flip one bit
            pos = min(pos, len(data) - 1)
            data[pos] ^= 1 << rng.randrange(8)
        elif kind == 1 and data:  # replace one byte with any byte
            data[min(pos, len(data) - 1)] = rng.randrange(256)
        elif kind == 2:  # insert PTX punctuation
            data[pos:pos] = bytes([rng.choice(PUNCT)])
        elif kind == 3:  # insert a token that tends to reach deeper parser paths
            data[pos:pos] = rng.choice(WORDS)
        elif kind == 4:  # delete up to 16 bytes
            del data[pos:pos + rng.randrange(1, 17)]
        else:  # duplicate a chunk elsewhere (repeated declarations, nested blocks)
            n = rng.randrange(1, 64)
            start = rng.randrange(max(1, len(data) - n))
            data[pos:pos] = data[start:start + n]
    return bytes(data)


def run_case(args):
    label, data, work, ptxvm = args
    path = os.path.join(work, label + ".ptx")
    with open(path, "wb") as f:
        f.write(data)
    rc, out, err = pc.run_ptxvm(ptxvm, ["ptx", path], timeout=TIMEOUT)
    problem = None
    if rc is None:
        problem = f"took more than {TIMEOUT:g} s"
    elif rc < 0:
        problem = f"killed by signal {-rc}:\n{err.decode(errors='replace')[-1500:]}"
    elif rc == 1:
        bad = pc.check_diagnostics(err)
        if bad:
            problem = f"exit 1 with a malformed diagnostic line: {bad!r}"
    elif rc == 0:
        p1 = path[:-4] + ".p1.ptx"
        with open(p1, "wb") as f:
            f.write(out)
        rc2, out2, err2 = pc.run_ptxvm(ptxvm, ["ptx", p1], timeout=TIMEOUT)
        if rc2 != 0:
            problem = f"accepted, but its printed PTX does not parse (exit {rc2}):\n" + \
                err2.decode(errors="replace")[:1500]
        elif out2 != out:
            problem = "accepted, but print is not a fixed point:\n" + pc.first_difference(out, out2)
        else:
            os.unlink(p1)
    else:
        problem = f"exit status {rc} (want 0 or 1):\n{err.decode(errors='replace')[-1500:]}"
    if problem is None:
        os.unlink(path)  # keep only the inputs that fail, to reproduce them
    return label, problem, rc


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    pc.parse_common_args(ap)
    ap.add_argument("--seed", type=int, default=20261127)
    ap.add_argument("--max-report", type=int, default=30, help="failures printed in full")
    args = ap.parse_args()
    start = time.time()
    by_name = {s.name: s for s in pc.find_sources(args.sources)}
    jobs = []
    for name, arch, extra in FILES:
        if args.only and name not in args.only:
            continue
        jobs.append(pc.Job(by_name[name], arch, extra))
    cache = os.path.join(args.build, "ptx-cache")
    work = os.path.join(args.build, "malformed-out")
    os.makedirs(work, exist_ok=True)
    for old in os.listdir(work):
        os.unlink(os.path.join(work, old))
    failures = []
    passed = 0
    with Pool(args.jobs) as pool:
        cases = []
        for job, ptx, err in pool.map(pc.compile_job, [(j, args.nvcc, cache, None) for j in jobs]):
            if ptx is None:
                failures.append((job.label, "nvcc failed:\n" + err))
                continue
            with open(ptx, "rb") as f:
                data = f.read()
            n = len(data)
            points = sorted({n * k // TRUNCATIONS for k in range(TRUNCATIONS)})
            cases += [(f"{job.label}.trunc{p}", data[:p], work, args.ptxvm) for p in points]
            rng = random.Random(f"{args.seed}:{job.label}")
            cases += [(f"{job.label}.mut{k}", mutate(data, rng), work, args.ptxvm) for k in range(MUTATIONS)]
        outcomes = {}
        for label, problem, rc in pool.imap_unordered(run_case, cases, chunksize=8):
            outcomes[rc] = outcomes.get(rc, 0) + 1
            if problem:
                failures.append((label, problem))
            else:
                passed += 1
    failures.sort()
    for label, problem in failures[:args.max_report]:
        print(f"FAIL {label} ({os.path.join(work, label + '.ptx')}): {problem}")
    if len(failures) > args.max_report:
        print(f"... and {len(failures) - args.max_report} more failures")
    print(f"({len(cases)} inputs in {time.time() - start:.1f} s: {outcomes.get(0, 0)} accepted, "
          f"{outcomes.get(1, 0)} rejected)")
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
