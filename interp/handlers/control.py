"""Control flow: jumps, loop back-edges (where the JIT counts), iteration, return."""

from interp.frame import Frame
from interp.handlers.registry import opcode
from interp.protocol import operators as ops
from interp import jit
from interp.iterators import RangeIter
from tracer.hints import promote

_HEAP = 1 << 9
_END = object()


def _truth(frame, v):
    if v is True:
        return True
    if v is False:
        return False
    return ops.truth(frame, v)


@opcode
def JUMP(frame, stack, arg, pc):
    return arg


@opcode
def JUMP_BACKWARD(frame, stack, arg, pc):
    if jit.ENABLED:
        return jit.back_edge(frame, arg)
    return arg


@opcode
def POP_JUMP_IF_FALSE(frame, stack, arg, pc):
    v = stack.pop()
    if v is False or (v is not True and not ops.truth(frame, v)):
        return arg
    return pc


@opcode
def POP_JUMP_IF_TRUE(frame, stack, arg, pc):
    v = stack.pop()
    if v is True or (v is not False and ops.truth(frame, v)):
        return arg
    return pc


@opcode
def POP_JUMP_IF_NONE(frame, stack, arg, pc):
    return arg if stack.pop() is None else pc


@opcode
def POP_JUMP_IF_NOT_NONE(frame, stack, arg, pc):
    return pc if stack.pop() is None else arg


def _back(frame, arg):
    return jit.back_edge(frame, arg) if jit.ENABLED else arg


@opcode
def POP_JUMP_BACKWARD_IF_FALSE(frame, stack, arg, pc):
    v = stack.pop()
    if v is False or (v is not True and not ops.truth(frame, v)):
        return jit.back_edge(frame, arg) if jit.ENABLED else arg
    return pc


@opcode
def POP_JUMP_BACKWARD_IF_TRUE(frame, stack, arg, pc):
    v = stack.pop()
    if v is True or (v is not False and ops.truth(frame, v)):
        return jit.back_edge(frame, arg) if jit.ENABLED else arg
    return pc


@opcode
def POP_JUMP_BACKWARD_IF_NONE(frame, stack, arg, pc):
    return _back(frame, arg) if stack.pop() is None else pc


@opcode
def POP_JUMP_BACKWARD_IF_NOT_NONE(frame, stack, arg, pc):
    return pc if stack.pop() is None else _back(frame, arg)


@opcode
def JUMP_IF_FALSE_OR_POP(frame, stack, arg, pc):
    if _truth(frame, stack[-1]):
        stack.pop()
        return pc
    return arg


@opcode
def JUMP_IF_TRUE_OR_POP(frame, stack, arg, pc):
    if _truth(frame, stack[-1]):
        return arg
    stack.pop()
    return pc


@opcode
def GET_ITER(frame, stack, arg, pc):
    obj = stack[-1]
    stack[-1] = RangeIter(obj) if type(obj) is range else ops.get_iter(frame, obj)
    return pc


@opcode
def FOR_ITER(frame, stack, arg, pc):
    it = stack[-1]
    if type(it) is RangeIter:
        cur = it.current
        step = promote(it.step)
        if (cur < it.stop) if step > 0 else (cur > it.stop):
            it.current = cur + step
            stack.append(cur)
            return pc
        stack.pop()
        return arg
    if type(it).__flags__ & _HEAP:
        try:
            v = ops.next_item(frame, it)
        except StopIteration:
            stack.pop()
            return arg
    else:
        v = next(it, _END)
        if v is _END:
            stack.pop()
            return arg
    stack.append(v)
    return pc


@opcode
def RETURN_VALUE(frame, stack, arg, pc):
    frame.retval = stack.pop()
    frame.state = Frame.RETURNED
    return -1
