"""Addresses of the C API the machine code calls, and of static objects;
which host callables are one C-API function (`equivalent`).

Resolved through `ctypes.pythonapi` (the running interpreter's own
exports) the first time they are asked for.  `call_proto` gives ctypes
prototypes with real argument types for the few functions the Python side
calls (a bare `ctypes.pythonapi.X` would pass an int as a C int).
"""

import ctypes
import operator

_cache = {}


def address(name):
    """The address of the C-API function or data symbol `name`."""
    a = _cache.get(name)
    if a is None:
        a = _cache[name] = ctypes.cast(getattr(ctypes.pythonapi, name), ctypes.c_void_p).value
    return a


_libc = None


def libc_address(name):
    """The address of the C library's function `name`."""
    global _libc
    a = _cache.get(name)
    if a is None:
        if _libc is None:
            _libc = ctypes.CDLL(None)
        a = _cache[name] = ctypes.cast(getattr(_libc, name), ctypes.c_void_p).value
    return a


# Static objects: never freed, so references to them need no counting
# (the machine code still counts them when it hands them out, because an
# exit hands out owned references only).
def py_true():
    return id(True)


def py_false():
    return id(False)


def py_none():
    return id(None)


def _proto(name, restype, *argtypes):
    f = getattr(ctypes.pythonapi, name)
    p = ctypes.PYFUNCTYPE(restype, *argtypes)(ctypes.cast(f, ctypes.c_void_p).value)
    return p


_protos = {}


def call_proto(name):
    """A ctypes callable for the handful of C functions Python-side code uses."""
    p = _protos.get(name)
    if p is None:
        sig = {
            # steals nothing: drops the reference the machine code handed out
            "Py_DecRef": (None, ctypes.py_object),
            "PyErr_NormalizeException": (None, ctypes.c_void_p, ctypes.c_void_p,
                                         ctypes.c_void_p),
        }[name]
        p = _protos[name] = _proto(name, *sig)
    return p


# --- host callables that are one C-API function -----------------------------------
#
# A residual call of one of these through PyObject_Vectorcall would parse
# its arguments first, or (a type: slice) build a tuple for tp_call; the C
# function does exactly what the callable does (the operator module's
# functions are these calls).  How the function answers:
NEW_REF = "new ref"         # a new reference, NULL on error
STATUS = "status"           # int: -1 on error, else 0 (the callable returns None)
TRUTH = "truth"             # int: -1 on error, else 0 or 1

_RICH = {operator.lt: 0, operator.le: 1, operator.eq: 2, operator.ne: 3, operator.gt: 4,
         operator.ge: 5}        # Py_LT .. Py_GE
_NUMBER = {"add": "Add", "sub": "Subtract", "mul": "Multiply", "truediv": "TrueDivide",
           "floordiv": "FloorDivide", "mod": "Remainder", "lshift": "Lshift",
           "rshift": "Rshift", "and_": "And", "or_": "Or", "xor": "Xor",
           "matmul": "MatrixMultiply"}

_EQUIVALENTS = {
    (slice, 3): ("PySlice_New", (), NEW_REF),
    (operator.getitem, 2): ("PyObject_GetItem", (), NEW_REF),
    (operator.setitem, 3): ("PyObject_SetItem", (), STATUS),
    (operator.delitem, 2): ("PyObject_DelItem", (), STATUS),
    (operator.neg, 1): ("PyNumber_Negative", (), NEW_REF),
    (operator.pos, 1): ("PyNumber_Positive", (), NEW_REF),
    (operator.invert, 1): ("PyNumber_Invert", (), NEW_REF),
    (bool, 1): ("PyObject_IsTrue", (), TRUTH),
    # With one argument the types' tp_new is one call (long_new_impl,
    # float_new_impl, unicode_new), without the tuple of arguments type_call
    # builds: int(x) is PyNumber_Long(x), float(x) PyNumber_Float(x) (a
    # str included), str(x) PyObject_Str(x).
    (int, 1): ("PyNumber_Long", (), NEW_REF),
    (float, 1): ("PyNumber_Float", (), NEW_REF),
    (str, 1): ("PyObject_Str", (), NEW_REF),
    (repr, 1): ("PyObject_Repr", (), NEW_REF),
    (abs, 1): ("PyNumber_Absolute", (), NEW_REF),
}
for _name, _c in _NUMBER.items():
    _EQUIVALENTS[(getattr(operator, _name), 2)] = (f"PyNumber_{_c}", (), NEW_REF)
    _inplace = "i" + _name.rstrip("_")
    _EQUIVALENTS[(getattr(operator, _inplace), 2)] = (f"PyNumber_InPlace{_c}", (), NEW_REF)
for _fn, _op in _RICH.items():
    _EQUIVALENTS[(_fn, 2)] = ("PyObject_RichCompare", (_op,), NEW_REF)
del _name, _c, _inplace, _fn, _op


def equivalent(func, nargs):
    """(C-API function name, int arguments appended, how it answers) for a
    host callable called with `nargs` objects, or None."""
    try:
        return _EQUIVALENTS.get((func, nargs))
    except TypeError:           # an unhashable callable
        return None
