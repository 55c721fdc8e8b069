"""Instruction selection: one module per op family.

Each family is a mixin of `emit_<OPNAME>(self, op, k)` methods;
compiler.TraceCompiler combines them, and `dispatch_table` (tracer's op
table) turns the names into the op-number dispatch, so an op name that
does not exist is an error and an op without code is found by
tests/test_backend_ops.py.  A handler returns the index of the last op it
consumed: k, or k + 1 when it emitted the guard after its op too (a
comparison and its guard_true/guard_false, an ovf op and its overflow
guard, a call and its guard_no_exception).

    ints     int64 arithmetic, floor division/modulo, shifts, comparisons
    floats   SSE2 arithmetic, comparisons, conversions
    guards   guards that test a value (class, value, null, int64 range)
    refs     identity, boxes, tuples, lists, fields, new objects
    calls    residual calls: C functions natively, host callables by vectorcall
    base     what they share: reference counting, exits, calls
"""
