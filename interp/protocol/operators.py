"""Operators on guest objects: binary, in-place, unary, comparisons, truth, containers.

Each function first takes the host's native operator when neither operand
is an instance of a Python-defined class; otherwise it follows CPython's
slot logic (reflected operands, subclass priority, NotImplemented) and
calls the special methods through `interp.calls`, so guest ones are
interpreted.
"""

import operator

from interp.calls import call_special, lookup_special, HEAPTYPE

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


def _is_py(t):
    return t.__flags__ & HEAPTYPE


def binary_op(frame, a, b, op):
    ta, tb = type(a), type(b)
    if not (_is_py(ta) or _is_py(tb)):
        return NATIVE_BINARY[op](a, b)
    if op >= 13:
        symbol, native, iname = INPLACE_OPS[op - 13]
        if _is_py(ta):
            f = lookup_special(ta, iname)
            if f is not None:
                r = call_special(frame, a, f, (b,))
                if r is not NotImplemented:
                    return r
        symbol, _, name, rname = BINARY_OPS[op - 13]
        return _binary(frame, a, b, name, rname, symbol + "=")
    symbol, _, name, rname = BINARY_OPS[op]
    return _binary(frame, a, b, name, rname, symbol)


def _binary(frame, a, b, name, rname, symbol):
    ta, tb = type(a), type(b)
    fa = lookup_special(ta, name)
    fb = lookup_special(tb, rname) if tb is not ta else None
    if fb is not None and issubclass(tb, ta) and fb is not lookup_special(ta, rname):
        r = call_special(frame, b, fb, (a,))
        if r is not NotImplemented:
            return r
        fb = None
    if fa is not None:
        r = call_special(frame, a, fa, (b,))
        if r is not NotImplemented:
            return r
    if fb is not None:
        r = call_special(frame, b, fb, (a,))
        if r is not NotImplemented:
            return r
    if symbol == "**" or symbol == "**=":
        raise TypeError(f"unsupported operand type(s) for {symbol} or pow(): "
                        f"'{ta.__name__}' and '{tb.__name__}'")
    raise TypeError(f"unsupported operand type(s) for {symbol}: "
                    f"'{ta.__name__}' and '{tb.__name__}'")


def compare(frame, a, b, op):
    ta, tb = type(a), type(b)
    native, name, rname = _COMPARE[op]
    if not (_is_py(ta) or _is_py(tb)):
        return native(a, b)
    checked_reverse = False
    if ta is not tb and issubclass(tb, ta):
        fb = lookup_special(tb, rname)
        if fb is not None:
            checked_reverse = True
            r = call_special(frame, b, fb, (a,))
            if r is not NotImplemented:
                return r
    fa = lookup_special(ta, name)
    if fa is not None:
        r = call_special(frame, a, fa, (b,))
        if r is not NotImplemented:
            return r
    if not checked_reverse:
        fb = lookup_special(tb, rname)
        if fb is not None:
            r = call_special(frame, b, fb, (a,))
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
    if f is not None:
        r = call_special(frame, v, f, ())
        if type(r) is not bool:
            raise TypeError(f"__bool__ should return bool, returned {type(r).__name__}")
        return r
    f = lookup_special(t, "__len__")
    if f is not None:
        return length(frame, v) != 0
    return True


def length(frame, v):
    t = type(v)
    if not _is_py(t):
        return len(v)
    f = lookup_special(t, "__len__")
    if f is None:
        raise TypeError(f"object of type '{t.__name__}' has no len()")
    r = call_special(frame, v, f, ())
    if type(r) is not int:
        try:
            r = operator.index(r)
        except TypeError:
            raise TypeError(f"'{type(r).__name__}' object cannot be interpreted as an integer") from None
    if r < 0:
        raise ValueError("__len__() should return >= 0")
    return r


def contains(frame, container, item):
    t = type(container)
    if not _is_py(t):
        return item in container
    f = lookup_special(t, "__contains__")
    if f is not None:
        return truth(frame, call_special(frame, container, f, (item,)))
    if lookup_special(t, "__iter__") is None and lookup_special(t, "__getitem__") is None:
        raise TypeError(f"argument of type '{t.__name__}' is not iterable")
    it = get_iter(frame, container)
    while True:
        try:
            x = next_item(frame, it)
        except StopIteration:
            return False
        if x is item or compare(frame, x, item, "=="):
            return True


def getitem(frame, obj, key):
    t = type(obj)
    if _is_py(t):
        f = lookup_special(t, "__getitem__")
        if f is not None:
            return call_special(frame, obj, f, (key,))
        if isinstance(obj, type):
            cg = getattr(obj, "__class_getitem__", None)
            if cg is not None:
                return cg(key)
    return obj[key]


def setitem(frame, obj, key, value):
    t = type(obj)
    if _is_py(t):
        f = lookup_special(t, "__setitem__")
        if f is not None:
            call_special(frame, obj, f, (key, value))
            return
    obj[key] = value


def delitem(frame, obj, key):
    t = type(obj)
    if _is_py(t):
        f = lookup_special(t, "__delitem__")
        if f is not None:
            call_special(frame, obj, f, (key,))
            return
    del obj[key]


def unary(frame, v, name, native):
    t = type(v)
    if _is_py(t):
        f = lookup_special(t, name)
        if f is not None:
            return call_special(frame, v, f, ())
    return native(v)


def get_iter(frame, obj):
    t = type(obj)
    if _is_py(t):
        f = lookup_special(t, "__iter__")
        if f is not None:
            it = call_special(frame, obj, f, ())
            if lookup_special(type(it), "__next__") is None:
                raise TypeError(f"iter() returned non-iterator of type '{type(it).__name__}'")
            return it
    return iter(obj)


def next_item(frame, it):
    """next(it), raising StopIteration at the end."""
    t = type(it)
    if _is_py(t):
        f = lookup_special(t, "__next__")
        if f is not None:
            return call_special(frame, it, f, ())
    return next(it)
