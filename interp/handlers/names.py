"""Names: module and class namespaces, globals and builtins, attributes, imports."""

import sys

from interp.calls import call
from interp.frame import NULL
from interp.handlers.registry import opcode
from interp.protocol import attrs, jitattrs
from interp.protocol.attrs import GENERIC, METHOD
from interp.protocol.typecache import infos as _infos
from interp import imports
from interp.classes import BUILD_CLASS
from interp.intrinsics import frame_builtins
from tracer.hints import NotTraceable, dict_get, dict_set, dont_look_inside

_we_are_jitted = False      # True in the tracer's recording twins of this module


def _builtins(frame):
    b = frame.builtins
    if b is None:
        b = frame.builtins = frame_builtins(frame)
    return b


def _name_error(name):
    return NameError(f"name '{name}' is not defined", name=name)


# While recording, module and class namespaces (host dicts) are read and
# written through `dict_get`/`dict_set`: the trace sees their items as fields
# of the dict, which the optimizer caches and whose writes it delays until
# something could see them, so a loop over globals keeps them in registers.
# A dict that the trace bakes in is the frame's own: jit.back_edge runs a
# code's compiled loops only in the namespaces they were traced in.

@opcode
def LOAD_NAME(frame, stack, arg, pc):
    names = frame.names
    if _we_are_jitted:
        if type(names) is not dict:
            raise NotTraceable("LOAD_NAME in a namespace that is not a dict")
        v = dict_get(names, arg, NULL)
        if v is NULL:
            v = _traced_global(frame, frame.globals, arg, names is frame.globals)
        stack.append(v)
        return pc
    try:
        v = names[arg]
    except KeyError:
        g = frame.globals
        if arg in g:
            v = g[arg]
        else:
            b = _builtins(frame)
            if arg not in b:
                raise _name_error(arg) from None
            v = b[arg]
    stack.append(v)
    return pc


@opcode
def STORE_NAME(frame, stack, arg, pc):
    names = frame.names
    if _we_are_jitted:
        _traced_store(names, arg, stack.pop(), "STORE_NAME in a namespace that is not a dict")
        return pc
    names[arg] = stack.pop()
    return pc


@opcode
def DELETE_NAME(frame, stack, arg, pc):
    if _we_are_jitted:
        # rare in loops: one residual call (it flushes the delayed writes
        # and forgets what the trace knew of the heap)
        _delete_item(frame.names, arg)
        return pc
    try:
        del frame.names[arg]
    except KeyError:
        raise _name_error(arg) from None
    return pc


@opcode
def LOAD_GLOBAL(frame, stack, arg, pc):
    g = frame.globals
    if _we_are_jitted:
        stack.append(_traced_global(frame, g, arg, False))
        return pc
    if arg in g:
        stack.append(g[arg])
        return pc
    b = frame.builtins or _builtins(frame)
    if arg in b:
        stack.append(b[arg])
        return pc
    raise _name_error(arg)


def _traced_global(frame, g, name, absent_from_g):
    """A global or builtin while recording.  `absent_from_g`: g was just found
    not to hold it (module code, where the namespace is the globals)."""
    b = _builtins(frame)
    if type(g) is dict and type(b) is dict:
        v = NULL if absent_from_g else dict_get(g, name, NULL)
        if v is NULL:
            v = dict_get(b, name, NULL)
            if v is NULL:
                raise _name_error(name)
        return v
    # a dict subclass or other mapping (exec): its lookup may run code
    return _lookup_global(g, b, name)


def _traced_store(d, name, value, why_not):
    """A namespace item written while recording: a field of the dict, whose
    write the heap pass may delay; other mappings' __setitem__ may run code."""
    if type(d) is not dict:
        raise NotTraceable(why_not)
    dict_set(d, name, value)


@dont_look_inside
def _lookup_global(g, b, name):
    if name in g:
        return g[name]
    if name in b:
        return b[name]
    raise _name_error(name)


@dont_look_inside
def _delete_item(d, name):
    try:
        del d[name]
    except KeyError:
        raise _name_error(name) from None


@opcode
def STORE_GLOBAL(frame, stack, arg, pc):
    g = frame.globals
    if _we_are_jitted:
        _traced_store(g, arg, stack.pop(), "STORE_GLOBAL in globals that are not a dict")
        return pc
    g[arg] = stack.pop()
    return pc


@opcode
def DELETE_GLOBAL(frame, stack, arg, pc):
    if _we_are_jitted:
        _delete_item(frame.globals, arg)
        return pc
    try:
        del frame.globals[arg]
    except KeyError:
        raise _name_error(arg) from None
    return pc


# The attribute handlers first try the plan memoized for (type, name) at the
# type's current version (see interp.protocol.attrs): GENERIC means that the
# host's own getattr/setattr are exact and no guest code can run.

@opcode
def LOAD_ATTR(frame, stack, arg, pc):
    if _we_are_jitted:
        stack.append(jitattrs.load_attr(frame, stack, arg))
        return pc
    obj = stack[-1]
    i = _infos.get(type(obj))
    if i is not None and i.tag[0] == i.version and i.get_plans.get(arg) is GENERIC:
        stack[-1] = getattr(obj, arg)
    else:
        stack[-1] = attrs.getattribute(frame, obj, arg)
    return pc


@opcode
def STORE_ATTR(frame, stack, arg, pc):
    if _we_are_jitted:
        jitattrs.store_attr(frame, stack, arg)
        return pc
    obj = stack.pop()
    i = _infos.get(type(obj))
    if i is not None and i.tag[0] == i.version and i.set_plans.get(arg, 0) is None:
        setattr(obj, arg, stack.pop())
    else:
        attrs.setattribute(frame, obj, arg, stack.pop())
    return pc


@opcode
def DELETE_ATTR(frame, stack, arg, pc):
    attrs.delattribute(frame, stack.pop(), arg)
    return pc


@opcode
def LOAD_METHOD(frame, stack, arg, pc):
    if _we_are_jitted:
        jitattrs.load_method(frame, stack, arg)
        return pc
    obj = stack[-1]
    i = _infos.get(type(obj))
    if i is not None and i.tag[0] == i.version:
        p = i.get_plans.get(arg)
        if p is GENERIC:
            stack[-1] = NULL
            stack.append(getattr(obj, arg))
            return pc
        if p is not None and p[0] is METHOD:
            has_dict = p[3]
            if has_dict is False or (has_dict and arg not in obj.__dict__):
                stack[-1] = p[1]
                stack.append(obj)
                return pc
    meth = attrs.load_method(frame, obj, arg)
    if meth is not None:
        stack[-1] = meth
        stack.append(obj)
    else:
        stack[-1] = NULL
        stack.append(attrs.getattribute(frame, obj, arg))
    return pc


@opcode
def IMPORT_NAME(frame, stack, arg, pc):
    fromlist = stack.pop()
    level = stack.pop()
    stack.append(imports.import_name(frame, arg, fromlist, level))
    return pc


@opcode
def IMPORT_FROM(frame, stack, arg, pc):
    stack.append(imports.import_from(stack[-1], arg))
    return pc


@opcode
def IMPORT_STAR(frame, stack, arg, pc):
    imports.import_star(frame, stack.pop())
    return pc


@opcode
def SETUP_ANNOTATIONS(frame, stack, arg, pc):
    names = frame.names
    if type(names) is dict:
        if "__annotations__" not in names:
            names["__annotations__"] = {}
    else:
        # A custom mapping (exec with a non-dict locals): get/set, as PyObject_GetItem.
        try:
            names["__annotations__"]
        except KeyError:
            names["__annotations__"] = {}
    return pc


@opcode
def LOAD_BUILD_CLASS(frame, stack, arg, pc):
    stack.append(BUILD_CLASS)
    return pc


@opcode
def LOAD_ASSERTION_ERROR(frame, stack, arg, pc):
    stack.append(AssertionError)
    return pc


@opcode
def PRINT_EXPR(frame, stack, arg, pc):
    # Interactive ("single") code: the value of an expression statement goes to sys.displayhook.
    value = stack.pop()
    hook = getattr(sys, "displayhook", None)
    if hook is None:
        raise RuntimeError("lost sys.displayhook")
    call(frame, hook, (value,))
    return pc
