"""Control flow: jumps, loop back-edges (where the JIT counts), iteration, return."""

import types

from interp.frame import Frame
from interp.handlers.generators import END as INLINE_END, NOT_INLINED, next_inline
from interp.handlers.registry import opcode
from interp.protocol import operators as ops
from interp import jit
from interp.iterators import FetchedItem, ListIter, RangeIter
from tracer.hints import (NotTraceable, len_unpromoted, new_instance, promote, read_field,
                          residual_call, resume_here)

_we_are_jitted = False      # True in the tracer's recording twins of this module

_HEAP = 1 << 9
_GENERATOR = types.GeneratorType
_END = object()


def _truth(frame, v):
    if _we_are_jitted:
        # recorded, the class decides (a guard it needs anyway): the identity
        # tests with True and False would be two more guards in the trace
        return ops.truth(frame, v)
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
    if _we_are_jitted:
        return pc if _truth(frame, v) else arg
    if v is False or (v is not True and not ops.truth(frame, v)):
        return arg
    return pc


@opcode
def POP_JUMP_IF_TRUE(frame, stack, arg, pc):
    v = stack.pop()
    if _we_are_jitted:
        return arg if _truth(frame, v) else pc
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
    if _we_are_jitted:
        return pc if _truth(frame, v) else _back(frame, arg)
    if v is False or (v is not True and not ops.truth(frame, v)):
        return jit.back_edge(frame, arg) if jit.ENABLED else arg
    return pc


@opcode
def POP_JUMP_BACKWARD_IF_TRUE(frame, stack, arg, pc):
    v = stack.pop()
    if _we_are_jitted:
        return _back(frame, arg) if _truth(frame, v) else pc
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


# Ranges, lists and tuples are iterated by pvmx's own iterators (see
# interp/iterators.py), whose int fields a trace keeps in registers.  While
# recording, the new iterator must be made by the trace, even from a constant
# sequence (a fresh object is never a constant): a new_object that the
# optimizer may keep virtual.  A RangeIter's fields are the range's own
# start, stop and step (plain object members of CPython's range, never
# written): a loop started in a trace calls no Python code to make its
# iterator.  Other iterables go through the protocol.

@opcode
def GET_ITER(frame, stack, arg, pc):
    obj = stack[-1]
    t = type(obj)
    if t is range:
        if _we_are_jitted:
            it = new_instance(RangeIter)
            it.current = read_field(obj, "start", immutable=True)
            it.stop = read_field(obj, "stop", immutable=True)
            it.step = read_field(obj, "step", immutable=True)
            stack[-1] = it
        else:
            stack[-1] = RangeIter(obj)
    elif t is list or t is tuple:
        if _we_are_jitted:
            it = new_instance(ListIter)
            it.seq = obj
            it.index = 0
            stack[-1] = it
        else:
            stack[-1] = ListIter(obj)
    else:
        if _we_are_jitted:
            if t.__flags__ & _HEAP:
                raise NotTraceable(f"GET_ITER over {t.__name__}")
            # a builtin iterable (a dict, a str, enumerate, zip, a guest
            # generator, which is a host generator): one residual call
            stack[-1] = residual_call(iter, (obj,))
            return pc
        stack[-1] = ops.get_iter(frame, obj)
    return pc


@opcode
def FOR_ITER(frame, stack, arg, pc):
    it = stack[-1]
    t = type(it)
    if t is RangeIter:
        cur = it.current
        step = it.step
        if _we_are_jitted:
            step = promote(step)    # a constant of the trace; a call the interpreter need not pay
        if (cur < it.stop) if step > 0 else (cur > it.stop):
            it.current = cur + step
            stack.append(cur)
            return pc
        stack.pop()
        return arg
    if t is ListIter:
        i = it.index
        seq = it.seq
        # the length is read each time (the loop may grow the list), and
        # while recording it stays a value of the trace, not a constant
        if i < (len_unpromoted(seq) if _we_are_jitted else len(seq)):
            it.index = i + 1
            stack.append(seq[i])
            return pc
        stack.pop()
        return arg
    if t is _GENERATOR and _we_are_jitted:
        # a guest generator: its frame runs on inside the trace
        v = next_inline(it)
        if v is not NOT_INLINED:
            if v is INLINE_END:
                stack.pop()
                return arg
            stack.append(v)
            return pc
    if t is FetchedItem:
        # a guard failed right after a trace stepped the iterator below it
        v = stack.pop().item
        if v is _END:
            stack.pop()
            return arg
    elif t.__flags__ & _HEAP:
        try:
            v = ops.next_item(frame, it)
        except StopIteration:
            stack.pop()
            return arg
    elif _we_are_jitted:
        # a builtin iterator: one residual call per step; the item stays on
        # the stack (FetchedItem) while the trace branches on it
        fetched = new_instance(FetchedItem)
        fetched.item = residual_call(next, (it, _END))
        stack.append(fetched)
        resume_here()
        ended = fetched.item is _END
        stack.pop()
        if ended:
            stack.pop()
            return arg
        v = fetched.item
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
