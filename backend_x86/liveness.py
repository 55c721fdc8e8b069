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
"""

import bisect

from tracer.ir.kinds import REF
from tracer.ir.optable import OPS, rop

# ref-producing ops whose result is a reference the code does not own
_STATIC_RESULT = frozenset((rop.BOX_BOOL,))


class Liveness:
    def __init__(self, trace, calls_out, static_inputs=()):
        """`calls_out(op)`: does the backend's code for this op call out (so
        that caller-saved registers do not survive it)?  `static_inputs`:
        inputs whose refs the code does not own (a bridge's)."""
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
        self.owned = {v for v in uses
                      if v.kind is REF and v not in static_inputs
                      and getattr(v, "opnum", None) not in _STATIC_RESULT}

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
