"""Addresses of the C API the machine code calls, and of static objects.

Resolved through `ctypes.pythonapi` (the running interpreter's own
exports) the first time they are asked for.  `call_proto` gives ctypes
prototypes with real argument types for the few functions the Python side
calls (a bare `ctypes.pythonapi.X` would pass an int as a C int).
"""

import ctypes

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
