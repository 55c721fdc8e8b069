"""The runners: how each one runs a benchmark, and whether it can here.

    cpython     the interpreter pvmx itself runs on (the venv's python)
    pvmx-nojit  python -m interp --jit off PROGRAM SIZE ITERATIONS: the interpreter
                alone; only when asked for (-r)
    pvmx-noopt  python -m interp --jit enable_opts= PROGRAM SIZE ITERATIONS: the JIT
                with no optimizer pass (traces compiled as recorded); only
                when asked for (-r), to measure what the optimizer gains
    pvmx        python -m interp PROGRAM SIZE ITERATIONS
    pypy        pypy3, if installed (see install_pypy.py)
    c           the program's C version built with gcc -O2, where one exists

A runner that cannot run at all here (pypy3 missing, no `interp/__main__.py`
yet) still gets a row in the results, marked unavailable with the reason.
"""

import os
import shutil
import sys
from dataclasses import dataclass

from benchmarks.catalog import HERE

ROOT = os.path.dirname(HERE)
PYTHON, C = "python", "c"


@dataclass(frozen=True)
class Runner:
    name: str
    label: str
    kind: str
    prefix: tuple = ()
    default: bool = True        # runs when -r is not given

    def command(self, bench, size, iterations, binaries=None):
        """argv to run `bench`, or None if this runner has no version of it."""
        args = [str(size), str(iterations)]
        if self.kind == C:
            binary = (binaries or {}).get(bench.name)
            return [binary, *args] if binary else None
        return [*self.prefix, bench.script, *args]

    def has_version(self, bench):
        return self.kind != C or bench.c_source is not None


def all_runners(python=None, pypy="pypy3"):
    python = python or sys.executable
    return [
        Runner("cpython", "CPython", PYTHON, (python,)),
        # opt-in: at 20-30x CPython's time, it alone would take most of a full run
        Runner("pvmx-nojit", "pvmx --jit off", PYTHON, (python, "-m", "interp", "--jit", "off"),
               default=False),
        # `enable_opts=` (empty) is tracer/params.py's "no pass"
        Runner("pvmx-noopt", "pvmx, no optimizer", PYTHON,
               (python, "-m", "interp", "--jit", "enable_opts="), default=False),
        Runner("pvmx", "pvmx", PYTHON, (python, "-m", "interp")),
        Runner("pypy", "PyPy", PYTHON, (shutil.which(pypy) or pypy,)),
        Runner("c", "C (gcc -O2)", C),
    ]


NAMES = [r.name for r in all_runners("python")]
DEFAULT_NAMES = [r.name for r in all_runners("python") if r.default]


def select(spec, runners):
    """The runners named in `spec` ("a,b"; None for the default ones; "all"), in
    canonical order."""
    if not spec:
        return [r for r in runners if r.default]
    if spec.strip() == "all":
        return list(runners)
    wanted = [s.strip() for s in spec.split(",") if s.strip()]
    known = {r.name for r in runners}
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise ValueError(f"unknown runner(s) {', '.join(unknown)}; choose from {', '.join(sorted(known))}")
    return [r for r in runners if r.name in wanted]


def unavailable_reason(runner, which=shutil.which, root=ROOT):
    """Why `runner` cannot run anything on this machine, or None if it can."""
    if runner.name.startswith("pvmx") and not os.path.exists(os.path.join(root, "interp", "__main__.py")):
        return "the interpreter is not there yet: interp/__main__.py is missing"
    if runner.name == "pypy" and not which(runner.prefix[0]):
        return "pypy3 is not installed (python3 -m benchmarks --install-pypy)"
    if runner.kind == C and not which("gcc"):
        return "gcc is not installed"
    return None
