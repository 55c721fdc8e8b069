"""The optimizer never changes results: random traces (tracer/testing.py)
run on the executor before and after optimization exit by the same guard
with the same values, with every pass on and with each one off."""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tracer.ir import FLOAT, INT
from tracer.optimizer import optimize
from tracer.optimizer.testing import assert_same_behaviour, tag_guards
from tracer.params import ALL_OPTS
from tracer.testing import straight_traces, values_of

OPT_SETS = [ALL_OPTS] + [tuple(o for o in ALL_OPTS if o != off) for off in ALL_OPTS] \
    + [(name,) for name in ALL_OPTS]


@st.composite
def trace_and_inputs(draw, max_ops=16):
    trace = tag_guards(draw(straight_traces(max_ops=max_ops)))
    args = draw(values_of([v.kind for v in trace.inputargs]))
    return trace, args


def _check(trace, args, opts):
    result = optimize(trace, opts, strict=True)
    assert_same_behaviour(trace, result, args)


@pytest.mark.parametrize("opts", OPT_SETS, ids=lambda o: ":".join(o) or "none")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=trace_and_inputs())
def test_straight_traces_keep_their_exits(opts, data):
    trace, args = data
    _check(trace, args, opts)


def test_a_guard_that_always_fails_leaves_the_trace_as_recorded():
    # found by the test above: with fold off, intbounds learns from the
    # guard that i1 < i1, and the trace cannot be optimized
    from tracer.textform import parse_trace
    trace = parse_trace("""
        [f0]
        i1 = float_lt(0.0, f0)
        i2 = int_ge(i1, i1)
        guard_false(i2) [1000]
        finish(i1, i2, f0)
    """)
    for opts in OPT_SETS:
        _check(trace, (0.0,), opts)
        _check(trace, (1.5,), opts)


@pytest.mark.slow
@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=trace_and_inputs(max_ops=40))
def test_straight_traces_keep_their_exits_long(data):
    trace, args = data
    _check(trace, args, ALL_OPTS)


@st.composite
def counting_loops(draw):
    """A loop over ints: a counter with a bound, plus random arithmetic on
    loop-carried values, all of it jumping back."""
    from tracer.ir import TraceBuilder, ConstInt
    b = TraceBuilder()
    n_carried = draw(st.integers(1, 3))
    i, n, *vals = b.inputs(INT, INT, *([INT] * n_carried))
    b.label(i, n, *vals)
    live = [i, n] + vals
    c = b.int_lt(i, n)
    b.guard_true(c, snapshot=[ConstInt(1000)] + live)
    i2 = b.int_add_ovf(i, 1)
    b.guard_no_overflow(snapshot=[ConstInt(1001)] + live)
    new_vals = []
    for k, v in enumerate(vals):
        other = draw(st.sampled_from(live))
        op = draw(st.sampled_from(["int_add_ovf", "int_mul_ovf", "int_sub_ovf", "int_xor",
                                   "int_and", "keep"]))
        if op == "keep":
            new_vals.append(v)
            continue
        r = b.emit(op, v, other)
        if op.endswith("_ovf"):
            b.guard_no_overflow(snapshot=[ConstInt(1002 + k)] + live)
        new_vals.append(r)
    order = draw(st.permutations(list(range(len(new_vals)))))
    b.jump(i2, n, *[new_vals[k] for k in order])
    trace = b.build()
    args = draw(st.tuples(st.integers(-5, 5), st.integers(-5, 40),
                          *[st.integers(-(1 << 62), 1 << 62) | st.integers(-9, 9)
                            for _ in vals]))
    return trace, args


@pytest.mark.parametrize("opts", [ALL_OPTS, tuple(o for o in ALL_OPTS if o != "intbounds"),
                                  ("unroll",), ("unroll", "dce")],
                         ids=lambda o: ":".join(o))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=counting_loops())
def test_loops_keep_their_exits(opts, data):
    trace, args = data
    _check(trace, args, opts)
