"""Generators, `yield from`, `await`, `async for`."""

import types

from interp.frame import Frame
from interp.generators import AsyncGenValue, get_awaitable_iter
from interp.handlers.registry import opcode
from interp.protocol import operators as ops
from interp.calls import call, lookup_special, call_special, NOTFOUND
from interp.protocol import attrs

_GEN = types.GeneratorType
_CORO = types.CoroutineType


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
    try:
        if t is _GEN or t is _CORO:
            r = receiver.send(value)
        elif value is None:
            r = ops.next_item(frame, receiver)
        else:
            r = call(frame, attrs.getattribute(frame, receiver, "send"), (value,))
    except StopIteration as stop:
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


@opcode
def GET_AWAITABLE(frame, stack, arg, pc):
    obj = stack[-1]
    try:
        stack[-1] = get_awaitable_iter(obj)
    except TypeError:
        if arg == 1:
            raise TypeError(f"'async with' received an object from __aenter__ that does not "
                            f"implement __await__: {type(obj).__name__}") from None
        if arg == 2:
            raise TypeError(f"'async with' received an object from __aexit__ that does not "
                            f"implement __await__: {type(obj).__name__}") from None
        raise
    return pc


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
        stack.append(get_awaitable_iter(awaitable))
    except TypeError:
        raise TypeError(f"'async for' received an invalid object from __anext__: "
                        f"{type(awaitable).__name__}") from None
    return pc


@opcode
def END_ASYNC_FOR(frame, stack, arg, pc):
    exc = stack.pop()
    if isinstance(exc, StopAsyncIteration):
        stack.pop()
        return pc
    from interp import tb as guest_tb
    raise guest_tb.mark_reraise(exc)
