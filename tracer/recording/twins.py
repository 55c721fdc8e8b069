"""Recording twins: the interpreter's own functions, instantiated a second time.

A twin shares its original's code object but runs with other globals: the
functions of traceable modules are replaced by their twins, a few builtins
(`type`, `isinstance`, `len`, `bool`, `next`, ...) by versions that record
what they learn about boxes, `promote`/`we_are_jitted` by their recording
meaning, and functions marked `elidable` or `dont_look_inside` by
recording wrappers.  The plain interpreter is untouched and pays nothing.

Which modules are traceable is the interpreter's declaration
(`Twins(modules=...)`); the tracer knows no module of it by name.
"""

import builtins
import sys
import types

from tracer import hints
from tracer.recording import objects, twincode
from tracer.recording.boxes import Box, unwrap

_TRACER = "tracer."
# Host callables that only use the object protocol on their arguments: boxes
# answer it by recording (operator.add calls Box.__add__), so they run as is.
_THROUGH = frozenset(id(v) for v in vars(__import__("operator")).values() if callable(v)) | {
    id(builtins.abs), id(builtins.divmod), id(builtins.pow)}
_THROUGH_TYPES = (type(Box.__add__),)
_INTERNAL = (list, dict, set, tuple)

_CURRENT = [None]       # the active recorder, read by the recording builtins


def current():
    return _CURRENT[0]


_OBJECT_HINTS = objects.hint_twins(current)     # hints for guest objects


class Twins:
    """prefixes: modules whose functions are recorded through.
    opaque: modules of the interpreter whose other functions must never see
    a box (calling one with boxes stops recording first).
    portals: functions that run a virtualizable frame to completion; while
    calls are not inlined, one called during recording stops recording.
    resume_call: what `hints.resume_suspended` does in a twin."""

    def __init__(self, prefixes, opaque=(), portals=(), portal_call=None, is_sentinel=None,
                 resume_call=None):
        if is_sentinel is not None:
            _SENTINEL[0] = is_sentinel
        self.prefixes = tuple(prefixes)
        self.opaque = tuple(opaque)
        self.portals = set(portals)
        self.portal_call = portal_call
        # hints.resume_suspended while recording (a function of this package,
        # which `call` calls as it is, boxes and all)
        self.resume_call = lambda *args: resume_call(*args)
        self.before_opaque = None       # set by the runtime: unbox the traced frames
        self.caught_by_caller = None    # set by the runtime: hints.caught_by_caller's twin
        self.namespaces = {}        # module name -> recording globals dict
        self.twins = {}             # plain function -> twin
        # function -> what call() calls for it: its twin, or itself for the
        # tracer's own functions; both kinds live as long as the process
        self.direct = {}
        self.rbuiltins = _recording_builtins()
        self._traceable_modules = {}    # module name -> traceable?
        self._opaque_modules = {}       # module name -> opaque?

    def traceable(self, fn):
        return self._module_in(fn, self.prefixes, self._traceable_modules)

    @staticmethod
    def _module_in(fn, prefixes, memo):
        """Is fn's module one of `prefixes` or inside one?  (Memoized by module
        name: twin() asks it at every call of host code while recording.)"""
        mod = getattr(fn, "__module__", None) or ""
        known = memo.get(mod)
        if known is None:
            known = memo[mod] = any(mod == p or mod.startswith(p + ".") for p in prefixes)
        return known

    def twin(self, fn):
        """The recording twin of a plain function (itself when not traceable)."""
        t = self.twins.get(fn)
        if t is not None:
            return t
        if type(fn) is not types.FunctionType:
            return fn
        t = self._wrapper(fn)
        if t is None:
            t = self._instantiate(fn)
        elif t is fn:
            return fn
        self._keep(fn, t)
        return t

    def _keep(self, fn, t):
        self.twins[fn] = t
        _ORIGINALS[t] = fn

    def _wrapper(self, fn):
        """The twin of a plain function when it wraps the function (cheap to
        make), the function itself when it is neither traceable nor opaque,
        None when the twin is the function's code rewritten (`_instantiate`)."""
        if fn in self.portals:
            return _portal_wrapper(fn, self.portal_call)
        if getattr(fn, "_jit_elidable_", False):
            return _elidable_wrapper(fn)
        if getattr(fn, "_jit_look_inside_", True) is False:
            return _residual_wrapper(fn)
        if not self.traceable(fn):
            return _opaque_wrapper(fn, self.before_opaque) if self._opaque(fn) else fn
        return None

    def _instantiate(self, fn):
        ns = self.namespace(fn.__module__)
        code = twincode.rewritten_code(fn)
        scope = {}
        if code is not None:
            exec(code, ns, scope)
        t = scope.get(fn.__name__)
        if t is None:
            t = types.FunctionType(fn.__code__, ns, fn.__name__, fn.__defaults__,
                                   fn.__closure__)
            t.__kwdefaults__ = fn.__kwdefaults__
        t.__qualname__ = fn.__qualname__
        return t

    def call(self, f, *args, **kwargs):
        """Every call a twin makes: interpreter code goes to its twin, host code
        that would be handed a box becomes a residual call."""
        t = type(f)
        if t is Box:
            return current().call(f, args, kwargs)
        special = self.rbuiltins.get(id(f))
        if special is not None and _has_box(args, kwargs):
            return special(*args, **kwargs)
        if t is types.FunctionType:
            tw = self.direct.get(f)
            if tw is not None:
                return tw(*args, **kwargs)
            tw = self.twin(f)
            if tw is not f or f.__module__.startswith(_TRACER):
                # (a twin, or the tracer's own: the tracer's functions do
                # not pass twin() on to be cached, and are called often)
                self.direct[f] = tw
                return tw(*args, **kwargs)
        elif t is types.MethodType and type(f.__func__) is types.FunctionType:
            tw = self.twin(f.__func__)
            if tw is not f.__func__:
                return tw(f.__self__, *args, **kwargs)
        if f is tuple and args and type(args[0]) in _INTERNAL and _has_box(args[0], {}):
            return current().new_tuple(args[0])     # a guest tuple made of boxes
        if not _has_box(args, kwargs):
            return f(*args, **kwargs)
        if t in _THROUGH_TYPES or (id(f) in _THROUGH and _defers_to_box(args)):
            return f(*args, **kwargs)
        if t is types.BuiltinMethodType and type(getattr(f, "__self__", None)) in _INTERNAL:
            return f(*args, **kwargs)       # the frame's own lists and scratch containers
        return current().residual_call(f, args, kwargs)

    def _opaque(self, fn):
        return self._module_in(fn, self.opaque, self._opaque_modules)

    def namespace(self, modname):
        ns = self.namespaces.get(modname)
        if ns is not None:
            return ns
        plain = sys.modules[modname].__dict__
        # Builtins first: a function takes its builtins from its globals when created.
        ns = self.namespaces[modname] = {"__builtins__": builtins,
                                         twincode.CALL: self.call, twincode.IS: _is}
        try:
            for k, v in list(plain.items()):
                if k != "__builtins__":
                    ns[k] = self._convert(v)
        except BaseException:
            del self.namespaces[modname]
            raise
        if "_we_are_jitted" in ns:
            ns["_we_are_jitted"] = True
        return ns

    def _convert(self, v):
        if type(v) is types.FunctionType:
            if v is hints.promote:
                return _promote
            if v is hints.we_are_jitted:
                return _true
            if v is hints.residual_call:
                return _residual_call
            if v is hints.exception_raised:
                return _exception_raised
            if v is hints.caught_by_caller:
                return lambda: self.caught_by_caller is not None and self.caught_by_caller()
            if v is hints.concrete_value:
                return unwrap
            if v is hints.dict_get:
                return _dict_get
            if v is hints.dict_set:
                return _dict_set
            if v is hints.len_unpromoted:
                return _len_unpromoted
            if v is hints.resume_here:
                return _resume_here
            if v is hints.resume_suspended:
                return self.resume_call
            special = _OBJECT_HINTS.get(v)
            if special is not None:
                return special
            t = self.twins.get(v)
            if t is not None:
                return t
            t = self._wrapper(v)
            if t is None:
                # A function whose twin is its code rewritten stays itself
                # here: twins call through `call`, which makes the twin at
                # the first call.  Making them all with the namespace made a
                # twin of every function a reached module names, and of
                # those they name: 259 for spectral_norm, of which 42 are
                # called.
                return v
            if t is not v:
                self._keep(v, t)
            return t
        if type(v) is types.ModuleType and any(
                v.__name__ == p or v.__name__.startswith(p + ".") for p in self.prefixes):
            return _ModuleTwin(self, v)
        return v


class _ModuleTwin:
    """A traceable module as its twins see it: attributes come from its recording namespace."""

    def __init__(self, twins, module):
        self.__dict__["_twins"] = twins
        self.__dict__["_module"] = module

    def __getattr__(self, name):
        return self._twins.namespace(self._module.__name__)[name] \
            if name in self._module.__dict__ else getattr(self._module, name)


_SENTINEL = [lambda v: False]      # the interpreter's never-a-guest-value predicate


def deep_unwrap(x, depth=0):
    """Plain values for a box, or for a container the recording built out of boxes.

    A container none of whose items is a box or a container is left as it
    is, found so by a scan in C: the frame's locals are unwrapped at every
    trace's end or abort, and a local holding a guest list of a million
    strings cost a Python-level copy of it each time (and a tuple became
    an equal copy, no longer `is` the guest's)."""
    t = type(x)
    if t is Box:
        return x.value
    if depth > 2:
        return x
    if t is tuple:
        if _MAY_HOLD_BOXES.isdisjoint(map(type, x)):
            return x
        return tuple(deep_unwrap(v, depth + 1) for v in x)
    if t is list:
        if not _MAY_HOLD_BOXES.isdisjoint(map(type, x)):
            x[:] = [deep_unwrap(v, depth + 1) for v in x]
    elif t is dict:
        if not _MAY_HOLD_BOXES.isdisjoint(map(type, x.values())):
            for k, v in x.items():
                if type(v) in _MAY_HOLD_BOXES:
                    x[k] = deep_unwrap(v, depth + 1)
    return x


_MAY_HOLD_BOXES = frozenset((Box, tuple, list, dict))


_NOT_RESUMED = hints.NOT_RESUMED


def _is(a, b):
    ta, tb = type(a), type(b)
    if ta is Box or tb is Box:
        # A box is never one of the interpreter's own sentinels, nor the
        # tracer's NOT_RESUMED: no guard needed.
        if (ta is not Box and (a is _NOT_RESUMED or _SENTINEL[0](a))) \
                or (tb is not Box and (b is _NOT_RESUMED or _SENTINEL[0](b))):
            return False
        return current().is_(a, b)
    return a is b


def _promote(x):
    rec = current()
    return rec.promote(x) if rec is not None else unwrap(x)


def _true():
    return True


def _dict_get(d, key, default=None):
    rec = current()
    if rec is None:
        return unwrap(d).get(unwrap(key), default)
    return rec.dict_get(d, key, default)


def _dict_set(d, key, value):
    rec = current()
    if rec is None:
        unwrap(d)[unwrap(key)] = unwrap(value)
    else:
        rec.dict_set(d, key, value)


def _resume_here():
    rec = current()
    if rec is not None and rec.active and rec.snapshot_source is not None:
        rec.snapshot = rec.snapshot_source()


def _len_unpromoted(x):
    rec = current()
    if rec is None or type(x) is not Box:
        return len(unwrap(x))
    return rec.length_unpromoted(x)


# twin -> its original: a residual call names the interpreter function a
# twin's namespace holds as its twin, and compiled code must call the original
_ORIGINALS = {}


def _exception_raised(exc):
    rec = current()
    if rec.active:
        rec.abort(f"{type(unwrap(exc)).__name__} raised")
        rec.exception_abort = True


def _residual_call(fn, args, kwargs=None):
    rec = current()
    fn = rec.promote(fn) if type(fn) is Box else _ORIGINALS.get(fn, fn)
    return rec.residual_call(fn, args, kwargs)


# Left operands whose own operator methods answer NotImplemented for a box,
# so that the box's reflected method records the operation.  Others (str %
# box, list + box) would take the box for a plain object: a residual call.
_DEFERRING = (int, float, bool)


def _defers_to_box(args):
    return bool(args) and (type(args[0]) is Box or type(args[0]) in _DEFERRING)


def _has_box(args, kwargs):
    for a in args:          # a loop, not any(): this runs at every call a twin makes
        if type(a) is Box:
            return True
    if kwargs:
        for v in kwargs.values():
            if type(v) is Box:
                return True
    return False


def _opaque_wrapper(fn, before_opaque):
    # Interpreter code the tracer cannot see: it may return heap objects the
    # trace would wrongly take as constants, so recording stops before it runs,
    # and it sees the frames with plain values (locals() reads them).
    def opaque(*args, **kwargs):
        rec = current()
        if rec is not None:
            rec.abort(f"{fn.__module__}.{fn.__qualname__} is not traceable")
            if before_opaque is not None:
                before_opaque()
        return fn(*[deep_unwrap(a) for a in args],
                  **{k: deep_unwrap(v) for k, v in kwargs.items()})
    opaque.__name__ = fn.__name__
    return opaque


def _portal_wrapper(fn, portal_call):
    def portal(vobj, *args):
        return portal_call(fn, vobj, args)
    portal.__name__ = fn.__name__
    return portal


def _elidable_wrapper(fn):
    def elidable(*args):
        rec = current()
        if rec is None or not any(type(a) is Box for a in args):
            return fn(*[unwrap(a) for a in args])
        return rec.elidable_call(fn, args)
    elidable.__name__ = fn.__name__
    return elidable


def _residual_wrapper(fn):
    def residual(*args, **kwargs):
        rec = current()
        if rec is None:
            return fn(*[unwrap(a) for a in args], **{k: unwrap(v) for k, v in kwargs.items()})
        return rec.residual_call(fn, args, kwargs)
    residual.__name__ = fn.__name__
    return residual


def _recording_builtins():
    """Builtins that learn from boxes, by the id of the builtin they stand for.

    Names stay bound to the real builtins (so `type(x) is bool` still means
    what it says); `__jit_call__` sends calls with boxes here."""
    plain_type = type

    def r_type(*args):
        if len(args) == 1 and plain_type(args[0]) is Box:
            return current().type_of(args[0])
        return plain_type(*args)

    def r_isinstance(obj, cls):
        rec = current()
        cls = rec.promote(cls)
        if plain_type(obj) is Box:
            return issubclass(rec.type_of(obj), cls)
        return isinstance(obj, cls)

    def r_len(obj):
        if plain_type(obj) is Box:
            return current().length(obj)
        return len(obj)

    def r_bool(obj=False):
        if plain_type(obj) is Box:
            return current().truth(obj)
        return bool(obj)

    def r_next(it, *default):
        if plain_type(it) is Box:
            rec = current()
            rec.abort(f"next() on {plain_type(it.value).__name__}")
            return next(it.value, *default)
        return next(it, *default)

    def r_iter(obj, *rest):
        if plain_type(obj) is Box:
            current().abort(f"iter() on {plain_type(obj.value).__name__}")
            return iter(obj.value, *rest)
        return iter(obj, *rest)

    def r_hasattr(obj, name):
        if plain_type(obj) is Box:
            rec = current()
            t = rec.type_of(obj)
            return hasattr(obj.value, name) if not hasattr(t, name) else True
        return hasattr(obj, name)

    return {id(type): r_type, id(isinstance): r_isinstance, id(len): r_len, id(bool): r_bool,
            id(next): r_next, id(iter): r_iter, id(hasattr): r_hasattr}
