#!/usr/bin/env python3
"""CUDA programs built on Thrust, CUB, cooperative groups and libcu++ (tests/libs/*.cu) on
ptxvm. The machinery is tests/apps/run_apps.py's, imported as a module: the same markers
(// XFAIL: reason, // XFAIL(NAME=VALUE): reason, // TIMEOUT: seconds, // LINK: flags in
the first 30 lines), the same build (nvcc -cudart shared -arch=sm_75, in parallel, skipped
when the binary is newer than the source and the headers beside it) and the same verdict
(exit 0 and PASSED printed, no FAILED). Binaries go to BUILD/tests/libs.

One more marker: // FLAKY: reason (a known race: a failure is expected, a pass is a pass).
Thrust and CUB translation units take 20-90 s each in nvcc, so each .cu runs several
named cases ("<case>: ok" / "<case>: FAILED" lines) rather than being one case per file.
Programs run one after another (each already uses every core); compiles run -j at a time.
Usage: run_libs.py --build BUILD [--lib LIBDIR] [--config "PTXVM_GROUP=1"]... [-j N] [NAME...]
The last line printed is "N passed, N failed".
"""

import argparse
import concurrent.futures
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "apps"))
import run_apps  # noqa: E402

# run_apps reads its module-level HERE when it builds (headers beside the sources) and
# runs (working directory): point it at this folder.
run_apps.HERE = HERE


def flaky_reason(path):
    """`// FLAKY: reason` in the first lines: a known bug that makes the program fail only
    sometimes (a race). A failure then counts as expected, a pass as a pass (XFAIL would
    turn every lucky run into an XPASS)."""
    with open(path, encoding="utf-8", errors="replace") as f:
        for _, line in zip(range(run_apps.MARKER_LINES), f):
            m = re.match(r"\s*//\s*FLAKY:\s*(.*)", line)
            if m:
                return m.group(1).strip() or "no reason given"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True, help="build directory: binaries go to BUILD/tests/libs")
    ap.add_argument("--lib", default=None, help="ptxvm's libcuda.so.1/libcudart.so.13 (default: BUILD/lib)")
    ap.add_argument("--cuda-home", default=os.environ.get("CUDA_HOME", "/usr/local/cuda"))
    ap.add_argument("--nvcc", default=None, help="nvcc (default: CUDA_HOME/bin/nvcc)")
    ap.add_argument("--arch", default="sm_75")
    ap.add_argument("--config", action="append", default=None,
                    help='environment of one run, e.g. "PTXVM_GROUP=1"; repeatable (default: one plain run)')
    ap.add_argument("-j", "--jobs", type=int, default=2, help="parallel compiles and runs")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per run")
    ap.add_argument("--compile-only", action="store_true")
    ap.add_argument("names", nargs="*", help="only programs whose name contains one of these")
    ap.add_argument("--run-env", action="append", default=[], metavar="NAME=VALUE",
                    help="set in the programs' environment only (not nvcc's); repeatable")
    args = ap.parse_args()
    args.run_env = dict(item.split("=", 1) for item in args.run_env)
    args.build = os.path.abspath(args.build)
    args.lib = os.path.abspath(args.lib or os.path.join(args.build, "lib"))
    args.nvcc = args.nvcc or os.path.join(args.cuda_home, "bin", "nvcc")
    configs = args.config or [""]
    # No disk cache (PTXVM_CACHE_DIR) by default, though it would spare later runs the JIT
    # time of CUB's big kernels: with it, Thrust's long kernel names collide
    # (KNOWN_ISSUES.md 5). One set in the environment is passed on.

    out_dir = os.path.join(args.build, "tests", "libs")
    os.makedirs(out_dir, exist_ok=True)
    names = sorted(f[:-3] for f in os.listdir(HERE) if f.endswith(".cu"))
    if args.names:
        names = [n for n in names if any(s in n for s in args.names)]
    if not names:
        print("no programs selected")
        print("0 passed, 1 failed")
        return 1
    src = {n: os.path.join(HERE, n + ".cu") for n in names}
    exe = {n: os.path.join(out_dir, n) for n in names}
    markers = {n: run_apps.parse_markers(src[n]) for n in names}
    flaky = {n: flaky_reason(src[n]) for n in names}

    passed = failed = xfailed = 0
    report = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        builds = {pool.submit(run_apps.compile_one, args, src[n], exe[n], markers[n][0]): n for n in names}
        built = {}
        for fut in concurrent.futures.as_completed(builds):
            n = builds[fut]
            ok, log = fut.result()
            built[n] = ok
            if not ok:
                failed += 1
                report.append(f"FAIL {n} (compile)\n{run_apps.tail(log, 30)}")
        if args.compile_only:
            passed = sum(built.values())
        else:
            # Runs one at a time whatever -j says: each program's worker pool already
            # takes every core, and JIT time dominates, so parallel runs only blow timeouts.
            for n in names:
                if not built[n]:
                    continue
                for c in configs:
                    ok, rc, out, err, secs = run_apps.run_one(args, exe[n], run_apps.parse_env(c),
                                                              markers[n][2] or args.timeout)
                    label = f"{n} [{c}]" if c else n
                    reason = run_apps.xfail_reason(markers[n][1], run_apps.parse_env(c))
                    if reason is None and not ok and flaky[n]:
                        reason = "flaky: " + flaky[n]
                    cases = re.findall(r"^(\w+): (ok|FAILED)$", out, re.M)
                    summary = f"{sum(1 for _, v in cases if v == 'ok')}/{len(cases)} cases"
                    if ok and reason is None:
                        passed += 1
                        print(f"ok    {label} ({secs:.1f} s, {summary})", flush=True)
                    elif ok:
                        failed += 1
                        print(f"XPASS {label} ({secs:.1f} s): marked XFAIL ({reason}) but passes", flush=True)
                    elif reason is not None:
                        xfailed += 1
                        print(f"xfail {label} ({secs:.1f} s, {summary}): {reason}", flush=True)
                    else:
                        failed += 1
                        bad = ", ".join(k for k, v in cases if v != "ok")
                        print(f"FAIL  {label} ({secs:.1f} s, exit {rc}, {summary}{': ' + bad if bad else ''})",
                              flush=True)
                        report.append(f"FAIL {label} exit {rc}\n  stdout:\n{run_apps.tail(out, 15)}\n"
                                      f"  stderr:\n{run_apps.tail(err, 15)}")
    for r in report:
        print(r)
    if xfailed:
        print(f"{xfailed} expected failure(s)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
