"""Ref ops on CPython 3.11's object layouts (layout.py): identity, boxing
and unboxing of ints, floats and bools, tuples, lists, interpreter
objects' fields and allocation; items of dicts at constant keys (module
namespaces, instance dicts): read from a version cache, the entry found
last time, or the runtime's dict_lookup (README, "Dict items"), written
with PyDict_SetItem.

Reference counts: a ref read out of a container or an object is increfed
(the container may drop it before the trace is done with it); one stored
into a container is increfed for the container.  Every owned ref is
released where it dies (compiler.py) or handed over at an exit (base.py).
"""

import ctypes

from tracer.ir.descr import DictItemDescr, NullableFieldDescr
from tracer.ir.kinds import FLOAT, INT, REF
from tracer.ir.values import ConstInt, ConstPtr

from .. import capi
from ..assembler import Label
from ..encoder import Mem
from ..errors import Unsupported
from ..layout import (DICT_KEYS, DICT_VALUES, DICT_VERSION, DIGIT_BITS, DIGIT_BYTES, DK_INDICES,
                      DK_KIND, DK_KIND_GENERAL, DK_LOG2_INDEX_BYTES, DK_NENTRIES, DK_STR_ENTRY,
                      FLOAT_VALUE, LIST_ITEMS, LONG_DIGITS, MANAGED_DICT, OB_REFCNT, OB_SIZE,
                      OB_TYPE, SMALL_INT_MAX, SMALL_INT_MIN, SMALL_INT_STRIDE, SMALL_INTS,
                      TUPLE_ITEMS, WORD, allocates_plainly, managed_dict, news_as_object,
                      object_tp_new, slot_offset)
from ..moves import const_bits, move
from ..registers import CALLER_SAVED, SCRATCH, Reg, rax, rdi, rdx, rsi, rsp, xmm0
from ..unit import (DICT_ABSENT_COUNT, DICT_ABSENT_KEYS, DICT_ENTRY, DICT_ITEM,
                    DICT_VERSION_SEEN)

# ctypes integers whose `value` is a plain word the code may load (unsigned
# 32-bit words zero-extend; 64-bit ones are the int64 as it is)
_RAW_WORDS = (ctypes.c_uint32, ctypes.c_int64)

r11 = SCRATCH


class RefOps:
    # -- identity ------------------------------------------------------------------
    def _ptr_compare(self, op, k):
        return self._int_compare(op, k)

    emit_PTR_EQ = _ptr_compare
    emit_PTR_NE = _ptr_compare

    def emit_SAME_AS_R(self, op, k):
        (a,) = op.args
        r = self.alloc.result(op)
        move(self.asm, self.alloc.loc(a) if not a.is_constant else a, r)
        self.emit_incref(r, self.maybe_null(a))
        if not self.maybe_null(a):
            self.nonnull.add(op)
        return k

    # -- boxes ------------------------------------------------------------------------
    def emit_BOX_INT(self, op, k):
        """An int in -5..256 is CPython's preallocated one (increfed), found by
        address; any other is made by PyLong_FromLongLong in a cold path
        (compiler.calls_out: no call on the hot path)."""
        if k in self.int_stores:
            return self._store_int_in_place(op, self.ops[k + 1], k)
        (a,) = op.args
        if a.is_constant:
            self.emit_native_call(capi.address("PyLong_FromLongLong"), [a], op)
            self.nonnull.add(op)
            return k
        alloc, asm = self.alloc, self.asm
        ar = alloc.reg(a)
        r = alloc.result(op)
        slow, done = Label(), Label()
        asm.op("LEA", r, Mem(ar, -SMALL_INT_MIN, size=None))
        asm.op("CMP", r, SMALL_INT_MAX - SMALL_INT_MIN)
        asm.jcc("a", slow)                  # unsigned: below -5 wraps around too
        asm.op("SHL", r, SMALL_INT_STRIDE.bit_length() - 1)
        asm.op("MOV", r11, SMALL_INTS)
        asm.op("ADD", r, r11)
        asm.op("ADD", Mem(r, OB_REFCNT), 1)
        asm.bind(done)
        back = self.cold("box int")
        asm.bind(slow)
        self._cold_call([x for x in alloc.live_caller_saved() if x is not r],
                        capi.address("PyLong_FromLongLong"), lambda: move(asm, ar, rdi))
        asm.op("MOV", r, r11)
        asm.jmp(done)
        asm.switch(back)
        self.nonnull.add(op)
        return k

    def emit_BOX_FLOAT(self, op, k):
        if k in self.float_stores:
            return self._store_float_in_place(op, self.ops[k + 1], k)
        self.emit_native_call(capi.address("PyFloat_FromDouble"), [op.args[0]], op)
        self.nonnull.add(op)
        return k

    def _store_float_in_place(self, box, store, k):
        """`box = box_float(f); setitem_list(lst, i, box)`, the box used
        nowhere else (compiler.float_stores): when the item it replaces is
        a float that only the list holds (refcount 1), the item takes the
        new value in place, with no allocation and no deallocation; nothing
        can tell, since nothing else refers to it and the old value's
        lifetime ends here.  Otherwise, in a cold path, what the two ops
        do: a new float is stored and the old item released."""
        asm = self.asm
        lr, fr, items, old, item = self._store_operands(store, box.args[0], k)
        self._float_in_place(fr, item, old, False,
                             reload=lambda: asm.op("MOV", items, Mem(lr, LIST_ITEMS)))
        return k + 1

    def _store_operands(self, store, value, k):
        """The setitem_list `store` of a box of `value` made in place: the
        registers of the list and of `value`, a temp holding the list's item
        array, a temp holding the item replaced, and the item's Mem."""
        lst, index, _ = store.args
        alloc, asm = self.alloc, self.asm
        alloc.begin_op(k, store.args)
        lr = alloc.reg(lst)
        if not index.is_constant:
            alloc.reg(index)
        vr = alloc.reg(value)
        items, old = alloc.temp(), alloc.temp()
        asm.op("MOV", items, Mem(lr, LIST_ITEMS))
        item = self._item(items, index, 0)
        asm.op("MOV", old, item)
        return lr, vr, items, old, item

    def _store_int_in_place(self, box, store, k):
        """`box = box_int(i); setitem_list(lst, idx, box)`, the box used
        nowhere else (compiler.int_stores): an int of one 30-bit digit that
        is not one of CPython's shared small ints (257 <= i < 2**30) is
        written into the item it replaces when that is an exact int of one
        digit that only the list holds, as _store_float_in_place does for
        floats: no allocation, no deallocation.  Nothing can tell: CPython
        makes a new int for such a value, and the old one's lifetime ends
        here.  Otherwise, in a cold path, PyLong_FromLongLong (a small int
        is the shared one) goes into the item and the old item is
        released."""
        alloc, asm = self.alloc, self.asm
        lr, ir, items, old, item = self._store_operands(store, box.args[0], k)
        slow, done = Label(), Label()
        first = SMALL_INT_MAX + 1
        asm.op("LEA", r11, Mem(ir, -first, size=None))
        asm.op("CMP", r11, (1 << DIGIT_BITS) - first)
        asm.jcc("ae", slow)                 # unsigned: below 257 wraps around too
        asm.op("MOV", r11, id(int))
        asm.op("CMP", Mem(old, OB_TYPE), r11)
        asm.jcc("ne", slow)
        asm.op("CMP", Mem(old, OB_REFCNT), 1)
        asm.jcc("ne", slow)
        asm.op("CMP", Mem(old, OB_SIZE), 1)
        asm.jcc("ne", slow)
        asm.op("MOV", Mem(old, LONG_DIGITS, size=DIGIT_BYTES), ir.d)
        asm.bind(done)
        back = self.cold("int in place")
        asm.bind(slow)
        keep = alloc.live_caller_saved()
        self._cold_call(keep, capi.address("PyLong_FromLongLong"), lambda: move(asm, ir, rdi))
        asm.op("MOV", items, Mem(lr, LIST_ITEMS))
        asm.op("MOV", old, item)
        asm.op("MOV", item, r11)            # the new int's reference goes to its place
        self.emit_decref(old, False, keep)
        asm.jmp(done)
        asm.switch(back)
        return k + 1

    def emit_BOX_BOOL(self, op, k):
        (a,) = op.args
        asm = self.asm
        if a.is_constant:
            r = self.alloc.result(op)
            asm.op("MOV", r, capi.py_true() if a.value else capi.py_false())
        else:
            ar = self.alloc.reg(a)
            r = self.alloc.result(op)
            asm.op("MOV", r, capi.py_false())
            asm.op("MOV", r11, capi.py_true())
            asm.op("TEST", ar, ar)
            asm.op("CMOVNE", r, r11)
        self.nonnull.add(op)
        return k

    def emit_UNBOX_FLOAT(self, op, k):
        p = self.alloc.reg(op.args[0])
        r = self.alloc.result(op)
        self.asm.op("MOVSD", r, Mem(p, FLOAT_VALUE))
        return k

    def emit_UNBOX_INT(self, op, k):
        p = self.alloc.reg(op.args[0])
        r = self.alloc.result(op)
        t = self.alloc.temp()
        self.emit_unbox_int(p, r, t)
        return k

    def emit_unbox_int(self, p, r, t):
        """r = the int object at p (in int64 range, at most three 30-bit
        digits); t is a temp.  One digit or none inline (size times the
        digit), more through the runtime's unbox_wide from a cold path."""
        asm = self.asm
        done, wide = Label(), Label()
        asm.op("MOV", t, Mem(p, OB_SIZE))
        asm.op("LEA", r11, Mem(t, 1, size=None))
        asm.op("CMP", r11, 2)
        asm.jcc("a", wide)                  # not -1 <= size <= 1
        asm.op("MOV", r.d, Mem(p, LONG_DIGITS, size=DIGIT_BYTES))    # zero-extends
        asm.op("IMUL", r, t)                # 0 for size 0, whatever the digit holds
        asm.bind(done)
        back = self.cold("wide int")
        asm.bind(wide)
        asm.op("MOV", r11, p)
        asm.op("CALL", asm.const_q(self.runtime.unbox_wide))
        asm.op("MOV", r, r11)
        asm.jmp(done)
        asm.switch(back)

    # -- tuples and lists -----------------------------------------------------------------
    def _length(self, op, k):
        p = self.alloc.reg(op.args[0])
        r = self.alloc.result(op)
        self.asm.op("MOV", r, Mem(p, OB_SIZE))
        return k

    emit_LEN_TUPLE = _length
    emit_LEN_LIST = _length

    def _item(self, base, index, disp):
        """Mem for item `index` (an IR value) of the pointer array at base+disp."""
        if index.is_constant:
            return Mem(base, disp + 8 * index.value)
        return Mem(base, disp, index=self.alloc.reg(index), scale=8)

    def emit_GETITEM_TUPLE(self, op, k):
        p, i = op.args
        pr = self.alloc.reg(p)
        item = self._item(pr, i, TUPLE_ITEMS)
        r = self.alloc.result(op)
        self.asm.op("MOV", r, item)
        if op in self.owned:                # else borrowed (liveness.py)
            self.emit_incref(r, False)
        self.nonnull.add(op)
        return k

    def emit_GETITEM_LIST(self, op, k):
        p, i = op.args
        pr = self.alloc.reg(p)
        if not i.is_constant:
            self.alloc.reg(i)
        r = self.alloc.result(op)
        self.asm.op("MOV", r, Mem(pr, LIST_ITEMS))
        self.asm.op("MOV", r, self._item(r, i, 0))
        if op in self.owned:                # else borrowed (liveness.py)
            self.emit_incref(r, False)
        self.nonnull.add(op)
        return k

    def emit_SETITEM_LIST(self, op, k):
        p, i, v = op.args
        alloc, asm = self.alloc, self.asm
        pr = alloc.reg(p)
        vr = alloc.reg(v)
        if not i.is_constant:
            alloc.reg(i)
        t = alloc.temp()
        asm.op("MOV", t, Mem(pr, LIST_ITEMS))
        slot = self._item(t, i, 0)
        self.emit_incref(vr, self.maybe_null(v))
        asm.op("MOV", r11, slot)
        asm.op("MOV", slot, vr)
        self.emit_decref(r11, False, keep=alloc.live_caller_saved())
        return k

    def _fill_items(self, base, disp, items):
        """Store `items` (increfed) at base+disp+8*i; base is not r11."""
        asm = self.asm
        for i, v in enumerate(items):
            loc = self.alloc.loc(v) if not v.is_constant else v
            if type(loc) is Reg:
                r = loc
            else:
                r = r11
                move(asm, loc, r11)
            asm.op("MOV", Mem(base, disp + 8 * i), r)
            self.emit_incref(r, self.maybe_null(v) if not v.is_constant else const_bits(v) == 0)

    def emit_NEW_TUPLE(self, op, k):
        items = op.args
        self.emit_native_call(capi.address("PyTuple_New"), [ConstInt(len(items))], op,
                              protect=set(v for v in items if not v.is_constant))
        self._fill_items(rax, TUPLE_ITEMS, items)
        self.nonnull.add(op)
        return k

    def emit_NEW_LIST(self, op, k):
        items = op.args
        self.emit_native_call(capi.address("PyList_New"), [ConstInt(len(items))], op,
                              protect=set(v for v in items if not v.is_constant))
        if items:
            t = self.alloc.temp(avoid=(rax,))
            self.asm.op("MOV", t, Mem(rax, LIST_ITEMS))
            self._fill_items(t, 0, items)
        self.nonnull.add(op)
        return k

    # -- interpreter objects ----------------------------------------------------------------
    def emit_NEW_OBJECT(self, op, k):
        """`object.__new__(cls)`: for most classes the allocation itself, or
        object's tp_new called directly (a class with a managed dict, whose
        instances need their inline values laid out), without the call's
        argument tuples and checks.  A class that turns abstract later changes
        its version, which the trace's lookup of `__new__` guards, so the
        check made here holds while the code runs."""
        cls = op.descr
        if news_as_object(cls):
            if allocates_plainly(cls):
                self.emit_native_call(capi.address("PyType_GenericAlloc"),
                                      [ConstPtr(cls), ConstInt(0)], op)
            else:
                self.emit_native_call(object_tp_new(),
                                      [ConstPtr(cls), ConstPtr(()), ConstInt(0)], op)
            self.asm.op("TEST", rax, rax)
            self.asm.jcc("e", self.error_label(exclude=(op,)))
            self.nonnull.add(op)
            return k
        new = cls.__new__
        self.unit.keepalive.append(new)
        self.emit_host_call(new, [ConstPtr(cls)], op, k, guardable=False)
        self.nonnull.add(op)
        return k

    def _dict_item(self, op, k, d):
        """`PyDict_GetItem(d, key)` (a borrowed ref, NULL for an absent key,
        increfed here), remembered with the dict's version in a cache of the
        unit (unit.py): while the version is the one the cache holds, the
        dict is that dict unchanged, and the item is the cached one, so
        reading a global after a call in a loop is a compare.  On a version
        miss (another instance's dict, a global written since), what the
        cache remembers of the table (_dict_probes); only then the lookup,
        a cold call that remembers what it found.  The version is read
        before the lookup: a lookup that changed the dict (a key's __eq__)
        leaves a cache that will not match."""
        alloc, asm = self.alloc, self.asm
        cache = self.unit.dict_cache_address(self.next_dict_cache)
        self.next_dict_cache += 1
        dr = d if d.is_constant else alloc.reg(d)
        r = alloc.result(op)
        version = alloc.temp(avoid=(r,))
        entry = alloc.temp(avoid=(r, version))

        def load(dst, offset):
            if d.is_constant:
                asm.op("MOV", dst, const_bits(d))
                asm.op("MOV", dst, Mem(dst, offset))
            else:
                asm.op("MOV", dst, Mem(dr, offset))
        load(version, DICT_VERSION)
        asm.op("MOV", r11, cache)
        asm.op("CMP", version, Mem(r11, 8 * DICT_VERSION_SEEN))
        miss, done = Label(), Label()
        asm.jcc("ne", miss)
        asm.op("MOV", r, Mem(r11, 8 * DICT_ITEM))
        asm.bind(done)
        back = self.cold("dict lookup")
        asm.bind(miss)
        self._dict_probes(load, cache, op.descr.key, r, entry, version, done)
        keep = [x for x in alloc.live_caller_saved() if x is not r]
        if version in CALLER_SAVED:
            keep.append(version)

        def place_arguments():
            move(asm, dr, rdi)
            asm.op("MOV", rsi, id(op.descr.key))
            asm.op("MOV", rdx, cache)
        self._cold_call(keep, self.runtime.dict_lookup, place_arguments)
        asm.op("MOV", r, r11)
        self._remember_item(cache, version, r)
        asm.jmp(done)
        asm.switch(back)
        if op in self.owned:                # else borrowed (liveness.py)
            self.emit_incref(r, True)
        return k

    def _dict_probes(self, load, cache, key, r, entry, version, done):
        """The item from what the cache remembers of a table, as CPython's
        own attribute caches do (README, "Dict items"): r = the value in the
        remembered entry of the dict's str-keyed table when that entry holds
        `key` itself (NULL in a split table is an instance without the
        attribute; a combined table's entry with a key has a value); or
        NULL when the dict's table is a split one whose shared keys are
        those remembered as lacking the key, with no entry added since.
        The version cache then takes r (`version` is the dict's) and
        control goes to `done`; otherwise it falls through.  The table's
        own fields are read each time (the entry count bounds the index,
        the index table's size places the entries), so a table freed and
        another made at its address is read right too."""
        asm = self.asm
        not_entry, lookup, found = Label(), Label(), Label()
        load(r, DICT_KEYS)
        asm.op("MOV", r11, cache)
        asm.op("MOV", entry, Mem(r11, 8 * DICT_ENTRY))
        asm.op("CMP", Mem(r, DK_NENTRIES), entry)
        asm.jcc("be", not_entry)            # unsigned: none remembered (-1) is above all
        asm.op("CMP", Mem(r, DK_KIND, size=1), DK_KIND_GENERAL)
        asm.jcc("e", not_entry)
        asm.op("MOVZX", r11.d, Mem(r, DK_LOG2_INDEX_BYTES, size=1))
        asm.op("SHL", entry, DK_STR_ENTRY.bit_length() - 1)
        asm.op("ADD", entry, r)
        asm.op("XOR", r.d, r.d)
        asm.op("BTS", r, r11)               # the index table's bytes
        asm.op("ADD", entry, r)             # entry + DK_INDICES: the entry
        self.unit.keepalive.append(key)
        asm.op("MOV", r11, id(key))
        asm.op("CMP", Mem(entry, DK_INDICES), r11)
        asm.jcc("ne", not_entry)
        asm.op("MOV", r, Mem(entry, DK_INDICES + WORD))     # a combined table's value
        load(r11, DICT_VALUES)
        asm.op("TEST", r11, r11)
        asm.jcc("e", found)
        asm.op("MOV", entry, cache)         # a split table: values[index]
        asm.op("MOV", entry, Mem(entry, 8 * DICT_ENTRY))
        asm.op("MOV", r, Mem(r11, 0, index=entry, scale=WORD))
        asm.bind(found)                     # NULL: this instance lacks the attribute
        self._remember_item(cache, version, r)
        asm.jmp(done)
        # the shared keys of a split table that lacked the key, unchanged
        asm.bind(not_entry)
        load(r, DICT_KEYS)
        asm.op("MOV", r11, cache)
        asm.op("CMP", r, Mem(r11, 8 * DICT_ABSENT_KEYS))
        asm.jcc("ne", lookup)
        asm.op("MOV", entry, Mem(r, DK_NENTRIES))
        asm.op("CMP", entry, Mem(r11, 8 * DICT_ABSENT_COUNT))
        asm.jcc("ne", lookup)
        load(entry, DICT_VALUES)
        asm.op("TEST", entry, entry)
        asm.jcc("e", lookup)
        asm.op("XOR", r.d, r.d)
        asm.jmp(found)
        asm.bind(lookup)

    def _remember_item(self, cache, version, r):
        """The version cache of a dict read takes the item r read at `version`."""
        asm = self.asm
        asm.op("MOV", r11, cache)
        asm.op("MOV", Mem(r11, 8 * DICT_VERSION_SEEN), version)
        asm.op("MOV", Mem(r11, 8 * DICT_ITEM), r)

    def _field_ref(self, op, k, p, off, r):
        """r = the object in p's slot at `off`, borrowed; a missing value
        (NULL) leaves by an error exit after the runtime's missing_field has
        asked the attribute protocol, which raises the AttributeError."""
        asm = self.asm
        pr = self.alloc.reg(p)
        asm.op("MOV", r, Mem(pr, off))
        missing = Label()
        asm.op("TEST", r, r)
        asm.jcc("e", missing)
        old = self.cold('missing field')
        asm.bind(missing)

        def place_arguments():
            move(asm, pr, rdi)
            asm.op("MOV", rsi, id(op.descr.name))
        self._cold_call(self.alloc.live_caller_saved(), self.runtime.missing_field,
                        place_arguments, result=False)
        asm.jmp(self.error_label(exclude=(op,)))
        asm.switch(old)
        return pr

    def _field_name(self, descr):
        name = descr.name
        self.unit.keepalive.append(name)
        return name

    def emit_GETFIELD_R(self, op, k):
        (p,) = op.args
        if type(op.descr) is DictItemDescr:
            return self._dict_item(op, k, p)
        if op.descr.name == "__dict__" and managed_dict(op.descr.owner):
            return self._managed_dict(op, k, p)
        off = slot_offset(op.descr.owner, op.descr.name)
        if type(op.descr) is NullableFieldDescr:
            # a guest __slots__ member: NULL when unset (the trace guards it)
            if off is None:
                raise Unsupported(f"a nullable field {op.descr.name!r} that is not a slot")
            r = self.alloc.result(op)
            self.asm.op("MOV", r, Mem(self.alloc.reg(p), off))
            if op in self.owned:            # else borrowed (liveness.py)
                self.emit_incref(r, True)
            return k
        if off is None:
            return self._getattr(op, k, p)
        r = self.alloc.result(op)
        self._field_name(op.descr)
        self._field_ref(op, k, p, off, r)
        if op in self.owned:                # else borrowed (liveness.py)
            self.emit_incref(r, False)
        self.nonnull.add(op)
        return k

    def emit_GETFIELD_I(self, op, k):
        (p,) = op.args
        if p.is_constant and op.descr.name == "value" and type(p.value) in _RAW_WORDS:
            return self._raw_word(op, k, p.value)
        off = slot_offset(op.descr.owner, op.descr.name)
        if off is None:
            return self._getattr(op, k, p)
        self._field_name(op.descr)
        t = self.alloc.temp()
        t2 = self.alloc.temp()
        r = self.alloc.result(op)
        self._field_ref(op, k, p, off, t)
        self.emit_unbox_int(t, r, t2)
        return k

    def emit_GETFIELD_F(self, op, k):
        (p,) = op.args
        off = slot_offset(op.descr.owner, op.descr.name)
        if off is None:
            return self._getattr(op, k, p)
        self._field_name(op.descr)
        t = self.alloc.temp()
        r = self.alloc.result(op)
        self._field_ref(op, k, p, off, t)
        self.asm.op("MOVSD", r, Mem(t, FLOAT_VALUE))
        return k

    def _raw_word(self, op, k, cell):
        """The `value` of a ctypes integer that is a constant of the trace (a
        type's version tag, typecache.py): a load from its address, instead
        of the attribute protocol and a new int for each read."""
        self.unit.keepalive.append(cell)
        r = self.alloc.result(op)
        self.asm.op("MOV", r, ctypes.addressof(cell))
        if ctypes.sizeof(cell) == 4:
            self.asm.op("MOV", r.d, Mem(r, 0, size=4))      # zero-extends
        else:
            self.asm.op("MOV", r, Mem(r, 0))
        return k

    def _managed_dict(self, op, k, p):
        """An instance's `__dict__` (its class's standard one: the recorder
        checked), read where CPython keeps it; the first time, when it is
        not made yet, PyObject_GetAttr makes it."""
        alloc, asm = self.alloc, self.asm
        pr = alloc.reg(p)
        r = alloc.result(op, avoid=(pr,))
        name = self._field_name(op.descr)
        asm.op("MOV", r, Mem(pr, MANAGED_DICT))
        asm.op("TEST", r, r)
        missing, done = Label(), Label()
        asm.jcc("e", missing)
        self.emit_incref(r, False)
        asm.bind(done)
        old = self.cold("dict not made yet")
        asm.bind(missing)
        keep = [x for x in alloc.live_caller_saved() if x is not r]
        self.emit_save(keep)
        asm.op("MOV", rdi, pr)
        asm.op("MOV", rsi, id(name))
        asm.call_abs(capi.address("PyObject_GetAttr"))
        asm.op("MOV", r, rax)
        self.emit_restore(keep)
        asm.op("TEST", r, r)
        asm.jcc("ne", done)
        asm.jmp(self.error_label(exclude=(op,)))
        asm.switch(old)
        self.nonnull.add(op)
        return k

    def _getattr(self, op, k, p):
        """A field that is not a plain slot: PyObject_GetAttr (a new ref),
        unboxed for int and float fields."""
        name = ConstPtr(self._field_name(op.descr))
        if op.kind is REF:
            self.emit_native_call(capi.address("PyObject_GetAttr"), [p, name], op)
            self.asm.op("TEST", rax, rax)
            self.asm.jcc("e", self.error_label(exclude=(op,)))
            self.nonnull.add(op)
            return k
        alloc, asm = self.alloc, self.asm
        alloc.need_outgoing(1)
        self.emit_native_call(capi.address("PyObject_GetAttr"), [p, name])
        asm.op("TEST", rax, rax)
        asm.jcc("e", self.error_label())
        asm.op("MOV", Mem(rsp, 0), rax)
        if op.kind is INT:
            t = alloc.temp(avoid=(rax,))
            r = alloc.result(op, avoid=(rax,))
            self.emit_unbox_int(rax, r, t)
        else:
            r = alloc.result(op)
            asm.op("MOVSD", r, Mem(rax, FLOAT_VALUE))
        keep = alloc.live_caller_saved()
        self.emit_save(keep)
        asm.op("MOV", rax, Mem(rsp, 0))
        self.emit_inline_decref_rax()
        self.emit_restore(keep)
        return k

    def emit_SETFIELD(self, op, k):
        p, v = op.args
        if type(op.descr) is DictItemDescr:
            self.emit_native_call(capi.address("PyDict_SetItem"),
                                  [p, ConstPtr(op.descr.key), v])
            self.asm.op("TEST", rax.d, rax.d)
            self.asm.jcc("ne", self.error_label())
            return k
        off = slot_offset(op.descr.owner, op.descr.name)
        self._field_name(op.descr)
        alloc, asm = self.alloc, self.asm
        if off is None:
            return self._setattr(op, k, p, v)
        if v.kind is FLOAT:
            return self._set_float_slot(p, off, v, k)
        if v.kind is REF:
            pr = alloc.reg(p)
            vr = alloc.reg(v)
            self.emit_incref(vr, self.maybe_null(v))
        else:
            self.emit_native_call(capi.address("PyLong_FromLongLong"), [v], protect={p})
            pr = alloc.reg(p, avoid=(rax,))
            vr = rax
        asm.op("MOV", r11, Mem(pr, off))
        asm.op("MOV", Mem(pr, off), vr)
        keep = [r for r in alloc.live_caller_saved()]
        self.emit_decref(r11, True, keep=keep)
        return k

    def _set_float_slot(self, p, off, f, k):
        """A float into a __slots__ field: in place when the float there is
        one only the object holds (as _store_float_in_place); else, in a
        cold path, a new float stored and the old value (maybe NULL)
        released.  (compiler.calls_out: no call on the hot path.)"""
        alloc, asm = self.alloc, self.asm
        pr = alloc.reg(p)
        fr = alloc.reg(f)
        old = alloc.temp()
        asm.op("MOV", old, Mem(pr, off))
        self._float_in_place(fr, Mem(pr, off), old, True, reload=None)
        return k

    def _float_in_place(self, fr, place, old, maybe_null, reload):
        """Store the double in `fr` as the float at `place` (a Mem), whose
        current object is in `old`: into that object when it is an exact
        float with refcount 1; else, in a cold path, a new float goes to
        `place` (`reload()` first makes its registers valid again after the
        call) and the old object (maybe NULL) is released.  The cold path
        saves and restores the live caller-saved registers."""
        asm = self.asm
        slow, done = Label(), Label()
        if maybe_null:
            asm.op("TEST", old, old)
            asm.jcc("e", slow)
        asm.op("MOV", r11, id(float))
        asm.op("CMP", Mem(old, OB_TYPE), r11)
        asm.jcc("ne", slow)
        asm.op("CMP", Mem(old, OB_REFCNT), 1)
        asm.jcc("ne", slow)
        asm.op("MOVSD", Mem(old, FLOAT_VALUE), fr)
        asm.bind(done)
        back = self.cold("float in place")
        asm.bind(slow)
        keep = self.alloc.live_caller_saved()
        self._cold_call(keep, capi.address("PyFloat_FromDouble"), lambda: move(asm, fr, xmm0))
        if reload is not None:
            reload()
        asm.op("MOV", old, place)
        asm.op("MOV", place, r11)           # the new float's reference goes to its place
        self.emit_decref(old, True, keep)
        asm.jmp(done)
        asm.switch(back)

    def _setattr(self, op, k, p, v):
        alloc, asm = self.alloc, self.asm
        name = ConstPtr(op.descr.name)
        if v.kind is REF:
            self.emit_native_call(capi.address("PyObject_SetAttr"), [p, name, v])
            asm.op("TEST", rax.d, rax.d)
            asm.jcc("ne", self.error_label())
            return k
        # box, PyObject_SetAttr, release the box; the box and the status
        # wait in the outgoing area while the calls run
        alloc.need_outgoing(2)
        box = "PyLong_FromLongLong" if v.kind is INT else "PyFloat_FromDouble"
        self.emit_native_call(capi.address(box), [v], protect={p})
        asm.op("MOV", Mem(rsp, 0), rax)
        alloc.before_call({p})
        move(asm, alloc.loc(p), rdi)
        asm.op("MOV", rsi, id(op.descr.name))
        asm.op("MOV", rdx, rax)
        asm.call_abs(capi.address("PyObject_SetAttr"))
        alloc.after_call()
        asm.op("MOV", Mem(rsp, 8), rax)
        asm.op("MOV", rax, Mem(rsp, 0))
        self.emit_inline_decref_rax()
        asm.op("CMP", Mem(rsp, 8, size=4), 0)
        asm.jcc("ne", self.error_label())
        return k


__all__ = ["RefOps"]
