"""The stamp on every result: date, machine, and the version of each runner.

Numbers from different machines or interpreter versions are not comparable;
the stamp travels with the numbers into the JSON and the Markdown table.
"""

import datetime
import os
import platform
import subprocess
import sys

from benchmarks.runners import C, ROOT


def _first_line(command):
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    lines = (result.stdout or result.stderr).strip().splitlines()
    return lines[0].strip() if lines else None


def _read_field(path, key):
    try:
        with open(path) as f:
            for line in f:
                name, _, value = line.partition(":")
                if name.strip() == key:
                    return value.strip()
    except OSError:
        pass
    return None


def machine():
    mem_kb = _read_field("/proc/meminfo", "MemTotal")
    return {
        "cpu": _read_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": os.cpu_count(),
        "memory_gb": round(int(mem_kb.split()[0]) / 1024 ** 2, 1) if mem_kb else None,
        "os": platform.platform(),
        "arch": platform.machine(),
    }


def pvmx_version():
    try:
        from importlib.metadata import version
        base = version("pvmx")
    except Exception:  # not installed: the version is still the commit
        base = "unknown"
    # rev-parse only reads; the harness never changes the repository.
    commit = _first_line(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
    return f"pvmx {base} ({'commit ' + commit if commit else 'no commit'})"


PYPY_VERSION = ("import sys, platform; v = sys.pypy_version_info; "
                "print('PyPy %d.%d.%d (Python %s)' % (v[0], v[1], v[2], platform.python_version()))")


def runner_version(runner):
    """A one-line version string for `runner`, or None if it cannot tell."""
    if runner.name == "cpython":
        return _first_line([runner.prefix[0], "-c", "import platform; print("
                            "platform.python_implementation(), platform.python_version())"])
    if runner.name.startswith("pvmx"):
        return pvmx_version()
    if runner.name == "pypy":
        return _first_line([runner.prefix[0], "-c", PYPY_VERSION])
    if runner.kind == C:
        return _first_line(["gcc", "--version"])
    return None


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def stamp(runners):
    return {
        "machine": machine(),
        "versions": {r.name: runner_version(r) for r in runners},
        "harness_python": sys.version.split()[0],
    }
