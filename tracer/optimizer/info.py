"""What the optimizer knows about values: integer ranges and pointer facts.

`IntBound` is a closed range [lo, hi] of int64 (PyPy's intutils.IntBound,
without the known-bits part).  `PtrInfo` is what is known of a ref: its
exact class, that it is not null, the unboxed value of an int/float box,
and, for an object the trace allocates and that has not escaped, that it is
*virtual*: its allocation is removed and its fields are tracked here.
"""

from tracer.ir import INT64_MAX, INT64_MIN

MIN = INT64_MIN
MAX = INT64_MAX


class IntBound:
    __slots__ = ("lo", "hi")

    def __init__(self, lo=MIN, hi=MAX):
        self.lo = lo
        self.hi = hi

    @staticmethod
    def exact(v):
        return IntBound(v, v)

    @staticmethod
    def of_exact_range(lo, hi):
        """The bound of a result whose exact value is in [lo, hi]: itself if
        that fits int64, else unknown (the op wraps)."""
        if MIN <= lo and hi <= MAX:
            return IntBound(lo, hi)
        return IntBound()

    def copy(self):
        return IntBound(self.lo, self.hi)

    def is_constant(self):
        return self.lo == self.hi

    def is_unbounded(self):
        return self.lo == MIN and self.hi == MAX

    def contains(self, v):
        return self.lo <= v <= self.hi

    def contains_bound(self, other):
        return self.lo <= other.lo and other.hi <= self.hi

    def is_empty(self):
        return self.lo > self.hi

    def intersect(self, other):
        """Narrow to other; True if anything changed."""
        changed = False
        if other.lo > self.lo:
            self.lo = other.lo
            changed = True
        if other.hi < self.hi:
            self.hi = other.hi
            changed = True
        return changed

    def make_lt(self, other):       # self < other
        return self.intersect(IntBound(MIN, other.hi - 1)) if other.hi > MIN else self._empty()

    def make_le(self, other):
        return self.intersect(IntBound(MIN, other.hi))

    def make_gt(self, other):
        return self.intersect(IntBound(other.lo + 1, MAX)) if other.lo < MAX else self._empty()

    def make_ge(self, other):
        return self.intersect(IntBound(other.lo, MAX))

    def _empty(self):
        self.lo, self.hi = MAX, MIN
        return True

    def known_lt(self, other):
        return self.hi < other.lo

    def known_le(self, other):
        return self.hi <= other.lo

    def known_nonneg(self):
        return self.lo >= 0

    # exact-arithmetic ranges (the caller decides what overflow means)
    def add_range(self, o):
        return self.lo + o.lo, self.hi + o.hi

    def sub_range(self, o):
        return self.lo - o.hi, self.hi - o.lo

    def mul_range(self, o):
        c = (self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi)
        return min(c), max(c)

    def __eq__(self, other):
        return isinstance(other, IntBound) and self.lo == other.lo and self.hi == other.hi

    __hash__ = None

    def __repr__(self):
        lo = "MIN" if self.lo == MIN else self.lo
        hi = "MAX" if self.hi == MAX else self.hi
        return f"<IntBound [{lo}, {hi}]>"


_HEAPTYPE = 1 << 9      # Py_TPFLAGS_HEAPTYPE


def class_may_change(cls):
    """May an object of class `cls` be given another class later?  CPython
    allows `obj.__class__ = ...` only between classes defined in Python (heap
    types); objects of builtin types keep theirs."""
    return bool(getattr(cls, "__flags__", 0) & _HEAPTYPE)


class PtrInfo:
    """Facts about a non-virtual ref."""

    __slots__ = ("known_class", "nonnull", "unboxed", "forced")
    is_virtual = False

    def __init__(self, known_class=None, nonnull=False, unboxed=None, forced=False):
        self.known_class = known_class
        self.nonnull = nonnull
        self.unboxed = unboxed      # the int/float value of an exact int/float box
        # a virtual the trace had to allocate: it escaped, others may hold
        # it, so resume data hands back this object, never an equal one
        self.forced = forced

    def copy(self):
        return PtrInfo(self.known_class, self.nonnull, self.unboxed, self.forced)

    def __repr__(self):
        cls = self.known_class.__name__ if self.known_class is not None else "?"
        return f"<PtrInfo {cls}{' nonnull' if self.nonnull else ''}>"


class VirtualInfo(PtrInfo):
    """A virtual: an allocation the trace removed.  `op` is the allocation
    op (box_int, box_float, new_tuple, new_list, new_object), emitted if
    the object is forced.  `fields`: for boxes {None: value}, for tuples
    and lists {index: value}, for objects {FieldDescr: value} in order of
    first write."""

    __slots__ = ("kind", "op", "fields")
    is_virtual = True

    def __init__(self, kind, op, cls, fields):
        PtrInfo.__init__(self, cls, True)
        self.kind = kind            # "box", "tuple", "list", "object"
        self.op = op
        self.fields = fields

    def copy(self):
        return VirtualInfo(self.kind, self.op, self.known_class, dict(self.fields))

    def __repr__(self):
        return f"<VirtualInfo {self.kind} {self.known_class.__name__} {len(self.fields)}>"
