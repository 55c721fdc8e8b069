"""Guard strengthening: the first of several guards on one length asks the
strongest question, and the others go.  A step on the whole output trace,
with the intbounds pass, before dead code elimination.

A list item at a constant index is recorded as `guard_true(int_lt(k, n))`
(n the length) and then the read: `a[0] ... a[1] ... a[6]` guards n > 0,
n > 1 and n > 6.  Intbounds removes a guard an *earlier* one implies (a[3]
after a[6]), not one that a *later* one does.  Between two labels n is one
value: when a later guard would fail, it fails on that same n, so the
earlier guard may as well fail instead, resuming at its own instruction (the
interpreter then does what the trace skipped, and the program is none the
wiser: a guard failing earlier is always allowed).  So the first guard of a
length is made to ask the largest k asked of it before the next label, and
the later guards go (their compares too, with dead code elimination).

Only compares whose one use is their guard are changed: a compare that is
also a value (in an op or resume data) keeps its meaning.
"""

from tracer.ir import ConstInt, new_op, rop
from tracer.ir.trace import Trace


def strengthen_guards(trace):
    """The trace with its length guards strengthened (its guards changed in place)."""
    ops = list(trace.ops)
    uses = _compare_uses(ops)
    first = {}          # length -> [guard, index of its compare, largest k asked]
    where = {}          # compare -> its index
    drop = []
    for k, op in enumerate(ops):
        n = op.opnum
        if n == rop.INT_LT:
            where[op] = k
        elif n == rop.LABEL:
            _rewrite(ops, first)
            first, where = {}, {}
        elif n == rop.GUARD_TRUE:
            cmp = op.args[0]
            if uses.get(cmp) != 1 or cmp not in where:
                continue
            low, length = cmp.args
            if not low.is_constant or length.is_constant:
                continue
            seen = first.get(length)
            if seen is None:
                first[length] = [op, where[cmp], low.value]
            else:
                seen[2] = max(seen[2], low.value)
                drop.append(k)
    _rewrite(ops, first)
    if drop:
        gone = set(drop)
        ops = [op for k, op in enumerate(ops) if k not in gone]
    return Trace(trace.inputargs, ops, trace.name)


def _compare_uses(ops):
    """How many times each int_lt result is used (args and resume data)."""
    uses = {}
    for op in ops:
        for a in op.args:
            if getattr(a, "opnum", None) == rop.INT_LT:
                uses[a] = uses.get(a, 0) + 1
        snapshot = getattr(op, "snapshot", None)
        if snapshot is not None:
            for a in snapshot.fail_args:
                if getattr(a, "opnum", None) == rop.INT_LT:
                    uses[a] = uses.get(a, 0) + 2    # a value: never changed
    return uses


def _rewrite(ops, first):
    for guard, at, low in first.values():
        cmp = ops[at]
        if cmp.args[0].value != low:
            # a new compare (the old one may be known elsewhere, by the short preamble)
            stronger = new_op(rop.INT_LT, [ConstInt(low), cmp.args[1]])
            ops[at] = stronger
            guard.args = [stronger]
