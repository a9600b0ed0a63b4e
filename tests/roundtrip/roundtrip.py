#!/usr/bin/env python3
"""PTX round trip over the corpus: every tests/ptx-sources/*.cu is compiled by nvcc to PTX for
sm_75/80/86/89/90 (plus the -G/-lineinfo variants its comments ask for), and for each PTX X:
  `ptxvm ptx X`  exits 0 and prints P1;  `ptxvm ptx P1`  exits 0 and prints exactly P1.
The printer's output must be a fixed point of parse+verify+print. With --ptxas, P1 must also
assemble (ptxas) to the very same cubin bytes as nvcc's PTX, which shows that printing lost
nothing ptxas cares about. Plain whole-program builds only: -G/-lineinfo cubins and -rdc ones
(names of function-local .shared variables) record PTX line numbers, which printing changes. nvcc outputs are cached in
the build dir (keyed by source mtime and flags) so reruns cost only the ptxvm runs.
Last line: "N passed, N failed"; the exit status is 1 on any failure.
Known failures go in expected-failures.txt (one label and reason per line); they are
reported but do not fail the run, and one that passes is an error (remove its line)."""

import argparse
import os
import subprocess
import sys
from multiprocessing import Pool

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ptxcorpus as pc  # noqa: E402


def assemble(ptxas, job, ptx, cubin):
    args = [ptxas, f"-arch={job.arch}", ptx, "-o", cubin]
    r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    return r.returncode == 0, r.stdout.decode(errors="replace")


def same_cubin(job, ptx, p1_path, ptxas):
    """None when ptxas makes the same cubin from nvcc's PTX and from the printed PTX."""
    ref = ptx + ".cubin"  # the cache name is keyed by source and flags, so this can be reused
    if not os.path.exists(ref):
        ok, log = assemble(ptxas, job, ptx, ref + ".tmp")
        if not ok:
            return f"ptxas rejects nvcc's own PTX {ptx}:\n{log}"
        os.replace(ref + ".tmp", ref)
    mine = p1_path + ".cubin"
    ok, log = assemble(ptxas, job, p1_path, mine)
    if not ok:
        return f"ptxas rejects the printed PTX {p1_path}:\n{log}"
    with open(ref, "rb") as f1, open(mine, "rb") as f2:
        if f1.read() != f2.read():
            return f"the printed PTX assembles to a different cubin than nvcc's ({mine} vs {ref})"
    os.unlink(mine)
    return None


def check_one(args):
    job, ptx, out_dir, ptxvm, ptxas = args
    rc, p1, err = pc.run_ptxvm(ptxvm, ["ptx", ptx])
    if rc != 0:
        how = "timed out" if rc is None else f"exited {rc}"
        return job, f"`ptxvm ptx {os.path.basename(ptx)}` {how}:\n{tail(err)}"
    if not p1.strip():
        return job, "`ptxvm ptx` printed nothing"
    p1_path = os.path.join(out_dir, job.label + ".p1.ptx")
    with open(p1_path, "wb") as f:
        f.write(p1)
    rc, p2, err = pc.run_ptxvm(ptxvm, ["ptx", p1_path])
    if rc != 0:
        how = "timed out" if rc is None else f"exited {rc}"
        return job, f"printed PTX does not parse again (`ptxvm ptx {p1_path}` {how}):\n{tail(err)}"
    if p2 != p1:
        with open(os.path.join(out_dir, job.label + ".p2.ptx"), "wb") as f:
            f.write(p2)
        return job, f"print is not a fixed point ({p1_path} vs .p2.ptx):\n" + pc.first_difference(p1, p2)
    if ptxas and not job.extra and "-rdc=true" not in job.source.flags:
        problem = same_cubin(job, ptx, p1_path, ptxas)
        if problem:
            return job, problem
    return job, None


def tail(err, lines=12):
    text = err.decode(errors="replace").rstrip("\n").split("\n")
    return "\n".join("    " + line for line in text[:lines]) + ("\n    ..." if len(text) > lines else "")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    pc.parse_common_args(ap)
    ap.add_argument("--expected-failures", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                                "expected-failures.txt"))
    ap.add_argument("--ptxas", help="also require ptxas to make identical cubins from nvcc's and the printed PTX")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args()
    sources = pc.select_sources(args)
    expected = pc.load_expected_failures(args.expected_failures)
    cache = os.path.join(args.build, "ptx-cache")
    out_dir = os.path.join(args.build, "roundtrip-out")
    os.makedirs(out_dir, exist_ok=True)
    jobs = pc.ptx_jobs(sources)

    passed = failed = xfailed = 0
    failures = []
    with Pool(args.jobs) as pool:
        compiled = pool.map(pc.compile_job, [(j, args.nvcc, cache, None) for j in jobs], chunksize=1)
        todo = []
        for job, ptx, err in compiled:
            if ptx is None:
                failures.append((job, "nvcc failed:\n" + err))
            else:
                todo.append((job, ptx, out_dir, args.ptxvm, args.ptxas))
        for job, problem in pool.imap_unordered(check_one, todo, chunksize=1):
            reason = pc.expected_reason(expected, job)
            if problem is None and reason:
                failures.append((job, f"passes but is listed in expected-failures ({reason}): remove the line"))
            elif problem is None:
                passed += 1
                if args.verbose:
                    print(f"ok   {job.label}")
            elif reason:
                xfailed += 1
                print(f"xfail {job.label}: {reason}")
            else:
                failures.append((job, problem))
    for job, problem in sorted(failures, key=lambda f: f[0].label):
        failed += 1
        print(f"FAIL {job.label}: {problem}")
    if xfailed:
        print(f"{xfailed} expected failures (expected-failures.txt)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
