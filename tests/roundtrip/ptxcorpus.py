"""Shared pieces of the PTX corpus tests: finding the CUDA sources, compiling them with nvcc
into a cache in the build dir, and running `ptxvm ptx` with a time limit.

Each source may carry directives in comments:
  // ROUNDTRIP: FLAGS <nvcc flags>    added to every compile of that source (-rdc=true, ...)
  // ROUNDTRIP: VARIANT <nvcc flags>  one more compile at VARIANT_ARCH with these flags (-G, ...)
  // ROUNDTRIP: EXTRACT               also used by extract_matches.py
Python 3 standard library only."""

import hashlib
import os
import re
import shlex
import subprocess
import sys
import tempfile

ARCHS = ["sm_75", "sm_80", "sm_86", "sm_89", "sm_90"]
VARIANT_ARCH = "sm_80"
DIRECTIVE = re.compile(r"^\s*//\s*ROUNDTRIP:\s*(FLAGS|VARIANT|EXTRACT)\b(.*)$", re.M)
# What a diagnostic's first line looks like (base/diag.c renders file:line:col: sev: msg).
DIAG_LINE = re.compile(rb"^[^:\n]+:\d+:\d+: (error|unsupported|warning|note): ")
# The one summary line diag_print adds when it stopped early; it has no position by design.
DIAG_SUMMARY = re.compile(rb"^[^:\n]+: note: stopped after \d+ errors$")


class Source:
    def __init__(self, path):
        self.path = os.path.abspath(path)
        self.name = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as f:
            text = f.read()
        self.flags = []
        self.variants = []
        self.extract = False
        for kind, rest in DIRECTIVE.findall(text):
            if kind == "FLAGS":
                self.flags += shlex.split(rest)
            elif kind == "VARIANT":
                self.variants.append(shlex.split(rest))
            else:
                self.extract = True


def find_sources(src_dir):
    names = sorted(n for n in os.listdir(src_dir) if n.endswith(".cu"))
    return [Source(os.path.join(src_dir, n)) for n in names]


class Job:
    """One nvcc invocation producing one PTX file (or one program for extract tests)."""

    def __init__(self, source, arch, extra, kind="ptx"):
        self.source = source
        self.arch = arch
        self.extra = list(extra)
        self.kind = kind
        tag = "".join("_" + re.sub(r"[^A-Za-z0-9]+", "", f) for f in extra)
        self.label = f"{source.name}.{arch}{tag}"

    def nvcc_args(self, nvcc, out, stub_main=None):
        if self.kind == "ptx":
            return [nvcc, "-ptx", f"-arch={self.arch}"] + self.source.flags + self.extra + [
                self.source.path, "-o", out]
        # A whole program whose fatbinary holds compute_80 PTX only, as the runtime sees it.
        return [nvcc, "-cudart", "shared", f"-gencode=arch={self.arch},code={self.arch}"] + \
            self.source.flags + self.extra + [self.source.path, stub_main, "-o", out]


def ptx_jobs(sources, archs=ARCHS):
    jobs = []
    for s in sources:
        jobs += [Job(s, a, []) for a in archs]
        jobs += [Job(s, VARIANT_ARCH, v) for v in s.variants]
    return jobs


def _cache_key(job, nvcc, extra_inputs):
    st = os.stat(job.source.path)
    h = hashlib.sha256()
    parts = [job.kind, job.arch, nvcc, str(st.st_mtime_ns), str(st.st_size)] + job.source.flags + job.extra
    for p in extra_inputs:
        if p:
            s2 = os.stat(p)
            parts += [p, str(s2.st_mtime_ns)]
    h.update("\0".join(parts).encode())
    return h.hexdigest()[:16]


def compile_job(args):
    """Compiles one job into cache_dir unless an output with the same key is there.
    Returns (job, output path or None, error text)."""
    job, nvcc, cache_dir, stub_main = args
    key = _cache_key(job, nvcc, [stub_main] if job.kind != "ptx" else [])
    ext = ".ptx" if job.kind == "ptx" else ".bin"
    out = os.path.join(cache_dir, f"{job.label}.{key}{ext}")
    if os.path.exists(out):
        return job, out, ""
    os.makedirs(cache_dir, exist_ok=True)
    # Stale outputs of this label (older mtimes/flags) go, so the cache does not grow forever.
    for old in os.listdir(cache_dir):
        if old.startswith(job.label + ".") and old.endswith(ext) and len(old) == len(out) - len(cache_dir) - 1:
            try:
                os.unlink(os.path.join(cache_dir, old))
            except OSError:
                pass
    fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".tmp-", suffix=ext)
    os.close(fd)
    try:
        r = subprocess.run(job.nvcc_args(nvcc, tmp, stub_main), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=600)
        if r.returncode != 0:
            return job, None, r.stdout.decode(errors="replace")[-3000:]
        os.replace(tmp, out)  # atomic: a killed run never leaves a half-written cache entry
        return job, out, ""
    except subprocess.TimeoutExpired:
        return job, None, "nvcc timed out"
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def run_ptxvm(ptxvm, args, timeout=60, stdin=None):
    """Runs ptxvm; returns (returncode, stdout bytes, stderr bytes). A time-out is
    returncode None; a signal is a negative returncode (subprocess's convention)."""
    try:
        r = subprocess.run([ptxvm] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                           input=stdin)
        return r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired as e:
        return None, e.stdout or b"", e.stderr or b""


def first_difference(a, b, context=2):
    """A short description of where two byte strings' lines first differ."""
    la, lb = a.split(b"\n"), b.split(b"\n")
    for i in range(max(len(la), len(lb))):
        x = la[i] if i < len(la) else None
        y = lb[i] if i < len(lb) else None
        if x != y:
            lines = [f"first difference at line {i + 1}:"]
            for j in range(max(0, i - context), i):
                lines.append(f"    {la[j].decode(errors='replace')}")
            lines.append(f"  - {x.decode(errors='replace') if x is not None else '<end of text>'}")
            lines.append(f"  + {y.decode(errors='replace') if y is not None else '<end of text>'}")
            return "\n".join(lines)
    return "texts are equal"


def check_diagnostics(stderr):
    """Returns None if every diagnostic line on stderr has the file:line:col: severity: form
    (quoted source lines and carets, indented by four spaces, are skipped), else the
    first offending line. At least one error or unsupported line must be present."""
    seen_error = False
    for line in stderr.split(b"\n"):
        if not line or line.startswith(b"    "):
            continue
        m = DIAG_LINE.match(line)
        if m:
            seen_error |= m.group(1) in (b"error", b"unsupported")
            continue
        if DIAG_SUMMARY.match(line):
            continue
        return line.decode(errors="replace")
    if not seen_error:
        return "<exit status 1 without any error or unsupported diagnostic>"
    return None


def parse_common_args(parser):
    parser.add_argument("--ptxvm", required=True, help="the ptxvm command")
    parser.add_argument("--nvcc", required=True, help="nvcc")
    parser.add_argument("--sources", required=True, help="folder of .cu files (tests/ptx-sources)")
    parser.add_argument("--build", required=True, help="folder for cached nvcc outputs and results")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--only", action="append", default=[], help="source names to run (default: all)")


def select_sources(args):
    sources = find_sources(args.sources)
    if args.only:
        wanted = set(args.only)
        sources = [s for s in sources if s.name in wanted]
        missing = wanted - {s.name for s in sources}
        if missing:
            sys.exit(f"no such sources: {', '.join(sorted(missing))}")
    return sources


def load_expected_failures(path):
    """expected-failures.txt: `LABEL reason...` per line, # comments. LABEL is a job label
    (templates.sm_80, debug_build.sm_80_G) or a source name (all of its jobs)."""
    out = {}
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line:
                    label, _, reason = line.partition(" ")
                    out[label] = reason.strip()
    return out


def expected_reason(expected, job):
    return expected.get(job.label) or expected.get(job.source.name)
