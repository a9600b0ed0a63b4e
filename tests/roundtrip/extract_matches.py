#!/usr/bin/env python3
"""The PTX that `ptxvm fatbin PROGRAM --extract DIR` takes out of an nvcc-built program must be
the PTX nvcc would print: for each corpus source marked `// ROUNDTRIP: EXTRACT`, build
  nvcc -cudart shared -gencode arch=compute_80,code=compute_80 SRC stub_main.cpp
extract its PTX entry, and check that `ptxvm ptx` prints it exactly as it prints
`nvcc -ptx -arch=compute_80 SRC` (same IR, whatever comments or compression the fatbinary
added). Last line: "N passed, N failed"; exit status 1 on any failure."""

import argparse
import glob
import os
import shutil
import sys
from multiprocessing import Pool

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ptxcorpus as pc  # noqa: E402

ARCH = "compute_80"


def check(args):
    src_name, program, ref_ptx, out_dir, ptxvm = args
    dest = os.path.join(out_dir, src_name)
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    rc, out, err = pc.run_ptxvm(ptxvm, ["fatbin", program, "--extract", dest])
    if rc != 0:
        return src_name, f"`ptxvm fatbin {program} --extract` exited {rc}:\n{err.decode(errors='replace')}"
    found = sorted(glob.glob(os.path.join(dest, "*.ptx")))
    if len(found) != 1:
        return src_name, f"expected one extracted PTX file for {ARCH}, found {len(found)}: {found}\n" \
                         f"{out.decode(errors='replace')}"
    extracted = found[0]
    rc, p_ext, err = pc.run_ptxvm(ptxvm, ["ptx", extracted])
    if rc != 0:
        return src_name, f"`ptxvm ptx {extracted}` exited {rc}:\n{err.decode(errors='replace')[:2000]}"
    rc, p_ref, err = pc.run_ptxvm(ptxvm, ["ptx", ref_ptx])
    if rc != 0:
        return src_name, f"`ptxvm ptx {ref_ptx}` exited {rc}:\n{err.decode(errors='replace')[:2000]}"
    if p_ext != p_ref:
        return src_name, f"extracted {extracted} prints differently from {ref_ptx}:\n" + \
            pc.first_difference(p_ref, p_ext)
    return src_name, None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    pc.parse_common_args(ap)
    args = ap.parse_args()
    sources = [s for s in pc.select_sources(args) if s.extract]
    if not sources:
        sys.exit("no source is marked // ROUNDTRIP: EXTRACT")
    stub = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stub_main.cpp")
    cache = os.path.join(args.build, "extract-cache")
    out_dir = os.path.join(args.build, "extract-out")
    os.makedirs(out_dir, exist_ok=True)
    jobs = []
    for s in sources:
        jobs.append((pc.Job(s, ARCH, [], kind="program"), args.nvcc, cache, stub))
        jobs.append((pc.Job(s, ARCH, [], kind="ptx"), args.nvcc, cache, None))
    failures = []
    with Pool(args.jobs) as pool:
        built = {}
        for job, path, err in pool.map(pc.compile_job, jobs, chunksize=1):
            if path is None:
                failures.append((job.source.name, f"nvcc ({job.kind}) failed:\n{err}"))
            built[(job.source.name, job.kind)] = path
        todo = [(s.name, built[(s.name, "program")], built[(s.name, "ptx")], out_dir, args.ptxvm) for s in sources
                if built.get((s.name, "program")) and built.get((s.name, "ptx"))]
        results = pool.map(check, todo, chunksize=1)
    passed = 0
    for name, problem in results:
        if problem:
            failures.append((name, problem))
        else:
            passed += 1
    for name, problem in sorted(failures):
        print(f"FAIL {name}: {problem}")
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
