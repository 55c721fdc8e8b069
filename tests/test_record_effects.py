"""What the recorder says a residual call may do (its CallDescr's effect):
a builtin operation on values (exact str, bytes, int, float, complex, bool,
None) only computes, so the optimizer keeps its heap knowledge across it,
shares repeated ones and folds them on constants; on anything else it may
do anything."""

import operator

from tracer.ir import rop
from tracer.recording.recorder import Recorder


class Shouting(str):
    """A str subclass: its operations may be dunders of its own."""

    def __lt__(self, other):
        return True


def _record(make):
    rec = Recorder(100)
    make(rec)
    return rec.builder.ops


def _input(rec, value):
    return rec.box_input(value, rec.builder.input("ref"))


def _call(ops):
    (call,) = [op for op in ops if op.opnum in (rop.CALL_R, rop.CALL_I)]
    return call


def test_a_comparison_of_strs_only_computes_and_guards_both_classes():
    ops = _record(lambda rec: rec.binary("lt", operator.lt, _input(rec, "abc"),
                                         _input(rec, "abd")))
    call = _call(ops)
    effect = call.descr.effect
    assert effect.elidable and not effect.writes_heap and not effect.reads_heap
    guarded = [op.args[0] for op in ops[:ops.index(call)] if op.opnum == rop.GUARD_CLASS]
    assert set(guarded) == set(call.args) and all(op.args[1].value is str for op in ops
                                                   if op.opnum == rop.GUARD_CLASS)


def test_operations_on_values_are_elidable_and_on_other_objects_are_not():
    cases = [
        (lambda rec: rec.residual_call(ord, [_input(rec, "A")]), True),
        (lambda rec: rec.residual_call(len, [_input(rec, b"bytes")]), True),
        (lambda rec: rec.residual_call(str, [_input(rec, 2 ** 80)]), True),
        (lambda rec: rec.getitem(_input(rec, "text"), _input(rec, 2)), True),
        (lambda rec: rec.binary("mod", operator.mod, _input(rec, "%s!"), _input(rec, 1.5)), True),
        (lambda rec: rec.truth(_input(rec, "non-empty")), True),
        # a subclass, a container, a callable that is not a builtin operation
        (lambda rec: rec.binary("lt", operator.lt, _input(rec, Shouting("a")),
                                _input(rec, "b")), False),
        (lambda rec: rec.residual_call(len, [_input(rec, {"a": 1})]), False),
        (lambda rec: rec.binary("mod", operator.mod, _input(rec, "%s %s"),
                                _input(rec, (1, 2))), False),
        (lambda rec: rec.residual_call(sorted, [_input(rec, "cba")]), False),
    ]
    for make, pure in cases:
        effect = _call(_record(make)).descr.effect
        assert effect.elidable is pure and effect.writes_heap is not pure, make


class Stack(list):
    """A list subclass: its methods may be the guest's."""


def test_list_append_on_a_list_touches_only_lists():
    ops = _record(lambda rec: rec.residual_call(list.append, [_input(rec, [1, 2]),
                                                             _input(rec, object())]))
    call = _call(ops)
    assert call.descr.effect.lists_only
    assert [op.args[1].value for op in ops if op.opnum == rop.GUARD_CLASS] == [list]
    # a subclass's append may be the guest's; insert's index may be an object
    # with a guest __index__
    for make in (lambda rec: rec.residual_call(list.append, [_input(rec, Stack([1])), 3]),
                 lambda rec: rec.residual_call(list.insert, [_input(rec, [1]), 0, 3])):
        effect = _call(_record(make)).descr.effect
        assert not effect.lists_only and effect.writes_heap


def test_truth_of_a_list_or_tuple_reads_its_length():
    for value, length_op, guard in (([1], rop.LEN_LIST, rop.GUARD_TRUE),
                                    ([], rop.LEN_LIST, rop.GUARD_FALSE),
                                    ((1, 2), rop.LEN_TUPLE, rop.GUARD_TRUE),
                                    ((), rop.LEN_TUPLE, rop.GUARD_FALSE)):
        result = []
        ops = _record(lambda rec: result.append(rec.truth(_input(rec, value))))
        assert result == [bool(value)]
        names = [op.opnum for op in ops]
        assert rop.CALL_I not in names
        assert names == [rop.GUARD_CLASS, length_op, rop.INT_IS_TRUE, guard]
        assert ops[0].args[1].value is type(value)
    # a subclass keeps the call (its __len__ or __bool__ may be the guest's)
    ops = _record(lambda rec: rec.truth(_input(rec, Stack([1]))))
    assert _call(ops).descr.func is bool
