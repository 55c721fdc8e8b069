"""The interpreter's side of exceptions in traces: raising into a handler
while recording (a bridge from a call that raised, a `raise` in the trace),
leaving inlined frames on the way, and what compiled code calls to do the
interpreter's unwinding work (eval.unwind's traceback entries and
chaining).  See tracer/README.md, "Exception bridges".

The functions here that take boxes run as recording twins (the runtime
calls the hooks through their twins; trace_step calls them from its own).
"""

from interp import tb as guest_tb
from interp.calls import HEAPTYPE
from interp.frame import Frame
from interp.state import EXC
from tracer.hints import caught_by_caller, promote, raised_out, residual_call


def raised_out_of_call(code, pc, frame, out):
    """The call at `pc` of `frame` ended by RaisedOut: its exception arrives
    here (recorded), into this frame's handler (its livevars), or on out of
    this frame too, to the caller caught_by_caller found."""
    exc = out.exc
    live = {"code": code, "pc": pc, "frame": frame}
    if handler_at((code, pc)) == "leave":
        pass_through(live, exc)
        raise raised_out(exc)
    return raise_at(live, exc)      # (caught_by_caller said it enters a handler here)


def raise_at(live, exc, guest_raise=False):
    """InterpreterHooks.raise_at, run as its recording twin: a bridge from a
    call that raised starts by raising `exc` (its box) at live's instruction,
    into the handler the frame has there, as eval.unwind does: the traceback
    entry and implicit chaining (a residual call, `_unwinding`), the
    stack cut to the handler's depth, the exception pushed.  The livevars at
    the handler; None, with nothing done, when the exception would leave the
    frame, the handler wants the raising position pushed (`with` blocks'
    exits), or the frame is a generator's (its traceback entries need the
    frame itself).  `guest_raise`: trace_step's RAISE_VARARGS (`raise exc`),
    which also sets the context as RAISE_VARARGS does; of an exception, or
    of a builtin exception class (instantiated by a residual call: a class
    of the guest's would run guest code there, and gets None).  A raise
    with no handler in its frame, an inlined call whose caller the
    recording steps and which catches it (hints.caught_by_caller), leaves
    it by RaisedOut once its unwinding is recorded: `raised_out_of_call`
    goes on in the caller."""
    frame = live["frame"]
    pc = live["pc"]
    code = frame.code
    h = _enterable_handler(code, pc)
    if h is None and not (guest_raise and handler_at((code, pc)) == "leave"
                          and caught_by_caller()):
        return None
    if guest_raise and not isinstance(exc, BaseException):
        if not isinstance(exc, type):
            return None
        cls = promote(exc)
        if not issubclass(cls, BaseException) or cls.__flags__ & HEAPTYPE:
            return None
        exc = residual_call(cls, ())
    residual_call(_raised_in_frame if guest_raise else _unwinding,
                  (exc, code, pc, frame.globals, *frame.locals))
    if h is None:
        raise raised_out(exc)       # out of this inlined frame, to a caller's handler
    stack = frame.stack
    del stack[h.depth:]
    stack.append(exc)
    return {"code": code, "pc": h.target, "frame": frame}


def _unwinding(exc, code, pc, globals_, *locals_):
    """What eval.unwind does to `exc`, raised at `pc` of a frame of `code`
    whose locals are `locals_`, before it looks for a handler: the frame's
    traceback entry (a stub frame showing those locals) and implicit
    chaining to the exception being handled.  Compiled code calls it at
    the start of a bridge from a call that raised, once per frame the
    exception passes through."""
    frame = Frame(code, list(locals_), globals_, None, None, None, None)
    fresh = guest_tb.enter_frame(exc, frame, pc)[0]
    if fresh:
        handled = EXC.topmost()
        if handled is not None and exc is not EXC.host_chained:
            guest_tb.chain(exc, handled)
    EXC.host_chained = None


_GENERATOR_FLAGS = 0x20 | 0x80 | 0x100 | 0x200      # generator, coroutine, async generator


def _handler(code, pc):
    """Code.find_handler, here because interp.loader is not traced: a call
    of its method from a recording twin would stop the recording."""
    for h in code.handlers:
        if h.start <= pc < h.end:
            return h
    return None


def _enterable_handler(code, pc):
    """The handler raise_at can enter from instruction `pc` of `code`: one
    whose frame is not a generator's and that does not want the raising
    position pushed; else None."""
    if code.co.co_flags & _GENERATOR_FLAGS:
        return None
    h = _handler(code, pc)
    return None if h is None or h.lasti else h


def handler_at(greens):
    """InterpreterHooks.handler_at: what an exception raised at `greens`
    (code, pc) does there: "enter" a handler raise_at can enter, "leave" a
    frame with no handler there (not a generator's: leaving one finishes
    it), else None."""
    code, pc = greens
    if code.co.co_flags & _GENERATOR_FLAGS:
        return None
    h = _handler(code, pc)
    if h is None:
        return "leave"
    return None if h.lasti else "enter"


def pass_through(live, exc):
    """InterpreterHooks.pass_through, run as its recording twin: `exc` (a
    box) leaves live's frame, an inlined call that has no handler at its
    instruction, on its way to a caller's handler: its traceback entry
    (`_unwinding`, a residual call)."""
    frame = live["frame"]
    residual_call(_unwinding, (exc, frame.code, live["pc"], frame.globals, *frame.locals))


def _raised_in_frame(exc, code, pc, globals_, *locals_):
    """`_unwinding` for a guest `raise exc` (RAISE_VARARGS): the
    exception being handled becomes its context first, and the raise is
    marked so that its traceback entry is a new one (tb.mark_raise)."""
    handled = EXC.topmost()
    if handled is not None:
        guest_tb.chain(exc, handled, force=True)
    guest_tb.mark_raise(exc)
    _unwinding(exc, code, pc, globals_, *locals_)
