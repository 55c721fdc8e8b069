"""Attribute get/set/delete with descriptors, as `object.__getattribute__` does it.

Property getters and setters, custom descriptors' `__get__`/`__set__`,
`__getattr__`, `__getattribute__` and `__setattr__` defined in guest code
are called through `interp.calls.call`, so they are interpreted.
"""

from types import FunctionType, MethodType

from interp.calls import call, lookup_special, HEAPTYPE

_object_getattribute = object.__getattribute__
_object_setattr = object.__setattr__
_object_delattr = object.__delattr__
_MISSING = object()


def _is_data_descriptor(dt):
    return hasattr(dt, "__set__") or hasattr(dt, "__delete__")


def getattribute(frame, obj, name):
    t = type(obj)
    if not t.__flags__ & HEAPTYPE:
        return getattr(obj, name)
    ga = lookup_special(t, "__getattribute__")
    if ga is not _object_getattribute:
        try:
            return call(frame, ga, (obj, name))
        except AttributeError:
            gattr = lookup_special(t, "__getattr__")
            if gattr is None:
                raise
            return call(frame, gattr, (obj, name))
    try:
        return generic_getattr(frame, obj, t, name)
    except AttributeError:
        gattr = lookup_special(t, "__getattr__")
        if gattr is None:
            raise
        return call(frame, gattr, (obj, name))


def generic_getattr(frame, obj, t, name):
    descr = lookup_special(t, name)
    if descr is not None:
        dt = type(descr)
        if dt is FunctionType:
            pass
        elif dt is property:
            if descr.fget is None:
                raise AttributeError(f"property '{name}' of '{t.__name__}' object has no getter")
            return call(frame, descr.fget, (obj,))
        elif dt.__flags__ & HEAPTYPE and _is_data_descriptor(dt):
            get = lookup_special(dt, "__get__")
            if get is not None:
                return call(frame, get, (descr, obj, t))
            return descr
        elif hasattr(dt, "__set__") and hasattr(dt, "__get__"):
            return _object_getattribute(obj, name)      # slots and other native data descriptors
    d = getattr(obj, "__dict__", None)
    if d is not None:
        v = d.get(name, _MISSING) if type(d) is dict else _dict_get(d, name)
        if v is not _MISSING:
            return v
    if descr is None:
        return _object_getattribute(obj, name)          # raises CPython's AttributeError
    dt = type(descr)
    if dt is FunctionType:
        return MethodType(descr, obj)
    if dt.__flags__ & HEAPTYPE:
        get = lookup_special(dt, "__get__")
        if get is not None:
            return call(frame, get, (descr, obj, t))
        return descr
    get = getattr(dt, "__get__", None)
    if get is not None:
        return get(descr, obj, t)
    return descr


def _dict_get(d, name):
    try:
        return d[name]
    except KeyError:
        return _MISSING


def setattribute(frame, obj, name, value):
    t = type(obj)
    if not t.__flags__ & HEAPTYPE:
        setattr(obj, name, value)
        return
    sa = lookup_special(t, "__setattr__")
    if sa is not _object_setattr:
        call(frame, sa, (obj, name, value))
        return
    descr = lookup_special(t, name)
    if descr is not None:
        dt = type(descr)
        if dt is property:
            if descr.fset is None:
                raise AttributeError(f"property '{name}' of '{t.__name__}' object has no setter")
            call(frame, descr.fset, (obj, value))
            return
        if dt.__flags__ & HEAPTYPE:
            s = lookup_special(dt, "__set__")
            if s is not None:
                call(frame, s, (descr, obj, value))
                return
    _object_setattr(obj, name, value)


def delattribute(frame, obj, name):
    t = type(obj)
    if not t.__flags__ & HEAPTYPE:
        delattr(obj, name)
        return
    da = lookup_special(t, "__delattr__")
    if da is not _object_delattr:
        call(frame, da, (obj, name))
        return
    descr = lookup_special(t, name)
    if descr is not None:
        dt = type(descr)
        if dt is property:
            if descr.fdel is None:
                raise AttributeError(f"property '{name}' of '{t.__name__}' object has no deleter")
            call(frame, descr.fdel, (obj,))
            return
        if dt.__flags__ & HEAPTYPE:
            d = lookup_special(dt, "__delete__")
            if d is not None:
                call(frame, d, (descr, obj))
                return
    _object_delattr(obj, name)


def load_method(frame, obj, name):
    """LOAD_METHOD: (function, self) when a plain function would be bound, else (None, attr)."""
    t = type(obj)
    if t.__flags__ & HEAPTYPE and lookup_special(t, "__getattribute__") is _object_getattribute:
        descr = lookup_special(t, name)
        if type(descr) is FunctionType:
            d = getattr(obj, "__dict__", None)
            if d is None or name not in d:
                return descr
    return None
