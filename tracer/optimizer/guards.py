"""Guard elimination: a guard whose condition is already known holds.

- guard_class on a value whose class is known (an earlier guard_class, a
  box or allocation the trace made, a constant); guard_nonnull on a value
  known non-null; guard_int64 on a value already checked (or a box of an
  int64); guard_value on a value already promoted (after guard_value(x, C)
  x *is* C for the rest of the trace).
- guard_true/guard_false on a value an earlier guard decided: after
  guard_true(c) with c a comparison, c is 1; after guard_false(x), x is 0.
- A comparison implied by an earlier guarded one: after
  guard_true(int_lt(a, b)), int_lt(a, b), int_ge(a, b), int_gt(b, a) and
  int_le(b, a) are known.
A guard that contradicts what is known always fails: it stays.
What emitted guards prove (classes, non-null) is recorded by the core, so
that the other passes know it too.
"""

from tracer.ir import CONST_FALSE, CONST_NULL, CONST_TRUE, INT, OPS, ConstInt, rop
from .optimizer import Optimization

# (opnum) -> (opnum of the negation, opnum with swapped arguments)
_INT_CMP = {
    rop.INT_LT: (rop.INT_GE, rop.INT_GT), rop.INT_LE: (rop.INT_GT, rop.INT_GE),
    rop.INT_GT: (rop.INT_LE, rop.INT_LT), rop.INT_GE: (rop.INT_LT, rop.INT_LE),
    rop.INT_EQ: (rop.INT_NE, rop.INT_EQ), rop.INT_NE: (rop.INT_EQ, rop.INT_NE),
    rop.UINT_LT: (rop.UINT_GE, rop.UINT_GT), rop.UINT_LE: (rop.UINT_GT, rop.UINT_GE),
    rop.UINT_GT: (rop.UINT_LE, rop.UINT_LT), rop.UINT_GE: (rop.UINT_LT, rop.UINT_LE),
    rop.PTR_EQ: (rop.PTR_NE, rop.PTR_EQ), rop.PTR_NE: (rop.PTR_EQ, rop.PTR_NE),
    # floats: no negation (nan), swapping is exact
    rop.FLOAT_LT: (None, rop.FLOAT_GT), rop.FLOAT_LE: (None, rop.FLOAT_GE),
    rop.FLOAT_GT: (None, rop.FLOAT_LT), rop.FLOAT_GE: (None, rop.FLOAT_LE),
    rop.FLOAT_EQ: (None, rop.FLOAT_EQ), rop.FLOAT_NE: (None, rop.FLOAT_NE),
}


class OptGuards(Optimization):
    name = "guards"

    def __init__(self):
        self.known_cmp = {}         # (opnum, a, b) -> 0/1
        self.learned_in_loop = set()    # known_cmp keys a guard of the peeled loop gave
        self.int64_checked = set()
        self.known_true = set()     # int values known non-zero

    def propagate(self, op):
        entry = _INT_CMP.get(op.opnum)
        if entry is not None:
            key = (op.opnum, op.args[0], op.args[1])
            known = self.known_cmp.get(key)
            if known is not None:
                if key in self.learned_in_loop:
                    self.opt.decided_in_loop.add(op)
                self.make_equal_to(op, CONST_TRUE if known else CONST_FALSE)
                return
        Optimization.propagate(self, op)

    def _learn_cmp(self, c, truth):
        opnum = c.opnum
        neg, swap = _INT_CMP[opnum]
        a, b = self.get(c.args[0]), self.get(c.args[1])
        keys = [(opnum, a, b), (swap, b, a)]
        if neg is not None:
            keys += [(neg, a, b), (_INT_CMP[neg][1], b, a)]
        for k, key in enumerate(keys):
            self.known_cmp[key] = truth if k < 2 else 1 - truth
        if self.opt.in_copy:
            self.learned_in_loop.update(keys)

    def optimize_GUARD_TRUE(self, op):
        c = op.args[0]
        if c.is_constant:
            return self._decided(op, c.value != 0)
        if c in self.known_true:
            return
        self.emit(op)
        if getattr(c, "opnum", None) in _INT_CMP or (
                getattr(c, "opnum", None) is not None and OPS[c.opnum].is_comparison):
            if c.opnum in _INT_CMP:
                self._learn_cmp(c, 1)
            self.opt.make_equal_to(c, CONST_TRUE)
        else:
            self.known_true.add(c)

    def optimize_GUARD_FALSE(self, op):
        c = op.args[0]
        if c.is_constant:
            return self._decided(op, c.value == 0)
        if c in self.known_true:
            return self.guard_always_fails(op)
        self.emit(op)
        if getattr(c, "opnum", None) in _INT_CMP:
            self._learn_cmp(c, 0)
        self.opt.make_equal_to(c, CONST_FALSE)

    def optimize_GUARD_VALUE(self, op):
        x, c = op.args
        if x.is_constant:
            return self._decided(op, x == c)
        if x.kind is INT and not self.opt.getintbound(x).contains(c.value):
            return self.guard_always_fails(op)
        self.emit(op)
        self.opt.make_equal_to(x, c)

    def optimize_GUARD_CLASS(self, op):
        x, cls = op.args
        known = self.opt.known_class(x)
        if known is not None:
            if known is cls.value:
                return
            return self.guard_always_fails(op)
        self.emit(op)

    def optimize_GUARD_NONNULL(self, op):
        x = op.args[0]
        if x.is_constant:
            return self._decided(op, x.value is not CONST_NULL.value)
        if self.opt.known_nonnull(x):
            return
        self.emit(op)

    def optimize_GUARD_ISNULL(self, op):
        x = op.args[0]
        if x.is_constant:
            return self._decided(op, x.value is CONST_NULL.value)
        if self.opt.known_nonnull(x):
            return self.guard_always_fails(op)
        self.emit(op)
        self.opt.make_equal_to(x, CONST_NULL)

    def optimize_GUARD_INT64(self, op):
        x = op.args[0]
        if x in self.int64_checked:
            return
        info = self.opt.ptrinfo(x)
        if info is not None and info.known_class is int and (
                info.is_virtual or info.unboxed is not None):
            return          # a box of an int64, or already unboxed
        self.emit(op)
        self.int64_checked.add(x)

    def _decided(self, op, passes):
        if not passes:
            self.guard_always_fails(op)

    # what an op's result is known to be
    def _known_class_result(self, op, cls):
        self.emit(op)
        v = self.get(op)
        if v is op:
            info = self.opt.ptrinfo(op, create=True)
            if info.known_class is None:
                info.known_class = cls
            info.nonnull = True

    def optimize_BOX_INT(self, op):
        self._known_class_result(op, int)

    def optimize_BOX_FLOAT(self, op):
        self._known_class_result(op, float)

    def optimize_BOX_BOOL(self, op):
        self._known_class_result(op, bool)

    def optimize_NEW_TUPLE(self, op):
        self._known_class_result(op, tuple)

    def optimize_NEW_LIST(self, op):
        self._known_class_result(op, list)

    def optimize_NEW_OBJECT(self, op):
        self._known_class_result(op, op.descr)
