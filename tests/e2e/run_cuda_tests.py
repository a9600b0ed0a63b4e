#!/usr/bin/env python3
"""End-to-end CUDA suite: builds every tests/cuda/*.cu and examples/*.cu with nvcc (-cudart
shared) into <build>/tests/<dir>/ (in parallel, rebuilt only when a source or a header beside
it is newer), runs each on ptxvm (LD_LIBRARY_PATH=<build>/lib first) under several
configurations with a timeout, and checks that it exits 0 and prints PASSED.

Markers a test file may carry in its first lines:
  // LINK: -lcuda -lnvrtc     extra link flags (the driver API / NVRTC programs)
  // XFAIL: reason            expected to fail until the pieces it needs exist; a failure
                              is not counted, a pass is reported as XPASS
  // XFAIL(PTXVM_GROUP=1): reason   the same, only in configurations that set all of the
                              NAME=VALUE pairs given (several XFAIL lines may coexist)
Usage: run_cuda_tests.py --build BUILD [--config "PTXVM_GROUP=1 PTXVM_THREADS=2"]... [NAME...]
The last line printed is "N passed, N failed".
"""

import argparse
import concurrent.futures
import os
import re
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIRS = [os.path.normpath(os.path.join(HERE, "..", "cuda")),
               os.path.normpath(os.path.join(HERE, "..", "..", "examples"))]
DEFAULT_CONFIGS = [
    "PTXVM_GROUP=32 PTXVM_THREADS=2",
    "PTXVM_GROUP=1 PTXVM_THREADS=2",
    "PTXVM_GROUP=32 PTXVM_THREADS=1",
]
MARKER_LINES = 30  # markers are looked for in the first lines only


def parse_markers(path):
    """Returns (extra link flags, [(config pairs the XFAIL applies to, reason)])."""
    link, xfails = [], []
    with open(path, encoding="utf-8", errors="replace") as f:
        for _, line in zip(range(MARKER_LINES), f):
            m = re.match(r"\s*//\s*LINK:\s*(.*)", line)
            if m:
                link += shlex.split(m.group(1))
            m = re.match(r"\s*//\s*XFAIL(?:\(([^)]*)\))?:\s*(.*)", line)
            if m:
                when = parse_config(m.group(1).replace(",", " ")) if m.group(1) else {}
                xfails.append((when, m.group(2).strip() or "no reason given"))
    return link, xfails


def xfail_reason(xfails, config):
    env = parse_config(config)
    for when, reason in xfails:
        if all(env.get(k) == v for k, v in when.items()):
            return reason
    return None


def parse_config(text):
    env = {}
    for item in shlex.split(text):
        if "=" not in item:
            raise SystemExit(f"bad --config item '{item}': expected NAME=VALUE")
        key, value = item.split("=", 1)
        env[key] = value
    return env


def newest_mtime(paths):
    return max(os.path.getmtime(p) for p in paths)


def compile_one(args, src, out, link):
    """Builds src into out unless out is newer than src and the headers beside it."""
    src_dir = os.path.dirname(src)
    headers = [os.path.join(src_dir, h) for h in os.listdir(src_dir) if h.endswith(".h")]
    if os.path.exists(out) and os.path.getmtime(out) >= newest_mtime([src] + headers):
        return True, "(cached)"
    cmd = [args.nvcc, "-cudart", "shared", f"-arch={args.arch}", "-o", out, src]
    if link:
        cuda_lib = os.path.join(args.cuda_home, "lib64")
        cmd += [f"-L{cuda_lib}", f"-L{os.path.join(cuda_lib, 'stubs')}"] + link
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return False, "nvcc timed out"
    if p.returncode != 0:
        if os.path.exists(out):
            os.unlink(out)
        return False, " ".join(shlex.quote(c) for c in cmd) + "\n" + p.stdout + p.stderr
    return True, ""


def run_one(args, exe, config):
    env = dict(os.environ)
    lib = os.path.join(args.build, "lib")
    # ptxvm's libcuda.so.1 / libcudart.so.13 first; the toolkit's lib64 after it for NVRTC.
    paths = [lib, os.path.join(args.cuda_home, "lib64")]
    if env.get("LD_LIBRARY_PATH"):
        paths.append(env["LD_LIBRARY_PATH"])
    env["LD_LIBRARY_PATH"] = ":".join(paths)
    env.update(parse_config(config))
    env.update(args.run_env)  # sanitized builds: the runtime preloaded (tests/CMakeLists.txt)
    start = time.monotonic()
    try:
        p = subprocess.run([exe], capture_output=True, env=env, timeout=args.timeout,
                           stdin=subprocess.DEVNULL)
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        rc = p.returncode
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        err = (e.stderr or b"").decode("utf-8", "replace") + f"\n[timed out after {args.timeout} s]"
        rc = None
    seconds = time.monotonic() - start
    ok = rc == 0 and re.search(r"\bPASSED\b", out) is not None and "FAILED" not in out
    if rc is not None and rc < 0:
        err += f"\n[killed by signal {-rc}]"
    return ok, rc, out, err, seconds


def tail(text, lines):
    parts = text.rstrip("\n").split("\n")
    if len(parts) > lines:
        parts = [f"... ({len(parts) - lines} lines omitted)"] + parts[-lines:]
    return "\n".join("    " + p for p in parts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True, help="ptxvm build directory (has lib/)")
    ap.add_argument("--source", action="append", default=None,
                    help="directory of .cu programs; repeatable (default: tests/cuda and examples)")
    ap.add_argument("--cuda-home", default=os.environ.get("CUDA_HOME", "/usr/local/cuda"))
    ap.add_argument("--nvcc", default=None, help="nvcc (default: CUDA_HOME/bin/nvcc)")
    ap.add_argument("--arch", default="sm_75")
    ap.add_argument("--config", action="append", default=None,
                    help='environment for one run, e.g. "PTXVM_GROUP=1 PTXVM_THREADS=2"; repeatable')
    ap.add_argument("-j", "--jobs", type=int, default=2, help="parallel compiles and runs")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per run")
    ap.add_argument("--compile-only", action="store_true", help="build the programs, run nothing")
    ap.add_argument("names", nargs="*", help="only tests whose name contains one of these")
    ap.add_argument("--run-env", action="append", default=[], metavar="NAME=VALUE",
                    help="set in the programs' environment only (not nvcc's); repeatable")
    args = ap.parse_args()
    args.run_env = dict(item.split("=", 1) for item in args.run_env)
    args.build = os.path.abspath(args.build)
    args.nvcc = args.nvcc or os.path.join(args.cuda_home, "bin", "nvcc")
    configs = args.config or DEFAULT_CONFIGS

    # A test is a display name with its source and its binary under <build>/tests/<dir>/.
    sources, binaries = {}, {}
    for i, src_dir in enumerate(args.source or SOURCE_DIRS):
        src_dir = os.path.abspath(src_dir)
        if not os.path.isdir(src_dir):
            continue
        out_dir = os.path.join(args.build, "tests", os.path.basename(src_dir))
        os.makedirs(out_dir, exist_ok=True)
        for f in sorted(os.listdir(src_dir)):
            if not f.endswith(".cu"):
                continue
            name = f[:-3] if i == 0 else f"{os.path.basename(src_dir)}/{f[:-3]}"
            sources[name] = os.path.join(src_dir, f)
            binaries[name] = os.path.join(out_dir, f[:-3])
    tests = list(sources)
    if args.names:
        tests = [t for t in tests if any(n in t for n in args.names)]
    if not tests:
        print("no tests selected")
        print("0 passed, 1 failed")
        return 1
    markers = {t: parse_markers(sources[t]) for t in tests}

    passed = failed = xfailed = xpassed = 0
    failures, xpasses = [], []
    built = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        jobs = {pool.submit(compile_one, args, sources[t], binaries[t], markers[t][0]): t
                for t in tests}
        for fut in concurrent.futures.as_completed(jobs):
            t = jobs[fut]
            ok, log = fut.result()
            built[t] = ok
            if not ok:
                failed += 1
                failures.append(f"FAIL {t} (compile)\n{tail(log, 40)}")
        if args.compile_only:
            passed = sum(1 for ok in built.values() if ok)
        else:
            runs = {}
            for t in tests:
                if built[t]:
                    for c in configs:
                        runs[pool.submit(run_one, args, binaries[t], c)] = (t, c)
            results = {}
            for fut in concurrent.futures.as_completed(runs):
                results[runs[fut]] = fut.result()
            for t in tests:
                if not built[t]:
                    continue
                for c in configs:
                    ok, rc, out, err, secs = results[(t, c)]
                    xfail = xfail_reason(markers[t][1], c)
                    label = f"{t} [{c}]"
                    if ok and xfail:
                        xpassed += 1
                        xpasses.append(f"XPASS {label} ({secs:.1f} s): marked XFAIL ({xfail})")
                    elif ok:
                        passed += 1
                    elif xfail:
                        xfailed += 1
                    else:
                        failed += 1
                        failures.append(f"FAIL {label} exit {rc} ({secs:.1f} s)\n"
                                        f"  stdout:\n{tail(out, 30)}\n  stderr:\n{tail(err, 20)}")
    for f in failures:
        print(f)
    for x in xpasses:
        print(x)
    if xfailed or xpassed:
        print(f"{xfailed} expected failures, {xpassed} unexpected passes (remove their XFAIL)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
