"""Operators on guest objects: binary, in-place, unary, comparisons, truth, containers.

Each function first takes the host's native operator when neither operand
is an instance of a Python-defined class; otherwise it follows CPython's
slot logic (reflected operands, subclass priority, NotImplemented) and
calls the special methods through `interp.calls`, so guest ones are
interpreted.
"""

import operator

import sys

from types import FunctionType

from interp.calls import (call, call_special, bind_special, lookup_special, HEAPTYPE,
                          METHOD_DESCRIPTOR)
from interp.frame import _Sentinel
from interp.protocol.typecache import NOTFOUND
from tracer.hints import residual_call

_we_are_jitted = False      # True in the tracer's recording twins of this module

# BINARY_OP's argument: (symbol, native operator, method, reflected method, in-place method)
BINARY_OPS = [
    ("+", operator.add, "__add__", "__radd__"),
    ("&", operator.and_, "__and__", "__rand__"),
    ("//", operator.floordiv, "__floordiv__", "__rfloordiv__"),
    ("<<", operator.lshift, "__lshift__", "__rlshift__"),
    ("@", operator.matmul, "__matmul__", "__rmatmul__"),
    ("*", operator.mul, "__mul__", "__rmul__"),
    ("%", operator.mod, "__mod__", "__rmod__"),
    ("|", operator.or_, "__or__", "__ror__"),
    ("**", pow, "__pow__", "__rpow__"),
    (">>", operator.rshift, "__rshift__", "__rrshift__"),
    ("-", operator.sub, "__sub__", "__rsub__"),
    ("/", operator.truediv, "__truediv__", "__rtruediv__"),
    ("^", operator.xor, "__xor__", "__rxor__"),
]
INPLACE_OPS = [
    ("+=", operator.iadd, "__iadd__"),
    ("&=", operator.iand, "__iand__"),
    ("//=", operator.ifloordiv, "__ifloordiv__"),
    ("<<=", operator.ilshift, "__ilshift__"),
    ("@=", operator.imatmul, "__imatmul__"),
    ("*=", operator.imul, "__imul__"),
    ("%=", operator.imod, "__imod__"),
    ("|=", operator.ior, "__ior__"),
    ("**=", operator.ipow, "__ipow__"),
    (">>=", operator.irshift, "__irshift__"),
    ("-=", operator.isub, "__isub__"),
    ("/=", operator.itruediv, "__itruediv__"),
    ("^=", operator.ixor, "__ixor__"),
]
NATIVE_BINARY = [row[1] for row in BINARY_OPS] + [row[1] for row in INPLACE_OPS]

_COMPARE = {
    "<": (operator.lt, "__lt__", "__gt__"),
    "<=": (operator.le, "__le__", "__ge__"),
    "==": (operator.eq, "__eq__", "__eq__"),
    "!=": (operator.ne, "__ne__", "__ne__"),
    ">": (operator.gt, "__gt__", "__lt__"),
    ">=": (operator.ge, "__ge__", "__le__"),
}


_FORMATS = frozenset({str, bytes, bytearray})


def _is_py(t):
    return t.__flags__ & HEAPTYPE


def binary_op(frame, a, b, op):
    ta, tb = type(a), type(b)
    if not (_is_py(ta) or _is_py(tb)):
        if _we_are_jitted and ta in _FORMATS:
            # `fmt % args` takes any right operand itself: never a box
            return residual_call(NATIVE_BINARY[op], (a, b))
        return NATIVE_BINARY[op](a, b)
    return _binary_from(frame, a, b, op, 0)


# An int's or float's number methods return NotImplemented unless the other
# operand is an int or a float (long_* CHECK_BINOP, float_* CONVERT_TO_DOUBLE):
# `2.0 * vec` goes straight to the reflected method, without a call that
# would be a residual one in a trace (and make the trace allocate `vec`).
_NUMBERS = (int, float)


def _binary_from(frame, a, b, op, stage):
    """binary_iop1 / binary_op1 with the slots of heap types (SLOT1BINFULL:
    reflected operand rules), from `stage` on: 0 the in-place method, 1 the
    reflected method of a subclass first, 2 the left operand's method, 3 the
    right operand's reflected one."""
    ta, tb = type(a), type(b)
    if op >= 13:
        # binary_iop1: the in-place method of the left operand first, then the binary protocol.
        if stage == 0:
            f = lookup_special(ta, INPLACE_OPS[op - 13][2])
            if f is not NOTFOUND:
                r = _dunder(frame, f, a, b, a, b, op, 0)
                if r is not NotImplemented:
                    return r
        symbol, _, name, rname = BINARY_OPS[op - 13]
        symbol += "="
    else:
        symbol, _, name, rname = BINARY_OPS[op]
    fa = lookup_special(ta, name)
    fb = lookup_special(tb, rname) if tb is not ta else NOTFOUND
    if fb is not NOTFOUND and ta in tb.__mro__ and fb is not lookup_special(ta, rname):
        if stage <= 1:
            r = _dunder(frame, fb, b, a, a, b, op, 1)
            if r is not NotImplemented:
                return r
        fb = NOTFOUND
    if fa is not NOTFOUND and stage <= 2 and not (ta in _NUMBERS and not isinstance(b, _NUMBERS)):
        if fb is NOTFOUND or _is_py(ta):
            r = _dunder(frame, fa, a, b, a, b, op, 2)
        else:
            # A builtin sequence's __add__/__mul__ (sq_concat/sq_repeat) raises instead of
            # returning NotImplemented; CPython would have tried the reflected method first.
            try:
                r = call_special(frame, a, fa, (b,))
            except TypeError:
                r = call_special(frame, b, fb, (a,))
                if r is not NotImplemented:
                    return r
                raise
        if r is not NotImplemented:
            return r
    if fb is not NOTFOUND and stage <= 3:
        r = _dunder(frame, fb, b, a, a, b, op, 3)
        if r is not NotImplemented:
            return r
    if symbol == "**" or symbol == "**=":
        raise TypeError(f"unsupported operand type(s) for {symbol} or pow(): "
                        f"'{ta.__name__}' and '{tb.__name__}'")
    raise TypeError(f"unsupported operand type(s) for {symbol}: "
                    f"'{ta.__name__}' and '{tb.__name__}'")


# While recording, a guest method that BINARY_OP calls is inlined.  BINARY_OP
# keeps its left operand on the stack while the protocol runs; on top of it
# go the right operand, the op and the protocol's stage, and BINOP_RESUME:
# if a guard fails inside the method, deoptimization finishes it and then
# the protocol from there (binop_resume, called by jit.resume_inlined).
BINOP_RESUME = _Sentinel("BINOP_RESUME")


def _dunder(frame, f, x, y, a, b, op, stage):
    """call_special(frame, x, f, (y,)) for stage `stage` of BINARY_OP's protocol on a, b."""
    if not _we_are_jitted or type(f) is not FunctionType:
        return call_special(frame, x, f, (y,))
    stack = frame.stack
    stack.append(b)
    stack.append(op)
    stack.append(stage)
    stack.append(BINOP_RESUME)
    frame.call_target = f
    r = call(frame, f, (x, y))
    del stack[-4:]
    return r


def binop_resume(frame, stack, result):
    """Deoptimized inside a method BINARY_OP called: `result` is what it returned;
    the stack holds what _dunder put there.  Finish the instruction."""
    stack.pop()
    stage = stack.pop()
    op = stack.pop()
    b = stack.pop()
    if result is NotImplemented:
        result = _binary_from(frame, stack[-1], b, op, stage + 1)
    stack[-1] = result


_object_ne = object.__ne__


def _richcompare(frame, x, y, f):
    """slot_tp_richcompare: call one rich-comparison method.  An error while binding it
    means NotImplemented; object's __ne__ inverts __eq__ as object_richcompare does."""
    if f is _object_ne:
        r = _richcompare(frame, x, y, lookup_special(type(x), "__eq__"))
        if r is NotImplemented:
            return r
        return not truth(frame, r)
    t = type(f)
    if t is FunctionType or t.__flags__ & METHOD_DESCRIPTOR:
        return call(frame, f, (x, y))
    try:
        bound = bind_special(frame, f, x)
    except Exception:
        return NotImplemented
    return call(frame, bound, (y,))


def compare(frame, a, b, op):
    """do_richcompare."""
    ta, tb = type(a), type(b)
    native, name, rname = _COMPARE[op]
    if not (_is_py(ta) or _is_py(tb)):
        return native(a, b)
    checked_reverse = False
    if ta is not tb and ta in tb.__mro__:
        fb = lookup_special(tb, rname)
        if fb is not NOTFOUND:
            checked_reverse = True
            r = _richcompare(frame, b, a, fb)
            if r is not NotImplemented:
                return r
    fa = lookup_special(ta, name)
    if fa is not NOTFOUND:
        r = _richcompare(frame, a, b, fa)
        if r is not NotImplemented:
            return r
    if not checked_reverse:
        fb = lookup_special(tb, rname)
        if fb is not NOTFOUND:
            r = _richcompare(frame, b, a, fb)
            if r is not NotImplemented:
                return r
    if op == "==":
        return a is b
    if op == "!=":
        return a is not b
    raise TypeError(f"'{op}' not supported between instances of "
                    f"'{ta.__name__}' and '{tb.__name__}'")


def truth(frame, v):
    t = type(v)
    if not _is_py(t):
        return bool(v)
    f = lookup_special(t, "__bool__")
    if f is not NOTFOUND:
        r = call_special(frame, v, f, ())
        if type(r) is not bool:
            raise TypeError(f"__bool__ should return bool, returned {type(r).__name__}")
        return r
    if lookup_special(t, "__len__") is not NOTFOUND:
        return length(frame, v) != 0
    return True


def length(frame, v):
    t = type(v)
    if not _is_py(t):
        return len(v)
    f = lookup_special(t, "__len__")
    if f is NOTFOUND:
        raise TypeError(f"object of type '{t.__name__}' has no len()")
    r = call_special(frame, v, f, ())
    if type(r) is not int:
        try:
            r = operator.index(r)
        except TypeError:
            raise TypeError(f"'{type(r).__name__}' object cannot be interpreted as an integer") from None
    if r < 0:
        raise ValueError("__len__() should return >= 0")
    if r > sys.maxsize:
        raise OverflowError("cannot fit 'int' into an index-sized integer")
    return r


def contains(frame, container, item):
    """PySequence_Contains with slot_sq_contains."""
    t = type(container)
    if not _is_py(t):
        if _we_are_jitted:
            return residual_call(operator.contains, (container, item))
        return item in container
    f = lookup_special(t, "__contains__")
    if f is None:
        raise TypeError(f"'{t.__name__}' object is not a container")
    if f is not NOTFOUND:
        return truth(frame, call_special(frame, container, f, (item,)))
    it = get_iter(frame, container, contains=True)
    while True:
        try:
            x = next_item(frame, it)
        except StopIteration:
            return False
        if x is item or truth(frame, compare(frame, x, item, "==")):
            return True


def getitem(frame, obj, key):
    t = type(obj)
    if _is_py(t):
        f = lookup_special(t, "__getitem__")
        if f is not NOTFOUND:
            return call_special(frame, obj, f, (key,))
    # operator.*, not the subscript: a recording twin then makes a residual
    # call when `obj` is a constant of the trace (a class attribute's dict)
    # and the key or value a traced value, instead of running the subscript
    # on the constant with the recorder's boxes
    return operator.getitem(obj, key)


def setitem(frame, obj, key, value):
    t = type(obj)
    if _is_py(t):
        f = lookup_special(t, "__setitem__")
        if f is not NOTFOUND:
            call_special(frame, obj, f, (key, value))
            return
    operator.setitem(obj, key, value)


def delitem(frame, obj, key):
    t = type(obj)
    if _is_py(t):
        f = lookup_special(t, "__delitem__")
        if f is not NOTFOUND:
            call_special(frame, obj, f, (key,))
            return
    operator.delitem(obj, key)


def unary(frame, v, name, native):
    t = type(v)
    if _is_py(t):
        f = lookup_special(t, name)
        if f is not NOTFOUND:
            return call_special(frame, v, f, ())
    return native(v)


class SeqIter:
    """The iterator `iter()` makes for an object with only `__getitem__` (PySeqIter).

    `next_item` calls a guest `__getitem__` through the interpreter; host
    code driving it gets the same through `__next__`."""
    __slots__ = ("seq", "index")

    def __init__(self, seq):
        self.seq = seq
        self.index = 0

    def __iter__(self):
        return self

    def __next__(self):
        return self.step(None)

    def step(self, frame):
        seq = self.seq
        if seq is None:
            raise StopIteration
        try:
            v = getitem(frame, seq, self.index) if frame is not None else seq[self.index]
        except (IndexError, StopIteration):
            self.seq = None
            raise StopIteration from None
        self.index += 1
        return v

    def __reduce__(self):
        return iter, ((self.seq,) if self.seq is not None else ((),)), self.index


def get_iter(frame, obj, contains=False):
    """PyObject_GetIter, with slot_tp_iter and the sequence-protocol fallback."""
    t = type(obj)
    if _is_py(t):
        f = lookup_special(t, "__iter__")
        if f is None:
            raise TypeError(f"'{t.__name__}' object is not iterable")
        if f is not NOTFOUND:
            it = call_special(frame, obj, f, ())
            if lookup_special(type(it), "__next__") is NOTFOUND:
                raise TypeError(f"iter() returned non-iterator of type '{type(it).__name__}'")
            return it
        gi = lookup_special(t, "__getitem__")
        if gi is not NOTFOUND and gi is not None:
            return SeqIter(obj)
        if contains:
            raise TypeError(f"argument of type '{t.__name__}' is not iterable")
    return iter(obj)


def next_item(frame, it):
    """next(it), raising StopIteration at the end."""
    t = type(it)
    if _is_py(t):
        if t is SeqIter:
            return it.step(frame)
        f = lookup_special(t, "__next__")
        if f is not NOTFOUND:
            return call_special(frame, it, f, ())
    return next(it)
