"""Test support for the optimizer (imported by tests only).

    check(before, after, opts)      optimize the text trace `before` with the
                                    passes `opts` and compare with `after`
                                    (texts, up to renaming), then run both on
                                    the executor on `inputs` and compare
    run_trace(trace, args)          (exit tag, rebuilt values) of one run
    same_behaviour(a, b, args)      both traces exit alike on args

Exits are compared through their resume data: `rebuild_values` gives what
the unoptimized exit would have handed out (virtuals materialized, pending
writes done), and the first fail arg of a guard can be a tag constant that
names it (`tag_guards`).
"""

import copy
import math

from tracer.executor import Executor
from tracer.ir import NULL, ConstInt, OPS, float_to_bits
from tracer.params import ALL_OPTS
from tracer.resume import rebuild_values
from tracer.textform import assert_same_trace, format_trace, parse_trace
from . import optimize


def opt_text(before, opts=ALL_OPTS, ns=None):
    ns = {} if ns is None else ns
    return optimize(parse_trace(before, ns), opts, strict=True), ns


def check(before, after, opts=ALL_OPTS, ns=None, inputs=None):
    ns = {} if ns is None else ns
    original = parse_trace(before, ns)
    result = optimize(original, opts, strict=True)
    assert_same_trace(result, after, ns)
    if inputs is not None:
        for args in inputs:
            assert_same_behaviour(original, result, args)
    return result


def run_trace(trace, args, max_iterations=1000):
    """(how it left, what it handed out, the inputs afterwards), all as
    comparable structures."""
    ex = Executor()
    compiled = ex.compile(trace)
    n, values = ex.run(compiled, list(args), max_iterations=max_iterations)
    if n < 0:
        return ("cap", None, None)
    op = ex.exits[n]
    if OPS[op.opnum].is_guard:
        out = ("guard", rebuild_values(op.snapshot, values))
    else:
        out = ("finish", list(values))
    return out[0], structure(out[1]), structure(list(args))


def structure(x, memo=None):
    """x as nested tuples that compare by content: objects by their slots,
    floats by their bits (nan == nan, 0.0 != -0.0)."""
    memo = {} if memo is None else memo
    t = type(x)
    if t is float:
        return ("float", float_to_bits(x) if x == x else "nan")
    if t in (int, bool, str, type(None)) or x is NULL:
        return (t.__name__, x)
    if id(x) in memo:
        return ("seen", memo[id(x)])
    memo[id(x)] = len(memo)
    if t in (list, tuple):
        return (t.__name__, tuple(structure(y, memo) for y in x))
    slots = []
    for k in t.__mro__:
        s = k.__dict__.get("__slots__", ())
        slots.extend((s,) if isinstance(s, str) else s)
    return (t.__name__, tuple((n, structure(getattr(x, n, None), memo)) for n in slots))


def assert_same_behaviour(original, optimized, args):
    # each run on its own copy of the inputs (a run may write into them);
    # args may be a function making them
    make = args if callable(args) else (lambda: copy.deepcopy(args))
    r1 = run_trace(original, make())
    r2 = run_trace(optimized, make())
    if r1[0] == "cap" or r2[0] == "cap":
        return
    assert r1 == r2, (f"different exits on {args}: {r1} vs {r2}\n--- original:\n"
                      f"{format_trace(original)}\n--- optimized:\n{format_trace(optimized)}")


def tag_guards(trace):
    """Give every guard's FlatSnapshot a first fail arg naming the guard, so
    that exits can be compared by which guard was taken."""
    from tracer.ir import FlatSnapshot
    k = 0
    for op in trace.ops:
        if OPS[op.opnum].is_guard and isinstance(op.snapshot, FlatSnapshot):
            op.snapshot = FlatSnapshot((ConstInt(1000 + k),) + tuple(op.snapshot.fail_args))
            k += 1
    return trace
