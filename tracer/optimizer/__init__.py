"""The trace optimizer: a chain of passes between recording and the backend.

    optimize(trace, enable_opts, into_loop_label=False) -> trace

`enable_opts` names the passes to run (`tracer.params.ALL_OPTS`): fold,
guards, intbounds, cse, heap, virtualize make the chain, in that order;
unroll peels the loop (preamble + loop, loop-invariant code motion); dce
runs last.  See README.md in this folder.

The result is always a trace the verifier accepts and that exits as the
input would: anything the optimizer cannot do safely falls back (unroll
to a single loop, a trace whose guards contradict each other to the input
trace, and a failure of the optimizer itself to the input trace, unless
PVMX_OPT_STRICT is set, for tests).
"""

import os

from tracer.ir import OPS, InputArg, TargetToken, new_op, rop
from tracer.ir.trace import Trace
from .optimizer import InvalidLoop, Optimizer
from .fold import OptFold
from .guards import OptGuards
from .intbounds import OptIntBounds
from .cse import OptCSE
from .heap import OptHeap
from .virtualize import OptVirtualize
from .dce import eliminate_dead_code
from .short import ShortPreamble

CHAIN = (("fold", OptFold), ("guards", OptGuards), ("intbounds", OptIntBounds),
         ("cse", OptCSE), ("heap", OptHeap), ("virtualize", OptVirtualize))

STRICT = bool(os.environ.get("PVMX_OPT_STRICT"))

__all__ = ["optimize", "optimize_trace", "InvalidLoop", "CHAIN", "count_ops"]


def make_optimizer(opts):
    passes = [cls() for name, cls in CHAIN if name in opts]
    return Optimizer(passes, unbox_in_snapshots="virtualize" in opts)


def optimize(trace, enable_opts=None, strict=None, into_loop_label=False, known=None):
    """The runtime's entry: the optimized trace (the input if optimizing fails).
    `into_loop_label`: a bridge that ends in a jump to a peeled loop enters
    its loop label through the short preamble when it fits (entry traces
    always try; see optimize_linear); `known`: its inputs that are the
    values of loop label arguments (ShortPreamble.enter)."""
    from tracer.params import ALL_OPTS
    opts = frozenset(ALL_OPTS if enable_opts is None else enable_opts)
    strict = STRICT if strict is None else strict
    try:
        result = optimize_trace(trace, opts, into_loop_label, known)
        if strict:
            from tracer.verify import verify_trace
            verify_trace(result)
        return result
    except Exception:
        if strict:
            raise
        return trace


def optimize_trace(trace, opts, into_loop_label=False, known=None):
    ops = trace.ops
    if not ops or not OPS[ops[-1].opnum].is_final:
        return trace
    has_label = ops[0].opnum == rop.LABEL
    body = ops[1:-1] if has_label else ops[:-1]
    if any(op.opnum == rop.LABEL for op in body):
        return trace        # already peeled: left alone
    if "unroll" in opts and has_label and ops[-1].opnum == rop.JUMP \
            and ops[-1].descr is ops[0].descr:
        from .unroll import unroll
        for carry in (True, False):
            try:
                result = unroll(trace, opts, carry_lazy_writes=carry)
            except InvalidLoop:
                continue
            if result is not None:
                return result
    try:
        return optimize_linear(trace, opts, into_loop_label, known)
    except InvalidLoop:
        # guards that contradict each other: one of them always fails, and
        # the trace exits there as recorded
        return trace


def _fresh_start(trace, opt):
    """Fresh inputs (and first label) for the output; the input trace is
    left as it was."""
    inputs = [InputArg(v.kind) for v in trace.inputargs]
    for old, new in zip(trace.inputargs, inputs):
        opt.forward[old] = new
    label = None
    first = trace.ops[0]
    if first.opnum == rop.LABEL:
        token = TargetToken(first.descr.name if first.descr is not None else None)
        label = token.bind(new_op(rop.LABEL, inputs)).label
        if len(first.args) != len(trace.inputargs) or any(
                a is not b for a, b in zip(first.args, trace.inputargs)):
            raise InvalidLoop("a first label whose arguments are not the inputs")
        if first.descr is not None and first.descr.resume is not None:
            token.resume = opt.encode_snapshot(first.descr.resume)
    return inputs, label


def optimize_linear(trace, opts, into_loop_label=False, known=None):
    final = trace.ops[-1]
    # Entry traces (they start at a label) enter a peeled loop at its loop
    # label when its short preamble fits; bridges only when the runtime says
    # so (`into_loop_label`), else they jump to its first label.  Measured:
    # a function's entry trace is run once per call, often with few
    # iterations of its loop after it (mandelbrot: -9% instructions, whole
    # process); a bridge that is another path through one iteration of its
    # loop runs once per iteration it takes, and running the preamble after
    # it cost micro_poly_call 3.5 times its steady state.  A bridge that
    # comes from outside (an outer loop's next turn: spectral_norm) runs
    # once per entry, gains nothing at run time and pays for its copy of
    # the short preamble's guards, whose failures (a fresh iterator where
    # the loop assumes one past its first item) get bridges of their own:
    # spectral_norm +10% instructions, deltablue +6.5%, go +2% when all did.
    enter_short = final.opnum == rop.JUMP \
        and (into_loop_label or trace.ops[0].opnum == rop.LABEL) \
        and isinstance(getattr(final.descr, "short", None), ShortPreamble)
    while True:
        opt = make_optimizer(opts)
        try:
            return _optimize_linear(trace, opts, opt, enter_short, known)
        except _NoShortEntry:
            enter_short = False     # again, from scratch: the replay changed what opt knows
        finally:
            opt.detach()


class _NoShortEntry(Exception):
    pass


def _optimize_linear(trace, opts, opt, enter_short=False, known=None):
    inputs, label = _fresh_start(trace, opt)
    ops = trace.ops
    body = ops[1:-1] if label is not None else ops[:-1]
    if label is not None:
        opt.emit_final(label)
    opt.send_all(body)
    opt.flush()
    final = ops[-1]
    descr = final.descr
    args = [opt.get(a) for a in final.args]
    if label is not None and final.opnum == rop.JUMP and descr is ops[0].descr:
        descr = label.descr
    elif enter_short:
        # into a peeled loop: at its loop label when the short preamble fits
        # (the trace's own writes are done: flushed above)
        entered = descr.short.enter(opt, args, known)
        if entered is None:
            raise _NoShortEntry()
        args, descr = entered, descr.short.target
    opt.emit_final(new_op(final.opnum, args, descr))
    result = Trace(inputs, opt.newops, trace.name)
    if "dce" in opts:
        result = eliminate_dead_code(result)
    return result


def count_ops(trace):
    """(ops, guards) of a trace, not counting labels, jumps, finishes and
    debug_merge_points; for an unrolled loop, of the part after its last
    label (the loop body) as well: {"total": (n, g), "loop": (n, g)}."""
    def count(ops):
        n = g = 0
        for op in ops:
            info = OPS[op.opnum]
            if info.is_label or info.is_final or op.opnum == rop.DEBUG_MERGE_POINT:
                continue
            n += 1
            g += info.is_guard
        return n, g
    ops = trace.ops
    labels = [k for k, op in enumerate(ops) if op.opnum == rop.LABEL]
    start = labels[-1] if labels else 0
    return {"total": count(ops), "loop": count(ops[start:])}
