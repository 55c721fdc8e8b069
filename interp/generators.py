"""Guest generators, coroutines and async generators as the host's own objects.

A guest generator is a real host generator whose body resumes the guest
frame until it yields or returns; a guest coroutine is a real host
coroutine and a guest async generator a real host async generator built
the same way.  So `sum(gen)`, `list(gen)`, asyncio, `inspect`, `send`,
`throw`, `close`, `asend`, `athrow`, `aclose`, the "never awaited" warning
and every error the host raises for misuse ("generator already
executing", "async generator ignored GeneratorExit") are CPython's own.

Inside an async body, what the guest frame yields is either a value of
the async generator (wrapped by ASYNC_GEN_WRAP) or a value an `await`
passes up to the event loop; the latter goes up through `_yield_up`, a
one-step iterable coroutine.
"""

import sys
import types

from interp import guestcode
from interp.frame import Frame, release_in_order
from interp.state import DEPTH, EXC, host_local

_run = None
_unwind = None
_getrefcount = sys.getrefcount


def set_runner(run, unwind, plain=True):
    """`plain`: `run` is the plain dispatch loop (no trace function, no
    counting), which make_generator may skip for a lone RETURN_GENERATOR."""
    global _run, _unwind, _plain
    _run = run
    _unwind = unwind
    _plain = plain
    _RUNNER_CODES.clear()
    _RUNNER_CODES.update(getattr(f, "__code__", None) for f in (run, unwind, _resume, _step))


_plain = True
_RUNNER_CODES = set()       # the code of run, unwind, _resume and _step: each has a local `frame`


class AsyncGenValue:
    """A value yielded by an async generator (as opposed to one passed up by `await`)."""
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


# Frame.delegating: suspended in an in-frame `yield from` (the frame's SEND drives
# the delegate), or handing the delegate to the host body (HANDOFF, see SEND), or
# left by compiled code in the middle of its body (RESUME_MID: a guard failed in
# a generator a trace resumed inlined, interp.jit): its next resume goes on from
# where it stands, with nothing sent in (GenState.pending: an exception to raise
# there first), or being run by a trace that resumed it (INLINED).
HANDOFF = 2
RESUME_MID = 3
INLINED = 4     # being resumed by a trace (its YIELD_VALUE is recorded: interp.jit)


class GenState:
    """Frame.generator of a frame that one of the host bodies below drives.

    `inherited`: while another generator's body delegates to this one (host-level
    `yield from`), the exc_info entries of the delegators, innermost first; they
    are on CPython's exc_info stack under this frame's whenever it runs."""
    __slots__ = ("inherited", "proxy", "thrown", "pending")

    def __init__(self):
        self.inherited = ()
        self.proxy = None           # interp.tracing: the frame object trace functions see
        self.thrown = None          # interp.tracing: a throw's 'exception' event, pending
        self.pending = None         # RESUME_MID: the exception to raise where it stands


# id() of a host body's code object (kept alive by its Code) -> the guest Code it runs
BODY_CODES = {}


def _resume(frame, value, exc):
    """Run a suspended frame on with `value` sent in, or `exc` thrown in at its yield.

    The frame's own exc_info entry is pushed for the run, as CPython does
    with a generator's gi_exc_state (see `state.EXC`).  A frame compiled code
    ran to its end (a trace resumes generators inlined: handlers/generators.py)
    is exhausted; one it is running cannot be resumed."""
    state = frame.state
    if state != Frame.SUSPENDED:
        if state == Frame.RUNNING:
            raise ValueError("generator already executing")
        if exc is not None:
            raise exc
        return None
    exc_info = EXC
    outer = exc_info.outer
    n_outer = len(outer)
    held = exc_info.value is not None
    outer.append(exc_info.value)
    inherited = frame.generator.inherited
    if inherited:
        outer.extend(reversed(inherited))
        held += sum(1 for v in inherited if v is not None)
    exc_info.held += held
    exc_info.value = frame.exc_stack
    depth = DEPTH
    if depth.depth >= depth.limit:
        raise RecursionError("maximum recursion depth exceeded")
    depth.depth += 1
    frame.lasti = frame.pc - 1      # where it was suspended (interp.tracing reads it)
    try:
        delegating = frame.delegating
        if delegating == RESUME_MID:
            pending = frame.generator.pending
            frame.generator.pending = None
            if exc is not None:
                pending = exc       # thrown in before it could go on: raised where it stands
            if pending is not None:
                frame.state = Frame.RUNNING
                frame.delegating = False
                frame.pc = _unwind(frame, frame.pc, pending)
        elif delegating == HANDOFF:
            # The host body ran the delegate to its end: its result replaces the
            # receiver and the frame goes on after the SEND (or fails at it).
            if exc is None:
                frame.stack[-1] = value
                frame.pc = frame.code.instrs[frame.pc - 1][1]
            else:
                frame.pc = _unwind(frame, frame.pc - 1, exc)
        elif exc is None:
            frame.stack.append(value)
        elif delegating and not isinstance(exc, GeneratorExit):
            kind, v = _throw_into_delegate(frame.stack[-1], exc)
            if kind is _YIELD:
                return v                    # still suspended in the same `yield from`
            frame.stack.pop()
            exit_pc = _send_exit(frame)
            frame.state = Frame.RUNNING
            frame.delegating = False
            if kind is _RETURN:
                frame.stack.append(v)
                frame.pc = exit_pc
            else:
                frame.pc = _unwind(frame, exit_pc - 1, v)
        else:
            if delegating:
                exc = _close_delegate(frame.stack[-1], exc)
            frame.state = Frame.RUNNING
            frame.delegating = False
            frame.pc = _unwind(frame, frame.pc - 1, exc)
        frame.state = Frame.RUNNING
        frame.delegating = False
        return _run(frame)
    finally:
        exc = None          # see eval.unwind's end
        depth.depth -= 1
        frame.exc_stack = exc_info.value
        exc_info.value = outer[n_outer]
        del outer[n_outer:]
        exc_info.held -= held


_YIELD, _RETURN, _RAISE = "yield", "return", "raise"


def _throw_into_delegate(yf, exc):
    """gen.throw() while suspended in an in-frame `yield from`: the delegate gets it first."""
    throw = getattr(yf, "throw", None)
    if throw is None:
        return _RAISE, exc
    try:
        return _YIELD, throw(exc)
    except StopIteration as stop:
        return _RETURN, stop.value
    except BaseException as e:
        return _RAISE, e


def _close_delegate(yf, exc):
    close = getattr(yf, "close", None)
    if close is not None:
        try:
            close()
        except BaseException as e:
            return e
    return exc


def _send_exit(frame):
    """Where SEND jumps when the delegate is done: the target of the SEND before this yield."""
    pc = frame.pc - 1
    while frame.code.instrs[pc][0] != "SEND":
        pc -= 1
    return frame.code.instrs[pc][1]


# The host bodies.  Each resumes the guest frame and passes what it yields up;
# when the frame hands a delegate over (`yield from`/`await` of a generator,
# coroutine or builtin iterator), the body delegates to it itself, so that
# send/throw/close reach it as CPython's own delegation does and
# gi_yieldfrom/cr_await show it.

def _delegate(frame, r):
    """`frame` hands `r` to its body: if `r` is a guest generator, it runs on top of
    `frame`'s exc_info entries while the body delegates to it."""
    sub = guest_frame_of(r)
    if sub is not None:
        sub.generator.inherited = (frame.exc_stack,) + frame.generator.inherited
    return r


def guest_frame_of(gen):
    """The guest frame a host body drives, or None (a suspended body's local `frame`)."""
    t = type(gen)
    f = gen.gi_frame if t is types.GeneratorType else \
        gen.cr_frame if t is types.CoroutineType else None
    if f is None or id(f.f_code) not in BODY_CODES:
        return None
    return host_local(f, "frame")


def guest_code_of(gen):
    """The guest Code a guest generator (or coroutine) runs, finished or
    not, or None: guest_frame_of's answer's code without reading the host
    body's locals, which costs a dict of them."""
    t = type(gen)
    if t is types.GeneratorType:
        return BODY_CODES.get(id(gen.gi_code))
    if t is types.CoroutineType:
        return BODY_CODES.get(id(gen.cr_code))
    return None


def _release(frame, raised=None):
    """A body's guest frame has ended, returned or `raised` out of: its
    locals in CPython's order (frame.release_in_order) if nothing but the
    body and the frames of pvmx that ran it (those in the traceback of
    `raised`) holds it."""
    holders = 3                     # ours, getrefcount's, the body's
    if raised is None:
        holders += 1                # _step's
    else:
        tb = raised.__traceback__
        while tb is not None:       # _step's and those that ran the frame
            f = tb.tb_frame
            co = f.f_code
            if (co in _RUNNER_CODES or id(co) in BODY_CODES) and host_local(f, "frame") is frame:
                holders += 1
            tb = tb.tb_next
    if _getrefcount(frame) == holders:
        release_in_order(frame)


def _step(frame, value, exc):
    """A body's one resumption of its guest frame: what the frame yields or
    returns, or raises; a frame that ends is released (_release)."""
    try:
        r = _resume(frame, value, exc)
    except BaseException as e:
        if frame.state == Frame.RAISED:
            _release(frame, e)
        raise
    finally:
        exc = None          # see eval.unwind's end
    if frame.state != Frame.SUSPENDED:
        _release(frame)
    return r


def _gen_body(frame):
    value, exc = None, None
    while True:
        try:
            r = _step(frame, value, exc)
        finally:
            exc = None      # see eval.unwind's end
        if frame.state != Frame.SUSPENDED:
            return r
        try:
            if frame.delegating == HANDOFF:
                value = yield from _delegate(frame, r)
            else:
                value = yield r
            exc = None
        except BaseException as e:
            value, exc = None, e


@types.coroutine
def _yield_up(v):
    """Pass a value an `await` yields up to whoever drives the coroutine; return what it sends."""
    return (yield v)


class _Await:
    """`await` of an iterator (what an `__await__` returned): delegate to it."""
    __slots__ = ("it",)

    def __init__(self, it):
        self.it = it

    def __await__(self):
        return self.it


def _awaitable(r):
    t = type(r)
    if t is types.CoroutineType or (t is types.GeneratorType and r.gi_code.co_flags & 0x100):
        return r
    return _Await(r)


async def _coro_body(frame):
    value, exc = None, None
    while True:
        try:
            r = _step(frame, value, exc)
        finally:
            exc = None      # see eval.unwind's end
        if frame.state != Frame.SUSPENDED:
            return r
        try:
            if frame.delegating == HANDOFF:
                value = await _awaitable(_delegate(frame, r))
            else:
                value = await _yield_up(r)
            exc = None
        except BaseException as e:
            value, exc = None, e


async def _agen_body(frame):
    value, exc = None, None
    while True:
        try:
            r = _step(frame, value, exc)
        finally:
            exc = None      # see eval.unwind's end
        if frame.state != Frame.SUSPENDED:
            return
        try:
            if frame.delegating == HANDOFF:
                value = await _awaitable(_delegate(frame, r))
            elif type(r) is AsyncGenValue:
                value = yield r.value
            else:
                value = await _yield_up(r)
            exc = None
        except BaseException as e:
            value, exc = None, e


def _host_body(code):
    """The host body for guest `code`, named after it (gi_code.co_name, cr_code...)."""
    body = code.host_body
    if body is None:
        flags = code.flags
        proto = _coro_body if flags & 0x80 else _agen_body if flags & 0x200 else _gen_body
        co = proto.__code__.replace(co_name=code.name, co_qualname=code.qualname)
        BODY_CODES[id(co)] = code
        body = code.host_body = types.FunctionType(co, proto.__globals__, code.name)
    return body


def new_generator(func, *locals_):
    """A guest generator function called with its bound locals: the
    generator (what a trace's residual call of calls.call_guest gives)."""
    code = guestcode.lookup(func.__code__)
    return make_generator(Frame(code, list(locals_), func.__globals__, None, None, func, None))


def make_generator(frame):
    """Called with a fresh frame of generator code: run its prelude, return the object."""
    if _plain and frame.code.instrs[0][0] == "RETURN_GENERATOR":
        # the whole prelude (no cell to make, no free variable to copy): its
        # handler, without a dispatch loop
        handler, arg = frame.code.ops[0]
        handler(frame, frame.stack, arg, 1)
    else:
        _run(frame)             # up to RETURN_GENERATOR
    gen = _host_body(frame.code)(frame)
    frame.generator = GenState()
    frame.back = None           # a suspended generator has no caller (and must not keep one alive)
    func = frame.func           # CPython names a generator after its function, not its code
    gen.__name__ = func.__name__ if func is not None else frame.code.name
    gen.__qualname__ = func.__qualname__ if func is not None else frame.code.qualname
    return gen
