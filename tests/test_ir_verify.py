"""The verifier: what a well-formed trace is, one rule at a time."""

import pytest
from hypothesis import HealthCheck, given, settings

from tracer.ir import (EFFECT_NONE, FLOAT, INT, REF, VOID, CallDescr, ConstInt,
                       FieldDescr, FlatSnapshot, Op, TargetToken, TraceBuilder,
                       new_op, rop)
from tracer.testing import straight_traces
from tracer.textform import parse_trace
from tracer.verify import VerifyError, verify_bridge, verify_trace


def ns():
    return {
        "may_raise": CallDescr(len, (REF,), INT),
        "safe": CallDescr(abs, (INT,), INT, EFFECT_NONE),
        "safe_n": CallDescr(print, None, VOID, EFFECT_NONE),
        "cell_value": FieldDescr("value", INT),
    }


def problems(text, namespace=None):
    trace = parse_trace(text, ns() if namespace is None else namespace)
    try:
        verify_trace(trace)
    except VerifyError as e:
        return e.problems
    return []


def assert_problem(text, fragment):
    found = problems(text)
    assert any(fragment in p for p in found), found


GOOD = [
    """
    [i0, i1, p2]
    i3 = int_lt(i0, i1)
    guard_true(i3) [i0, i1, p2]
    i4 = int_mul_ovf(i0, i0)
    guard_no_overflow() [i0, i1, p2]
    i5 = int_add(i0, 1)
    jump(i5, i1, p2)
    """,
    """
    [p0]
    i1 = call_i(p0, descr=may_raise)
    guard_no_exception() [p0]
    i2 = call_i(i1, descr=safe)
    i3 = getfield_i(p0, descr=cell_value)
    setfield(p0, i2, descr=cell_value)
    call_n(p0, i3, 1.5, descr=safe_n)
    finish(i1, i2)
    """,
    """
    [i0, i1]
    label(i0, i1, descr=pre)
    i2 = int_add_ovf(i0, i1)
    guard_overflow() [i2]
    label(i0, i2, descr=body)
    guard_value(i0, 3) [i0]
    jump(i0, i2)
    """,
    """
    [f0, p1]
    guard_value(f0, -0.0) [f0]
    guard_class(p1, ConstPtr(int)) [p1, 5, NULL]
    p2 = new_tuple(p1, p1)
    finish()
    """,
]


@pytest.mark.parametrize("text", GOOD)
def test_well_formed_traces_pass(text):
    assert problems(text) == []


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(straight_traces())
def test_random_traces_are_well_formed(trace):
    verify_trace(trace)


def test_use_before_definition():
    b = TraceBuilder()
    (i0,) = b.inputs(INT)
    later = Op(rop.INT_ADD, [i0, ConstInt(1)])
    b.emit("int_add", i0, later)
    b.ops.append(later)
    b.finish(later)
    with pytest.raises(VerifyError, match="argument 1 is not defined here"):
        verify_trace(b.build())


def test_values_do_not_cross_a_label():
    assert_problem("""
    [i0, i1]
    label(i0, i1, descr=a)
    i2 = int_add(i0, i1)
    label(i0, descr=b)
    i3 = int_add(i0, i1)
    jump(i3)
    """, "argument 1 is not defined here")


def test_argument_kinds():
    assert_problem("[i0, f1]\ni2 = int_add(i0, f1)\nfinish()",
                   "argument 1 is a float, int_add wants an int")
    assert_problem("[i0, f1]\nguard_value(i0, 1.5) [i0]\nfinish()",
                   "argument 1 is a float, argument before it an int")
    assert_problem("[i0]\np1 = new_tuple(i0)\nfinish()", "wants refs")


def test_constant_arguments_where_the_table_says_so():
    assert_problem("[i0, i1]\nguard_value(i0, i1) [i0]\nfinish()",
                   "argument 1 must be a constant")
    assert_problem("[p0, p1]\nguard_class(p0, p1) [p0]\nfinish()",
                   "argument 1 must be a constant")


def test_guards_need_a_snapshot_of_defined_values():
    assert_problem("[i0]\nguard_true(i0)\nfinish()", "guard without a snapshot")
    b = TraceBuilder()
    (i0,) = b.inputs(INT)
    stray = Op(rop.INT_NEG, [i0])
    b.guard_true(i0, snapshot=[i0, stray])
    b.finish()
    with pytest.raises(VerifyError, match="snapshot value 1 is not defined here"):
        verify_trace(b.build())


def test_overflow_ops_and_their_guards():
    assert_problem("[i0]\ni1 = int_add_ovf(i0, 1)\nfinish(i1)",
                   "must be followed by guard_no_overflow or guard_overflow")
    assert_problem("[i0]\ni1 = int_add_ovf(i0, 1)\ni2 = int_add(i1, 1)\n"
                   "guard_no_overflow() [i0]\nfinish(i1)",
                   "guard_no_overflow must follow an overflow-checked op")
    assert_problem("[i0]\ni1 = int_add_ovf(i0, 1)\nguard_no_overflow() [i1]\nfinish(i1)",
                   "the snapshot holds the result that overflowed")


def test_calls_that_may_raise_and_exception_guards():
    assert_problem("[p0]\ni1 = call_i(p0, descr=may_raise)\nfinish(i1)",
                   "must be followed by guard_no_exception")
    assert_problem("[p0]\nguard_no_exception() [p0]\nfinish()",
                   "guard_no_exception must follow a call")
    assert_problem("[p0]\ni1 = call_i(p0, descr=may_raise)\n"
                   "guard_no_exception() [i1]\nfinish(i1)",
                   "the snapshot holds the result of the call that raised")


def test_call_descr_agrees_with_the_op():
    assert_problem("[i0]\nf1 = call_f(i0, descr=safe)\nfinish()",
                   "the callee returns int, call_f gives float")
    assert_problem("[f0]\ni1 = call_i(f0, descr=safe)\nfinish()",
                   "call argument kinds (float) are not the descr's (int)")
    assert_problem("[i0]\ni1 = call_pure_i(i0, descr=safe)\nfinish()",
                   "call_pure_i of a callee that is not elidable")


def test_field_descr_kinds():
    namespace = ns()
    namespace["cell_value"] = FieldDescr("value", INT)
    trace = parse_trace("[p0, i1]\nsetfield(p0, i1, descr=cell_value)\nfinish()", namespace)
    trace.ops[0].args[1] = trace.ops[0].args[0]          # now a ref into an int field
    with pytest.raises(VerifyError, match="field value is an int, used as ref"):
        verify_trace(trace)


def test_jumps_match_their_label():
    assert_problem("[i0, i1]\nlabel(i0, i1)\njump(i0)", "jump with 1 values to a label of 2")
    assert_problem("[i0, f1]\nlabel(i0, f1)\njump(i0, 1)",
                   "jump value 1 is an int, the label's is a float")
    namespace = ns()
    parse_trace("[f0]\nlabel(f0, descr=other)\njump(f0)", namespace)
    assert_problem_ns = problems("[i0]\njump(i0, descr=other)", namespace)
    assert any("jump value 0 is an int, the label's is a float" in p for p in assert_problem_ns)


def test_labels():
    assert_problem("[i0, i1]\nlabel(i1, i0)\njump(i1, i0)",
                   "the first label's arguments must be the trace's inputs")
    assert_problem("[i0]\nlabel(i0, descr=a)\nlabel(i0, i0, descr=b)\njump(i0, i0)",
                   "a label's arguments must be distinct")
    b = TraceBuilder()
    (i0,) = b.inputs(INT)
    b.label(i0)
    b.emit("label", i0, 5)
    b.jump(i0, 5)
    with pytest.raises(VerifyError, match="must not be constants"):
        verify_trace(b.build())


def test_token_bound_elsewhere_and_unbound_tokens():
    b = TraceBuilder()
    (i0,) = b.inputs(INT)
    label = b.label(i0)
    b.jump(i0, descr=TargetToken("never_bound"))
    with pytest.raises(VerifyError, match="jump to a TargetToken that has no label"):
        verify_trace(b.build())
    label.descr.label = None
    b.ops[-1].descr = label.descr
    with pytest.raises(VerifyError, match="bound to another label"):
        verify_trace(b.build())


def test_structure_of_the_trace():
    b = TraceBuilder()
    (i0,) = b.inputs(INT)
    b.int_add(i0, 1)
    with pytest.raises(VerifyError, match="does not end in a jump or finish"):
        verify_trace(b.build())
    b.finish()
    b.ops.insert(1, new_op(rop.FINISH, []))
    with pytest.raises(VerifyError, match="finish before the end of the trace"):
        verify_trace(b.build())
    b = TraceBuilder()
    (i0,) = b.inputs(INT)
    op = b.int_add(i0, 1)
    b.ops.append(op)
    b.finish(op)
    with pytest.raises(VerifyError, match="the same op object appears twice"):
        verify_trace(b.build())


def test_void_results_are_not_values():
    b = TraceBuilder()
    (p0,) = b.inputs(REF)
    nothing = b.setitem_list(p0, 0, p0)
    b.finish(nothing)
    with pytest.raises(VerifyError, match="argument 0 is the result of a void op"):
        verify_trace(b.build())


def test_descr_types():
    b = TraceBuilder()
    (p0,) = b.inputs(REF)
    b.getfield_r(p0, descr="not a field")
    b.new_object(descr=len)
    b.int_add(1, 2, descr=FieldDescr("x"))
    b.finish()
    with pytest.raises(VerifyError) as info:
        verify_trace(b.build())
    text = "\n".join(info.value.problems)
    assert "getfield_r needs a FieldDescr" in text
    assert "new_object needs a class" in text
    assert "int_add takes no descr" in text


def test_error_lists_every_problem_with_the_trace():
    with pytest.raises(VerifyError) as info:
        verify_trace(parse_trace("[i0, f1]\ni2 = int_add(i0, f1)\nguard_true(i2)\nfinish()"))
    e = info.value
    assert len(e.problems) == 2
    assert "op 0 `i2 = int_add(i0, f1)`" in e.problems[0]
    assert "in the trace:\n  [i0, f1]\n  i2 = int_add(i0, f1)" in str(e)


def test_bridges_take_the_guards_fail_args():
    loop = parse_trace("[i0, f1]\nguard_true(i0) [f1, i0]\nfinish()")
    guard = loop.ops[0]
    verify_bridge(guard, parse_trace("[f0, i1]\nfinish(i1)"))
    with pytest.raises(VerifyError, match="the bridge has 1 inputs, the guard 2 fail args"):
        verify_bridge(guard, parse_trace("[f0]\nfinish()"))
    with pytest.raises(VerifyError, match="bridge input 0 is an int, the guard's fail arg a float"):
        verify_bridge(guard, parse_trace("[i0, i1]\nfinish()"))


def test_snapshot_protocol_is_all_the_verifier_needs():
    class TwoFrames:
        def __init__(self, outer, inner):
            self.outer, self.inner = outer, inner

        @property
        def fail_args(self):
            return tuple(self.outer) + tuple(self.inner)

        def format(self, name_of):
            return " | ".join(", ".join(map(name_of, f)) for f in (self.outer, self.inner))

    b = TraceBuilder()
    i0, f1 = b.inputs(INT, FLOAT)
    b.guard_true(i0, snapshot=FlatSnapshot([i0]))
    g = b.guard_false(i0, snapshot=FlatSnapshot([]))
    g.snapshot = TwoFrames([i0], [f1, ConstInt(3)])
    b.finish()
    trace = b.build()
    verify_trace(trace)
    assert "guard_false(i0) [i0 | f1, 3]" in str(trace)
