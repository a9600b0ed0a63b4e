#!/usr/bin/env python3
"""Builds one large PTX module for bench_parse: the corpus (tests/ptx-sources) compiled for
one arch by nvcc (cached like the round-trip test's outputs), concatenated again and again
until it reaches --mb megabytes. Every module-scope name (kernels, functions, variables;
not the extern library functions) gets a suffix unique to its file and copy, so the result
is one valid module (ptxas accepts it); only the first copy keeps its .version/.target/
.address_size header.
Usage: make_big_ptx.py --nvcc NVCC --build DIR --out BIG.ptx [--mb 8] [--arch sm_80]"""

import argparse
import os
import re
import sys
from multiprocessing import Pool

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "roundtrip"))
import ptxcorpus as pc  # noqa: E402

HEADER = re.compile(r"^\s*\.(version|target|address_size)\b.*$", re.M)
EXTERN_FUNC = re.compile(r"\.extern\s+\.func")
FUNC = re.compile(r"\.(?:entry|func)\s+(?:\([^)]*\)\s*)?([A-Za-z_$][\w$]*)")
VAR = re.compile(r"^\s*(?:\.(?:visible|extern|weak|common)\s+)*\.(?:global|const|shared|local)\b[^;=]*?"
                 r"([A-Za-z_$][\w$]*)\s*(?:\[[^\]]*\]\s*)*(?:=|;)")


def module_names(text):
    """Names declared at module scope (brace depth 0)."""
    names, depth = set(), 0
    for line in text.split("\n"):
        code = line.split("//", 1)[0]
        if depth == 0:
            m = FUNC.search(code)
            if m:
                # Library functions (vprintf, malloc, __assertfail) stay one name: they are
                # declared again in each copy, as in any PTX that declares before use.
                if not EXTERN_FUNC.search(code):
                    names.add(m.group(1))
            else:
                m = VAR.match(code)
                if m:
                    names.add(m.group(1))
        depth += code.count("{") - code.count("}")
    return names


def renamer(names):
    if not names:
        return lambda text, suffix: text
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(r"(?<![\w$%.])(" + alt + r")(?![\w$])")
    return lambda text, suffix: pattern.sub(lambda m: m.group(1) + suffix, text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nvcc", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--mb", type=float, default=8.0)
    ap.add_argument("--arch", default="sm_80")
    args = ap.parse_args()
    sources = pc.find_sources(os.path.join(ROOT, "tests", "ptx-sources"))
    # Plain builds only: -G/-lineinfo outputs repeat .file indices and debug sections.
    jobs = [(pc.Job(s, args.arch, []), args.nvcc, os.path.join(args.build, "ptx-cache"), None) for s in sources]
    with Pool(os.cpu_count()) as pool:
        results = pool.map(pc.compile_job, jobs)
    pieces = []
    for job, ptx, err in results:
        if ptx is None:
            sys.exit(f"nvcc failed on {job.label}:\n{err}")
        with open(ptx, encoding="utf-8") as f:
            text = f.read()
        pieces.append((text, renamer(module_names(text))))
    header = "\n".join(m.group(0).strip() for m in HEADER.finditer(pieces[0][0]))
    target = args.mb * 1e6
    out, size, copy = [header + "\n"], 0, 0
    while size < target:
        for index, (text, rename) in enumerate(pieces):
            body = rename(HEADER.sub("", text), f"_c{copy}f{index}")
            out.append(body)
            size += len(body)
        copy += 1
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("".join(out))
    print(f"{args.out}: {size / 1e6:.1f} MB, {len(pieces)} corpus files x {copy} copies")


if __name__ == "__main__":
    main()
