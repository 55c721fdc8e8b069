"""pvmx's own iterators for the hottest loops, with plain int fields.

`for i in range(n)` iterates a `RangeIter`: its state is three int fields
that a trace reads and writes as heap fields (kept in registers by the
optimizer), instead of a residual `next()` on CPython's opaque
range_iterator.  `for x in a_list` (or a tuple) iterates a `ListIter`: the
sequence and an int index.  Inside a trace the index lives in a register
and the iterator's field is written only when the trace exits (the heap
pass delays the write).  Host code that gets hold of one can still iterate it.

`_immutable_fields_` (as in RPython) names the fields never written after
`__init__`: the trace's reads of them survive residual calls.
"""

import sys


class RangeIter:
    __slots__ = ("current", "stop", "step")
    _immutable_fields_ = ("stop", "step")

    def __init__(self, r):
        self.current = r.start
        self.stop = r.stop
        self.step = r.step

    def __iter__(self):
        return self

    def __next__(self):
        cur = self.current
        if (cur < self.stop) if self.step > 0 else (cur > self.stop):
            self.current = cur + self.step
            return cur
        raise StopIteration

    def __length_hint__(self):
        return max(0, len(range(self.current, self.stop, self.step)))


class ListIter:
    """CPython's listiterator/tupleiterator: the sequence and the next index.
    Exhausted, its index is sys.maxsize, so a list that grows afterwards is
    not iterated again (as CPython, which drops the list)."""
    __slots__ = ("seq", "index")
    _immutable_fields_ = ("seq",)

    def __init__(self, seq):
        self.seq = seq
        self.index = 0

    def __iter__(self):
        return self

    def __next__(self):
        i = self.index
        seq = self.seq
        if i < len(seq):
            self.index = i + 1
            return seq[i]
        self.index = sys.maxsize
        raise StopIteration

    def __length_hint__(self):
        return max(0, len(self.seq) - self.index)


class FetchedItem:
    """What a builtin iterator gave FOR_ITER while a trace was recorded,
    pushed above the iterator until FOR_ITER has branched on it.

    The step is a residual call, which cannot be taken twice: when the guard
    on whether it gave an item fails, deoptimization resumes at FOR_ITER
    with this object (a virtual, made then) on the stack, and the
    interpreter's FOR_ITER takes its value instead of stepping again."""
    __slots__ = ("item",)       # not "value": the recorder's boxes have that attribute
    _immutable_fields_ = ("item",)

