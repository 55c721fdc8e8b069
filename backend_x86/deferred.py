"""Finalizers held back while compiled code runs, and run at its safe points.

CPython runs an object's finalizer (`__del__`, a generator's cleanup, a
file's close) the moment its last reference goes.  Inside compiled code that
moment can fall where the trace keeps heap values in registers (a global
list item counted up each iteration, written back later): a finalizer run
there reads the stale value in memory, and what it writes is overwritten by
the trace.  A weak reference's callback (`weakref.finalize`) is the same.
So a reference the code drops to zero on an object whose type has a
finalizer (tp_finalize or tp_del) or that has weak references is not freed
there: the object goes into the *deferred area* (the runtime's `release`
routine, runtime.py), and is released at the next safe point, where memory
holds what the guest wrote:

- before a residual call that may write the heap (isel/calls.py): the
  optimizer has done every delayed write before it and forgets what it knew
  after it, so finalizers run as if inside the call;
- after the code leaves, once deoptimization has rebuilt the frames and done
  the snapshot's delayed writes (the tracer's warmspot calls
  `release_deferred`);
- between two iterations of a loop without such calls: the poll (every
  POLL_INTERVAL back-edges, or at the next one once the area is half full)
  makes the loop leave by its CAP exit, and the interpreter goes on at the
  loop header after releasing them.

This is PyPy's rule (finalizers at safe points, never in the middle of
compiled code) with CPython's timing kept wherever the guest could look:
output of a finalizer comes before the output of the next call.  Objects
that wait are the ones that run code when they themselves are freed (a
generator only while suspended at a yield: one a trace ran inline, never
started by its host body, or one finished, is freed at once): a
container freed in compiled code still frees what it holds at once (a known
gap, in the optimizer README).  When the area is full (half of it freed
within one iteration), an object is freed at once.

The area is one block of int64 words: the count, then the addresses, each
holding the one reference the area owns.
"""

import ctypes

from . import capi
from .layout import runs_code_when_freed

CAPACITY = 1024

_area = (ctypes.c_int64 * (1 + CAPACITY))()
AREA = ctypes.addressof(_area)      # the count's address; the items follow it
_held = []                          # objects the Python side let go of meanwhile


def defer(obj):
    """Drop the Python side's reference to `obj`, holding it until the next
    safe point if freeing it runs code: an exit's extra refs are released
    before deoptimization has done the snapshot's delayed writes."""
    if runs_code_when_freed(obj):
        _held.append(obj)


def waiting():
    return _area[0] + len(_held)


def release_deferred():
    """Release every object held back, oldest first.  Reentrant: a finalizer
    may run compiled code that defers more, and releases them itself."""
    global _held
    n = _area[0]
    if n:
        addresses = _area[1:n + 1]
        _area[0] = 0
        decref = capi.call_proto("Py_DecRef")
        for address in addresses:
            obj = ctypes.cast(address, ctypes.py_object).value
            decref(obj)         # the area's reference: ours is the last now
            del obj
    if _held:
        held, _held = _held, []
        held.reverse()
        while held:
            held.pop()          # freed here, oldest first
