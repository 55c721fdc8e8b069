"""Attribute get/set/delete on guest objects, as `object.__getattribute__` does it.

Property getters and setters, custom descriptors' `__get__`/`__set__`,
`__getattr__`, `__getattribute__` and `__setattr__` defined in guest code
are called through `interp.calls`, so they are interpreted.  Everything
else is left to the host's own `object.__getattribute__` (instance dict,
slots, binding plain functions), which is CPython's exact algorithm and
runs no guest code.

What to do for a (type, name) pair is decided once per type version and
kept in the type's `TypeInfo` (see `typecache`): a *plan*.
"""

from types import FunctionType

from interp.calls import call, call_special, HEAPTYPE
from interp.protocol import typecache
from interp.protocol.typecache import NOTFOUND, lookup

_object_getattribute = object.__getattribute__
_object_setattr = object.__setattr__
_object_delattr = object.__delattr__
_property_get = property.__get__
_property_set = property.__set__
_property_delete = property.__delete__

# Plans.  GENERIC: the host's object.__getattribute__ is exact (no guest code
# can run); METHOD: the same, and the class attribute is a plain function.
# The others are tuples (kind, descr, hook, extra), `hook` being __getattr__.
GENERIC, GENERIC_HOOK = "generic", "generic+__getattr__"
_CUSTOM, _PROPERTY, _DATA_GET, _NONDATA_GET = "custom", "property", "data", "nondata"
_VIEW = "view"


def _is_property(descr, dt):
    """A property whose getter/setter we call ourselves (its __get__ is property's own)."""
    return dt is property or (isinstance(descr, property) and lookup(dt, "__get__") is _property_get)


# (builtin type, attribute name) -> fn(obj): what the guest sees there instead
# of the host's attribute (a guest generator's gi_frame is its guest frame,
# not the frame of the host body that drives it: interp/frames.py fills it)
VIEWS = {}


def get_plan(t, name):
    if not t.__flags__ & HEAPTYPE:
        view = VIEWS.get((t, name))
        if view is not None:
            return (_VIEW, view, NOTFOUND, None)
        return GENERIC          # a builtin type: nothing of the guest's can be in its MRO
    ga = lookup(t, "__getattribute__")
    hook = lookup(t, "__getattr__")
    if ga is not _object_getattribute:
        return (_CUSTOM, ga, hook, None)
    descr = lookup(t, name)
    if descr is not NOTFOUND:
        dt = type(descr)
        if dt is FunctionType:
            if hook is NOTFOUND:
                # LOAD_METHOD may skip binding when the instance dict cannot shadow it:
                # no dict at all, or the standard one (read as obj.__dict__).
                d = lookup(t, "__dict__")
                return (METHOD, descr, None,
                        False if d is NOTFOUND else True if type(d) is _getset else None)
        elif _is_property(descr, dt):
            return (_PROPERTY, descr, hook, None)
        elif dt.__flags__ & HEAPTYPE:
            get = lookup(dt, "__get__")
            if get is not NOTFOUND:
                data = lookup(dt, "__set__") is not NOTFOUND or \
                    lookup(dt, "__delete__") is not NOTFOUND
                return (_DATA_GET if data else _NONDATA_GET, descr, hook, get)
    return GENERIC if hook is NOTFOUND else (GENERIC_HOOK, None, hook, None)


METHOD = "method"
_getset = type(type.__dict__["__dict__"])
_infos = typecache.infos


def _plan(t, name):
    """The plan for `name` on instances of heap type `t`, memoized per type version."""
    i = _infos.get(t)
    if i is None or i.tag[0] != i.version:
        i = typecache.info(t)
        if i is None:
            return get_plan(t, name)
    p = i.get_plans.get(name)
    if p is None:
        p = i.get_plans[name] = get_plan(t, name)
    return p


def getattribute(frame, obj, name):
    t = type(obj)
    # _plan, inlined: this is every guest `obj.attr` (of a builtin type too, so that
    # LOAD_ATTR finds its plan next time).
    i = _infos.get(t)
    if i is not None and i.tag[0] == i.version:
        p = i.get_plans.get(name)
        if p is None:
            p = i.get_plans[name] = get_plan(t, name)
    else:
        p = _plan(t, name)
    if p is GENERIC:
        # The type's tp_getattro is PyObject_GenericGetAttr and no guest code can run:
        # the host's getattr is exact (and faster than object.__getattribute__).
        return getattr(obj, name)
    kind = p[0]
    if kind is METHOD:
        return getattr(obj, name)
    try:
        return _get_by_plan(frame, obj, t, name, p, kind)
    except AttributeError as e:
        # PyObject_GetAttr's set_attribute_error_context: for the suggestions
        # ("Did you mean ...?") the error says what was looked up on what,
        # unless an inner lookup already did.
        if isinstance(e, AttributeError) and e.name is None and e.obj is None:
            e.name, e.obj = name, obj
        raise


def _get_by_plan(frame, obj, t, name, p, kind):
    hook = p[2]
    try:
        if kind == _PROPERTY:
            descr = p[1]
            fget = descr.fget
            if fget is None:
                return _property_get(descr, obj, t)    # CPython's "has no getter"
            return call(frame, fget, (obj,))
        if kind == _CUSTOM:
            return call_special(frame, obj, p[1], (name,))
        if kind == _VIEW:
            return p[1](obj)
        if kind == _DATA_GET:
            return call_special(frame, p[1], p[3], (obj, t))
        if kind == _NONDATA_GET:
            d = instance_dict(obj)
            if d is not None and name in d:
                return d[name]
            return call_special(frame, p[1], p[3], (obj, t))
        return _object_getattribute(obj, name)          # GENERIC_HOOK
    except AttributeError:
        if hook is NOTFOUND:
            raise
        return call_special(frame, obj, hook, (name,))


def instance_dict(obj):
    try:
        return _object_getattribute(obj, "__dict__")
    except AttributeError:
        return None


def load_method(frame, obj, name):
    """LOAD_METHOD: the plain function when `obj.name` would bind one to `obj`, else None."""
    t = type(obj)
    if t.__flags__ & HEAPTYPE:
        i = _infos.get(t)
        if i is not None and i.tag[0] == i.version:
            p = i.get_plans.get(name)
            if p is None:
                p = i.get_plans[name] = get_plan(t, name)
        else:
            p = _plan(t, name)
        if p is not GENERIC and p[0] is METHOD:
            has_dict = p[3]
            if has_dict is False or (has_dict and name not in obj.__dict__):
                return p[1]
    return None


def _set_plan(t, name, slot, dunder, method):
    """How to set (or delete) `name` on instances of `t`: None for the host's generic way."""
    if not t.__flags__ & HEAPTYPE:
        return None
    custom = lookup(t, dunder)
    if custom is not slot:
        return (_CUSTOM, custom)
    descr = lookup(t, name)
    if descr is NOTFOUND:
        return None
    dt = type(descr)
    if _is_property(descr, dt):
        return (_PROPERTY, descr)
    if dt.__flags__ & HEAPTYPE:
        f = lookup(dt, method)
        if f is not NOTFOUND:
            return (_DATA_GET, descr, f)
    return None


def setattribute(frame, obj, name, value):
    t = type(obj)
    i = _infos.get(t)
    if i is None or i.tag[0] != i.version:
        i = typecache.info(t)
    p = i.set_plans.get(name, NOTFOUND) if i is not None else NOTFOUND
    if p is NOTFOUND:
        p = _set_plan(t, name, _object_setattr, "__setattr__", "__set__")
        if i is not None:
            i.set_plans[name] = p
    if p is None:
        setattr(obj, name, value)       # tp_setattro is PyObject_GenericSetAttr: exact
    elif p[0] == _CUSTOM:
        call_special(frame, obj, p[1], (name, value))
    elif p[0] == _PROPERTY:
        descr = p[1]
        if descr.fset is None:
            _property_set(descr, obj, value)        # CPython's "has no setter"
        else:
            call(frame, descr.fset, (obj, value))
    else:
        call_special(frame, p[1], p[2], (obj, value))


def delattribute(frame, obj, name):
    t = type(obj)
    if not t.__flags__ & HEAPTYPE:
        delattr(obj, name)
        return
    i = typecache.info(t)
    p = i.del_plans.get(name, NOTFOUND) if i is not None else NOTFOUND
    if p is NOTFOUND:
        p = _set_plan(t, name, _object_delattr, "__delattr__", "__delete__")
        if i is not None:
            i.del_plans[name] = p
    if p is None:
        delattr(obj, name)
    elif p[0] == _CUSTOM:
        call_special(frame, obj, p[1], (name,))
    elif p[0] == _PROPERTY:
        descr = p[1]
        if descr.fdel is None:
            _property_delete(descr, obj)            # CPython's "has no deleter"
        else:
            call(frame, descr.fdel, (obj,))
    else:
        call_special(frame, p[1], p[2], (obj,))
