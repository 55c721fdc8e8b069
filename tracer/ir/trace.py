"""A trace: input arguments and a list of ops.

A loop is `label(inputs)`, ops, `jump(values)` back to a label; a bridge
has no label of its own (its inputs are the fail args of the guard it
leaves from) and ends in a jump to some loop's label or in a finish.
After an unrolling optimizer a loop may hold two labels (preamble, then
the peeled loop); a jump goes to a label before it or to another trace's.
"""

from .optable import OPS, rop


class Trace:
    __slots__ = ("inputargs", "ops", "name")

    def __init__(self, inputargs, ops, name=None):
        self.inputargs = list(inputargs)
        self.ops = list(ops)
        self.name = name

    @property
    def labels(self):
        return [op for op in self.ops if op.opnum == rop.LABEL]

    @property
    def final(self):
        """The jump or finish that ends the trace (None while unfinished)."""
        if self.ops and OPS[self.ops[-1].opnum].is_final:
            return self.ops[-1]
        return None

    @property
    def is_loop(self):
        final = self.final
        return final is not None and final.opnum == rop.JUMP

    @property
    def entry_token(self):
        """The TargetToken of the label the trace starts with, if any."""
        if self.ops and self.ops[0].opnum == rop.LABEL:
            return self.ops[0].descr
        return None

    def guards(self):
        return [op for op in self.ops if OPS[op.opnum].is_guard]

    def exits(self):
        """Guards and finishes: every op that leaves the trace."""
        return [op for op in self.ops if OPS[op.opnum].is_exit]

    def __len__(self):
        return len(self.ops)

    def __str__(self):
        from ..textform import format_trace
        return format_trace(self)

    def __repr__(self):
        kind = "loop" if self.is_loop else "trace"
        name = f" {self.name}" if self.name else ""
        return f"<Trace{name}: {kind}, {len(self.inputargs)} inputs, {len(self.ops)} ops>"
