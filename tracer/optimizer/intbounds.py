"""Integer bounds (PyPy's OptIntBounds, ranges only).

Every int value gets a range [lo, hi].  Ops compute their result's range
from their arguments'; guards on comparisons narrow their arguments (after
guard_true(int_lt(i, n)), i <= n.hi - 1).  With ranges:
- an overflow-checked op whose exact result always fits int64 becomes the
  plain op and its guard_no_overflow goes (`i + 1` where `i < n`);
- a comparison the ranges decide becomes a constant, and a guard on it
  goes (or stays, failing always, if the ranges contradict it);
- guard_value of a value outside its range always fails; inside a
  one-value range it goes.
"""

from tracer.ir import CONST_FALSE, CONST_TRUE, INT, ConstInt, OPS, new_op, rop
from .info import MAX, MIN, IntBound
from .optimizer import InvalidLoop, Optimization

# the int comparisons whose outcome ranges may decide (`decide`)
INT_COMPARISONS = frozenset((rop.INT_LT, rop.INT_LE, rop.INT_EQ, rop.INT_NE, rop.INT_GT,
                             rop.INT_GE, rop.UINT_LT, rop.UINT_LE, rop.UINT_GT, rop.UINT_GE,
                             rop.INT_IS_TRUE, rop.INT_IS_ZERO))

_NON_OVF = {rop.INT_ADD_OVF: rop.INT_ADD, rop.INT_SUB_OVF: rop.INT_SUB,
            rop.INT_MUL_OVF: rop.INT_MUL, rop.INT_PY_DIV_OVF: rop.INT_PY_DIV,
            rop.INT_LSHIFT_OVF: rop.INT_LSHIFT}


class OptIntBounds(Optimization):
    name = "intbounds"

    def attach(self, optimizer, next_pass):
        super().attach(optimizer, next_pass)
        # v -> [(r, c), ...]: r = v + c was computed, exactly (no wrap-around
        # in v's range then).  A guard that narrows v later narrows r: a
        # list iterator adds 1 to its index before the item read checks
        # that the index is not negative.
        self.offsets = {}

    def b(self, v):
        return self.opt.getintbound(v)

    def set_bound(self, op, lo, hi):
        v = self.get(op)
        if v.is_constant:
            return
        bound = self.b(v)
        bound.intersect(IntBound(max(lo, MIN), min(hi, MAX)))
        if bound.is_constant():
            self.make_equal_to(v, ConstInt(bound.lo))

    def _result_range(self, op):
        """(lo, hi) of the exact (unwrapped) result, or None if unknown."""
        n = op.opnum
        if n in (rop.INT_ADD, rop.INT_ADD_OVF):
            return self.b(op.args[0]).add_range(self.b(op.args[1]))
        if n in (rop.INT_SUB, rop.INT_SUB_OVF):
            return self.b(op.args[0]).sub_range(self.b(op.args[1]))
        if n in (rop.INT_MUL, rop.INT_MUL_OVF):
            return self.b(op.args[0]).mul_range(self.b(op.args[1]))
        if n in (rop.INT_PY_DIV, rop.INT_PY_DIV_OVF):
            a, d = self.b(op.args[0]), self.b(op.args[1])
            if d.lo > 0:
                c = (a.lo // d.lo, a.lo // d.hi, a.hi // d.lo, a.hi // d.hi)
                return min(c), max(c)
            if a.contains(MIN) and d.contains(-1):
                return MIN, -MIN        # MIN // -1
            m = max(abs(a.lo), abs(a.hi))
            return -m, m
        if n in (rop.INT_LSHIFT, rop.INT_LSHIFT_OVF):
            a, s = self.b(op.args[0]), self.b(op.args[1])
            if s.lo >= 0 and s.hi < 64:
                c = (a.lo << s.lo, a.lo << s.hi, a.hi << s.lo, a.hi << s.hi)
                return min(c), max(c)
        return None

    def _arith(self, op):
        self.emit(op)
        r = self._result_range(op)
        if r is not None and MIN <= r[0] and r[1] <= MAX:
            self.set_bound(op, *r)
            self._note_offset(op)

    def _note_offset(self, op):
        """Remember r = v + c (int_add / int_sub of a constant), its range
        exact (checked by the caller)."""
        n = op.opnum
        if n not in (rop.INT_ADD, rop.INT_SUB, rop.INT_ADD_OVF, rop.INT_SUB_OVF):
            return
        v, c = op.args
        result = self.get(op)
        if v.is_constant or not c.is_constant or result.is_constant:
            return
        step = c.value if n in (rop.INT_ADD, rop.INT_ADD_OVF) else -c.value
        self.offsets.setdefault(v, []).append((result, step))

    optimize_INT_ADD = optimize_INT_SUB = optimize_INT_MUL = _arith
    optimize_INT_PY_DIV = optimize_INT_LSHIFT = _arith

    def _ovf(self, op):
        r = self._result_range(op)
        if r is not None and MIN <= r[0] and r[1] <= MAX:
            new = new_op(_NON_OVF[op.opnum], op.args)
            self.make_equal_to(op, new)
            self.emit(new)
            self.set_bound(new, *r)
            self._note_offset(new)
            return
        self.emit(op)
        if r is not None:       # past guard_no_overflow: the exact result, in int64
            self.set_bound(op, *r)
            self._note_offset(op)

    optimize_INT_ADD_OVF = optimize_INT_SUB_OVF = optimize_INT_MUL_OVF = _ovf
    optimize_INT_PY_DIV_OVF = optimize_INT_LSHIFT_OVF = _ovf

    def optimize_INT_PY_MOD(self, op):
        self.emit(op)
        d = self.b(op.args[1])
        if d.lo > 0:
            self.set_bound(op, 0, d.hi - 1)
        elif d.hi < 0:
            self.set_bound(op, d.lo + 1, 0)

    def optimize_INT_AND(self, op):
        self.emit(op)
        a, c = self.b(op.args[0]), self.b(op.args[1])
        if a.lo >= 0 and c.lo >= 0:
            self.set_bound(op, 0, min(a.hi, c.hi))
        elif a.lo >= 0:
            self.set_bound(op, 0, a.hi)
        elif c.lo >= 0:
            self.set_bound(op, 0, c.hi)

    def optimize_INT_RSHIFT(self, op):
        self.emit(op)
        a, s = self.b(op.args[0]), self.b(op.args[1])
        if s.lo >= 0:
            c = (a.lo >> s.lo, a.lo >> s.hi, a.hi >> s.lo, a.hi >> s.hi)
            self.set_bound(op, min(c), max(c))

    def optimize_INT_NEG(self, op):
        self.emit(op)
        a = self.b(op.args[0])
        if a.lo > MIN:
            self.set_bound(op, -a.hi, -a.lo)

    def optimize_INT_INVERT(self, op):
        self.emit(op)
        a = self.b(op.args[0])
        self.set_bound(op, ~a.hi, ~a.lo)

    def _length(self, op):
        self.emit(op)
        self.set_bound(op, 0, MAX)

    optimize_LEN_LIST = optimize_LEN_TUPLE = _length

    # -- comparisons ------------------------------------------------------------------
    def _compare(self, op):
        r = decide(self.opt, op)
        if r is not None:
            return self.make_equal_to(op, CONST_TRUE if r else CONST_FALSE)
        self.emit(op)
        self.set_bound(op, 0, 1)

    for _op in INT_COMPARISONS:
        locals()["optimize_" + OPS[_op].name.upper()] = _compare
    del _op

    def _compare_result(self, op):
        # other comparisons (floats, refs): still 0 or 1
        self.emit(op)
        self.set_bound(op, 0, 1)

    for _name in ("FLOAT_LT", "FLOAT_LE", "FLOAT_EQ", "FLOAT_NE", "FLOAT_GT", "FLOAT_GE",
                  "PTR_EQ", "PTR_NE"):
        locals()["optimize_" + _name] = _compare_result
    del _name

    # -- guards -----------------------------------------------------------------------
    def optimize_GUARD_TRUE(self, op):
        c = self.b(op.args[0])
        if c.lo > 0 or c.hi < 0:
            return
        if c.lo == c.hi == 0:
            return self.guard_always_fails(op)
        self.emit(op)
        self._narrow(op.args[0], True)

    def optimize_GUARD_FALSE(self, op):
        c = self.b(op.args[0])
        if c.lo == c.hi == 0:
            return
        if c.lo > 0 or c.hi < 0:
            return self.guard_always_fails(op)
        self.emit(op)
        self._narrow(op.args[0], False)

    def optimize_GUARD_VALUE(self, op):
        x, c = op.args
        if x.kind is INT and not x.is_constant:
            bound = self.b(x)
            if not bound.contains(c.value):
                return self.guard_always_fails(op)
            if bound.is_constant():
                return
            self.emit(op)
            self._narrow_to(x, IntBound.exact(c.value))
            return
        self.emit(op)

    def _narrow_to(self, v, other):
        v = self.get(v)
        if v.is_constant:
            return
        bound = self.b(v)
        bound.intersect(other)
        if bound.is_empty():
            raise InvalidLoop("contradicting integer bounds")
        for r, step in self.offsets.get(v, ()):
            lo, hi = bound.lo + step, bound.hi + step
            rb = self.b(r) if not self.get(r).is_constant else None
            if rb is not None and MIN <= lo and hi <= MAX and (lo > rb.lo or hi < rb.hi):
                self._narrow_to(r, IntBound(lo, hi))

    def _narrow(self, cond, truth):
        """What the guard proves about the comparison's arguments."""
        if cond.is_constant or getattr(cond, "opnum", None) is None:
            return
        if not cond.is_constant:
            self._narrow_to(cond, IntBound.exact(1 if truth else 0) if OPS[cond.opnum].is_comparison
                            else IntBound() if truth else IntBound.exact(0))
        n = cond.opnum
        if n == rop.INT_IS_ZERO:
            n, truth = rop.INT_IS_TRUE, not truth
        if n == rop.INT_IS_TRUE:
            if not truth:
                self._narrow_to(cond.args[0], IntBound.exact(0))
            return
        if n not in (rop.INT_LT, rop.INT_LE, rop.INT_GT, rop.INT_GE, rop.INT_EQ, rop.INT_NE,
                     rop.UINT_LT, rop.UINT_LE):
            return
        a, c = self.get(cond.args[0]), self.get(cond.args[1])
        if n in (rop.UINT_LT, rop.UINT_LE):
            # unsigned a < c with c >= 0 proves 0 <= a < c (the bounds check)
            if truth and self.b(c).lo >= 0:
                self._narrow_to(a, IntBound(0, self.b(c).hi - (n == rop.UINT_LT)))
            return
        if not truth:
            n = {rop.INT_LT: rop.INT_GE, rop.INT_LE: rop.INT_GT, rop.INT_GT: rop.INT_LE,
                 rop.INT_GE: rop.INT_LT, rop.INT_EQ: rop.INT_NE, rop.INT_NE: rop.INT_EQ}[n]
        if n == rop.INT_GT:
            n, a, c = rop.INT_LT, c, a
        elif n == rop.INT_GE:
            n, a, c = rop.INT_LE, c, a
        ba, bc = self.b(a).copy(), self.b(c).copy()
        if n == rop.INT_LT:
            self._narrow_to(a, IntBound(MIN, bc.hi - 1) if bc.hi > MIN else IntBound(MAX, MIN))
            self._narrow_to(c, IntBound(ba.lo + 1, MAX) if ba.lo < MAX else IntBound(MAX, MIN))
        elif n == rop.INT_LE:
            self._narrow_to(a, IntBound(MIN, bc.hi))
            self._narrow_to(c, IntBound(ba.lo, MAX))
        elif n == rop.INT_EQ:
            self._narrow_to(a, bc)
            self._narrow_to(c, ba)
        elif n == rop.INT_NE:
            for x, other in ((a, bc), (c, ba)):
                if other.is_constant() and not self.get(x).is_constant:
                    bx = self.b(x)
                    if bx.lo == other.lo:
                        self._narrow_to(x, IntBound(bx.lo + 1, MAX))
                    elif bx.hi == other.lo:
                        self._narrow_to(x, IntBound(MIN, bx.hi - 1))


def decide(opt, op):
    """0/1 if the ranges `opt` knows decide the int comparison `op`, else None."""
    b = opt.getintbound
    n = op.opnum
    if n == rop.INT_IS_TRUE or n == rop.INT_IS_ZERO:
        a = b(op.args[0])
        if a.lo > 0 or a.hi < 0:
            r = 1
        elif a.lo == a.hi == 0:
            r = 0
        else:
            return None
        return r if n == rop.INT_IS_TRUE else 1 - r
    a, c = b(op.args[0]), b(op.args[1])
    if n in (rop.UINT_LT, rop.UINT_LE, rop.UINT_GT, rop.UINT_GE):
        if not (a.lo >= 0 and c.lo >= 0):
            return None
        n = {rop.UINT_LT: rop.INT_LT, rop.UINT_LE: rop.INT_LE,
             rop.UINT_GT: rop.INT_GT, rop.UINT_GE: rop.INT_GE}[n]
    if n == rop.INT_GT:
        n, a, c = rop.INT_LT, c, a
    elif n == rop.INT_GE:
        n, a, c = rop.INT_LE, c, a
    if n == rop.INT_LT:
        return 1 if a.known_lt(c) else 0 if c.known_le(a) else None
    if n == rop.INT_LE:
        return 1 if a.known_le(c) else 0 if c.known_lt(a) else None
    if n in (rop.INT_EQ, rop.INT_NE):
        if a.is_constant() and c.is_constant() and a.lo == c.lo:
            r = 1
        elif a.hi < c.lo or c.hi < a.lo:
            r = 0
        else:
            return None
        return r if n == rop.INT_EQ else 1 - r
    return None

