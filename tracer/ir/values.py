"""IR values: input arguments, constants of each kind, and ops.

An op is its own result value (as in PyPy): `i3 = int_add(i0, i1)` is one
`Op` object that other ops take as an argument.  Inputs and ops compare by
identity; constants compare by what they denote (an int by value, a float
by its bits, a ref by the identity of the object), so optimizers can use
any value as a dict key.

What a value is at run time, in the executor (the backend maps the same ops
onto CPython's object layouts):

    int    a Python int in [-2**63, 2**63)
    float  a Python float (an IEEE double; nan payloads, inf and -0.0 kept)
    ref    the host object itself; the null pointer is `NULL`, a sentinel
           that is not `None` (Py_None is an object, not a null pointer)
"""

import struct

from .kinds import FLOAT, INT, REF
from .optable import OPS

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1

_DOUBLE = struct.Struct("<d")
_INT64 = struct.Struct("<q")


def float_to_bits(x):
    return _INT64.unpack(_DOUBLE.pack(x))[0]


def bits_to_float(bits):
    return _DOUBLE.unpack(_INT64.pack(bits))[0]


class _Null:
    """The null ref.  A singleton; falsy like a null pointer in C."""

    __slots__ = ()
    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = object.__new__(cls)
        return cls._instance

    def __repr__(self):
        return "NULL"

    def __bool__(self):
        return False

    def __reduce__(self):
        return (_Null, ())


NULL = _Null()


class Value:
    __slots__ = ()
    is_constant = False


class InputArg(Value):
    """An input of a trace: bound by its label (or by the guard a bridge
    leaves from)."""

    __slots__ = ("kind",)

    def __init__(self, kind):
        self.kind = kind

    def __repr__(self):
        return f"<InputArg {self.kind.name} at {id(self):#x}>"


class Const(Value):
    __slots__ = ("value",)
    is_constant = True

    def __repr__(self):
        return f"{type(self).__name__}({self.value!r})"


class ConstInt(Const):
    __slots__ = ()
    kind = INT

    def __init__(self, value):
        value = int(value)      # a bool becomes 0/1, never stays a bool
        if not INT64_MIN <= value <= INT64_MAX:
            raise ValueError(f"ConstInt({value}) does not fit in int64")
        self.value = value

    def __eq__(self, other):
        return type(other) is ConstInt and other.value == self.value

    def __hash__(self):
        return hash(("i", self.value))


class ConstFloat(Const):
    __slots__ = ()
    kind = FLOAT

    def __init__(self, value):
        self.value = float(value)

    @classmethod
    def from_bits(cls, bits):
        return cls(bits_to_float(bits))

    @property
    def bits(self):
        return float_to_bits(self.value)

    def __eq__(self, other):
        # by bits: 0.0 and -0.0 differ, a nan equals itself
        return type(other) is ConstFloat and other.bits == self.bits

    def __hash__(self):
        return hash(("f", self.bits))


class ConstPtr(Const):
    __slots__ = ()
    kind = REF

    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return type(other) is ConstPtr and other.value is self.value

    def __hash__(self):
        return hash(("p", id(self.value)))


CONST_NULL = ConstPtr(NULL)
CONST_FALSE = ConstInt(0)
CONST_TRUE = ConstInt(1)


class Op(Value):
    """One IR operation; also the value it produces (kind VOID if none)."""

    __slots__ = ("opnum", "args", "descr", "kind")

    def __init__(self, opnum, args=(), descr=None):
        self.opnum = opnum
        self.args = list(args)
        self.descr = descr
        self.kind = _RESULT_KIND[opnum]

    @property
    def info(self):
        return OPS[self.opnum]

    @property
    def name(self):
        return OPS[self.opnum].name

    def is_removable(self):
        """May this op be dropped when its result is unused?"""
        info = OPS[self.opnum]
        if info.is_removable:
            return True
        if info.is_call and info.has_result:
            effect = getattr(self.descr, "effect", None)
            return effect is not None and effect.is_removable
        return False

    def may_raise(self):
        """Can this op raise a host exception (a call whose callee may)?"""
        if not OPS[self.opnum].may_raise:
            return False
        effect = getattr(self.descr, "effect", None)
        return effect is None or effect.may_raise

    def has_side_effects(self):
        """Does this op write the heap (as far as its descr tells)?"""
        info = OPS[self.opnum]
        if info.is_call:
            effect = getattr(self.descr, "effect", None)
            return effect is None or effect.writes_heap
        return info.has_side_effects

    def __repr__(self):
        return f"<Op {OPS[self.opnum].name} at {id(self):#x}>"


class ExitOp(Op):
    """An op that leaves the trace: a guard or a finish.  `exit_number` is
    what compiled code returns when it exits here; an ExitTable gives it."""

    __slots__ = ("exit_number", "__weakref__")     # ExitTables hold exits weakly

    def __init__(self, opnum, args=(), descr=None):
        Op.__init__(self, opnum, args, descr)
        self.exit_number = None

    def exit_values(self):
        """The values that leave through this exit, in order."""
        return self.args


class GuardOp(ExitOp):
    """A guard: exits with its snapshot's values when its condition fails."""

    __slots__ = ("snapshot",)

    def __init__(self, opnum, args=(), descr=None, snapshot=None):
        # (Op's and ExitOp's fields set here, not through their __init__s:
        # a trace's guards are made by the thousand, by the recorder and
        # again by each optimizer run)
        self.opnum = opnum
        self.args = list(args)
        self.descr = descr
        self.kind = _RESULT_KIND[opnum]
        self.exit_number = None
        self.snapshot = snapshot

    def exit_values(self):
        return self.snapshot.fail_args


def new_op(opnum, args=(), descr=None, snapshot=None):
    """Make an op of the class its table entry calls for."""
    cls = _OP_CLASS[opnum]
    if cls is GuardOp:
        return GuardOp(opnum, args, descr, snapshot)
    if snapshot is not None:
        raise ValueError(f"{OPS[opnum].name} is not a guard and takes no snapshot")
    return cls(opnum, args, descr)


_RESULT_KIND = [info.result for info in OPS]
_OP_CLASS = [GuardOp if info.is_guard else ExitOp if info.is_exit else Op for info in OPS]


def const(value):
    """A constant for a Python value: int -> ConstInt, float -> ConstFloat,
    anything else -> ConstPtr.  For a host int as a ref, use ConstPtr."""
    t = type(value)
    if t is int or t is bool:
        return ConstInt(value)
    if t is float:
        return ConstFloat(value)
    return ConstPtr(value)
