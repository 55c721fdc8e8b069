"""The dispatch loop: run one frame until it returns or yields.

Each instruction is `(handler, arg)`; a handler is called as
`handler(frame, stack, arg, next_pc)` and returns the pc to continue at,
or -1 when the frame returns or yields (its value in `frame.retval`).
An exception raised by a handler is a guest exception: it is looked up in
the code's exception table, and either handled in this frame or recorded
in the guest traceback and propagated to the caller.
"""

from interp.frame import Frame
from interp import tb as guest_tb
from interp.state import EXC

# interp.tracing's 'exception' event, while a guest trace function is set.
TRACE_EXCEPTIONS = None


def run(frame):
    ops = frame.code.ops
    stack = frame.stack
    pc = frame.pc
    while True:
        try:
            while pc >= 0:
                fn, arg = ops[pc]
                pc = fn(frame, stack, arg, pc + 1)
            return frame.retval
        except BaseException as e:
            pc = unwind(frame, pc, e)


def unwind(frame, pc, exc):
    """Find the handler for `exc` raised at `pc`; return its pc, or re-raise."""
    if frame.state != Frame.RAISED:     # else already unwound out of it (by the tracer's step)
        fresh, where, reraise = guest_tb.enter_frame(exc, frame, pc)
        if TRACE_EXCEPTIONS is not None and not reraise:
            TRACE_EXCEPTIONS(frame, exc)
        if fresh:
            handled = EXC.topmost()
            if handled is not None and exc is not EXC.host_chained:
                guest_tb.chain(exc, handled)
        EXC.host_chained = None
        h = frame.code.find_handler(pc)
        if h is not None:
            stack = frame.stack
            del stack[h.depth:]
            if h.lasti:
                stack.append(where)
            stack.append(exc)
            return h.target
        frame.state = Frame.RAISED
        frame.pc = pc
    try:
        raise exc
    finally:
        # The traceback keeps this frame: were the frame to keep the
        # exception, the cycle would wait for the garbage collector, and
        # with it `__del__` methods and the guest frame's locals.
        exc = None
