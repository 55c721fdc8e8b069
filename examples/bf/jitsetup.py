"""Wiring the Brainfuck interpreter to the JIT: what interp/jitsetup.py is to pvmx.

`install(params)` attaches a `tracer.warmspot.WarmSpot` to `bf.driver`
with the step function, the traceable module and a backend chosen by
`backend_x86.select_backend` (machine code on x86-64 Linux, the IR
executor elsewhere or with `backend=executor`); `uninstall()` turns the
JIT off again.  Nothing here is specific to the tracer's pvmx use.
"""

from examples.bf import bf

# The module whose functions the tracer records through (as recording twins).
TRACEABLE_MODULES = ("examples.bf.bf",)


def install(params=None, log=None):
    """Turn the JIT on for `bf.run`; returns the runtime (its `stats`)."""
    from tracer.params import JitParams
    from tracer.warmspot import WarmSpot
    from backend_x86 import select_backend
    params = params or JitParams()
    backend = select_backend(params)
    if log is not None and hasattr(log, "watch"):
        log.watch(backend)          # machine code into the trace log
    return WarmSpot(bf.driver, params, bf.step, TRACEABLE_MODULES, backend=backend, log=log)


def uninstall():
    bf.driver.warmspot = None
