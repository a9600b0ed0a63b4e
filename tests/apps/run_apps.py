#!/usr/bin/env python3
"""Application-style CUDA programs (tests/apps/*.cu) on ptxvm: builds each with
`nvcc -cudart shared -arch=sm_75` (in parallel, skipped when the binary is newer than the
source and the headers beside it), runs it with LD_LIBRARY_PATH=<build>/lib, and checks
that it exits 0 and prints PASSED.

Markers a source may carry in its first 30 lines:
  // LINK: -lcuda                   extra link flags (driver-API programs)
  // XFAIL: reason                  expected to fail; a failure is not counted, a pass is
                                    reported as XPASS and counts as a failure, so the
                                    marker gets removed once the bug is fixed
  // XFAIL(PTXVM_GROUP=1): reason   the same, only when the run's environment has all the
                                    NAME=VALUE pairs given
  // TIMEOUT: seconds               a longer limit than --timeout for this program (for
                                    programs whose JIT time is a known issue)
Usage: run_apps.py --build BUILD [--lib LIBDIR] [--config "PTXVM_GROUP=1"]... [-j N] [NAME...]
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
MARKER_LINES = 30


def parse_env(text):
    env = {}
    for item in shlex.split(text or ""):
        if "=" not in item:
            raise SystemExit(f"bad config item '{item}': expected NAME=VALUE")
        k, v = item.split("=", 1)
        env[k] = v
    return env


def parse_markers(path):
    link, xfails, timeout = [], [], None
    with open(path, encoding="utf-8", errors="replace") as f:
        for _, line in zip(range(MARKER_LINES), f):
            m = re.match(r"\s*//\s*LINK:\s*(.*)", line)
            if m:
                link += shlex.split(m.group(1))
            m = re.match(r"\s*//\s*XFAIL(?:\(([^)]*)\))?:\s*(.*)", line)
            if m:
                when = parse_env(m.group(1).replace(",", " ")) if m.group(1) else {}
                xfails.append((when, m.group(2).strip() or "no reason given"))
            m = re.match(r"\s*//\s*TIMEOUT:\s*([0-9.]+)", line)
            if m:
                timeout = float(m.group(1))
    return link, xfails, timeout


def xfail_reason(xfails, env):
    for when, reason in xfails:
        if all(env.get(k) == v for k, v in when.items()):
            return reason
    return None


def compile_one(args, src, out, link):
    deps = [src] + [os.path.join(HERE, h) for h in os.listdir(HERE) if h.endswith((".h", ".cuh"))]
    if os.path.exists(out) and os.path.getmtime(out) >= max(os.path.getmtime(p) for p in deps):
        return True, "(cached)"
    cmd = [args.nvcc, "-cudart", "shared", f"-arch={args.arch}", "-o", out + ".tmp", src]
    if link:
        lib = os.path.join(args.cuda_home, "lib64")
        cmd += [f"-L{lib}", f"-L{os.path.join(lib, 'stubs')}"] + link
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return False, "nvcc timed out"
    if p.returncode != 0:
        return False, " ".join(shlex.quote(c) for c in cmd) + "\n" + p.stdout + p.stderr
    os.replace(out + ".tmp", out)  # a killed build never leaves a stale binary behind
    return True, ""


def run_one(args, exe, env_extra, timeout):
    env = dict(os.environ)
    paths = [args.lib]
    if env.get("LD_LIBRARY_PATH"):
        paths.append(env["LD_LIBRARY_PATH"])
    env["LD_LIBRARY_PATH"] = ":".join(paths)
    env["APPS_PTX_DIR"] = HERE
    env.update(env_extra)
    env.update(args.run_env)  # sanitized builds: the runtime preloaded (tests/CMakeLists.txt)
    start = time.monotonic()
    try:
        p = subprocess.run([exe], capture_output=True, env=env,
                           stdin=subprocess.DEVNULL, cwd=HERE, timeout=timeout)
        out, err, rc = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"), p.returncode
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        err = (e.stderr or b"").decode("utf-8", "replace") + f"\n[timed out after {timeout:g} s]"
        rc = None
    if rc is not None and rc < 0:
        err += f"\n[killed by signal {-rc}]"
    ok = rc == 0 and re.search(r"\bPASSED\b", out) is not None and "FAILED" not in out
    return ok, rc, out, err, time.monotonic() - start


def tail(text, n):
    lines = text.rstrip("\n").split("\n")
    if len(lines) > n:
        lines = [f"... ({len(lines) - n} lines omitted)"] + lines[-n:]
    return "\n".join("    " + l for l in lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True, help="build directory: binaries go to BUILD/tests/apps")
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
    ap.add_argument("--timeout-scale", type=float, default=1.0,
                    help="multiplies every run's limit (sanitized builds are slower)")
    args = ap.parse_args()
    args.run_env = dict(item.split("=", 1) for item in args.run_env)
    args.build = os.path.abspath(args.build)
    args.lib = os.path.abspath(args.lib or os.path.join(args.build, "lib"))
    args.nvcc = args.nvcc or os.path.join(args.cuda_home, "bin", "nvcc")
    configs = args.config or [""]

    out_dir = os.path.join(args.build, "tests", "apps")
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
    markers = {n: parse_markers(src[n]) for n in names}

    passed = failed = xfailed = 0
    report = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        builds = {pool.submit(compile_one, args, src[n], exe[n], markers[n][0]): n for n in names}
        built = {}
        for fut in concurrent.futures.as_completed(builds):
            n = builds[fut]
            ok, log = fut.result()
            built[n] = ok
            if not ok:
                failed += 1
                report.append(f"FAIL {n} (compile)\n{tail(log, 30)}")
        if args.compile_only:
            passed = sum(built.values())
        else:
            runs = {pool.submit(run_one, args, exe[n], parse_env(c),
                                 (markers[n][2] or args.timeout) * args.timeout_scale): (n, c)
                    for n in names if built[n] for c in configs}
            results = {}
            for fut in concurrent.futures.as_completed(runs):
                results[runs[fut]] = fut.result()
            for n in names:
                if not built[n]:
                    continue
                for c in configs:
                    ok, rc, out, err, secs = results[(n, c)]
                    label = f"{n} [{c}]" if c else n
                    reason = xfail_reason(markers[n][1], parse_env(c))
                    if ok and reason is None:
                        passed += 1
                        print(f"ok    {label} ({secs:.1f} s)")
                    elif ok:
                        failed += 1
                        print(f"XPASS {label} ({secs:.1f} s): marked XFAIL ({reason}) but passes")
                    elif reason is not None:
                        xfailed += 1
                        print(f"xfail {label} ({secs:.1f} s): {reason}")
                    else:
                        failed += 1
                        print(f"FAIL  {label} ({secs:.1f} s, exit {rc})")
                        report.append(f"FAIL {label} exit {rc}\n  stdout:\n{tail(out, 15)}\n  stderr:\n{tail(err, 15)}")
    for r in report:
        print(r)
    if xfailed:
        print(f"{xfailed} expected failure(s)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
