"""pvmx's own iterators for the hottest loops, with plain int fields.

`for i in range(n)` iterates a `RangeIter`: its state is three int fields
that a trace reads and writes as heap fields (kept in registers by the
optimizer), instead of a residual `next()` on CPython's opaque
range_iterator.  Host code that gets hold of one can still iterate it.
"""


class RangeIter:
    __slots__ = ("current", "stop", "step")

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
