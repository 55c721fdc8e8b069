"""Which backend runs compiled traces: machine code where this host can,
the IR executor elsewhere.

`params.backend` (tracer/params.py) is "auto", "x86" or "executor".  "auto"
takes x86 when `unsupported_reason()` is None: an x86-64 Linux host,
CPython 3.11 with the object layouts layout.py checked, and PeachPy
installed (found, not imported: PeachPy is imported when the first trace is
assembled).
"""

import os
import sys
from importlib.machinery import PathFinder


def unsupported_reason():
    """Why the x86 backend cannot run here, or None."""
    # os.uname() is what platform.machine() reads on POSIX, without importing platform
    machine = os.uname().machine if hasattr(os, "uname") else "unknown"
    if machine.lower() not in ("x86_64", "amd64"):
        return f"the host is {machine}, not x86-64"
    if not sys.platform.startswith("linux"):
        return f"the host runs {sys.platform}, not Linux (mmap/mprotect flags)"
    from .layout import LAYOUT_OK, LAYOUT_PROBLEM
    if not LAYOUT_OK:
        return f"object layouts: this backend needs {LAYOUT_PROBLEM}"
    if find_spec("peachpy") is None:
        return "PeachPy is not installed (python3 -m tests sets it up in .venv)"
    return None


def find_spec(name):
    """importlib.util.find_spec for a top-level module, without importing
    importlib.util (and with it contextlib) at every start: a module in
    sys.modules answers for itself (None there: "not installed")."""
    if name in sys.modules:
        module = sys.modules[name]
        return None if module is None else module.__spec__
    return PathFinder.find_spec(name)


def supported():
    return unsupported_reason() is None


def select_backend(params=None, exits=None):
    """A backend object for the JIT: X86Backend or the executor's
    ExecutorBackend, both with compile/run/exit_op/iterations."""
    choice = getattr(params, "backend", "auto") if params is not None else "auto"
    if choice == "executor" or (choice == "auto" and not supported()):
        from tracer.executor.backend import ExecutorBackend
        return ExecutorBackend()
    if choice == "x86":
        reason = unsupported_reason()
        if reason is not None:
            raise RuntimeError(f"the x86 backend cannot run here: {reason}")
    from .backend import X86Backend
    return X86Backend(exits)
