"""Exit numbers: what compiled code returns to say where it left.

One ExitTable serves the whole JIT (PyPy's fail-descr list): a number
names a guard or finish across a loop and all its bridges, since control
that entered a loop may leave from any bridge attached to it.  Numbers are
given when a trace is compiled (by the executor or the backend, to the
same table), not when it is recorded: the optimizer drops, copies and adds
guards.  An op keeps its number for life; a number is never given twice.
-1 is never given: the executor's iteration cap uses it.  Finishes are
numbered from FINISH_BASE up, so that compiled code calling another trace's
code (call_assembler) tells a finish from a guard by its number alone.

The table holds its ops weakly: a thrown-away loop's exits go with it.
`default_exit_table()` is the process-wide table that executors and
backends use unless given one.
"""

import weakref

from .optable import OPS, rop

FINISH_BASE = 1 << 30
CAP_EXIT = -1       # what a run stopped by its iteration cap returns (never a guard's number)


def is_finish_number(number):
    return number >= FINISH_BASE


class ExitTable:
    def __init__(self):
        self._exits = weakref.WeakValueDictionary()
        self._next = 0
        self._next_finish = FINISH_BASE

    def register(self, op):
        """Give `op` (a guard or finish) its number, once; return it."""
        if not OPS[op.opnum].is_exit:
            raise ValueError(f"{OPS[op.opnum].name} is not an exit")
        n = op.exit_number
        if n is None:
            if op.opnum == rop.FINISH:
                n = self._next_finish
                self._next_finish += 1
            else:
                n = self._next
                self._next += 1
            op.exit_number = n
            self._exits[n] = op
        elif self._exits.get(n) is not op:
            raise ValueError(f"exit {n} was numbered by another ExitTable")
        return n

    def register_trace(self, trace):
        for op in trace.ops:
            if OPS[op.opnum].is_exit:
                self.register(op)

    def __getitem__(self, number):
        """The guard or finish with this exit number."""
        return self._exits[number]

    def __contains__(self, number):
        return number in self._exits

    def __len__(self):
        return len(self._exits)


_default = ExitTable()


def default_exit_table():
    return _default
