"""`_PyType_Lookup` with a per-type cache, invalidated by CPython's own type version tags.

Every attribute access and operator on a guest object asks "what does the
MRO of this type say about `name`?".  Walking the MRO each time costs a
dict lookup per class; CPython avoids it with a method cache keyed by the
type's `tp_version_tag`, which `PyType_Modified` resets whenever the type
or any base is changed (attribute assignment, `__bases__`, `__mro__`), and
which is never reused.  pvmx reads that same tag (four bytes in the type
object, through a memoryview made once per type) and keeps its results
per type while the tag is unchanged: the same invalidation CPython's own
caches and specializations rely on, so host code that patches a class is
seen at once.  (PyPy does the same with its version tags.)

If the tag cannot be read (another CPython layout), every lookup walks the MRO.

A cache holds its types strongly; it is emptied when it grows past
`_MAX_TYPES`, so that programs making classes in a loop do not grow.
"""

import ctypes
import sys

from tracer.hints import NotTraceable, promote_field

_we_are_jitted = False      # True in the tracer's recording twins of this module
_HEAPTYPE = 1 << 9

NOTFOUND = type("NotFound", (), {"__repr__": lambda self: "NOTFOUND", "__slots__": ()})()
_MISS = object()
_MAX_TYPES = 4096
_PROBE = "__pvmx_version_probe__"

# The offset of tp_version_tag in CPython 3.11's PyTypeObject (64-bit).  Only
# this module reads it; _layout_ok checks it by its behaviour.
_TP_VERSION_TAG = 384


class TypeInfo:
    """What pvmx knows about one type at one version: MRO lookups and derived plans.

    The plan dicts are for `attrs`: its per-(type, name) decisions for
    getting, setting and deleting attributes.  All go when the type changes."""
    __slots__ = ("tag", "version", "lookups", "get_plans", "set_plans", "del_plans", "field")

    def __init__(self, tag, version):
        self.tag = tag
        self.version = version
        self.lookups = {}
        self.get_plans = {}
        self.set_plans = {}
        self.del_plans = {}
        self.field = None           # the tag as a ctypes field, for traces (version_field)


infos = _infos = {}       # type -> TypeInfo (read directly by the hot paths in attrs)


def _tag_reader(t):
    arr = (ctypes.c_uint32 * 1).from_address(id(t) + _TP_VERSION_TAG)
    return memoryview(arr).cast("B").cast("I")


def _layout_ok():
    if sys.version_info[:2] != (3, 11) or ctypes.sizeof(ctypes.c_void_p) != 8:
        return False
    try:
        class A:
            pass

        class B(A):
            pass
        tag = _tag_reader(B)
        _probe(B)
        v = tag[0]
        if v == 0:
            return False
        A.x = 1                     # a base changes: the subclass's tag must go
        if tag[0] != 0:
            return False
        _probe(B)
        return tag[0] not in (0, v)
    except Exception:
        return False


def guard_version(t):
    """While recording: a guard that `t` is still at its current version, which
    every decision taken from its MRO relies on.  A type without a version tag
    stops the recording (no trace could notice that it changed)."""
    i = info(t)
    if i is None:
        raise NotTraceable(f"type {t.__name__} has no version tag")
    promote_field(version_field(t, i), "value")
    return i


def version_field(t, i):
    """The version tag of `t` (whose TypeInfo is `i`) as an object with a live
    `value` field: a trace reads it and guards that it still equals
    `i.version`, since everything `i` memoizes holds only at that version."""
    f = i.field
    if f is None:
        f = i.field = ctypes.c_uint32.from_address(id(t) + _TP_VERSION_TAG)
    return f


def _probe(t):
    """Make CPython assign `t` a version tag (a type lookup of a cacheable name does)."""
    try:
        type.__getattribute__(t, _PROBE)
    except AttributeError:
        pass


ENABLED = _layout_ok()


def mro_lookup(t, name):
    """The uncached walk: `name` in the first class of `t.__mro__` that has it."""
    for k in t.__mro__:
        v = k.__dict__.get(name, _MISS)
        if v is not _MISS:
            return v
    return NOTFOUND


def info(t):
    """The current TypeInfo of `t`, or None when `t` cannot be cached."""
    i = _infos.get(t)
    if i is not None and i.tag[0] == i.version:
        return i
    return _refresh(t)


def _refresh(t):
    if not ENABLED:
        return None
    i = _infos.get(t)
    tag = i.tag if i is not None else _tag_reader(t)
    _probe(t)
    v = tag[0]
    if v == 0:
        _infos.pop(t, None)
        return None
    if len(_infos) >= _MAX_TYPES:
        _infos.clear()
    i = _infos[t] = TypeInfo(tag, v)
    return i


def lookup(t, name):
    """`_PyType_Lookup(t, name)`: the raw class attribute (undecorated), or NOTFOUND.

    While recording, the answer is a constant of the trace: it is guarded by
    the version of a heap type (builtin types cannot change)."""
    if _we_are_jitted and t.__flags__ & _HEAPTYPE:
        guard_version(t)
    i = _infos.get(t)
    if i is None or i.tag[0] != i.version:
        i = _refresh(t)
        if i is None:
            return mro_lookup(t, name)
    r = i.lookups.get(name, _MISS)
    if r is _MISS:
        r = i.lookups[name] = mro_lookup(t, name)
    return r
