"""Operators: arithmetic, comparisons, identity, membership, subscripts, formatting."""

import operator

from interp.handlers.registry import opcode
from interp.protocol import operators as ops
from tracer.hints import new_slice

_NATIVE = ops.NATIVE_BINARY
_HEAP = 1 << 9


@opcode
def BINARY_OP(frame, stack, arg, pc):
    b = stack.pop()
    a = stack[-1]
    ta = type(a)
    if ta is type(b) and (ta is int or ta is float):
        stack[-1] = _NATIVE[arg](a, b)
    else:
        stack[-1] = ops.binary_op(frame, a, b, arg)
    return pc


_NATIVE_COMPARE = {"<": operator.lt, "<=": operator.le, "==": operator.eq,
                   "!=": operator.ne, ">": operator.gt, ">=": operator.ge}


@opcode
def COMPARE_OP(frame, stack, arg, pc):
    b = stack.pop()
    a = stack[-1]
    ta = type(a)
    if ta is type(b) and (ta is int or ta is float or ta is str):
        stack[-1] = _NATIVE_COMPARE[arg](a, b)
    else:
        stack[-1] = ops.compare(frame, a, b, arg)
    return pc


@opcode
def IS_OP(frame, stack, arg, pc):
    b = stack.pop()
    stack[-1] = (stack[-1] is b) is not bool(arg)
    return pc


@opcode
def CONTAINS_OP(frame, stack, arg, pc):
    container = stack.pop()
    stack[-1] = ops.contains(frame, container, stack[-1]) is not bool(arg)
    return pc


@opcode
def UNARY_NEGATIVE(frame, stack, arg, pc):
    stack[-1] = ops.unary(frame, stack[-1], "__neg__", operator.neg)
    return pc


@opcode
def UNARY_POSITIVE(frame, stack, arg, pc):
    stack[-1] = ops.unary(frame, stack[-1], "__pos__", operator.pos)
    return pc


@opcode
def UNARY_INVERT(frame, stack, arg, pc):
    stack[-1] = ops.unary(frame, stack[-1], "__invert__", operator.invert)
    return pc


@opcode
def UNARY_NOT(frame, stack, arg, pc):
    stack[-1] = not ops.truth(frame, stack[-1])
    return pc


@opcode
def BINARY_SUBSCR(frame, stack, arg, pc):
    key = stack.pop()
    obj = stack[-1]
    if type(obj) is list and type(key) is int:
        stack[-1] = obj[key]
    else:
        stack[-1] = ops.getitem(frame, obj, key)
    return pc


@opcode
def STORE_SUBSCR(frame, stack, arg, pc):
    key = stack.pop()
    obj = stack.pop()
    value = stack.pop()
    if type(obj) is list and type(key) is int:
        obj[key] = value
    else:
        ops.setitem(frame, obj, key, value)
    return pc


@opcode
def DELETE_SUBSCR(frame, stack, arg, pc):
    key = stack.pop()
    ops.delitem(frame, stack.pop(), key)
    return pc


@opcode
def BUILD_SLICE(frame, stack, arg, pc):
    step = stack.pop() if arg == 3 else None
    stop = stack.pop()
    stack[-1] = new_slice(stack[-1], stop, step)
    return pc


@opcode
def GET_LEN(frame, stack, arg, pc):
    stack.append(ops.length(frame, stack[-1]))
    return pc


_CONVERSIONS = {0: None, 1: str, 2: repr, 3: ascii}


@opcode
def FORMAT_VALUE(frame, stack, arg, pc):
    spec = stack.pop() if arg & 0x04 else ""
    value = stack.pop()
    conv = _CONVERSIONS[arg & 0x03]
    if conv is not None:
        value = conv(value)
    if type(value) is str and not spec:
        stack.append(value)
    else:
        stack.append(format(value, spec))
    return pc


@opcode
def BUILD_STRING(frame, stack, arg, pc):
    parts = stack[-arg:] if arg else []
    del stack[len(stack) - arg:]
    stack.append("".join(parts))
    return pc
