#!/usr/bin/env python3
"""Differential test of `ptxvm ptx` against NVIDIA's ptxas. Corpus PTX files get one-line
mutations, most of which keep the PTX valid (another register of the same class, a sibling
opcode, another rounding mode or comparison) and some of which break it (a dropped type, a
register of another class, an immediate where a register was). Each mutant goes to both:
  STRICT: ptxas accepts it but ptxvm rejects it: valid PTX refused, a failure;
  LAX:    ptxvm accepts it but ptxas rejects it: the verifier misses an error; reported, and
          a failure only with --fail-on-lax (the verifier's own target);
  WRAP:   ptxas accepts an immediate of 2^32 or more by wrapping it, ptxvm refuses it: noted;
  CRASH:  ptxvm exits with neither 0 nor 1, or takes more than 5 s: a failure.
ptxas is the reference for what is valid PTX for that target. Mutants that disagree are kept
in the build dir. Last line: "N passed, N failed"; exit status 1 on any failure."""

import argparse
import os
import random
import re
import subprocess
import sys
import time
from multiprocessing import Pool

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ptxcorpus as pc  # noqa: E402

# Small-to-medium whole-program files spanning the instruction families.
FILES = [
    ("atomics_int", "sm_75"), ("warp_vote", "sm_90"), ("textures", "sm_86"), ("bitops", "sm_80"),
    ("fp_intrinsics", "sm_80"), ("half", "sm_89"), ("inline_asm", "sm_80"), ("mma_asm", "sm_80"),
    ("int128", "sm_80"), ("barriers", "sm_80"), ("cp_async", "sm_80"), ("ldg_restrict", "sm_75"),
    ("surfaces", "sm_80"), ("clusters", "sm_90"), ("bf16", "sm_80"), ("volatile_fence", "sm_86"),
    ("int_divmod", "sm_80"), ("scan", "sm_90"),
]
TIMEOUT = 5.0
INSTR = re.compile(r"^(\s+(?:@!?%\w+\s+)?)([a-z][\w.:]*)(\s.*)?$")
REG = re.compile(r"%(r|rd|f|fd|p|rs|hh|h)(\d+)\b")
OTHER_CLASS = {"r": "%rd1", "rd": "%r1", "f": "%fd1", "fd": "%f1", "p": "%r1", "rs": "%r1", "hh": "%rd1",
               "h": "%fd1"}
SIBLINGS = [["add", "sub", "min", "max"], ["and", "or", "xor"], ["shl", "shr"], ["mul", "div"],
            [".rn", ".rz", ".rm", ".rp"], [".rni", ".rzi", ".rmi", ".rpi"],
            [".eq", ".ne", ".lt", ".le", ".gt", ".ge"], [".lo", ".ls", ".hi", ".hs"],
            [".s32", ".u32"], [".s64", ".u64"], [".s16", ".u16"], [".ca", ".cg", ".cs", ".lu", ".cv"],
            [".cta", ".gpu", ".sys"], [".relaxed", ".acquire", ".release"]]
IMMEDIATES = ["0", "1", "-1", "4294967296", "0f3F800000", "0d3FF0000000000000", "0x7fffffff"]


def instruction_lines(lines):
    out = []
    for i, line in enumerate(lines):
        s = line.strip()
        if not s or s.startswith(("//", ".", "{", "}", "$")) or s.endswith(":"):
            continue
        if INSTR.match(line):
            out.append(i)
    return out


def mutate(lines, idx, rng):
    """Changes one instruction line in place; returns its index or None if it could not."""
    i = rng.choice(idx)
    m = INSTR.match(lines[i])
    head, opcode, rest = m.group(1), m.group(2), m.group(3) or ""
    kind = rng.randrange(6)
    if kind == 0:  # a register of the same class, taken from elsewhere in the file (valid)
        regs = list(REG.finditer(rest))
        if not regs:
            return None
        r = rng.choice(regs)
        same = [x.group(0) for j in idx for x in REG.finditer(lines[j]) if x.group(1) == r.group(1)]
        rest = rest[:r.start()] + rng.choice(same) + rest[r.end():]
    elif kind == 1:  # a sibling opcode or modifier (usually valid)
        choices = [(g, x) for g in SIBLINGS for x in g if (x in opcode.split(".")[0:1] if not x.startswith(".")
                                                         else x in re.findall(r"\.\w+", opcode))]
        if not choices:
            return None
        group, old = rng.choice(choices)
        new = rng.choice([x for x in group if x != old])
        if old.startswith("."):
            opcode = re.sub(re.escape(old) + r"(?![\w])", new, opcode, count=1)
        else:
            opcode = new + opcode[len(old):]
    elif kind == 2:  # drop one suffix (usually invalid)
        parts = opcode.split(".")
        if len(parts) < 2:
            return None
        del parts[rng.randrange(1, len(parts))]
        opcode = ".".join(parts)
    elif kind == 3:  # a register of another class (invalid)
        regs = list(REG.finditer(rest))
        if not regs:
            return None
        r = rng.choice(regs)
        rest = rest[:r.start()] + OTHER_CLASS[r.group(1)] + rest[r.end():]
    elif kind == 4:  # a suffix borrowed from another instruction
        other = INSTR.match(lines[rng.choice(idx)]).group(2).split(".")[1:]
        parts = opcode.split(".")
        if len(parts) < 2 or not other:
            return None
        parts[rng.randrange(1, len(parts))] = rng.choice(other)
        opcode = ".".join(parts)
    else:  # an immediate in place of an operand
        ops = list(re.finditer(r"(?<=[ ,{\[\t])(%\w+|-?\d+)(?=[,;}\]])", rest))
        if not ops:
            return None
        o = rng.choice(ops)
        rest = rest[:o.start()] + rng.choice(IMMEDIATES) + rest[o.end():]
    new_line = head + opcode + rest
    if new_line == lines[i]:
        return None
    lines[i] = new_line
    return i


def run_case(args):
    label, arch, text, line_no, work, ptxvm, ptxas = args
    path = os.path.join(work, label + ".ptx")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    rc, _, err = pc.run_ptxvm(ptxvm, ["ptx", path], timeout=TIMEOUT)
    ref = subprocess.run([ptxas, f"-arch={arch}", path, "-o", os.devnull], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, timeout=120)
    line = text.split("\n")[line_no].strip()
    if rc not in (0, 1):
        how = "timed out" if rc is None else f"exit status {rc}"
        return label, "CRASH", f"{path}:{line_no + 1}: {line}\n    {how}: {err.decode(errors='replace')[-500:]}"
    ours, theirs = rc == 0, ref.returncode == 0
    if ours == theirs:
        os.unlink(path)
        return label, "AGREE", None
    if theirs:
        first = err.decode(errors="replace").split("\n")[0]
        if any(int(x) >= 1 << 32 for x in re.findall(r"(?<![\w.%])(\d{10,})\b", line)):
            # ptxas reads integer operands modulo 2^32 (bar 4294967296 is bar 0); refusing
            # an out-of-range immediate is the better behaviour, so this is no failure.
            return label, "WRAP", f"{path}:{line_no + 1}: {line}\n    ptxas wraps the immediate; ptxvm: {first}"
        return label, "STRICT", f"{path}:{line_no + 1}: {line}\n    ptxas accepts; ptxvm: {first}"
    said = ref.stdout.decode(errors="replace").strip().split("\n")
    first = next((x for x in said if "error" in x or "fatal" in x), said[0])
    return label, "LAX", f"{path}:{line_no + 1}: {line}\n    ptxvm accepts; {first}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    pc.parse_common_args(ap)
    ap.add_argument("--ptxas", required=True)
    ap.add_argument("--mutants", type=int, default=25, help="mutants per file")
    ap.add_argument("--seed", type=int, default=1127)
    ap.add_argument("--fail-on-lax", action="store_true", help="count LAX verdicts as failures")
    ap.add_argument("--max-report", type=int, default=25)
    args = ap.parse_args()
    start = time.time()
    by_name = {s.name: s for s in pc.find_sources(args.sources)}
    files = [(n, a) for n, a in FILES if not args.only or n in args.only]
    cache = os.path.join(args.build, "ptx-cache")
    work = os.path.join(args.build, "ptxas-diff-out")
    os.makedirs(work, exist_ok=True)
    for old in os.listdir(work):
        os.unlink(os.path.join(work, old))
    failures, counts = [], {"AGREE": 0, "STRICT": 0, "LAX": 0, "CRASH": 0, "WRAP": 0}
    lax = []
    with Pool(args.jobs) as pool:
        cases = []
        compiled = pool.map(pc.compile_job, [(pc.Job(by_name[n], a, []), args.nvcc, cache, None) for n, a in files])
        for job, ptx, err in compiled:
            if ptx is None:
                failures.append(f"{job.label}: nvcc failed:\n{err}")
                continue
            with open(ptx, encoding="utf-8") as f:
                lines = f.read().split("\n")
            idx = instruction_lines(lines)
            rng = random.Random(f"{args.seed}:{job.label}")
            made = tries = 0
            while made < args.mutants and tries < args.mutants * 20:
                tries += 1
                copy = list(lines)
                i = mutate(copy, idx, rng)
                if i is not None:
                    cases.append((f"{job.label}.m{made}", job.arch, "\n".join(copy), i, work, args.ptxvm, args.ptxas))
                    made += 1
        for label, verdict, detail in pool.imap_unordered(run_case, cases, chunksize=4):
            counts[verdict] += 1
            if verdict in ("STRICT", "CRASH") or (verdict == "LAX" and args.fail_on_lax):
                failures.append(f"{verdict} {label}: {detail}")
            elif verdict in ("LAX", "WRAP"):
                lax.append(f"{verdict} {label}: {detail}")
    failures.sort()
    for f in failures[:args.max_report]:
        print("FAIL " + f)
    if len(failures) > args.max_report:
        print(f"... and {len(failures) - args.max_report} more failures")
    for f in sorted(lax)[:10]:
        print("note: " + f)
    if len(lax) > 10:
        print(f"note: ... and {len(lax) - 10} more LAX mutants (run with --fail-on-lax to list them)")
    print(f"({len(cases)} mutants in {time.time() - start:.1f} s: {counts['AGREE']} agree with ptxas, "
          f"{counts['STRICT']} strict, {counts['LAX']} lax, {counts['WRAP']} wrapped by ptxas, "
          f"{counts['CRASH']} crashes)")
    passed = counts["AGREE"] + counts["WRAP"] + (0 if args.fail_on_lax else counts["LAX"])
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
