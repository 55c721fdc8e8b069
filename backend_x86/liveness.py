"""What the allocator and the reference counting need to know about a trace
before emitting anything: where each value is used, where it dies, which
ops call out, and which refs the code owns.

Uses count every place a value is read: op arguments, guard snapshots
(the fail args leave through the exit) and jump arguments.  A value dies
after its last use; one never used dies where it is defined.  Past a label
only its arguments are visible (the verifier checks it), so one forward
scan is exact: there is no control flow inside a region.

Ownership of refs (README: "References"):

    owned    the code holds a reference and must release it when the value
             dies, or hand it over at an exit or a jump: results of ops
             that create or read references (box_*, new_*, getitem_*,
             getfield_r, call_r, same_as_r), label arguments (a jump hands
             its values over), the inputs of an entry
    static   never released: box_bool's True/False, and a bridge input
             that was static (or a constant) at its guard
    borrowed an item or field read from an object that holds it (list and
             tuple items, slots, dict items: compiler.borrowable), whose
             every use only looks at it (its class, its unboxed value)
             before anything could release it: nothing that calls out,
             writes, allocates or drops a reference runs between the read
             and its last use, so the object still holds it.  Not
             increfed, never released; an exit hands it out increfed (as
             a static one), and a bridge increfs it at its start (the
             bridge may run anything)
"""

import bisect

from tracer.ir.kinds import REF
from tracer.ir.optable import OPS, rop

# ref-producing ops whose result is a reference the code does not own
_STATIC_RESULT = frozenset((rop.BOX_BOOL,))
# the uses that leave a read borrowed
_LOOKING_USES = frozenset((rop.GUARD_CLASS, rop.GUARD_NONNULL, rop.GUARD_ISNULL,
                           rop.GUARD_INT64, rop.GUARD_VALUE, rop.UNBOX_INT, rop.UNBOX_FLOAT,
                           rop.PTR_EQ, rop.PTR_NE))


class Liveness:
    def __init__(self, trace, calls_out, static_inputs=(), borrowable=None):
        """`calls_out(op)`: does the backend's code for this op call out (so
        that caller-saved registers do not survive it)?  `static_inputs`:
        inputs whose refs the code does not own (a bridge's).  `borrowable(op)`:
        is op's result a reference that the object op reads holds, which
        the code can read without one of its own?"""
        ops = trace.ops
        uses = {}
        self.defined_at = {}
        for v in trace.inputargs:
            uses[v] = []
            self.defined_at[v] = -1
        for k, op in enumerate(ops):
            for a in op.args:
                if not a.is_constant:
                    uses[a].append(k)
            snapshot = getattr(op, "snapshot", None)
            if snapshot is not None:
                for a in snapshot.fail_args:
                    if not a.is_constant:
                        uses[a].append(k)
            if OPS[op.opnum].has_result:
                uses[op] = []
                self.defined_at[op] = k
        self.uses = uses
        self.last_use = {v: (u[-1] if u else self.defined_at[v]) for v, u in uses.items()}
        self.deaths = [[] for _ in ops]
        for v, k in self.last_use.items():
            self.deaths[max(k, 0)].append(v)
        self.calls = [k for k, op in enumerate(ops) if calls_out(op)]
        self.borrowed = self._borrowed(ops, calls_out, borrowable) if borrowable else set()
        self.owned = {v for v in uses
                      if v.kind is REF and v not in static_inputs and v not in self.borrowed
                      and getattr(v, "opnum", None) not in _STATIC_RESULT}

    def _borrowed(self, ops, calls_out, borrowable):
        """The reads whose results may be borrowed (see the module docstring)."""
        quiet = [not (calls_out(op) or _disturbs(op)) for op in ops]
        drops = [any(v.kind is REF for v in dying) for dying in self.deaths]
        out = set()
        for k, op in enumerate(ops):
            if op.kind is not REF or not borrowable(op):
                continue
            last = self.last_use[op]
            # as an argument it is only looked at (a snapshot may hold it:
            # an exit increfs what it hands out)
            looked_at = all(ops[u].opnum in _LOOKING_USES or op not in ops[u].args
                            for u in self.uses[op])
            # and until then nothing may let it go (deaths come after their op)
            undisturbed = all(quiet[j] for j in range(k + 1, last)) \
                and not any(drops[j] for j in range(k, last))
            if looked_at and undisturbed:
                out.add(op)
        return out

    def calls_only_in_cold_paths(self, positions):
        """The ops at `positions` call out only in cold paths that save what
        they clobber: values may stay in caller-saved registers across them."""
        if positions:
            self.calls = [k for k in self.calls if k not in positions]

    def next_use(self, v, pos):
        """The first use of v after position pos (a large number if none)."""
        u = self.uses.get(v)
        if not u:
            return 1 << 30
        i = bisect.bisect_right(u, pos)
        return u[i] if i < len(u) else 1 << 30

    def crosses_call(self, v, pos):
        """Is v live across an op that calls out, after position pos?"""
        last = self.last_use.get(v, pos)
        i = bisect.bisect_right(self.calls, pos)
        return i < len(self.calls) and self.calls[i] < last


_FIELD_READS = frozenset((rop.GETFIELD_I, rop.GETFIELD_F, rop.GETFIELD_R))


def _disturbs(op):
    """May the code for op let a borrowed item or field go (or run code
    that could)?  Writes, allocations (a collection can run finalizers), calls,
    the ends of a region, and field reads (a missing field asks the
    attribute protocol, a dict item's cache miss compares keys: guest code
    may run before the exit)."""
    info = OPS[op.opnum]
    return (info.writes_heap or info.is_alloc or info.is_call or info.is_label
            or info.is_final or op.opnum in _FIELD_READS)
