"""The op table: its consistency, and what is driven by it."""

import pytest

from tracer.ir import (CALL_BY_KIND, EFFECT_ANY, EFFECT_ELIDABLE, EFFECT_NONE,
                       FLOAT, GETFIELD_BY_KIND, INT, OPS, OPS_BY_NAME, REF, VOID,
                       CallDescr, ConstInt, ExitOp, GuardOp, InputArg, Op,
                       TraceBuilder, dispatch_table, new_op, opinfo, rop)
from tracer.ir import semantics


def test_numbers_names_and_rop():
    assert [info.opnum for info in OPS] == list(range(len(OPS)))
    assert len(OPS_BY_NAME) == len(OPS)
    for info in OPS:
        assert getattr(rop, info.name.upper()) == info.opnum
        assert opinfo(info.name) is info and opinfo(info.opnum) is info
    with pytest.raises(KeyError, match="no IR op named 'int_frob'"):
        opinfo("int_frob")


def test_flags_agree_with_kinds():
    for info in OPS:
        if info.is_guard:
            assert info.result is VOID and not info.is_pure and info.is_exit
        if info.is_comparison:
            assert info.result is INT and info.is_pure
        if info.is_ovf:
            assert info.result is INT and all(k is INT for k in info.arg_kinds)
            assert not info.is_pure and not info.is_removable
        if info.is_call:
            assert info.descr == "call" and info.variadic == "any"
            assert not info.is_removable        # that depends on the descr
        if info.writes_heap:
            assert not info.is_pure and not info.is_removable
        if info.is_commutative:
            assert info.arity == 2 and info.arg_kinds[0] is info.arg_kinds[1]
        if info.is_pure or info.reads_heap or info.is_alloc:
            assert info.has_result
    assert {i.name for i in OPS if i.is_final} == {"jump", "finish"}
    assert {i.name for i in OPS if i.is_exit} == {i.name for i in OPS if i.is_guard} | {"finish"}


def test_kind_maps():
    assert {opinfo(n).result for n in CALL_BY_KIND.values()} == {INT, FLOAT, REF, VOID}
    for kind, opnum in CALL_BY_KIND.items():
        assert OPS[opnum].result is kind
    for kind, opnum in GETFIELD_BY_KIND.items():
        assert OPS[opnum].result is kind and OPS[opnum].descr == "field"


def test_every_op_has_semantics():
    # semantics.py checks itself at import; here: the folder reaches every
    # pure fixed-arity op with a value template
    for info in OPS:
        if info.name in semantics.VALUE and info.arity:
            assert callable(semantics.evaluator(info.opnum))
        if info.name in semantics.EXACT:
            args = (1,) * info.arity
            assert semantics.evaluate_ovf(info.opnum, *args) == (semantics.evaluate(
                OPS_BY_NAME[info.name.replace("_ovf", "")].opnum, *args), False)


def test_ops_are_made_of_the_right_class():
    i0 = InputArg(INT)
    assert type(new_op(rop.INT_ADD, [i0, i0])) is Op
    assert type(new_op(rop.GUARD_TRUE, [i0])) is GuardOp
    assert type(new_op(rop.FINISH, [])) is ExitOp
    assert new_op(rop.INT_LT, [i0, i0]).kind is INT
    assert new_op(rop.SETFIELD, [i0, i0]).kind is VOID
    with pytest.raises(ValueError):
        new_op(rop.INT_ADD, [i0, i0], snapshot=[i0])


def test_removability_of_calls_depends_on_the_effect():
    i0 = InputArg(INT)
    assert new_op(rop.INT_ADD, [i0, i0]).is_removable()
    assert not new_op(rop.SETFIELD, [i0, i0]).is_removable()
    assert not new_op(rop.CALL_I, [i0], CallDescr(abs, None, INT, EFFECT_ANY)).is_removable()
    assert new_op(rop.CALL_I, [i0], CallDescr(abs, None, INT, EFFECT_NONE)).is_removable()
    assert new_op(rop.CALL_PURE_I, [i0], CallDescr(abs, None, INT, EFFECT_ELIDABLE)).is_removable()
    assert not new_op(rop.CALL_N, [i0], CallDescr(print, None, VOID, EFFECT_NONE)).is_removable()


def test_builder_has_a_method_per_op():
    for info in OPS:
        assert callable(getattr(TraceBuilder, info.name))
    b = TraceBuilder()
    (i0,) = b.inputs(INT)
    with pytest.raises(TypeError, match="int_add takes 2 arguments, got 1"):
        b.int_add(i0)
    op = b.int_add(i0, 7)
    assert op.args[1] == ConstInt(7)
    with pytest.raises(ValueError, match="jump without a descr needs a label"):
        b.jump(op)


def test_dispatch_table():
    class Optimizer:
        def optimize_INT_ADD(self, op):
            return "add"

        def optimize_GUARD_TRUE(self, op):
            return "guard"

    table = dispatch_table(Optimizer(), "optimize_", default=None)
    assert len(table) == len(OPS)
    assert table[rop.INT_ADD](None) == "add" and table[rop.GUARD_TRUE](None) == "guard"
    assert table[rop.INT_SUB] is None

    class Misspelled:
        def optimize_INT_ADDD(self, op):
            pass
    with pytest.raises(AttributeError, match="no IR op 'int_addd'"):
        dispatch_table(Misspelled(), "optimize_")


def test_builder_default_snapshot_and_snapshot_mapping():
    from tracer.ir import FlatSnapshot
    b = TraceBuilder()
    i0, i1 = b.inputs(INT, INT)
    b.default_snapshot = lambda: [i0, i1]
    g1 = b.guard_true(i0)
    g2 = b.guard_false(i1, snapshot=[i1, 3])
    b.finish()
    assert g1.snapshot.fail_args == (i0, i1)
    assert g2.snapshot.fail_args == (i1, ConstInt(3))
    swapped = g1.snapshot.map_values(lambda v: i1 if v is i0 else v)
    assert isinstance(swapped, FlatSnapshot) and swapped.fail_args == (i1, i1)
    assert g1.snapshot.fail_args == (i0, i1)           # a copy, not in place
    assert [op.opnum for op in b.build().guards()] == [rop.GUARD_TRUE, rop.GUARD_FALSE]


def test_effects_of_calls_come_from_their_descr():
    i0 = InputArg(INT)
    raising = new_op(rop.CALL_I, [i0], CallDescr(abs, None, INT, EFFECT_ANY))
    quiet = new_op(rop.CALL_I, [i0], CallDescr(abs, None, INT, EFFECT_NONE))
    assert raising.may_raise() and raising.has_side_effects()
    assert not quiet.may_raise() and not quiet.has_side_effects()
    assert not new_op(rop.INT_ADD, [i0, i0]).may_raise()
    assert new_op(rop.SETITEM_LIST, [i0, i0, i0]).has_side_effects()
    assert not new_op(rop.GETITEM_LIST, [i0, i0]).has_side_effects()
