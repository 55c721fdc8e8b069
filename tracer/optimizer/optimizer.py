"""The optimizer's core: the chain of passes, what is known about values,
renaming, forcing virtuals, and writing guards' resume data.

An original op goes to `Optimizer.send`, which copies it with its
arguments renamed (`get`) and hands the copy to the first pass.  Each pass
(an `Optimization`) dispatches on the op number through a table built from
the op table (`dispatch_table`, handlers named `optimize_<OPNAME>`); a
handler either drops the op (saying what its result is with
`make_equal_to`), rewrites it, or passes it on with `emit`.  What leaves the
last pass reaches `emit_final`, which forces virtual arguments, writes the
guard's snapshot with virtuals and pending writes in it, learns what an
emitted guard proves, and appends the op to the output.

Overflow and exception guards never go through the passes: the core emits
one right after its op if that op (or the ovf op a pass replaced it with)
was emitted, and drops it if the op was removed (constant folded, made
non-overflowing by bounds, or merged with an earlier equal op).
"""

from tracer.ir import (CONST_NULL, FLOAT, INT, REF, VOID, ConstFloat, ConstInt, ConstPtr,
                       FlatSnapshot, InputArg, OPS, dispatch_table, new_op, rop)
from tracer.ir.optable import GUARD_OVERFLOW_OPS
from tracer.resume import EntrySnapshot, VirtualInfo as ResumeVirtual
from .info import IntBound, PtrInfo, class_may_change


class InvalidLoop(Exception):
    """The optimizer proved that the trace cannot run as a loop (a guard
    that always fails, contradicting facts); the caller falls back."""


def const_of_kind(kind, value):
    if kind is INT:
        return ConstInt(value)
    if kind is FLOAT:
        return ConstFloat(value)
    return ConstPtr(value)


_HANDLERS = {}


def _handlers(cls):
    """A pass class's optimize_<OPNAME> functions by opnum, made once per class
    (every trace gets a new chain of passes)."""
    table = _HANDLERS.get(cls)
    if table is None:
        table = _HANDLERS[cls] = dispatch_table(cls, "optimize_")
    return table


class Optimization:
    """One pass of the chain.  Subclasses define `optimize_<OPNAME>(op)`."""

    name = None

    def attach(self, optimizer, next_pass):
        self.opt = optimizer
        self.next = next_pass
        self._dispatch = _handlers(type(self))

    def propagate(self, op):
        handler = self._dispatch[op.opnum]
        if handler is None:
            self.emit(op)
        else:
            handler(self, op)

    def emit(self, op):
        self.next.propagate(op)

    # shortcuts into the optimizer
    def get(self, v):
        return self.opt.get(v)

    def make_equal_to(self, op, value):
        self.opt.make_equal_to(op, value)

    # hooks
    def flush(self):
        """Before the trace's final op: put delayed effects into the output."""

    def guard_always_fails(self, op):
        self.opt.guard_always_fails(op)
        self.emit(op)


class _Output:
    def __init__(self, opt):
        self.opt = opt

    def propagate(self, op):
        self.opt.emit_final(op)


class Optimizer:
    def __init__(self, passes, original_ops=(), unbox_in_snapshots=True):
        self.passes = list(passes)
        self.forward = {}
        self.bounds = {}
        self.ptrinfos = {}
        self.newops = []
        self.in_copy = False            # optimizing the peeled loop (unroll)
        # comparisons a guard of the peeled loop decided (for short.py)
        self.decided_in_loop = set()
        self.unbox_in_snapshots = unbox_in_snapshots
        self.original_ops = original_ops
        self.position = 0               # index of the op being sent, in original_ops
        self.heap = None
        out = _Output(self)
        for p, nxt in zip(self.passes, self.passes[1:] + [out]):
            p.attach(self, nxt)
            if p.name == "heap":
                self.heap = p
        self.first = self.passes[0] if self.passes else out
        self._force_depth = 0
        self._deferred_setfields = []
        self.shared_frames = {}         # resume.FrameSnapshot.map_entries's
        self._entries = {}              # kind -> {value: entry} (_entry)

    def detach(self):
        """Break the chain's cycles (each pass refers to the optimizer and the
        next pass), so that a finished optimizer and all it holds are freed
        when dropped, instead of waiting for the cyclic collector to walk
        them at the next collection."""
        for p in self.passes:
            p.opt = p.next = None
        self.passes = []
        self.first = self.heap = None

    # -- values ------------------------------------------------------------------------
    def get(self, v):
        if v.is_constant:
            return v
        fwd = self.forward
        w = fwd.get(v)
        while w is not None:
            v = w
            if v.is_constant:
                return v
            w = fwd.get(v)
        return v

    def make_equal_to(self, op, value):
        value = self.get(value)
        if value is not op:
            self.forward[op] = value

    def getintbound(self, v):
        """The (mutable) bound of an int value; a fresh exact one for constants."""
        v = self.get(v)
        if v.is_constant:
            return IntBound.exact(v.value)
        b = self.bounds.get(v)
        if b is None:
            b = self.bounds[v] = IntBound()
        return b

    def ptrinfo(self, v, create=False):
        v = self.get(v)
        if v.is_constant:
            return None
        info = self.ptrinfos.get(v)
        if info is None and create:
            info = self.ptrinfos[v] = PtrInfo()
        return info

    def is_virtual(self, v):
        if v.is_constant:
            return False
        info = self.ptrinfos.get(self.get(v))
        return info is not None and info.is_virtual

    def known_class(self, v):
        v = self.get(v)
        if v.is_constant:
            return type(v.value) if v.kind is REF else None
        info = self.ptrinfos.get(v)
        return info.known_class if info is not None else None

    def known_nonnull(self, v):
        v = self.get(v)
        if v.is_constant:
            return v.kind is REF and v.value is not CONST_NULL.value
        info = self.ptrinfos.get(v)
        return info is not None and info.nonnull

    def guard_always_fails(self, op):
        """A guard that cannot pass.  In the peeled loop that makes the loop
        useless (InvalidLoop); in straight code it stays, and exits."""
        if self.in_copy:
            raise InvalidLoop(f"{op.name} always fails")

    # -- sending original ops through the chain -----------------------------------------
    def send(self, o):
        if o.opnum == rop.DEBUG_MERGE_POINT:
            # No pass has anything to do with it (each would hand it on),
            # and a third of a recorded trace's ops are these.
            self.newops.append(new_op(rop.DEBUG_MERGE_POINT, (), o.descr))
            return
        info = OPS[o.opnum]
        if o.opnum in GUARD_OVERFLOW_OPS or o.opnum == rop.GUARD_NO_EXCEPTION:
            self._send_paired_guard(o)
            return
        get = self.get
        args = [get(a) for a in o.args]
        new = new_op(o.opnum, args, o.descr, getattr(o, "snapshot", None))
        if info.has_result:
            self.forward[o] = new
        if info.is_ovf:
            nxt = self._peek()
            if nxt is not None and nxt.opnum == rop.GUARD_OVERFLOW:
                # the overflowing path (the recorder goes on with a residual
                # call): kept as recorded
                self.emit_final(new)
                return
        self.first.propagate(new)

    def _peek(self):
        k = self.position + 1
        ops = self.original_ops
        return ops[k] if k < len(ops) else None

    def _send_paired_guard(self, o):
        last = self.newops[-1] if self.newops else None
        if o.opnum == rop.GUARD_NO_EXCEPTION:
            paired = last is not None and last.info.is_call and last.may_raise()
        else:
            paired = last is not None and last.info.is_ovf
        if paired:
            self.emit_final(new_op(o.opnum, [], o.descr, o.snapshot))
        elif o.opnum == rop.GUARD_OVERFLOW:
            raise InvalidLoop("guard_overflow after an op that cannot overflow")

    def send_all(self, ops):
        self.original_ops = ops
        for k, o in enumerate(ops):
            self.position = k
            self.send(o)

    def flush(self):
        for p in self.passes:
            p.flush()

    # -- the output ------------------------------------------------------------------------
    def emit_final(self, op):
        info = OPS[op.opnum]
        if op.args and not info.is_label:
            args = op.args
            for i, a in enumerate(args):
                a = self.get(a)
                if a.kind is REF and not a.is_constant:
                    pi = self.ptrinfos.get(a)
                    if pi is not None and pi.is_virtual:
                        a = self.force(a)
                args[i] = a
        if info.is_guard:
            op.snapshot = self.encode_snapshot(op.snapshot)
        self.newops.append(op)
        if info.is_guard:
            self._learn_from_guard(op)
        elif info.is_call and op.has_side_effects() \
                and not getattr(getattr(op.descr, "effect", None), "lists_only", False):
            self._forget_mutable_classes()

    def _forget_mutable_classes(self):
        """A call that may write the heap may also assign `__class__` of any
        object whose class allows it (a class defined in Python): what guards
        proved of such classes no longer holds.  Virtuals are the trace's own."""
        for pi in self.ptrinfos.values():
            cls = pi.known_class
            if cls is not None and not pi.is_virtual and class_may_change(cls):
                pi.known_class = None

    def _learn_from_guard(self, op):
        n = op.opnum
        if n == rop.GUARD_CLASS:
            x = op.args[0]
            if not x.is_constant:
                pi = self.ptrinfo(x, create=True)
                pi.known_class = op.args[1].value
                pi.nonnull = True
        elif n == rop.GUARD_NONNULL:
            x = op.args[0]
            if not x.is_constant:
                self.ptrinfo(x, create=True).nonnull = True

    # -- virtuals --------------------------------------------------------------------------
    def force(self, v):
        """Make a virtual real: emit its allocation (and, for objects, its
        field writes) into the output.  Returns the value."""
        v = self.get(v)
        if v.is_constant:
            return v
        info = self.ptrinfos.get(v)
        if info is None or not info.is_virtual:
            return v
        real = PtrInfo(info.known_class, True, forced=True)
        self.ptrinfos[v] = real             # first: a cycle meets a forced object
        self._force_depth += 1
        try:
            op = info.op
            if info.kind == "box":
                val = self.get(info.fields[None])
                op.args = [val]
                real.unboxed = val
                self.emit_final(op)
            elif info.kind in ("tuple", "list"):
                op.args = [self.force(info.fields[i]) for i in range(len(info.fields))]
                self.emit_final(op)
            else:
                op.args = []
                self.emit_final(op)
                for descr, val in info.fields.items():
                    self._deferred_setfields.append((op, descr, self.force(val)))
        finally:
            self._force_depth -= 1
        if self._force_depth == 0 and self._deferred_setfields:
            pending, self._deferred_setfields = self._deferred_setfields, []
            for obj, descr, val in pending:
                self.emit_final(new_op(rop.SETFIELD, [obj, self.get(val)], descr))
        return v

    # -- resume data -------------------------------------------------------------------------
    def encode_snapshot(self, snap):
        if snap is None:
            return None
        memo = {}
        enc = self.encode_entry
        pending = []
        for o, d, e in getattr(snap, "pending", ()):
            pending.append((enc(o, memo), d, enc(e, memo)))
        if self.heap is not None:
            for obj, descr, value in self.heap.pending_writes():
                pending.append((enc(("ref", obj), memo), descr,
                                enc((_ENTRY_KIND[value.kind], value), memo)))
        if hasattr(snap, "map_entries"):
            return snap.map_entries(enc, pending=tuple(pending), shared=self.shared_frames,
                                    memo=memo)
        # a FlatSnapshot (or any snapshot that only has fail args)
        values = [self.get(v) for v in snap.fail_args]
        entries = [enc((_ENTRY_KIND[v.kind], v), memo) for v in values]
        if not pending and all(e[0] == _ENTRY_KIND[v.kind] and e[1] is v
                               for e, v in zip(entries, values)):
            return FlatSnapshot(values)
        return EntrySnapshot(entries, pending)

    def encode_entry(self, entry, memo):
        kind, v = entry
        if kind == "const":
            return entry
        if kind == "virtual":
            new = memo.get(id(v))
            if new is None:
                vi = ResumeVirtual(v.kind, (), v.cls)
                new = memo[id(v)] = ("virtual", vi)
                vi.fields = tuple((k, self.encode_entry(e, memo)) for k, e in v.fields)
            return new
        w = self.get(v)
        if w.is_constant or kind != "ref":
            return entry if w is v else self._entry(kind, w)
        v = w
        info = self.ptrinfos.get(v)
        if info is not None:
            if info.is_virtual:
                return self._encode_virtual(v, info, memo)
            # A real int the trace unboxed is described by its value: the box
            # need not stay alive (identity is lost: README, "Known gap").  A
            # real float stays itself, for `nan in kept` after a deopt.
            if info.unboxed is not None and self.unbox_in_snapshots and not info.forced \
                    and info.known_class is int:
                return self._entry("int", self.get(info.unboxed))
        if self.unbox_in_snapshots and getattr(v, "opnum", None) == rop.BOX_BOOL:
            return self._entry("bool", self.get(v.args[0]))
        return entry if entry[1] is v else self._entry(kind, v)

    def _entry(self, kind, v):
        """The entry (kind, v), one tuple per trace: the snapshots of a
        trace name the same values again and again, and every tuple a
        compiled trace keeps is one more for the cyclic collector."""
        by_value = self._entries.get(kind)
        if by_value is None:
            by_value = self._entries[kind] = {}
        e = by_value.get(v)
        if e is None:
            e = by_value[v] = (kind, v)
        return e

    def _encode_virtual(self, v, info, memo):
        if info.kind == "box":
            val = self.get(info.fields[None])
            return self._entry("int" if info.known_class is int else "float", val)
        new = memo.get(id(v))
        if new is not None:
            return new
        vi = ResumeVirtual(info.kind, (), info.known_class)
        new = memo[id(v)] = ("virtual", vi)
        fields = []
        for key, val in info.fields.items():
            val = self.get(val)
            fields.append((key, self.encode_entry((_ENTRY_KIND[val.kind], val), memo)))
        if info.kind != "object":
            fields.sort(key=lambda kv: kv[0])
        vi.fields = tuple(fields)
        return new


_ENTRY_KIND = {INT: "int", FLOAT: "float", REF: "ref"}
