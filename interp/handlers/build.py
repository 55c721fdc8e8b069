"""Building containers and unpacking sequences."""

from interp.handlers.registry import opcode
from interp.protocol import operators as ops
from tracer.hints import NotTraceable, concrete_value, new_list, residual_call

_we_are_jitted = False      # True in the tracer's recording twins of this module


def _pop_n(stack, n):
    if n == 0:
        return []
    items = stack[-n:]
    del stack[-n:]
    return items


# While recording, tuple() of items that are boxes is a new_tuple (see
# tracer/recording/twins.py), and new_list() a new_list: the optimizer keeps
# them virtual when they do not escape (`x, y = y, x + y` builds nothing).

@opcode
def BUILD_TUPLE(frame, stack, arg, pc):
    stack.append(tuple(_pop_n(stack, arg)))
    return pc


@opcode
def BUILD_LIST(frame, stack, arg, pc):
    if _we_are_jitted:
        stack.append(new_list(_pop_n(stack, arg)))
        return pc
    stack.append(_pop_n(stack, arg))
    return pc


# A set or dict is made by one residual call while recording: its items
# are hashed (guest __hash__ may run) and kept, so they must be the guest's
# values, not the recorder's boxes.

@opcode
def BUILD_SET(frame, stack, arg, pc):
    items = _pop_n(stack, arg)
    stack.append(residual_call(_set_of, items) if _we_are_jitted else set(items))
    return pc


@opcode
def BUILD_MAP(frame, stack, arg, pc):
    items = _pop_n(stack, 2 * arg)
    stack.append(residual_call(_map_of, items) if _we_are_jitted else _map_of(*items))
    return pc


@opcode
def BUILD_CONST_KEY_MAP(frame, stack, arg, pc):
    keys = concrete_value(stack.pop())      # a constant tuple of the code
    values = _pop_n(stack, arg)
    stack.append(residual_call(_keyed_map, (keys, *values)) if _we_are_jitted
                 else _keyed_map(keys, *values))
    return pc


def _set_of(*items):
    return set(items)


def _keyed_map(keys, *values):
    return dict(zip(keys, values))


def _map_of(*items):
    """A dict of key, value, key, value, ... in order (later keys win)."""
    d = {}
    for i in range(0, len(items), 2):
        d[items[i]] = items[i + 1]
    return d


@opcode
def LIST_APPEND(frame, stack, arg, pc):
    v = stack.pop()
    if _we_are_jitted:
        residual_call(list.append, (stack[-arg], v))
        return pc
    stack[-arg].append(v)
    return pc


@opcode
def SET_ADD(frame, stack, arg, pc):
    v = stack.pop()
    if _we_are_jitted:
        residual_call(set.add, (stack[-arg], v))
        return pc
    stack[-arg].add(v)
    return pc


@opcode
def MAP_ADD(frame, stack, arg, pc):
    v = stack.pop()
    k = stack.pop()
    if _we_are_jitted:
        residual_call(dict.__setitem__, (stack[-arg], k, v))
        return pc
    stack[-arg][k] = v
    return pc


def _iterable(frame, v):
    """Guest iterables with interpreted __iter__ are drained here, others natively."""
    if type(v).__flags__ & (1 << 9):
        return list(_drain(frame, v))
    return v


def _drain(frame, v):
    it = ops.get_iter(frame, v)
    while True:
        try:
            yield ops.next_item(frame, it)
        except StopIteration:
            return


@opcode
def LIST_EXTEND(frame, stack, arg, pc):
    v = stack.pop()
    try:
        stack[-arg].extend(_iterable(frame, v))
    except TypeError:
        if not hasattr(v, "__iter__") and not hasattr(v, "__getitem__"):
            raise TypeError(f"Value after * must be an iterable, not {type(v).__name__}") from None
        raise
    return pc


@opcode
def SET_UPDATE(frame, stack, arg, pc):
    v = stack.pop()
    stack[-arg].update(_iterable(frame, v))
    return pc


@opcode
def DICT_UPDATE(frame, stack, arg, pc):
    v = stack.pop()
    try:
        stack[-arg].update(v)
    except AttributeError:
        raise TypeError(f"'{type(v).__name__}' object is not a mapping") from None
    return pc


@opcode
def DICT_MERGE(frame, stack, arg, pc):
    v = stack.pop()
    target = stack[-arg]
    func = stack[-arg - 2]
    if not hasattr(v, "keys"):
        raise TypeError(f"{function_str(func)} argument after ** must be a mapping, "
                        f"not {type(v).__name__}")
    for k in v.keys():
        if k in target:
            raise TypeError(f"{function_str(func)} got multiple values for keyword argument '{k}'")
        target[k] = v[k]
    return pc


def function_str(func):
    """_PyObject_FunctionStr: how CPython names a callable in call errors."""
    try:
        name = func.__qualname__
    except Exception:
        try:
            name = func.__name__
        except Exception:
            return f"{type(func).__name__} object"
    try:
        module = func.__module__
    except Exception:
        module = None
    if isinstance(module, str) and module != "builtins":
        return f"{module}.{name}()"
    return f"{name}()"


@opcode
def LIST_TO_TUPLE(frame, stack, arg, pc):
    stack[-1] = tuple(stack[-1])
    return pc


@opcode
def UNPACK_SEQUENCE(frame, stack, arg, pc):
    if _we_are_jitted:
        # a list or tuple of the right length (a guard on it): its items by
        # index, which a virtual tuple answers without a tuple
        seq = stack[-1]
        t = type(seq)
        if (t is tuple or t is list) and len(seq) == arg:
            stack.pop()
            for i in range(arg - 1, -1, -1):
                stack.append(seq[i])
            return pc
        raise NotTraceable(f"unpacking a {concrete_value(t).__name__} of another length")
    seq = stack.pop()
    t = type(seq)
    if (t is tuple or t is list) and len(seq) == arg:
        stack.extend(reversed(seq))
        return pc
    items = _unpack(frame, seq, arg, -1)
    stack.extend(reversed(items))
    return pc


@opcode
def UNPACK_EX(frame, stack, arg, pc):
    before = arg & 0xFF
    after = arg >> 8
    items = _unpack(frame, stack.pop(), before, after)
    stack.extend(reversed(items))
    return pc


def _unpack(frame, seq, before, after):
    """CPython's unpack_iterable: `before` items, then a list of the rest if `after` >= 0."""
    try:
        it = ops.get_iter(frame, seq)
    except TypeError:
        if not hasattr(type(seq), "__iter__") and not hasattr(type(seq), "__getitem__"):
            raise TypeError(f"cannot unpack non-iterable {type(seq).__name__} object") from None
        raise
    out = []
    for i in range(before):
        try:
            out.append(ops.next_item(frame, it))
        except StopIteration:
            if after < 0:
                raise ValueError(f"not enough values to unpack (expected {before}, got {i})") from None
            raise ValueError(f"not enough values to unpack "
                             f"(expected at least {before + after}, got {i})") from None
    if after < 0:
        try:
            ops.next_item(frame, it)
        except StopIteration:
            return out
        raise ValueError(f"too many values to unpack (expected {before})")
    rest = list(_drain_it(frame, it))
    if len(rest) < after:
        raise ValueError(f"not enough values to unpack "
                         f"(expected at least {before + after}, got {before + len(rest)})")
    if after:
        out.append(rest[:len(rest) - after])
        out.extend(rest[len(rest) - after:])
    else:
        out.append(rest)
    return out


def _drain_it(frame, it):
    while True:
        try:
            yield ops.next_item(frame, it)
        except StopIteration:
            return
