"""Virtuals: allocation removal (PyPy's OptVirtualize).

box_int, box_float, new_tuple (non-empty), new_list and new_object (of a
class without `__del__`) make a *virtual*: the op is not emitted, and the
optimizer tracks the object's contents instead.  Reads of a virtual's
contents (unbox_*, getitem_tuple, len_tuple, getitem_list/setitem_list/
len_list at constant indexes, getfield/setfield) are answered from them;
guards on its class or non-nullness, known by construction, go.  Anything else that needs the
object (a call argument, a write into a real object that the heap pass
could not delay, a jump to a loop that wants a real object, an identity
comparison that is not decided) *forces* it: the core emits the allocation
just before that use.  Guards describe virtuals in their resume data, so
that deoptimization rebuilds them.

An int box that the trace unboxes also tells snapshots its unboxed value:
a snapshot then holds the int, not the box (`unboxed`; a float box stays
itself, for its identity after a deopt).
"""

from tracer.ir import CONST_FALSE, CONST_TRUE, ConstInt, ConstPtr, NULL, rop
from tracer.ir.semantics import has_finalizer
from .info import VirtualInfo
from .optimizer import Optimization


class OptVirtualize(Optimization):
    name = "virtualize"

    def virtual(self, v):
        """The VirtualInfo of v, or None."""
        if v.is_constant:
            return None
        info = self.opt.ptrinfos.get(self.get(v))
        return info if info is not None and info.is_virtual else None

    def _make(self, op, kind, cls, fields):
        self.opt.ptrinfos[op] = VirtualInfo(kind, op, cls, fields)

    # -- allocations ------------------------------------------------------------------------
    def optimize_BOX_INT(self, op):
        self._make(op, "box", int, {None: op.args[0]})

    def optimize_BOX_FLOAT(self, op):
        self._make(op, "box", float, {None: op.args[0]})

    def optimize_NEW_TUPLE(self, op):
        if not op.args:         # () is a singleton: identity matters
            return self.emit(op)
        self._make(op, "tuple", tuple, dict(enumerate(op.args)))

    def optimize_NEW_LIST(self, op):
        self._make(op, "list", list, dict(enumerate(op.args)))

    def optimize_NEW_OBJECT(self, op):
        if has_finalizer(op.descr):
            # Never virtual: CPython calls the finalizer of every instance,
            # and an object that is never made is never finalized.
            return self.emit(op)
        self._make(op, "object", op.descr, {})

    # -- reads and writes ---------------------------------------------------------------
    def _unbox(self, op):
        vinfo = self.virtual(op.args[0])
        if vinfo is not None and vinfo.kind == "box":
            return self.make_equal_to(op, vinfo.fields[None])
        self.emit(op)
        box = self.get(op.args[0])
        if not box.is_constant:
            info = self.opt.ptrinfo(box, create=True)
            if info.unboxed is None:
                info.unboxed = self.get(op)

    optimize_UNBOX_INT = optimize_UNBOX_FLOAT = _unbox

    def _const_index(self, vinfo, index):
        if vinfo is None or not index.is_constant or vinfo.kind not in ("tuple", "list"):
            return None
        i = index.value
        return i if 0 <= i < len(vinfo.fields) else None

    def optimize_GETITEM_TUPLE(self, op):
        vinfo = self.virtual(op.args[0])
        i = self._const_index(vinfo, op.args[1])
        if i is not None:
            return self.make_equal_to(op, vinfo.fields[i])
        self.emit(op)

    optimize_GETITEM_LIST = optimize_GETITEM_TUPLE

    def _len(self, op):
        vinfo = self.virtual(op.args[0])
        if vinfo is not None and vinfo.kind in ("tuple", "list"):
            return self.make_equal_to(op, ConstInt(len(vinfo.fields)))
        self.emit(op)

    optimize_LEN_TUPLE = optimize_LEN_LIST = _len

    def optimize_SETITEM_LIST(self, op):
        vinfo = self.virtual(op.args[0])
        i = self._const_index(vinfo, op.args[1])
        if i is not None:
            vinfo.fields[i] = op.args[2]
            return
        self.emit(op)

    def _getfield(self, op):
        vinfo = self.virtual(op.args[0])
        if vinfo is not None and vinfo.kind == "object" and op.descr in vinfo.fields:
            return self.make_equal_to(op, vinfo.fields[op.descr])
        self.emit(op)

    optimize_GETFIELD_I = optimize_GETFIELD_F = optimize_GETFIELD_R = _getfield

    def optimize_SETFIELD(self, op):
        vinfo = self.virtual(op.args[0])
        if vinfo is not None and vinfo.kind == "object":
            vinfo.fields[op.descr] = op.args[1]
            return
        self.emit(op)

    # -- guards and identity ------------------------------------------------------------
    def optimize_GUARD_CLASS(self, op):
        vinfo = self.virtual(op.args[0])
        if vinfo is not None:
            if vinfo.known_class is op.args[1].value:
                return
            return self.guard_always_fails(op)
        self.emit(op)

    def optimize_GUARD_NONNULL(self, op):
        if self.virtual(op.args[0]) is not None:
            return
        self.emit(op)

    def optimize_GUARD_ISNULL(self, op):
        if self.virtual(op.args[0]) is not None:
            return self.guard_always_fails(op)
        self.emit(op)

    def optimize_GUARD_INT64(self, op):
        vinfo = self.virtual(op.args[0])
        if vinfo is not None and vinfo.known_class is int:
            return
        self.emit(op)

    def _ptr_eq(self, op):
        r = self._identity(op.args[0], op.args[1])
        if r is None:
            return self.emit(op)
        if op.opnum == rop.PTR_NE:
            r = not r
        self.make_equal_to(op, CONST_TRUE if r else CONST_FALSE)

    optimize_PTR_EQ = optimize_PTR_NE = _ptr_eq

    def _identity(self, a, b):
        """Is a b?  True/False when decided, else None."""
        va, vb = self.virtual(a), self.virtual(b)
        if va is None and vb is None:
            return None
        if self.get(a) is self.get(b):
            return True
        if va is None:
            a, b, va, vb = b, a, vb, va
        # a is virtual
        if va.kind != "box":
            # a fresh object is nothing else
            return False
        # a box's object may be shared (small ints): only a value of
        # another class, or null, is surely not it
        if b.is_constant:
            return False if (b.value is NULL or type(b.value) is not va.known_class) else None
        cls = self.opt.known_class(b)
        if cls is not None and cls is not va.known_class:
            return False
        return None
