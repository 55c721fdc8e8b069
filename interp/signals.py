"""Python signal handlers the program installs, run as CPython would run them.

CPython calls a handler with the frame that was running, which under pvmx
is one of pvmx's own host frames, and at any instruction, possibly inside
a compiled loop's poll, after which the loop would go on with what it
keeps in registers (`while not stopped: ...` would never see the handler's
write).  So `_signal.signal` (which `signal.signal` calls) installs a
wrapper around a callable handler: it passes the guest's frame (the
virtual stack's, interp/frames.py) and, after the handler, asks compiled
loops to leave (`after_handler`, set by interp.jit).  `getsignal` and the
previous handler that `signal` returns are the program's own handlers.
"""

import _signal

from interp import frames

_real_signal, _real_getsignal = _signal.signal, _signal.getsignal
_WRAPPED = {}           # id(wrapper) -> (wrapper, the handler it runs)

after_handler = None    # () -> None, or None: what the JIT does after a handler ran


def _own(handler):
    """The program's handler behind `handler` (a wrapper or not)."""
    found = _WRAPPED.get(id(handler))
    return handler if found is None or found[0] is not handler else found[1]


def _wrap(handler):
    def run_handler(signum, frame):
        try:
            return handler(signum, None if frame is None
                           else next(frames.virtual_stack(frame), None))
        finally:
            if after_handler is not None:
                after_handler()
    _WRAPPED[id(run_handler)] = (run_handler, handler)
    return run_handler


def signal(signalnum, handler):
    if callable(handler):
        handler = _wrap(handler)
    try:
        old = _real_signal(signalnum, handler)
    except BaseException:
        _WRAPPED.pop(id(handler), None)
        raise
    own = _own(old)
    if own is not old:
        del _WRAPPED[id(old)]       # replaced: nothing runs it any more
    return own


def getsignal(signalnum):
    return _own(_real_getsignal(signalnum))


def install():
    signal.__doc__, getsignal.__doc__ = _real_signal.__doc__, _real_getsignal.__doc__
    _signal.signal, _signal.getsignal = signal, getsignal
