"""Heap caching (PyPy's OptHeap): fields, list items and lengths.

- A getfield of a field whose value is known (read or written before, and
  not possibly overwritten since) is that value; likewise getitem_list at
  a known index and len_list / len_tuple.
- A setfield is *delayed* (a lazy setfield): it stays pending while the
  trace goes on, its value stays virtual if it is one, and every guard in
  the meantime carries it in its resume data as a pending write, which
  deoptimization performs.  It is emitted when something could observe the
  field: a read of the same field of another object (which may be the
  same object), a write of that field to another object, a call that may
  read or write the heap, or the end of the trace.  A write to an object
  the trace allocated does not stay pending across a loop's iterations: a
  deallocation in compiled code may run guest code that reads it.
- Invalidation: a write of field d forgets d of every object that may be
  the same; setitem_list forgets items of other lists (but a list a
  virtualizable's array field owns keeps those of the lists other such
  fields own: a generator's locals and its stack) and the items of the
  same list that may be at that index; a call that may write the heap
  forgets everything but immutable fields, one that touches only lists
  (`EffectInfo.lists_only`) only list items and lengths, but not those of
  a list a virtualizable owns unless it is one of the call's arguments.
  Objects the trace allocated and still tracks as virtuals are the
  virtualize pass's, not this one's.
"""

from tracer.ir import OPS, new_op, rop
from .optimizer import Optimization


class OptHeap(Optimization):
    name = "heap"

    def __init__(self):
        self.fields = {}        # descr -> {obj: value}
        self.lazy = {}          # descr -> (obj, value, setfield op)
        self.items = {}         # list -> {index: value}
        self.lengths = {}       # (len_list or len_tuple, object) -> length value
        self.dropped_writes = 0     # setfields of what the field held (short.py asks)

    # what the core asks: the delayed writes, for resume data
    def pending_writes(self):
        return [(self.get(obj), descr, self.get(value))
                for descr, (obj, value, _) in self.lazy.items()]

    def force_lazy(self, descr):
        entry = self.lazy.pop(descr, None)
        if entry is not None:
            obj, value, op = entry
            op.args = [self.get(obj), self.get(value)]
            self.emit(op)

    def force_all_lazy(self):
        for descr in list(self.lazy):
            self.force_lazy(descr)

    def force_lazy_on_fresh_objects(self):
        """Emit the delayed writes to objects the trace allocated (or to
        their `__dict__`): such an object can die in the next iteration (a
        local rebound to the next one), and its deallocation can run a
        guest `__del__` or weakref callback, which must find the fields
        written.  Writes to what the loop takes in (a module's globals,
        `self`, an iterator) stay pending across iterations."""
        for descr, (obj, _, _) in list(self.lazy.items()):
            if _fresh(self.get(obj)):
                self.force_lazy(descr)

    def flush(self):
        self.force_all_lazy()

    def clear(self):
        self.fields = {d: c for d, c in self.fields.items() if d.immutable}
        self.items = {}

    # -- fields -----------------------------------------------------------------------------
    def _getfield(self, op):
        obj = op.args[0]
        if self.opt.is_virtual(obj):
            return self.emit(op)
        descr = op.descr
        cache = self.fields.get(descr)
        if cache is not None:
            value = cache.get(obj)
            if value is not None:
                return self.make_equal_to(op, value)
        lazy = self.lazy.get(descr)
        if lazy is not None:
            self.force_lazy(descr)
        self.emit(op)
        self.fields.setdefault(descr, {})[obj] = self.get(op)

    optimize_GETFIELD_I = optimize_GETFIELD_F = optimize_GETFIELD_R = _getfield

    def optimize_SETFIELD(self, op):
        obj, value = op.args
        if self.opt.is_virtual(obj):
            return self.emit(op)
        descr = op.descr
        cache = self.fields.get(descr)
        if cache is not None and descr not in self.lazy:
            known = cache.get(obj)
            if known is not None and self.get(known) is self.get(value):
                self.dropped_writes += 1
                return      # writes what the field holds
        lazy = self.lazy.get(descr)
        if lazy is not None and self.get(lazy[0]) is not obj:
            self.force_lazy(descr)
        self.lazy[descr] = (obj, value, op)
        self.fields[descr] = {obj: value}

    # -- lists and tuples ----------------------------------------------------------------------
    def optimize_GETITEM_LIST(self, op):
        lst, index = op.args
        if self.opt.is_virtual(lst):
            return self.emit(op)
        cache = self.items.get(lst)
        if cache is not None:
            value = cache.get(index)
            if value is not None:
                return self.make_equal_to(op, value)
        self.emit(op)
        self.items.setdefault(lst, {})[index] = self.get(op)

    def optimize_SETITEM_LIST(self, op):
        lst, index, value = op.args
        if self.opt.is_virtual(lst):
            return self.emit(op)
        self.emit(op)
        # other lists may be this one: forget them; in this one, forget the
        # indexes that may equal this one
        mine = self.items.get(lst, {})
        if index.is_constant:
            kept = {i: v for i, v in mine.items() if i.is_constant and i != index}
        else:
            kept = {}
        kept[index] = value
        own = _owning_field(lst)
        self.items = {other: items for other, items in self.items.items()
                      if own is not None and _owning_field(other) not in (None, own)}
        self.items[lst] = kept

    def _length(self, op):
        obj = op.args[0]
        if self.opt.is_virtual(obj):
            return self.emit(op)
        key = (op.opnum, obj)
        value = self.lengths.get(key)
        if value is not None:
            return self.make_equal_to(op, value)
        self.emit(op)
        self.lengths[key] = self.get(op)

    optimize_LEN_LIST = optimize_LEN_TUPLE = _length

    # -- calls -----------------------------------------------------------------------------
    def _call(self, op):
        effect = getattr(op.descr, "effect", None)
        if effect is not None and effect.lists_only:
            # fields (and their delayed writes) are none of its business, nor
            # the lists a virtualizable owns that it is not given (a list
            # method of the guest's: such a list is never the guest's; the
            # runtime's write-back of a resumed frame's list is given it)
            self.emit(op)
            given = set(op.args)
            self.items = {lst: items for lst, items in self.items.items()
                          if _owning_field(lst) is not None and lst not in given}
            self.lengths = {k: v for k, v in self.lengths.items() if k[0] == rop.LEN_TUPLE
                            or (_owning_field(k[1]) is not None and k[1] not in given)}
            return
        reads = effect is None or effect.reads_heap or effect.writes_heap
        writes = effect is None or effect.writes_heap
        if reads:
            self.force_all_lazy()
        self.emit(op)
        if writes:
            self.clear()
            # a call may resize lists, not tuples
            self.lengths = {k: v for k, v in self.lengths.items() if k[0] == rop.LEN_TUPLE}

    optimize_CALL_I = optimize_CALL_F = optimize_CALL_R = optimize_CALL_N = _call
    optimize_CALL_ASSEMBLER_R = _call


_ALLOCATIONS = frozenset((rop.NEW_OBJECT, rop.NEW_LIST, rop.NEW_TUPLE))


def _owning_field(lst):
    """The field `lst` was read from when that field owns its list (a
    virtualizable's array: FieldDescr.owns_list), else None.  Two lists read
    from two such fields are two lists (a frame's locals and its stack)."""
    if getattr(lst, "opnum", None) == rop.GETFIELD_R and lst.descr.owns_list:
        return lst.descr
    return None


def _fresh(obj):
    """Was `obj` allocated by the trace, or is it the __dict__ of such an object?"""
    opnum = getattr(obj, "opnum", None)
    if opnum == rop.GETFIELD_R and getattr(obj.descr, "name", None) == "__dict__":
        obj = obj.args[0]
        opnum = getattr(obj, "opnum", None)
    return opnum in _ALLOCATIONS
