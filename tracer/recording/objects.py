"""Recording the hints for guest objects (tracer/hints.py, "guest objects").

An interpreter reads and writes attributes of guest objects through these
when it knows what the host's own attribute protocol would do: a version
field it specializes on (`promote_field`: getfield + guard_value), fields
that are always there (`read_field`: getfield_r), `__slots__` members that
may be unset (`read_slot`: getfield_r of a NullableFieldDescr, then
guard_nonnull or guard_isnull), writes of them (`write_field`: setfield),
host calls that only read (`residual_read`: a call whose effects leave the
heap cache alone), new lists and objects (`new_list`, `new_instance`:
new_list and new_object, which the optimizer may keep virtual), slices
(`new_slice`: a pure call), host functions of their arguments' identities
(`elidable_call`: a pure call on traced arguments), closure cells (`cell_get`: getfield of the
contents and a guard that the cell is not empty; `cell_set`: setfield),
and constants whose contents may change (`heap_constant`: a box on the
constant, so that what is read of it is recorded).

Field descrs are made once per (class, name, kind) per process
(`tracer.ir.descr.field_descr`): the heap cache and the virtuals compare
them by identity, so a read and a write of one attribute, in a loop and in
its bridges, must share one.
"""

from types import BuiltinFunctionType, CellType, FunctionType, MethodType

from tracer import hints
from tracer.ir import INT, REF, EFFECT_ELIDABLE, CallDescr, ConstInt, ConstPtr, EffectInfo
from tracer.ir.descr import CellContentsDescr, field_descr
from tracer.recording.boxes import Box, fits_int64, unwrap

_EFFECT_READ = EffectInfo(may_raise=True, reads_heap=True, writes_heap=False)
_ABSENT = object()


def _active(rec):
    return rec is not None and rec.active


def promote_field(rec, obj, name):
    o = unwrap(obj)
    v = getattr(o, name)
    if not _active(rec):
        return v
    bld = rec.builder
    if type(v) is int and fits_int64(v):
        op = bld.getfield_i(rec.ref_of(obj), descr=field_descr(type(o), name, INT))
        bld.guard_value(op, ConstInt(v))
    else:
        op = bld.getfield_r(rec.ref_of(obj), descr=field_descr(type(o), name))
        bld.guard_value(op, ConstPtr(v))
    return v


def read_field(rec, obj, name, immutable=False):
    o = unwrap(obj)
    v = getattr(o, name)
    if not _active(rec):
        return v
    op = rec.builder.getfield_r(rec.ref_of(obj),
                                descr=field_descr(type(o), name, immutable=immutable))
    return rec.new_box(v, ref=op)


def read_slot(rec, obj, name, default=None):
    o = unwrap(obj)
    v = getattr(o, name, _ABSENT)
    if not _active(rec):
        return default if v is _ABSENT else v
    bld = rec.builder
    op = bld.getfield_r(rec.ref_of(obj), descr=field_descr(type(o), name, nullable=True))
    if v is _ABSENT:
        bld.guard_isnull(op)
        return default
    bld.guard_nonnull(op)
    return rec.new_box(v, ref=op)


def write_field(rec, obj, name, value):
    o = unwrap(obj)
    if _active(rec):
        rec.builder.setfield(rec.ref_of(obj), rec.ref_of(value),
                             descr=field_descr(type(o), name, nullable=True))
    setattr(o, name, unwrap(value))


def cell_get(rec, cell):
    c = unwrap(cell)
    v = c.cell_contents         # an empty cell raises here, before anything is recorded
    if not _active(rec):
        return v
    op = rec.builder.getfield_r(rec.ref_of(cell), descr=_cell_descr())
    rec.builder.guard_nonnull(op)
    return rec.new_box(v, ref=op)


def cell_set(rec, cell, value):
    c = unwrap(cell)
    if _active(rec):
        rec.builder.setfield(rec.ref_of(cell), rec.ref_of(value), descr=_cell_descr())
    c.cell_contents = unwrap(value)


def _cell_descr():
    return field_descr(CellType, "cell_contents", nullable=True, make=CellContentsDescr)


def residual_read(rec, fn, args):
    if type(fn) is Box:
        fn = rec.promote(fn)
    cargs = [unwrap(a) for a in args]
    if not _active(rec):
        return fn(*cargs)
    op = rec.builder.call_r(*[rec.ref_of(a) for a in args],
                            descr=CallDescr(fn, [REF] * len(args), REF, _EFFECT_READ))
    result = rec.call_host(fn, cargs)
    rec.builder.guard_no_exception()
    return rec.new_box(result, ref=op)


# Values whose contents never change: a trace may fold what it reads of them.
_IMMUTABLE = frozenset({int, float, complex, str, bytes, bool, type(None), frozenset, range,
                        FunctionType, BuiltinFunctionType, MethodType, type(Ellipsis),
                        type(NotImplemented)})


def _immutable(x, depth=0):
    t = type(x)
    if t in _IMMUTABLE or isinstance(x, type):
        return True
    if t is tuple and depth < 3:
        return all(_immutable(item, depth + 1) for item in x)
    return False


def heap_constant(rec, x):
    if not _active(rec) or type(x) is Box or _immutable(x):
        return x
    return rec.constant_box(x)


def new_slice(rec, start, stop, step=None):
    parts = (start, stop, step)
    s = slice(*[unwrap(x) for x in parts])
    if not _active(rec) or not any(type(x) is Box for x in parts):
        return s
    op = rec.builder.call_pure_r(*[rec.ref_of(x) for x in parts], descr=_SLICE_DESCR)
    return rec.new_box(s, ref=op, known_class=True)


_SLICE_DESCR = CallDescr(slice, [REF] * 3, REF, EFFECT_ELIDABLE)


def elidable_call(rec, fn, args):
    result = fn(*[unwrap(a) for a in args])
    if not _active(rec) or not any(type(a) is Box for a in args):
        return result
    descr = _ELIDABLE_DESCRS.get((fn, len(args)))
    if descr is None:
        descr = _ELIDABLE_DESCRS[fn, len(args)] = CallDescr(fn, [REF] * len(args), REF,
                                                            EFFECT_ELIDABLE)
    op = rec.builder.call_pure_r(*[rec.ref_of(a) for a in args], descr=descr)
    return rec.new_box(result, ref=op)


_ELIDABLE_DESCRS = {}


def new_list(rec, items):
    values = [unwrap(v) for v in items]
    if not _active(rec):
        return values
    op = rec.builder.new_list(*[rec.ref_of(v) for v in items])
    return rec.new_box(values, ref=op, known_class=True)


def new_instance(rec, cls):
    if type(cls) is Box:
        cls = rec.promote(cls)
    obj = object.__new__(cls)
    if not _active(rec):
        return obj
    box = rec.new_box(obj, ref=rec.builder.new_object(descr=cls), known_class=True)
    rec.mutable_classes.append(box)
    return box


def hint_twins(current):
    """The recording meaning of each hint of this family, by the hint."""
    def bind(fn):
        def twin(*args, **kwargs):
            return fn(current(), *args, **kwargs)
        twin.__name__ = fn.__name__
        return twin
    return {hints.promote_field: bind(promote_field), hints.read_field: bind(read_field),
            hints.read_slot: bind(read_slot), hints.write_field: bind(write_field),
            hints.residual_read: bind(residual_read), hints.new_list: bind(new_list),
            hints.heap_constant: bind(heap_constant), hints.new_slice: bind(new_slice),
            hints.new_instance: bind(new_instance), hints.cell_get: bind(cell_get),
            hints.cell_set: bind(cell_set), hints.elidable_call: bind(elidable_call)}
