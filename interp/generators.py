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

import types

from interp.frame import Frame
from interp.state import DEPTH, EXC

_run = None
_unwind = None


def set_runner(run, unwind):
    global _run, _unwind
    _run = run
    _unwind = unwind


class AsyncGenValue:
    """A value yielded by an async generator (as opposed to one passed up by `await`)."""
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def _resume(frame, value, exc):
    """Run a suspended frame on with `value` sent in, or `exc` thrown in at its yield.

    The frame's own exc_info entry is pushed for the run, as CPython does
    with a generator's gi_exc_state (see `state.EXC`)."""
    exc_info = EXC
    exc_info.outer.append(exc_info.value)
    exc_info.value = frame.exc_stack
    depth = DEPTH
    if depth.depth >= depth.limit:
        raise RecursionError("maximum recursion depth exceeded")
    depth.depth += 1
    try:
        if exc is None:
            frame.stack.append(value)
        elif frame.delegating and not isinstance(exc, GeneratorExit):
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
            if frame.delegating:
                exc = _close_delegate(frame.stack[-1], exc)
            frame.state = Frame.RUNNING
            frame.delegating = False
            frame.pc = _unwind(frame, frame.pc - 1, exc)
        frame.state = Frame.RUNNING
        frame.delegating = False
        return _run(frame)
    finally:
        depth.depth -= 1
        frame.exc_stack = exc_info.value
        exc_info.value = exc_info.outer.pop()


_YIELD, _RETURN, _RAISE = "yield", "return", "raise"


def _throw_into_delegate(yf, exc):
    """gen.throw() while suspended in `yield from`/`await`: the delegate gets it first."""
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


def _gen_body(frame):
    value, exc = None, None
    while True:
        r = _resume(frame, value, exc)
        if frame.state != Frame.SUSPENDED:
            return r
        try:
            value = yield r
            exc = None
        except BaseException as e:
            value, exc = None, e


@types.coroutine
def _yield_up(v):
    """Pass a value an `await` yields up to whoever drives the coroutine; return what it sends."""
    return (yield v)


async def _coro_body(frame):
    value, exc = None, None
    while True:
        r = _resume(frame, value, exc)
        if frame.state != Frame.SUSPENDED:
            return r
        try:
            value = await _yield_up(r)
            exc = None
        except BaseException as e:
            value, exc = None, e


async def _agen_body(frame):
    value, exc = None, None
    while True:
        r = _resume(frame, value, exc)
        if frame.state != Frame.SUSPENDED:
            return
        try:
            if type(r) is AsyncGenValue:
                value = yield r.value
            else:
                value = await _yield_up(r)
            exc = None
        except BaseException as e:
            value, exc = None, e


def make_generator(frame):
    """Called with a fresh frame of generator code: run its prelude, return the object."""
    _run(frame)                 # up to RETURN_GENERATOR
    flags = frame.code.flags
    if flags & 0x80:
        gen = _coro_body(frame)
    elif flags & 0x200:
        gen = _agen_body(frame)
    else:
        gen = _gen_body(frame)
    frame.back = None           # a suspended generator has no caller (and must not keep one alive)
    func = frame.func           # CPython names a generator after its function, not its code
    gen.__name__ = func.__name__ if func is not None else frame.code.name
    gen.__qualname__ = func.__qualname__ if func is not None else frame.code.qualname
    return gen


def get_awaitable_iter(obj):
    """CPython's _PyCoro_GetAwaitableIter."""
    t = type(obj)
    if t is types.CoroutineType:
        return obj
    if t is types.GeneratorType and obj.gi_code.co_flags & 0x100:
        return obj
    await_ = getattr(t, "__await__", None)
    if await_ is None:
        raise TypeError(f"object {t.__name__} can't be used in 'await' expression")
    it = await_(obj)
    if isinstance(it, types.CoroutineType) or (
            type(it) is types.GeneratorType and it.gi_code.co_flags & 0x100):
        raise TypeError("__await__() returned a coroutine")
    if not hasattr(type(it), "__next__"):
        raise TypeError(f"__await__() returned non-iterator of type '{type(it).__name__}'")
    return it
