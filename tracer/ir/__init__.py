"""The IR: op table, values, descrs, snapshots, traces, exit numbers.

Everything a client needs is importable from here:

    from tracer.ir import TraceBuilder, rop, INT, FLOAT, REF, ConstInt, ...
"""

from .builder import TraceBuilder, as_snapshot, as_value
from .descr import (EFFECT_ANY, EFFECT_ELIDABLE, EFFECT_ELIDABLE_CAN_RAISE, EFFECT_LISTS_ONLY,
                    EFFECT_NONE, AssemblerCallDescr, CallDescr, Descr, DictItemDescr, EffectInfo, FieldDescr,
                    NamedDescr, TargetToken, TextLocation)
from .exits import ExitTable, default_exit_table
from .kinds import FLOAT, INT, REF, VALUE_KINDS, VOID, Kind
from .optable import (ANY, CALL_BY_KIND, CALL_PURE_BY_KIND, GETFIELD_BY_KIND,
                      OPS, OPS_BY_NAME, SAME_AS_BY_KIND, OpInfo,
                      dispatch_table, opinfo, rop)
from .snapshot import FlatSnapshot, Snapshot
from .trace import Trace
from .values import (CONST_FALSE, CONST_NULL, CONST_TRUE, INT64_MAX,
                     INT64_MIN, NULL, Const, ConstFloat, ConstInt, ConstPtr,
                     ExitOp, GuardOp, InputArg, Op, Value, bits_to_float,
                     const, float_to_bits, new_op)

__all__ = [
    "ANY", "AssemblerCallDescr", "CALL_BY_KIND", "CALL_PURE_BY_KIND", "CONST_FALSE", "CONST_NULL",
    "CONST_TRUE", "CallDescr", "Const", "ConstFloat", "ConstInt", "ConstPtr",
    "Descr", "DictItemDescr", "EFFECT_ANY", "EFFECT_ELIDABLE", "EFFECT_ELIDABLE_CAN_RAISE",
    "EFFECT_LISTS_ONLY", "EFFECT_NONE", "EffectInfo", "ExitOp", "ExitTable", "FLOAT", "FieldDescr",
    "FlatSnapshot", "GETFIELD_BY_KIND", "GuardOp", "INT", "INT64_MAX",
    "INT64_MIN", "InputArg", "Kind", "NULL", "NamedDescr", "OPS",
    "OPS_BY_NAME", "Op", "OpInfo", "REF", "SAME_AS_BY_KIND", "Snapshot",
    "TargetToken", "TextLocation", "Trace", "TraceBuilder", "VALUE_KINDS",
    "VOID", "Value", "as_snapshot", "as_value", "bits_to_float", "const",
    "default_exit_table", "dispatch_table", "float_to_bits", "new_op", "opinfo", "rop",
]
