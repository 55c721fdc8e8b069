"""Calls: guest functions run in new frames; everything else runs on the host.

`call(func, args, kwargs)` is the one entry for every call that guest code
makes: guest functions (and bound methods of them) get a frame with their
arguments bound as CPython binds them; instantiating a class whose
`__new__`/`__init__` are guest functions interprets them; a few builtins
that look at their caller's frame (`super()`, `locals()`, `eval`...) are
given the guest frame instead; any other callable is called natively.
"""

import sys
from types import BuiltinFunctionType, FunctionType, MethodDescriptorType, MethodType

from interp import guestcode
from interp.frame import Frame, UNBOUND, _Sentinel, release_in_order
from interp.generators import new_generator
from interp.state import DEPTH, EXC
# `_PyType_Lookup`: the attribute `name` in the MRO of `t`, undecorated, or NOTFOUND.
from interp.protocol.typecache import lookup as lookup_special, NOTFOUND
from tracer.hints import (NotTraceable, cell_get, concrete_value, new_instance, promote,
                          read_field, residual_call)

_we_are_jitted = False      # True in the tracer's recording twins of this module
_getrefcount = sys.getrefcount

# code names of functions made by every run of the code that defines them
_MADE_AFRESH = frozenset(("<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>", "<lambda>"))

HEAPTYPE = 1 << 9
METHOD_DESCRIPTOR = 1 << 17     # Py_TPFLAGS_METHOD_DESCRIPTOR: functions, slot wrappers
_object_new = object.__new__
_object_init = object.__init__
_type_call = type.__call__

# Builtins that need the guest frame: name -> fn(frame, args, kwargs), filled by
# interp.intrinsics and interp.builtin_loops; NATIVE from fn: call the builtin itself.
INTRINSICS = {}
_INTRINSIC_TYPES = (BuiltinFunctionType, type, MethodDescriptorType)
NATIVE = _Sentinel("NATIVE")

_BuildClassType = None   # set with the intrinsics that are pvmx objects, see set_build_class
_run = None     # interp.eval.run, bound late (eval imports handlers, handlers import us)
_function_entry = None      # interp.jit.function_entry while the JIT is on
_make_generator = None


def set_build_class(obj, fn):
    global _BuildClassType
    _BuildClassType = type(obj)
    INTRINSICS[obj] = fn


def set_runner(run, make_generator):
    global _run, _make_generator
    _run = run
    _make_generator = make_generator


def call(frame, func, args, kwargs=None):
    if _we_are_jitted:
        if type(func) is MethodType:
            # a bound method is often made afresh each time (obj.method):
            # the trace specializes on its function, not on the object
            return call(frame, promote(read_field(func, "__func__", True)),
                        (read_field(func, "__self__", True), *args), kwargs)
        f = concrete_value(func)
        if type(f) is FunctionType and not kwargs \
                and (f.__closure__ is not None or f.__defaults__ is not None
                     or f.__code__.co_name in _MADE_AFRESH):
            # a closure, a function with defaults, a comprehension or a
            # lambda is often made afresh (a nested def, a comprehension run
            # in a loop): the trace specializes on its code (whose free
            # variables say that it has a closure) and reads its cells and
            # defaults; a guard on the function object would fail for the
            # next one, a bridge per object
            code = guestcode.lookup(promote(read_field(func, "__code__")))
            if code is not None and code.is_generator and code.name == "<genexpr>":
                return call_guest(frame, func, code, args, None)    # (a residual call)
            if code is not None and not code.is_generator:
                missing = code.simple_argcount - len(args)
                if missing == 0:
                    return _call_closure(frame, func, code, args)
                if 0 < missing <= len(f.__defaults__ or ()):
                    defaults = read_field(func, "__defaults__", True)
                    n = len(defaults)           # a guard on the defaults' count
                    return _call_closure(frame, func, code,
                                         (*args, *[defaults[k] for k in range(n - missing, n)]))
        func = promote(func)
    t = type(func)
    if t is FunctionType:
        code = guestcode.lookup(func.__code__)
        if code is not None:
            return call_guest(frame, func, code, args, kwargs)
    elif t is MethodType:
        f = func.__func__
        if type(f) is FunctionType:
            code = guestcode.lookup(f.__code__)
            if code is not None:
                return call_guest(frame, f, code, (func.__self__, *args), kwargs)
    elif t in _INTRINSIC_TYPES:
        if t is type and func.__flags__ & HEAPTYPE:
            return instantiate(frame, func, args, kwargs)
        if _we_are_jitted and func is super and not args and not kwargs:
            return _zero_arg_super(frame)
        if func is type and len(args) == 1 and not kwargs:
            # type(x): the intrinsic is for type(name, bases, ns), and not
            # traceable; recorded, this is a class guard and a constant
            return type(args[0])
        special = INTRINSICS.get(func)
        if special is not None:
            r = special(frame, args, kwargs)
            if r is not NATIVE:
                return r
        elif t is BuiltinFunctionType and type(func.__self__) is str:
            # `sep.join(...)`, bound (LOAD_METHOD's plan for a builtin type's
            # method): the method descriptor's intrinsic, `sep` first
            special = INTRINSICS.get(getattr(str, func.__name__, None))
            if special is not None:
                r = special(frame, (func.__self__, *args), kwargs)
                if r is not NATIVE:
                    return r
    elif t.__flags__ & HEAPTYPE:
        special = INTRINSICS.get(func) if t is _BuildClassType else None
        if special is not None:
            return special(frame, args, kwargs)
        if isinstance(func, type):
            meta_call = lookup_special(t, "__call__")
            if meta_call is _type_call:
                return instantiate(frame, func, args, kwargs)
            return call(frame, meta_call, (func, *args), kwargs)
        dunder = lookup_special(t, "__call__")
        if type(dunder) is FunctionType:
            return call(frame, dunder, (func, *args), kwargs)
    if _we_are_jitted:
        return residual_call(func, args, kwargs)
    exc_info = EXC
    if exc_info.value is not None or exc_info.held:
        return call_handling(exc_info.topmost(), func, args, kwargs)
    if kwargs:
        return func(*args, **kwargs)
    return func(*args)


def _zero_arg_super(frame):
    """`super()` while recording (intrinsics._super for the interpreter): the
    first argument and the `__class__` cell are read as the trace reads
    them, and the super object is made by a residual call.  Anything
    unusual (the errors _super raises) stops the recording."""
    code = frame.code
    names = code.localsplus_names
    if code.argcount == 0 or "__class__" not in names[len(names) - code.nfree:]:
        raise NotTraceable("super() without arguments or __class__ cell")
    first = frame.locals[0]
    if names[0] in code.co.co_cellvars:
        raise NotTraceable("super() of a first argument in a cell")
    cls = cell_get(frame.locals[names.index("__class__", len(names) - code.nfree)])
    return residual_call(super, (promote(cls), first))


def call_handling(exc, func, args, kwargs):
    """Call host code from a guest `except` block with the guest's exception as the
    host's handled one, as on CPython's single exc_info stack: an exception the host
    code raises gets its __context__ there (and `sys.exc_info()` in it is right).
    Such an exception is not chained again by the guest frame's unwind."""
    if exc is None:
        return func(*args, **kwargs) if kwargs else func(*args)
    tb, context, suppress = exc.__traceback__, exc.__context__, exc.__suppress_context__
    try:
        raise exc
    except BaseException:
        # The raise touched nothing of the guest's exception that stays.
        exc.__traceback__, exc.__context__, exc.__suppress_context__ = tb, context, suppress
        try:
            return func(*args, **kwargs) if kwargs else func(*args)
        except BaseException as e:
            EXC.host_chained = e
            raise


def call_special(frame, obj, descr, args, kwargs=None):
    """Call a special method found by `lookup_special` on `obj`, binding it as CPython does
    (vectorcall_method: method descriptors are called unbound, others bound by __get__)."""
    if type(descr) is FunctionType or type(descr).__flags__ & METHOD_DESCRIPTOR:
        return call(frame, descr, (obj, *args), kwargs)
    if _we_are_jitted:
        return residual_call(descr, (obj, *args), kwargs)
    return call(frame, bind_special(frame, descr, obj), args, kwargs)


def bind_special(frame, descr, obj):
    """`descr.__get__(obj, type(obj))` if it has one (a guest __get__ interpreted), else descr."""
    dt = type(descr)
    get = lookup_special(dt, "__get__")
    if get is NOTFOUND:
        return descr
    if dt.__flags__ & HEAPTYPE:
        return call(frame, get, (descr, obj, type(obj)))
    return get(descr, obj, type(obj))


# Markers a recorded instruction leaves on its frame's stack while the guest
# code it called is inlined: if a guard fails in that code, deoptimization
# finishes it and, instead of pushing its result (jit.resume_inlined), drops
# the marker: under INIT_RESULT lies the new instance, which is the result.
INIT_RESULT = _Sentinel("INIT_RESULT")
NO_RESULT = _Sentinel("NO_RESULT")


def instantiate(frame, cls, args, kwargs):
    """`type.__call__` for a class defined in Python: interpret its `__new__` and `__init__`."""
    new = lookup_special(cls, "__new__")
    init = lookup_special(cls, "__init__")
    if new is _object_new:
        if (args or kwargs) and init is _object_init:
            raise TypeError(f"{cls.__name__}() takes no arguments")
        if _we_are_jitted:
            # a new_object (virtual while it does not escape); its __init__ is
            # inlined when a CALL of the class is at hand (jit._callee)
            obj = new_instance(cls)
            if type(init) is FunctionType and frame.call_target is cls:
                return _init_inlined(frame, obj, init, args, kwargs)
        else:
            obj = _object_new(cls)
    else:
        # slot_tp_new: getattr(cls, "__new__"), then called with cls first.
        nt = type(new)
        if nt is staticmethod:
            new = new.__func__
        elif nt is not FunctionType and nt is not BuiltinFunctionType:
            get = lookup_special(nt, "__get__")
            if get is not NOTFOUND:
                new = call(frame, get, (new, None, cls))
        obj = call(frame, new, (cls, *args), kwargs)
    t = type(obj)
    if t is not cls:
        if cls not in t.__mro__:        # PyObject_TypeCheck: no __instancecheck__
            return obj
        init = lookup_special(t, "__init__")
    if init is _object_init:
        return obj
    r = call_special(frame, obj, init, args, kwargs)
    if r is not None:
        raise TypeError(f"__init__() should return None, not '{type(r).__name__}'")
    return obj


def _init_inlined(frame, obj, init, args, kwargs):
    stack = frame.stack
    stack.append(obj)
    stack.append(INIT_RESULT)
    frame.call_target = init
    r = call(frame, init, (obj, *args), kwargs)
    stack.pop()
    stack.pop()
    if r is not None:
        raise TypeError(f"__init__() should return None, not '{type(r).__name__}'")
    return obj


def call_guest(frame, func, code, args, kwargs):
    if not kwargs and len(args) == code.simple_argcount:
        locals_ = [*args, *code.unbound_tail]       # bind_arguments' common case, inlined
    else:
        locals_ = _bind_slow(func, code, args, kwargs)
    if code.is_generator:
        if _we_are_jitted and (code.name == "<genexpr>"
                               or frame.code.instrs[frame.pc + 1][0] == "GET_ITER"):
            # a `for` loop of the caller's will run it, or (a generator
            # expression) most likely a builtin's app-level loop
            # (interp.builtin_loops); either resumes it inline: one residual
            # call, whose prelude runs to RETURN_GENERATOR.  (Another
            # generator function, made to be kept or passed on, would not
            # run here: recording stops, rather than compile paths that
            # gain nothing: go +6% when all did.)
            return residual_call(new_generator, (func, *locals_))
        return _make_generator(Frame(code, locals_, func.__globals__, None, None, func, frame))
    return run_frame(Frame(code, locals_, func.__globals__, None, None, func, frame))


def _call_closure(frame, func, code, args):
    """call_guest while recording, for a closure the trace does not
    specialize on (call): `func` is its recorded value, which the frame
    keeps (COPY_FREE_VARS reads the cells from it); its namespaces are
    constants of the trace.  Set after Frame(), which given a recorded
    value would be a call the trace cannot see into."""
    f = Frame(code, [*args, *code.unbound_tail], promote(read_field(func, "__globals__", True)),
              promote(read_field(func, "__builtins__", True)), None, None, frame)
    f.func = func
    return run_frame(f)


def run_frame(f):
    """Run a new frame to its end; the JIT may run it from its entry trace."""
    depth = DEPTH
    if depth.depth >= depth.limit:
        raise RecursionError("maximum recursion depth exceeded")
    depth.depth += 1
    try:
        if not _we_are_jitted and _function_entry is not None and _function_entry(f):
            result = f.retval
        else:
            result = _run(f)
    finally:
        depth.depth -= 1
    if not _we_are_jitted and _getrefcount(f) == 2:
        release_in_order(f)
    return result


def bind_arguments(func, code, args, kwargs):
    """CPython's argument binding into a fresh localsplus list."""
    if not kwargs and len(args) == code.simple_argcount:
        return [*args, *code.unbound_tail]
    return _bind_slow(func, code, args, kwargs)


def _bind_slow(func, code, args, kwargs):
    co = code.co
    n = code.argcount
    nkw = code.kwonlyargcount
    locals_ = [UNBOUND] * code.nlocalsplus
    names = co.co_varnames
    nargs = len(args)
    varargs = co.co_flags & 0x04
    varkw = co.co_flags & 0x08
    pos = n + nkw
    if nargs > n and not varargs:
        return _native_error(func, args, kwargs)
    for i in range(min(nargs, n)):
        locals_[i] = args[i]
    if varargs:
        locals_[pos] = tuple(args[n:])
    kwdict = None
    if varkw:
        kwdict = {}
        locals_[pos + (1 if varargs else 0)] = kwdict
    if kwargs:
        posonly = code.posonlyargcount
        for key, value in kwargs.items():
            if not isinstance(key, str):
                raise TypeError("keywords must be strings")
            try:
                i = names.index(key, posonly, pos)
            except ValueError:
                i = -1
            if i < 0:
                if kwdict is None:
                    return _native_error(func, args, kwargs)
                kwdict[key] = value
                continue
            if locals_[i] is not UNBOUND:
                return _native_error(func, args, kwargs)
            locals_[i] = value
    if nargs < n or nkw:
        defaults = func.__defaults__ or ()
        first_default = n - len(defaults)
        for i in range(nargs, n):
            if locals_[i] is UNBOUND:
                if i >= first_default:
                    locals_[i] = defaults[i - first_default]
                else:
                    return _native_error(func, args, kwargs)
        kwdefaults = func.__kwdefaults__
        for i in range(n, pos):
            if locals_[i] is UNBOUND:
                if kwdefaults and names[i] in kwdefaults:
                    locals_[i] = kwdefaults[names[i]]
                else:
                    return _native_error(func, args, kwargs)
    return locals_


def _native_error(func, args, kwargs):
    """Let CPython's own binder raise the error, so that the message is exactly CPython's.

    Binding fails before any code of the function runs, so this executes nothing."""
    try:
        func(*args, **(kwargs or {}))
    except TypeError as e:
        raise e.with_traceback(None) from None
    raise SystemError("pvmx: argument binding disagreed with CPython's")
