"""Common subexpression elimination of pure ops and elidable calls
(PyPy's OptPure).

An op whose result depends only on its arguments (flagged `pure` in the op
table; an overflow-checked op that did not overflow; a call whose descr
says elidable) and that was computed before on the same arguments is that
earlier result.  Commutative ops match with their arguments swapped.  An
overflow-checked op also answers the plain op on the same arguments (its
value is the same when it did not overflow).
"""

from tracer.ir import OPS, VOID, rop
from .optimizer import Optimization

_PLAIN_OF_OVF = {rop.INT_ADD_OVF: rop.INT_ADD, rop.INT_SUB_OVF: rop.INT_SUB,
                 rop.INT_MUL_OVF: rop.INT_MUL, rop.INT_PY_DIV_OVF: rop.INT_PY_DIV,
                 rop.INT_LSHIFT_OVF: rop.INT_LSHIFT}


class OptCSE(Optimization):
    name = "cse"

    def __init__(self):
        self.table = {}

    def _key(self, op):
        info = OPS[op.opnum]
        if op.kind is VOID:
            return None
        if info.is_call:
            effect = getattr(op.descr, "effect", None)
            if effect is None or not effect.elidable:
                return None
            return ("call", id(op.descr.func), op.kind, tuple(op.args))
        if info.is_pure or info.is_ovf:
            return (op.opnum, op.descr, tuple(op.args))
        return None

    def propagate(self, op):
        key = self._key(op)
        if key is None:
            return Optimization.propagate(self, op)
        info = OPS[op.opnum]
        found = self.table.get(key)
        if found is None and info.is_commutative:
            found = self.table.get((key[0], key[1], (key[2][1], key[2][0])))
        if found is not None:
            return self.make_equal_to(op, found)
        self.emit(op)
        result = self.get(op)
        self.table[key] = result
        plain = _PLAIN_OF_OVF.get(op.opnum)
        if plain is not None:
            self.table.setdefault((plain, None, key[2]), result)
