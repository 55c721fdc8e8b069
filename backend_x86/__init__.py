"""pvmx's x86-64 backend: optimized traces become machine code.

Traces are lowered op by op (isel/), registers are allocated by a linear
scan of our own (regalloc.py), instructions on physical registers are
encoded by PeachPy behind a template cache (encoder.py), and the code is
loaded into memory that is written, then made read+execute (memory.py).
Compiled code is entered as `exit = f(io)` through ctypes.PYFUNCTYPE and
keeps the IR executor's exit protocol.  README.md has the design.

Importing this package imports neither PeachPy nor the compiler:

    from backend_x86 import select_backend, X86Backend
"""

from .select import select_backend, supported, unsupported_reason


def __getattr__(name):
    if name == "X86Backend":
        from .backend import X86Backend
        return X86Backend
    raise AttributeError(name)


__all__ = ["X86Backend", "select_backend", "supported", "unsupported_reason"]
