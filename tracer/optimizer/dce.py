"""Dead code elimination: the last step, on the whole output trace.

An op goes if it has a result nobody uses and `op.is_removable()` (pure,
heap reads, allocations, calls without effects).  Guards, writes, calls
with effects, overflow-checked ops (they live with their guard) stay.
Uses are arguments and guards' fail args (so resume data keeps what it
needs).  In an unrolled loop, a parameter of the loop label that only
feeds its own next value (a dead loop-carried value) goes too, with its
jump argument: liveness is a fixpoint over the loop; the label's own resume
data (TargetToken.resume) counts as a use in the loop.
"""

from tracer.ir import OPS, Trace, rop


def _uses(op):
    uses = [a for a in op.args if not a.is_constant]
    snapshot = getattr(op, "snapshot", None)
    if snapshot is not None:
        uses += [v for v in snapshot.fail_args if not v.is_constant]
    return uses


def eliminate_dead_code(trace):
    ops = trace.ops
    if not ops:
        return trace
    final = ops[-1]
    inner = None
    labels = [k for k, op in enumerate(ops) if op.opnum == rop.LABEL]
    if final.opnum == rop.JUMP and labels and labels[-1] > 0 \
            and ops[labels[-1]].descr is final.descr:
        inner = labels[-1]
    params = list(ops[inner].args) if inner is not None else []
    # what the loop label's resume data names is used at every back-edge
    resume = ops[inner].descr.resume if inner is not None else None
    at_label = {v for v in resume.fail_args if not v.is_constant} if resume else set()
    # what each op uses, once: the fixpoint walks the ops several times
    uses = [None if OPS[op.opnum].is_label else _uses(op) for op in ops]
    live_params = set()
    while True:
        live = set()
        loop_uses = set()
        keep = [False] * len(ops)
        keep[-1] = True
        if final.opnum == rop.JUMP and inner is not None:
            for p, a in zip(params, final.args):
                if p in live_params and not a.is_constant:
                    live.add(a)
                    loop_uses.add(a)
        else:
            live.update(uses[-1])
        loop_uses |= at_label
        for k in range(len(ops) - 2, -1, -1):
            op = ops[k]
            used = uses[k]
            if used is None:        # a label
                keep[k] = True
                if k == inner:
                    live.update(p for p in params if p in live_params)
                else:
                    live.update(op.args)
                continue
            if op not in live and OPS[op.opnum].has_result and op.is_removable():
                continue
            keep[k] = True
            live.update(used)
            if inner is not None and k > inner:
                loop_uses.update(used)
        if inner is None:
            break
        new_live = {p for p in params if p in loop_uses}
        if new_live == live_params:
            break
        live_params = new_live
    out = [op for k, op in enumerate(ops) if keep[k]]
    if inner is not None and len(live_params) != len(params):
        label = ops[inner]
        keep_idx = [i for i, p in enumerate(params) if p in live_params]
        label.args = [params[i] for i in keep_idx]
        final.args = [final.args[i] for i in keep_idx]
    return Trace(trace.inputargs, out, trace.name)
