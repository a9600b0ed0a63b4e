#!/usr/bin/env python3
"""Golden diagnostic tests for the PTX front end: runs `ptxvm ptx FILE` on every .ptx file
in a folder and compares what it prints with the expectations the file carries in comments.

  // ERROR: 12:5: expected ';'        an error at line 12, column 5, message contains the text
  // WARNING: 3:1: shared memory       likewise for a warning (UNSUPPORTED:, NOTE: too)
  // OK                                the file must be accepted (exit status 0, no diagnostics)

A file expecting an ERROR or UNSUPPORTED must exit with status 1, any other file with 0.
Every diagnostic printed must have the form FILE:LINE:COL: SEVERITY: MESSAGE followed by the
quoted source line and a caret line; every error, warning or unsupported diagnostic must be
expected. Usage: run_golden.py PTXVM DIR [FILE...]. The last line reads "N passed, N failed".
"""
import os
import re
import subprocess
import sys

EXPECT_RE = re.compile(r"//\s*(ERROR|WARNING|UNSUPPORTED|NOTE):\s*(\d+):(\d+):\s*(.*?)\s*$")
OK_RE = re.compile(r"//\s*OK\b")
DIAG_RE = re.compile(r"^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+): "
                     r"(?P<sev>error|warning|note|unsupported): (?P<msg>.*)$")
ANY_DIAG_RE = re.compile(r"(^|: )(error|warning|unsupported|note): ")
CARET_RE = re.compile(r"^\s*\^~*\s*$")
# Notes the diagnostic sink prints without a position ("stopped after 20 errors").
POSITIONLESS_NOTE_RE = re.compile(r"^[^:]*: note: stopped after \d+ errors$")


def read_expectations(path):
    expects, ok = [], False
    with open(path, encoding="utf-8", errors="replace") as f:
        for text in f:
            m = EXPECT_RE.search(text)
            if m:
                expects.append((m.group(1).lower(), int(m.group(2)), int(m.group(3)),
                                m.group(4)))
            elif OK_RE.search(text):
                ok = True
    return expects, ok


def parse_output(out, path):
    """Returns (diagnostics, format problems). A diagnostic is (sev, line, col, msg)."""
    diags, problems = [], []
    lines = out.splitlines()
    i = 0
    while i < len(lines):
        text = lines[i]
        m = DIAG_RE.match(text)
        if m:
            sev, line, col = m.group("sev"), int(m.group("line")), int(m.group("col"))
            diags.append((sev, line, col, m.group("msg")))
            if not m.group("file").endswith(os.path.basename(path)):
                problems.append("diagnostic names file '%s', not %s" %
                                (m.group("file"), os.path.basename(path)))
            # The quoted source line and the caret under column `col`.
            if i + 2 >= len(lines) or not CARET_RE.match(lines[i + 2]):
                problems.append("no caret line after: " + text)
                i += 1
                continue
            caret = lines[i + 2]
            quoted = lines[i + 1]
            if not quoted.startswith("    ") or not caret.startswith("    "):
                problems.append("source/caret lines not indented by 4: " + text)
            elif caret.index("^") - 4 != col - 1:
                problems.append("caret at column %d, diagnostic says %d: %s" %
                                (caret.index("^") - 3, col, text))
            i += 3
            continue
        if POSITIONLESS_NOTE_RE.match(text):
            i += 1
            continue
        if ANY_DIAG_RE.search(text):
            problems.append("diagnostic without file:line:col: " + text)
        i += 1
    return diags, problems


def run_one(ptxvm, path):
    """Returns a list of failure messages (empty when the file passes)."""
    expects, ok = read_expectations(path)
    if not expects and not ok:
        return ["carries no expectations (// ERROR: ..., // WARNING: ... or // OK)"]
    try:
        proc = subprocess.run([ptxvm, "ptx", path], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=60)
    except subprocess.TimeoutExpired:
        return ["timed out"]
    err = proc.stderr.decode("utf-8", errors="replace")
    failures = []
    if proc.returncode < 0:
        return ["killed by signal %d\n%s" % (-proc.returncode, err)]
    want_rc = 1 if any(e[0] in ("error", "unsupported") for e in expects) else 0
    if proc.returncode != want_rc:
        failures.append("exit status %d, expected %d" % (proc.returncode, want_rc))
    diags, problems = parse_output(err, path)
    failures += problems
    matched = [False] * len(diags)
    for sev, line, col, msg in expects:
        hit = None
        for k, (dsev, dline, dcol, dmsg) in enumerate(diags):
            if not matched[k] and dsev == sev and dline == line and dcol == col and msg in dmsg:
                hit = k
                break
        if hit is None:
            failures.append("missing %s at %d:%d containing '%s'" % (sev, line, col, msg))
        else:
            matched[hit] = True
    for k, (dsev, dline, dcol, dmsg) in enumerate(diags):
        if not matched[k] and dsev != "note":
            failures.append("unexpected %s at %d:%d: %s" % (dsev, dline, dcol, dmsg))
    if failures:
        failures.append("--- ptxvm printed:\n" + err.rstrip())
    return failures


def main(argv):
    if len(argv) < 3:
        print("usage: run_golden.py PTXVM DIR [FILE...]", file=sys.stderr)
        return 2
    ptxvm, folder = argv[1], argv[2]
    names = argv[3:] or sorted(n for n in os.listdir(folder) if n.endswith(".ptx"))
    passed = failed = 0
    for name in names:
        path = name if os.path.isabs(name) else os.path.join(folder, name)
        failures = run_one(ptxvm, path)
        if failures:
            failed += 1
            print("FAIL %s" % name)
            for f in failures:
                print("  " + f.replace("\n", "\n  "))
        else:
            passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
