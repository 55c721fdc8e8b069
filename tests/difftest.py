"""Differential testing helper: run a program under CPython and under pvmx, compare.

A program is `tests/programs/NAME.py`, optionally with
  - `NAME.args`:  one line of extra command-line arguments, split on whitespace;
  - `NAME.stdin`: the bytes given as standard input (otherwise stdin is empty).

Both sides run from the repository root with the same relative script path, the
same arguments, the same stdin and an environment of our own: every inherited
`PYTHON*` variable is dropped, then `PYTHONHASHSEED=0`, `PYTHONIOENCODING=utf-8`,
`PYTHONDONTWRITEBYTECODE=1`, `PYTHONUNBUFFERED=1` (so that a run killed by the
timeout still shows how far it got) and, for pvmx, `PVMX_NO_VENV=1` are set.

Compared: stdout exactly, the last non-empty line of stderr (tracebacks differ in
their frames, but `ValueError: boom` must not), and the exit status.

Command line (from the repository root):

    python3 tests/difftest.py [--opts "--jit off"] [--timeout S] [NAME ...]  # pvmx vs CPython
    python3 tests/difftest.py --check-cpython [NAME ...]          # corpus sanity

`--check-cpython` runs each program under CPython twice, with PYTHONHASHSEED=1
and =2, and reports output that differs between the runs, non-zero exits that
the program does not declare, and programs that are too slow.
"""

import difflib
import os
import subprocess
import sys
import time
from dataclasses import dataclass

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS_DIR = os.path.join(ROOT, "tests", "programs")

CPYTHON_TIMEOUT = 60.0
PVMX_TIMEOUT = 120.0

# Programs expected to end with a non-zero status under CPython (checked by
# --check-cpython so that a program that crashes by accident is noticed).
EXPECTED_EXIT = {
    "exit_code3": 3,
    "exit_message": 1,
    "uncaught_exception": 1,
    "uncaught_nested": 1,
}


@dataclass(frozen=True)
class Result:
    """What one run of a program produced."""

    argv: tuple
    stdout: str
    stderr: str
    returncode: int
    timed_out: bool
    elapsed: float

    @property
    def last_stderr_line(self):
        for line in reversed(self.stderr.splitlines()):
            if line.strip():
                return line.rstrip()
        return ""

    def stderr_tail(self, n=25):
        return "\n".join(self.stderr.splitlines()[-n:])


def discover_programs():
    """Sorted names (without `.py`) of the programs directly in tests/programs/."""
    names = []
    for fn in os.listdir(PROGRAMS_DIR):
        path = os.path.join(PROGRAMS_DIR, fn)
        if fn.endswith(".py") and not fn.startswith("_") and os.path.isfile(path):
            names.append(fn[:-3])
    return sorted(names)


def script_path(name):
    """The script path as given on the command line: relative to the repo root."""
    return os.path.join("tests", "programs", name + ".py")


def program_args(name):
    path = os.path.join(PROGRAMS_DIR, name + ".args")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return f.read().split()


def program_stdin(name):
    path = os.path.join(PROGRAMS_DIR, name + ".stdin")
    if not os.path.exists(path):
        return b""
    with open(path, "rb") as f:
        return f.read()


def make_env(hashseed="0", pvmx=False):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONHASHSEED"] = str(hashseed)
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    if pvmx:
        env["PVMX_NO_VENV"] = "1"
    return env


def _decode(data):
    return (data or b"").decode("utf-8", errors="backslashreplace")


def run_command(argv, stdin, env, timeout):
    start = time.monotonic()
    try:
        proc = subprocess.run(argv, input=stdin, capture_output=True, env=env,
                              cwd=ROOT, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        return Result(tuple(argv), _decode(e.stdout), _decode(e.stderr), -9, True,
                      time.monotonic() - start)
    return Result(tuple(argv), _decode(proc.stdout), _decode(proc.stderr), proc.returncode,
                  False, time.monotonic() - start)


def run_cpython(name, hashseed="0", python=None, timeout=CPYTHON_TIMEOUT):
    argv = [python or sys.executable, script_path(name), *program_args(name)]
    return run_command(argv, program_stdin(name), make_env(hashseed), timeout)


def run_pvmx(name, options=(), python=None, timeout=PVMX_TIMEOUT):
    argv = [python or sys.executable, "-m", "interp", *options, script_path(name),
            *program_args(name)]
    return run_command(argv, program_stdin(name), make_env("0", pvmx=True), timeout)


def _first_difference(a_lines, b_lines):
    for i, (a, b) in enumerate(zip(a_lines, b_lines)):
        if a != b:
            return i
    return min(len(a_lines), len(b_lines))


def _clip(text, limit=300):
    return text if len(text) <= limit else text[:limit] + "...[%d more chars]" % (len(text) - limit)


def first_stdout_difference(expected, actual):
    """(line number counting from 1, expected line, actual line); None when equal.

    A missing line is shown as `<missing>`; a difference in the final newline only
    is shown as `<no newline at end>`.
    """
    if expected.stdout == actual.stdout:
        return None
    exp, act = expected.stdout.splitlines(), actual.stdout.splitlines()
    i = _first_difference(exp, act)
    if i == len(exp) and i == len(act):
        return (i, "<newline at end: %r>" % expected.stdout[-1:],
                "<newline at end: %r>" % actual.stdout[-1:])
    return (i + 1, exp[i] if i < len(exp) else "<missing>", act[i] if i < len(act) else "<missing>")


def compare(expected, actual, label="pvmx"):
    """None when `actual` matches `expected`; otherwise a readable report."""
    problems = []
    if actual.timed_out:
        problems.append("%s timed out after %.0f s" % (label, actual.elapsed))
    if expected.returncode != actual.returncode and not actual.timed_out:
        problems.append("exit status: CPython %d, %s %d" % (expected.returncode, label,
                                                             actual.returncode))
    if expected.last_stderr_line != actual.last_stderr_line:
        problems.append("last stderr line:\n  CPython: %s\n  %s: %s" % (
            _clip(repr(expected.last_stderr_line)), label, _clip(repr(actual.last_stderr_line))))
    diff = first_stdout_difference(expected, actual)
    if diff is not None:
        line, exp_line, act_line = diff
        exp, act = expected.stdout.splitlines(), actual.stdout.splitlines()
        problems.append("stdout differs at line %d (CPython %d lines, %s %d lines):\n"
                        "  CPython: %s\n  %s: %s" % (line, len(exp), label, len(act),
                                                      _clip(repr(exp_line)), label,
                                                      _clip(repr(act_line))))
        udiff = list(difflib.unified_diff(exp, act, "cpython", label, n=2, lineterm=""))
        if len(udiff) > 40:
            udiff = udiff[:40] + ["... (%d more diff lines)" % (len(udiff) - 40)]
        problems.append("\n".join(_clip(d, 200) for d in udiff))
    if not problems:
        return None
    report = ["%s differs from CPython: %s" % (label, " ".join(actual.argv))]
    report.extend(problems)
    if actual.stderr.strip():
        report.append("%s stderr (last lines):\n%s" % (label, actual.stderr_tail()))
    return "\n".join(report)


def check_cpython(names, slow=0.3):
    """Corpus sanity under CPython: deterministic, expected exit status, fast enough."""
    bad = 0
    total = 0.0
    for name in names:
        r1 = run_cpython(name, hashseed="1")
        r2 = run_cpython(name, hashseed="2")
        total += r1.elapsed
        notes = []
        if r1.timed_out:
            notes.append("timed out")
        if (r1.stdout, r1.last_stderr_line, r1.returncode) != \
                (r2.stdout, r2.last_stderr_line, r2.returncode):
            notes.append("NOT DETERMINISTIC: " + (compare(r1, r2, "seed2") or "stderr"))
        want = EXPECTED_EXIT.get(name, 0)
        if r1.returncode != want:
            notes.append("exit status %d, expected %d: %s" % (r1.returncode, want,
                                                               r1.last_stderr_line))
        if r1.elapsed > slow:
            notes.append("slow: %.2f s" % r1.elapsed)
        status = "ok" if not notes else "PROBLEM"
        bad += bool(notes)
        print("%-32s %-7s %5.2fs %5d lines  %s" % (name, status, r1.elapsed,
                                                  len(r1.stdout.splitlines()),
                                                  "; ".join(notes)))
    print("%d programs, %d with problems, %.1f s under CPython" % (len(names), bad, total))
    return bad == 0


def main(argv=None):
    import argparse
    import shlex

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", help="program names (default: all)")
    ap.add_argument("--opts", default="--jit off",
                    help="pvmx options, as one shell-quoted string (default: %(default)s)")
    ap.add_argument("--timeout", type=float, default=PVMX_TIMEOUT,
                    help="seconds allowed to each pvmx run (default: %(default)s)")
    ap.add_argument("--check-cpython", action="store_true",
                    help="only check the corpus under CPython (determinism, status, speed)")
    args = ap.parse_args(argv)
    names = [n[:-3] if n.endswith(".py") else n for n in args.names] or discover_programs()
    if args.check_cpython:
        return 0 if check_cpython(names) else 1
    options = shlex.split(args.opts)
    failed = []
    for name in names:
        expected = run_cpython(name)
        actual = run_pvmx(name, options, timeout=args.timeout)
        report = compare(expected, actual)
        if report is None:
            print("PASS %-32s %6.2fs" % (name, actual.elapsed))
        else:
            failed.append(name)
            print("FAIL %-32s %6.2fs\n%s\n" % (name, actual.elapsed, report))
    print("%d passed, %d failed" % (len(names) - len(failed), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
