"""Generators, `yield from`, `await`, `async for`."""

import types

from interp import eval as guest_eval
from interp import generators as host_generators
from interp.frame import Frame, _Sentinel
from interp.generators import AsyncGenValue, HANDOFF
from interp.handlers.registry import opcode
from interp.protocol import operators as ops
from interp.calls import call, lookup_special, call_special, NOTFOUND
from interp.protocol import attrs
from tracer.hints import (NOT_RESUMED, concrete_value, elidable_call, promote_field,
                          read_field, resume_suspended)

_HEAP = 1 << 9
_CO_ITERABLE_COROUTINE = 0x100
_GEN = types.GeneratorType
_CORO = types.CoroutineType


# a coroutine's, an iterable coroutine's or an async generator's code
_NOT_A_GENERATOR = 0x80 | 0x100 | 0x200
# next_inline's answers besides an item: never guest values (a comparison of
# an item with them records nothing)
NOT_INLINED = _Sentinel("NOT_INLINED")
END = _Sentinel("END")


def next_inline(it):
    """FOR_ITER's step of a guest generator while recording: its frame, when
    suspended at a plain `yield` with no exception of its own being
    handled, runs on inlined in the trace (hints.resume_suspended) as its
    host body would run it (interp.generators._resume); the item it yields,
    END when it returned, NOT_INLINED when it is not run here (FOR_ITER
    steps it with a residual call).  Where it stands (its code, its pc) is
    a constant of the trace; what it stands on (its locals and stack) is
    read from it and written back."""
    frame = elidable_call(host_generators.guest_frame_of, (it,))
    if frame is None:
        return NOT_INLINED
    code = promote_field(frame, "code")
    if code.flags & _NOT_A_GENERATOR or promote_field(frame, "state") != Frame.SUSPENDED \
            or promote_field(frame, "delegating") is not False \
            or read_field(frame, "exc_stack") is not None \
            or promote_field(read_field(frame, "generator"), "inherited"):
        return NOT_INLINED
    promote_field(frame, "pc")
    f = concrete_value(frame)
    f.state = Frame.RUNNING         # as _resume marks it: a resume from inside fails
    f.delegating = host_generators.INLINED      # (not recorded: YIELD_VALUE resets it)
    try:
        v = resume_suspended(frame, "stack", None, ("pc", "state"), ("state", Frame.RUNNING))
    except StopIteration as e:
        raise RuntimeError("generator raised StopIteration") from e
    finally:
        if f.delegating == host_generators.INLINED:
            f.delegating = False        # not run here
        if f.state == Frame.RUNNING:
            f.state = Frame.SUSPENDED   # not run here, or left mid-body (jit.leave_suspended)
    if v is NOT_RESUMED:
        return NOT_INLINED
    if f.state != Frame.SUSPENDED:
        return END                  # it returned: exhausted, as _resume will say
    return v


@opcode
def RETURN_GENERATOR(frame, stack, arg, pc):
    frame.pc = pc
    frame.state = Frame.SUSPENDED
    frame.retval = None
    return -1


@opcode
def YIELD_VALUE(frame, stack, arg, pc):
    frame.retval = stack.pop()
    frame.pc = pc
    frame.state = Frame.SUSPENDED
    frame.delegating = arg == 1
    return -1


@opcode
def ASYNC_GEN_WRAP(frame, stack, arg, pc):
    stack[-1] = AsyncGenValue(stack[-1])
    return pc


@opcode
def SEND(frame, stack, arg, pc):
    value = stack.pop()
    receiver = stack[-1]
    t = type(receiver)
    if frame.generator is not None and value is None and not t.__flags__ & _HEAP \
            and guest_eval.TRACE_EXCEPTIONS is None:
        # The first SEND of a `yield from`/`await` in a frame a host body drives: the
        # body delegates (see interp.generators); a guest iterator class stays here,
        # so that its __next__ and send are interpreted.  Not while tracing: CPython
        # delegates inside the frame, and its events say so.
        frame.retval = receiver
        frame.pc = pc
        frame.state = Frame.SUSPENDED
        frame.delegating = HANDOFF
        return -1
    try:
        if t is _GEN or t is _CORO:
            r = receiver.send(value)
        elif value is None:
            r = ops.next_item(frame, receiver)
        else:
            r = call(frame, attrs.getattribute(frame, receiver, "send"), (value,))
    except StopIteration as stop:
        if guest_eval.TRACE_EXCEPTIONS is not None:
            # Traced, CPython's SEND goes through send()/__next__ and reports the
            # StopIteration that ends the delegation as an 'exception' event.
            guest_eval.TRACE_EXCEPTIONS(frame, stop)
        stack[-1] = stop.value
        return arg
    stack.append(r)
    return pc


@opcode
def GET_YIELD_FROM_ITER(frame, stack, arg, pc):
    it = stack[-1]
    t = type(it)
    if t is _CORO:
        if not frame.code.flags & (0x80 | 0x100):
            raise TypeError("cannot 'yield from' a coroutine object in a non-coroutine generator")
    elif t is not types.GeneratorType:
        stack[-1] = ops.get_iter(frame, it)
    return pc


def awaitable_iter(frame, obj):
    """_PyCoro_GetAwaitableIter, with a guest `__await__` interpreted."""
    t = type(obj)
    if t is _CORO or (t is _GEN and obj.gi_code.co_flags & _CO_ITERABLE_COROUTINE):
        return obj
    f = lookup_special(t, "__await__")
    if f is NOTFOUND:
        raise TypeError(f"object {t.__name__} can't be used in 'await' expression")
    it = call_special(frame, obj, f, ())
    ti = type(it)
    if ti is _CORO or (ti is _GEN and it.gi_code.co_flags & _CO_ITERABLE_COROUTINE):
        raise TypeError("__await__() returned a coroutine")
    if lookup_special(ti, "__next__") is NOTFOUND:
        raise TypeError(f"__await__() returned non-iterator of type '{ti.__name__}'")
    return it


_AWAIT_WHAT = {1: "__aenter__", 2: "__aexit__"}


@opcode
def GET_AWAITABLE(frame, stack, arg, pc):
    obj = stack[-1]
    try:
        stack[-1] = awaitable_iter(frame, obj)
        return pc
    except TypeError:
        # format_awaitable_error: only an object with no __await__ gets the message
        # of the `async with`; it replaces the error (so it is not chained to it).
        if arg not in _AWAIT_WHAT or lookup_special(type(obj), "__await__") is not NOTFOUND:
            raise
    raise TypeError(f"'async with' received an object from {_AWAIT_WHAT[arg]} that does not "
                    f"implement __await__: {type(obj).__name__}")


@opcode
def GET_AITER(frame, stack, arg, pc):
    obj = stack[-1]
    t = type(obj)
    f = lookup_special(t, "__aiter__")
    if f is NOTFOUND:
        raise TypeError(f"'async for' requires an object with __aiter__ method, "
                        f"got {t.__name__}")
    it = call_special(frame, obj, f, ())
    if lookup_special(type(it), "__anext__") is NOTFOUND:
        raise TypeError(f"'async for' received an object from __aiter__ that does not "
                        f"implement __anext__: {type(it).__name__}")
    stack[-1] = it
    return pc


@opcode
def GET_ANEXT(frame, stack, arg, pc):
    aiter = stack[-1]
    t = type(aiter)
    f = lookup_special(t, "__anext__")
    if f is NOTFOUND:
        raise TypeError(f"'async for' requires an iterator with __anext__ method, "
                        f"got {t.__name__}")
    awaitable = call_special(frame, aiter, f, ())
    try:
        stack.append(awaitable_iter(frame, awaitable))
    except Exception as e:
        raise TypeError(f"'async for' received an invalid object from __anext__: "
                        f"{type(awaitable).__name__}") from e     # _PyErr_FormatFromCause
    return pc


@opcode
def END_ASYNC_FOR(frame, stack, arg, pc):
    exc = stack.pop()
    if isinstance(exc, StopAsyncIteration):
        stack.pop()
        return pc
    from interp import tb as guest_tb
    raise guest_tb.mark_reraise(exc)
