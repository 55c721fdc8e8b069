"""CPython's own regression tests, run with the test module interpreted by pvmx.

    python3 tests/regrtest.py [--jobs N] [--timeout S] [--write] [MODULE ...]

Each module runs twice, as `python3 -m unittest -v test.MODULE` and as
`pvmx --interpret-all -m unittest -v test.MODULE`.  With `--interpret-all`
the unittest runner itself is guest code, so it calls every test method
from interpreted code and the test bodies are interpreted too (without it,
host code calling a guest function would run it natively and prove
nothing).  pvmx reports how many guest frames it ran (PVMX_STATS), which
shows the tests really ran in the interpreter.

Prints a Markdown table (module, CPython passed, pvmx passed, ratio) and
the tests that pass under CPython but not under pvmx, each with its known
cause from CAUSES.  `--write` (the default when no module is named) puts
the same text into tests/REGRTEST.md.
"""

import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPORT = os.path.join(ROOT, "tests", "REGRTEST.md")

MODULES = [
    "test_grammar", "test_scope", "test_class", "test_generators", "test_exceptions",
    "test_with", "test_contextlib", "test_patma", "test_augassign", "test_unpack",
    "test_keywordonlyarg", "test_positional_only_arg", "test_dataclasses",
]

# Why a test that passes on CPython fails under pvmx: "module.Class.test" -> cause.
CAUSES = {}

_RESULT = re.compile(r"^(\w+) \(([\w.]+)\)(?: \(.*\))? \.\.\. (.*)$")
_DOCTEST = re.compile(r"^Doctest: ([\w.]+) \.\.\. (.*)$")
_HEADER = re.compile(r"^(FAIL|ERROR): (\w+) \(([\w.]+)\)")
_RAN = re.compile(r"^Ran (\d+) tests? in")
_SUMMARY = re.compile(r"^(OK|FAILED)(?: \((.*)\))?$")
_STATS = re.compile(r"^pvmx: (\d+) guest frame runs")


class Result:
    def __init__(self, module, interpreter):
        self.module = module
        self.interpreter = interpreter
        self.ran = 0
        self.counts = {}            # failures, errors, skipped, expected failures, ...
        self.outcomes = {}          # test id -> "ok" | "FAIL" | "ERROR" | "skipped" ...
        self.bad = set()            # test ids reported FAIL/ERROR (subtests included)
        self.finished = False
        self.timed_out = False
        self.guest_frames = None
        self.status = None

    @property
    def passed(self):
        if not self.finished:
            return sum(1 for t, o in self.outcomes.items() if o == "ok" and t not in self.bad)
        c = self.counts
        return self.ran - sum(c.get(k, 0) for k in
                              ("failures", "errors", "skipped", "unexpected successes"))


def _command(module, interpreter):
    if interpreter == "cpython":
        return [sys.executable, "-m", "unittest", "-v", f"test.{module}"]
    return [sys.executable, "-m", "interp", "--jit", "off", "--interpret-all",
            "-m", "unittest", "-v", f"test.{module}"]


def run(module, interpreter, timeout):
    env = dict(os.environ, PVMX_NO_VENV="1", PYTHONHASHSEED="0")
    if interpreter == "pvmx":
        env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
        env["PVMX_STATS"] = "1"
    res = Result(module, interpreter)
    with tempfile.TemporaryDirectory(prefix="pvmx-regr-") as cwd:
        try:
            p = subprocess.run(_command(module, interpreter), cwd=cwd, env=env,
                               stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
            out, res.status = p.stdout + p.stderr, p.returncode
        except subprocess.TimeoutExpired as e:
            out = (e.stdout or b"") + (e.stderr or b"")
            res.timed_out = True
    parse(res, out.decode("utf-8", "replace"))
    return res


def _test_id(name, where):
    """unittest prints `name (module.Class.name)` (3.11) or `name (module.Class)`."""
    return where if where.endswith("." + name) else f"{where}.{name}"


def parse(res, text):
    for line in text.splitlines():
        m = _RESULT.match(line)
        if m:
            name, where, outcome = m.groups()
            tid = _test_id(name, where)
            word = outcome.split(" ")[0]
            if tid not in res.outcomes or word != "ok":
                res.outcomes[tid] = word
            continue
        m = _DOCTEST.match(line)
        if m:
            tid, outcome = m.groups()
            res.outcomes[tid] = outcome.split(" ")[0]
            continue
        m = _HEADER.match(line)
        if m:
            res.bad.add(_test_id(m.group(2), m.group(3)))
            continue
        m = _RAN.match(line)
        if m:
            res.ran = int(m.group(1))
            continue
        m = _SUMMARY.match(line)
        if m and res.ran:
            res.finished = True
            for part in (m.group(2) or "").split(", "):
                if "=" in part:
                    k, v = part.split("=")
                    res.counts[k] = int(v)
            continue
        m = _STATS.match(line)
        if m:
            res.guest_frames = int(m.group(1))


def _failing(c, p):
    """Tests that pass under CPython and not under pvmx."""
    good_c = {t for t, o in c.outcomes.items() if o == "ok" and t not in c.bad}
    good_p = {t for t, o in p.outcomes.items() if o == "ok" and t not in p.bad}
    return sorted(good_c - good_p)


def report(results):
    lines = ["| module | CPython passed | pvmx passed | ratio | guest frames run |",
             "|---|---:|---:|---:|---:|"]
    details = []
    tot_c = tot_p = 0
    for module, (c, p) in results.items():
        ratio = p.passed / c.passed if c.passed else 1.0
        tot_c += c.passed
        tot_p += p.passed
        note = " (timed out)" if p.timed_out else ("" if p.finished else " (did not finish)")
        frames = f"{p.guest_frames:,}" if p.guest_frames is not None else "?"
        lines.append(f"| {module} | {c.passed} | {p.passed}{note} | {ratio:.1%} | {frames} |")
        failing = _failing(c, p)
        if failing:
            details.append(f"\n### {module}\n")
            for t in failing:
                cause = CAUSES.get(t) or CAUSES.get(t.rsplit(".", 1)[0], "")
                details.append(f"- `{t}`" + (f": {cause}" if cause else ""))
    if tot_c:
        lines.append(f"| **total** | {tot_c} | {tot_p} | {tot_p / tot_c:.1%} | |")
    text = "\n".join(lines) + "\n"
    if details:
        text += "\n## Tests that pass on CPython but not under pvmx\n" + "\n".join(details) + "\n"
    return text


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("modules", nargs="*")
    ap.add_argument("--jobs", "-j", type=int, default=min(8, os.cpu_count() or 1))
    ap.add_argument("--timeout", type=float, default=1200)
    ap.add_argument("--write", action="store_true", help=f"write {REPORT}")
    args = ap.parse_args(argv)
    modules = args.modules or MODULES
    write = args.write or not args.modules
    jobs = {}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for m in modules:
            for interp in ("cpython", "pvmx"):
                jobs[m, interp] = pool.submit(run, m, interp, args.timeout)
    results = {m: (jobs[m, "cpython"].result(), jobs[m, "pvmx"].result()) for m in modules}
    text = report(results)
    print(text)
    if write:
        header = ("# CPython regression tests under pvmx\n\n"
                  "Generated by `python3 tests/regrtest.py`: each module of CPython 3.11's\n"
                  "`test` package run with `python3 -m unittest` and with\n"
                  "`pvmx --interpret-all -m unittest` (the runner and the tests interpreted).\n\n")
        with open(REPORT, "w") as f:
            f.write(header + text)
    return results


if __name__ == "__main__":
    main()
