"""Attribute access while a trace is recorded: LOAD_ATTR, STORE_ATTR and
LOAD_METHOD as their recording twins run them (names.py calls these under
`_we_are_jitted`; the plain interpreter never does).

What `obj.name` does is decided by `type(obj)` (a guard_class) and by what
its MRO holds, which `typecache` memoizes per type version: every decision
taken from the type is therefore preceded by a guard that the type's
version tag is still the one it was taken at (`_version`, a heap read the
optimizer does not repeat until something in the trace may have written).
Then, with the host's attribute protocol known to run no guest code:

- an instance attribute is an item of the instance `__dict__` (a heap read
  that the optimizer caches, and a guard on whether it is there: a missing
  one leaves the trace, and the interpreter raises or falls back);
- a `__slots__` member is a field of the object (getfield, NULL when unset);
- a class attribute that is no descriptor, or a method that LOAD_METHOD
  pushes unbound, is a constant; one whose contents may change (a list, an
  instance) is a constant whose contents the trace reads (`heap_constant`);
- other builtin descriptors are one residual call of the host's getattr.

Guest code on the way (a property's getter or setter, a guest descriptor's
`__get__`/`__set__`, `__getattribute__`, `__setattr__`, `__getattr__` when
the attribute is missing) is called with `frame.call_target` set, so the
tracer inlines it: the instruction has taken its operands off the stack by
then, and deoptimization inside the callee pushes its result, as after a
CALL (a setter leaves NO_RESULT, so that nothing is pushed).  What cannot be
recorded exactly (`__getattr__` behind a getter that may raise
AttributeError, assignment to `__class__` or `__dict__`, a type without a
version tag) stops recording with a reason before the instruction has done
anything.
"""

import _thread
import weakref
from types import (FunctionType, GetSetDescriptorType, MemberDescriptorType, MethodType,
                   ModuleType)

from interp.calls import NO_RESULT, call, HEAPTYPE
from interp.frame import NULL
from interp.protocol import attrs
from interp.protocol.attrs import GENERIC, GENERIC_HOOK, METHOD
from interp.protocol.typecache import NOTFOUND, guard_version, lookup
from tracer.hints import (NotTraceable, dict_get, dict_set, heap_constant, promote, read_field,
                          read_slot, residual_call, residual_read, write_field)

METHOD_DESCRIPTOR = 1 << 17
_object_getattribute = object.__getattribute__
_object_setattr = object.__setattr__
_getset = type(type.__dict__["__dict__"])
_class_getset = object.__dict__["__class__"]
# Builtin types whose attribute lookup may run Python code (descriptors of
# a class, a module's __getattr__, what a proxy stands for); the others'
# is PyObject_GenericGetAttr over builtin descriptors and an instance dict.
_RUNS_CODE = frozenset({type, ModuleType, super, weakref.ProxyType, weakref.CallableProxyType,
                        _thread._local})


def _generic_builtin(t):
    return t not in _RUNS_CODE and not issubclass(t, type)


_version = guard_version     # every use of a TypeInfo's memos is guarded by it


def _instance_dict(obj, t):
    """The instance dict of a heap-type instance, or NULL when `t` gives it none
    (only slots), its `__dict__` is not the standard one, or reading it would
    run a guest __getattribute__."""
    if type(lookup(t, "__dict__")) is not _getset \
            or lookup(t, "__getattribute__") is not _object_getattribute:
        return NULL
    return read_field(obj, "__dict__")


def _guest_slot(descr):
    """Is `descr` a member made by a guest class's __slots__ (an object field)?"""
    if type(descr) is not MemberDescriptorType:
        return False
    owner = descr.__objclass__
    if not owner.__flags__ & HEAPTYPE:
        return False
    slots = owner.__dict__.get("__slots__", ())
    return descr.__name__ in ((slots,) if type(slots) is str else slots)


def _is_data(descr):
    dt = type(descr)
    return lookup(dt, "__set__") is not NOTFOUND or lookup(dt, "__delete__") is not NOTFOUND


# -- LOAD_ATTR ---------------------------------------------------------------------------

def load_attr(frame, stack, name, method=False):
    """`stack[-1].name`: pops the object (and with `method`, leaves LOAD_METHOD's
    NULL in its place) and returns the value, which the caller pushes."""
    obj = stack[-1]
    t = type(obj)
    if t is ModuleType:
        return _module_attr(stack, obj, name, method)
    if t is type:
        return _class_attr(stack, obj, name, method)
    if not t.__flags__ & HEAPTYPE:
        view = attrs.VIEWS.get((t, name))
        if view is not None:
            return _commit(stack, method, residual_read(view, (obj,)))
        if _generic_builtin(t) or t is super:
            # super: a residual getattr, which finds the attribute past
            # __thisclass__ each time it runs (and binds a guest function
            # found there: the CALL then inlines it)
            return _commit(stack, method, residual_read(getattr, (obj, name)))
        raise NotTraceable(f"attribute of {t.__name__}")
    _version(t)
    p = attrs._plan(t, name)
    if p is GENERIC:
        return _instance_attr(frame, stack, obj, t, name, method, NOTFOUND)
    kind = p[0]
    if kind is METHOD:
        return _instance_attr(frame, stack, obj, t, name, method, NOTFOUND)
    hook = p[2]
    if kind == GENERIC_HOOK:
        return _instance_attr(frame, stack, obj, t, name, method, hook)
    if hook is not NOTFOUND:
        # an AttributeError from the getter would go to __getattr__, which a
        # guard failing in the inlined getter cannot do
        raise NotTraceable(f"{kind} attribute {name} with __getattr__")
    descr = p[1]
    if kind == attrs._PROPERTY:
        fget = descr.fget
        if fget is None:
            raise NotTraceable("property without getter")
        return _guest_call(frame, stack, method, fget, (obj,))
    if kind == attrs._CUSTOM:
        return _guest_call(frame, stack, method, descr, (obj, name))
    if kind == attrs._NONDATA_GET:
        d = _instance_dict(obj, t)
        if d is not NULL:
            v = dict_get(d, name, NULL)
            if v is not NULL:
                return _commit(stack, method, v)
    # a guest descriptor's __get__(obj, type)
    return _guest_call(frame, stack, method, p[3], (descr, obj, t))


def _commit(stack, method, value):
    stack.pop()
    if method:
        stack.append(NULL)
    return value


def _guest_call(frame, stack, method, fn, args):
    """Call guest code for the instruction at hand, inlined into the trace."""
    if type(fn) is not FunctionType:
        raise NotTraceable(f"attribute through a {type(fn).__name__}")
    _commit(stack, method, None)
    frame.call_target = fn
    return call(frame, fn, args)


def _instance_attr(frame, stack, obj, t, name, method, hook):
    """PyObject_GenericGetAttr on an instance of a heap type, recorded; `hook`
    is __getattr__ (NOTFOUND when there is none), called if it is missing."""
    descr = lookup(t, name)
    if descr is not NOTFOUND and _is_data(descr):
        if _guest_slot(descr):
            v = read_slot(obj, name, NULL)
            if v is not NULL:
                return _commit(stack, method, v)
            return _missing(frame, stack, obj, name, method, hook)
        if descr is _class_getset:
            return _commit(stack, method, t)
        if hook is not NOTFOUND:
            raise NotTraceable(f"attribute {name} through a builtin descriptor with __getattr__")
        return _commit(stack, method, residual_read(getattr, (obj, name)))
    d = _instance_dict(obj, t)
    if d is not NULL:
        v = dict_get(d, name, NULL)
        if v is not NULL:
            return _commit(stack, method, v)
    elif lookup(t, "__dict__") is not NOTFOUND:
        raise NotTraceable(f"instance with a custom __dict__")
    if descr is NOTFOUND:
        return _missing(frame, stack, obj, name, method, hook)
    return _commit(stack, method, _class_value(obj, t, name, descr, hook))


def _class_value(obj, t, name, descr, hook):
    """`obj.name` found in the class (not a data descriptor): `descr.__get__(obj, t)`."""
    dt = type(descr)
    if dt is FunctionType:
        return residual_read(MethodType, (descr, obj))
    if dt is staticmethod:
        return descr.__func__
    if lookup(dt, "__get__") is NOTFOUND:
        return heap_constant(descr)
    if hook is not NOTFOUND:
        raise NotTraceable(f"class attribute through a {dt.__name__} with __getattr__")
    return residual_read(getattr, (obj, name))


def _missing(frame, stack, obj, name, method, hook):
    if hook is NOTFOUND:
        # the interpreter raises the AttributeError, with its message
        raise NotTraceable(f"AttributeError: {name}")
    return _guest_call(frame, stack, method, hook, (obj, name))


def _module_attr(stack, obj, name, method):
    if lookup(ModuleType, name) is NOTFOUND:
        # module_getattro: the module dict (a module's __dict__ is read-only);
        # when it misses, the module's __getattr__ or an AttributeError
        v = dict_get(read_field(obj, "__dict__", True), name, NULL)
        if v is NULL:
            raise NotTraceable(f"module attribute {name} missing")
        return _commit(stack, method, v)
    raise NotTraceable(f"module attribute {name}")


def _class_attr(stack, obj, name, method):
    """`cls.name` for a class whose metaclass is `type`: a constant when the
    class's MRO has a plain value or a function there (type_getattro gives
    functions themselves), under guards on the class and its version."""
    meta = lookup(type, name)
    if type(meta) is GetSetDescriptorType:
        # type's own data descriptors (__name__, __qualname__, __module__,
        # __doc__, __mro__...): what type_getattro gives, by a residual call
        # of the getter (they are settable, and no version tag tells)
        return _commit(stack, method, residual_call(meta.__get__, (obj, type)))
    if meta is NOTFOUND or not _is_data(meta):
        cls = promote(obj)
        _version(cls)
        v = lookup(cls, name)
        if v is not NOTFOUND:
            vt = type(v)
            if vt is FunctionType or lookup(vt, "__get__") is NOTFOUND:
                return _commit(stack, method, heap_constant(v))
            if vt is staticmethod:
                return _commit(stack, method, v.__func__)
    raise NotTraceable(f"class attribute {name}")


# -- LOAD_METHOD -------------------------------------------------------------------------

def load_method(frame, stack, name):
    """LOAD_METHOD: [obj] -> [function, obj] when obj.name would be a method
    bound to obj, else [NULL, obj.name]."""
    obj = stack[-1]
    t = type(obj)
    if t.__flags__ & HEAPTYPE:
        _version(t)
        p = attrs._plan(t, name)
        if p is not GENERIC and p[0] is METHOD:
            has_dict = p[3]
            if has_dict:
                v = dict_get(read_field(obj, "__dict__"), name, NULL)
                if v is not NULL:       # the instance shadows the method
                    stack[-1] = NULL
                    stack.append(v)
                    return
            elif has_dict is None:
                raise NotTraceable("method of an instance with a custom __dict__")
            stack[-1] = p[1]
            stack.append(obj)
            return
        if p is GENERIC and _static_or_class(stack, obj, t, lookup(t, name), name):
            return
    elif t is type:
        cls = promote(obj)
        meta = lookup(type, name)
        if (meta is NOTFOUND or not _is_data(meta)) \
                and _static_or_class(stack, NULL, cls, lookup(cls, name), name):
            return
    elif _generic_builtin(t) and lookup(t, "__dict__") is NOTFOUND:
        # a builtin type's method descriptor, called unbound (CPython's LOAD_METHOD)
        descr = lookup(t, name)
        if type(descr).__flags__ & METHOD_DESCRIPTOR:
            stack[-1] = descr
            stack.append(obj)
            return
    stack.append(load_attr(frame, stack, name, True))


def _static_or_class(stack, obj, t, descr, name):
    """LOAD_METHOD of a staticmethod or classmethod found in the class `t`
    (obj: an instance, or NULL when `t` itself is the object): the function,
    called unbound, with the class in front for a classmethod."""
    dt = type(descr)
    if dt is not staticmethod and dt is not classmethod:
        return False
    if type(descr.__func__) is not FunctionType:
        return False
    if obj is not NULL:
        d = _instance_dict(obj, t)
        if d is not NULL and dict_get(d, name, NULL) is not NULL:
            return False        # shadowed: the generic path
    stack.pop()
    if dt is staticmethod:
        stack.append(NULL)
        stack.append(descr.__func__)
    else:
        stack.append(descr.__func__)
        stack.append(t)
    return True


def _guest_setter(frame, stack, obj, name, value, p):
    """A property setter, a guest __set__ or __setattr__, inlined: the
    instruction's operands go, NO_RESULT tells deoptimization that it pushes
    nothing after the call."""
    kind = p[0]
    if kind == attrs._PROPERTY:
        fn, args = p[1].fset, (obj, value)
    elif kind == attrs._CUSTOM:
        fn, args = p[1], (obj, name, value)
    else:
        fn, args = p[2], (p[1], obj, value)
    if type(fn) is not FunctionType:
        raise NotTraceable(f"setting {name} through a {type(fn).__name__}")
    stack.pop()
    stack.pop()
    stack.append(NO_RESULT)
    frame.call_target = fn
    call(frame, fn, args)
    stack.pop()


# -- STORE_ATTR --------------------------------------------------------------------------

def store_attr(frame, stack, name):
    """STORE_ATTR: [value, obj] -> [], obj.name = value."""
    obj = stack[-1]
    value = stack[-2]
    t = type(obj)
    if t is ModuleType:
        if lookup(ModuleType, name) is not NOTFOUND:
            raise NotTraceable(f"setting module attribute {name}")
        dict_set(read_field(obj, "__dict__", True), name, value)
    elif not t.__flags__ & HEAPTYPE:
        # a class, a function...: one residual call that may do anything
        # (it changes a type's version, say), so the trace forgets the heap
        residual_call(setattr, (obj, name, value))
    else:
        i = _version(t)
        p = i.set_plans.get(name, NOTFOUND)
        if p is NOTFOUND:
            p = i.set_plans[name] = attrs._set_plan(t, name, _object_setattr, "__setattr__",
                                                    "__set__")
        if p is not None:
            return _guest_setter(frame, stack, obj, name, value, p)
        descr = lookup(t, name)
        if descr is not NOTFOUND and _is_data(descr):
            if not _guest_slot(descr):
                raise NotTraceable(f"setting {name} through a {type(descr).__name__}")
            write_field(obj, name, value)
        else:
            d = _instance_dict(obj, t)
            if d is NULL:
                raise NotTraceable(f"setting {name} on an instance without a plain dict")
            dict_set(d, name, value)
    stack.pop()
    stack.pop()
