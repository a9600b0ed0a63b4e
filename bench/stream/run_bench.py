#!/usr/bin/env python3
"""Runs the stream benchmarks side by side in one run: ptxvm (the CUDA program on our
libcudart), the plain C + OpenMP twin (the native limit) and the OpenCL twin on PoCL (the
nearest peer). Each program reports the median of 5 timed runs after a warm-up; this prints
the medians and the ratios. Usage: run_bench.py BUILD_DIR [N]"""
import os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "../../build"))
N = sys.argv[2] if len(sys.argv) > 2 else str(1 << 24)
OUT = os.path.join(BUILD, "bench", "stream")
NVCC = os.path.join(os.environ.get("CUDA_HOME", "/usr/local/cuda"), "bin", "nvcc")
os.makedirs(OUT, exist_ok=True)


def sh(cmd, env=None):
    return subprocess.run(cmd, capture_output=True, text=True, env=env)


def build():
    jobs = []
    for name in ("triad", "vector_add"):
        jobs.append([NVCC, "-O3", "-cudart", "shared", "-arch=sm_75", "-I", HERE,
                     os.path.join(HERE, name + ".cu"), "-o", os.path.join(OUT, name)])
        jobs.append(["cc", "-O3", "-march=native", "-fopenmp", "-I", HERE,
                     os.path.join(HERE, name + "_omp.c"), "-o", os.path.join(OUT, name + "_omp"), "-lm"])
    jobs.append(["cc", "-O2", "-I", HERE, os.path.join(HERE, "ocl_twin.c"),
                 "-o", os.path.join(OUT, "ocl_twin"), "-lOpenCL"])
    procs = [subprocess.Popen(j, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for j in jobs]
    for j, p in zip(jobs, procs):
        out = p.communicate()[0]
        if p.returncode:
            sys.exit("build failed: %s\n%s" % (" ".join(j), out))


def median_ms(cmd, env=None):
    r = sh(cmd, env)
    m = re.search(r"RESULT \S+ median_ms=([\d.]+)", r.stdout)
    if r.returncode or not m:
        return None, (r.stdout + r.stderr).strip().splitlines()[-3:]
    return float(m.group(1)), None


def main():
    build()
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = os.path.join(BUILD, "lib") + ":" + env.get("LD_LIBRARY_PATH", "")
    print("benchmark    N=%s  (median of 5 after warm-up, ms; ratio = twin time / ptxvm time)" % N)
    print("%-12s %10s %10s %10s %12s %12s" % ("kernel", "ptxvm", "openmp", "pocl", "vs openmp", "vs pocl"))
    for name in ("triad", "vector_add"):
        p, perr = median_ms([os.path.join(OUT, name), N], env)
        o, _ = median_ms([os.path.join(OUT, name + "_omp"), N])
        c, cerr = median_ms([os.path.join(OUT, "ocl_twin"), name, os.path.join(HERE, "kernels.cl"), N])
        fmt = lambda v: "%10.3f" % v if v is not None else "%10s" % "failed"
        ratio = lambda t: "%12.2f" % (t / p) if (t is not None and p) else "%12s" % "-"
        print("%-12s %s %s %s %s %s" % (name, fmt(p), fmt(o), fmt(c), ratio(o), ratio(c)))
        if perr:
            print("  ptxvm: " + " | ".join(perr))
        if cerr:
            print("  pocl: " + " | ".join(cerr))


if __name__ == "__main__":
    main()
