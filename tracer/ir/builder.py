"""Building a trace in code: `TraceBuilder`, one method per op of the table.

    b = TraceBuilder()
    i0, i1 = b.inputs(INT, INT)
    b.label(i0, i1)
    i2 = b.int_lt(i0, i1)
    b.guard_true(i2, snapshot=[i0, i1])
    i3 = b.int_add(i0, 1)               # plain ints/floats become constants
    b.jump(i3, i1)
    trace = b.build()

A label gets a fresh TargetToken unless given one; a jump without a descr
goes to the builder's last label.  Arguments are checked against the op
table's arity here; kinds are the verifier's job.
"""

from collections.abc import Sequence

from .descr import TargetToken
from .optable import OPS, OPS_BY_NAME, rop
from .snapshot import FlatSnapshot, Snapshot
from .trace import Trace
from .values import ConstFloat, ConstInt, GuardOp, InputArg, Op, Value, new_op


def as_value(x):
    """An IR value for `x`; Python ints and floats become constants."""
    if isinstance(x, Value):
        return x
    t = type(x)
    if t is int or t is bool:
        return ConstInt(x)
    if t is float:
        return ConstFloat(x)
    raise TypeError(f"not an IR value: {x!r} (wrap host objects in ConstPtr)")


def as_snapshot(s):
    if s is None or isinstance(s, Snapshot):
        return s
    if isinstance(s, Sequence):
        return FlatSnapshot(as_value(v) for v in s)
    raise TypeError(f"not a snapshot: {s!r}")


class TraceBuilder:
    def __init__(self, name=None, default_snapshot=None):
        self.name = name
        self.inputargs = []
        self.ops = []
        self.last_label = None
        # used by guards given no snapshot: a Snapshot, a list of values, or
        # a callable returning either (e.g. the recorder's frame state)
        self.default_snapshot = default_snapshot

    def input(self, kind):
        arg = InputArg(kind)
        self.inputargs.append(arg)
        return arg

    def inputs(self, *kinds):
        return [self.input(k) for k in kinds]

    def emit(self, op, *args, descr=None, snapshot=None):
        """Append op (opnum or name) to the trace and return it."""
        info = OPS[op] if isinstance(op, int) else OPS_BY_NAME[op]
        plain = _PLAIN_METHODS[info.opnum]
        if plain is not None:
            return plain(self, *args, descr=descr, snapshot=snapshot)
        # a label, a jump, a finish or a call (none is a guard)
        args = [as_value(a) for a in args]
        if info.arity is not None and len(args) != info.arity:
            raise TypeError(f"{info.name} takes {info.arity} arguments, got {len(args)}")
        result = new_op(info.opnum, args, descr, as_snapshot(snapshot))
        if info.opnum == rop.LABEL:
            (descr or TargetToken()).bind(result)
            self.last_label = result
        elif info.opnum == rop.JUMP and descr is None:
            if self.last_label is None:
                raise ValueError("jump without a descr needs a label before it")
            result.descr = self.last_label.descr
        self.ops.append(result)
        return result

    def build(self):
        return Trace(self.inputargs, self.ops, self.name)


def _through_emit(info):
    """A label binds its token, a jump finds its label, and a recording
    builder watches the calls it emits: these ops are built by emit()."""
    return info.is_label or info.is_final or info.is_call


def _make_method(opnum, name):
    info = OPS[opnum]
    if _through_emit(info):
        def method(self, *args, descr=None, snapshot=None):
            return self.emit(opnum, *args, descr=descr, snapshot=snapshot)
    else:
        # every other op is built here, emit() included, with the table's
        # answers for it looked up once: the recorder builds every op of
        # every trace through these (deltablue: a tenth of the time it
        # spends recording)
        arity, is_guard = info.arity, info.is_guard
        make = GuardOp if is_guard else Op

        def method(self, *args, descr=None, snapshot=None):
            args = [a if isinstance(a, Value) else as_value(a) for a in args]
            if arity is not None and len(args) != arity:
                raise TypeError(f"{name} takes {arity} arguments, got {len(args)}")
            if is_guard:
                if snapshot is None:
                    snapshot = self.default_snapshot
                    if callable(snapshot):
                        snapshot = snapshot()
                result = make(opnum, args, descr, as_snapshot(snapshot))
            elif snapshot is not None:
                raise ValueError(f"{name} is not a guard and takes no snapshot")
            else:
                result = make(opnum, args, descr)
            self.ops.append(result)
            return result
    method.__name__ = name
    method.__qualname__ = f"TraceBuilder.{name}"
    method.__doc__ = f"Append `{name}` and return it."
    return method


# opnum -> the per-op method emit() hands the op to, None for the ops
# emit() builds itself
_PLAIN_METHODS = []
for _info in OPS:
    if hasattr(TraceBuilder, _info.name):
        raise AssertionError(f"op name {_info.name!r} clashes with a TraceBuilder method")
    _method = _make_method(_info.opnum, _info.name)
    setattr(TraceBuilder, _info.name, _method)
    _PLAIN_METHODS.append(None if _through_emit(_info) else _method)
del _info, _method
