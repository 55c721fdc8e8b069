"""Loop peeling with loop-invariant code motion (LuaJIT's loop
optimization, in PyPy's two-label form).

The loop body is optimized twice with one optimizer state: first as the
*preamble* (iteration 1), then as the *peeled loop* (iterations 2, 3, ...)
with its inputs renamed to the preamble's jump values.  Everything the
preamble learned holds at the loop's start, so in the peeled loop the
pure ops and loads on loop-invariant values are found by CSE and the heap
cache (computed once, in the preamble), the guards on them are known and
go, and boxes the preamble passed on virtually are read in place:

    label(inputs)           preamble: iteration 1, all the guards
    ...
    label(live-ins)         the loop: what changes
    ...
    jump(next values)

The loop label's arguments are the preamble values the loop uses (its
*live-ins*).  Each preamble value v is the value of some original op o in
iteration 1 (o is v's *origin*); in the loop, v means "o's value in the
previous iteration", so the jump passes the loop's value of o (LuaJIT's
PHIs).  A value with no origin, or whose origins disagree in the loop,
stops the peeling.

What the peeled loop assumed about its live-ins must hold again at its
jump, for the next iteration.  Checked: integer ranges, classes,
non-nullness and unboxed values of the next values; virtual structure of
the jump's virtual values; and the writes the heap pass delayed across
the loop's start (pending writes: not to objects the iteration allocated),
which must be pending, to the same field of the next object, at the jump
too.  When any check fails the
driver tries again without carrying delayed writes over the loop start,
and then without peeling.
"""

from tracer.ir import INT, OPS, REF, TargetToken, new_op, rop
from .optimizer import InvalidLoop
from .short import NoShortPreamble, build as build_short, folded_from_constants, known_boxes


class _Fail(Exception):
    pass


def unroll(trace, opts, carry_lazy_writes=True):
    from . import make_optimizer
    opt = make_optimizer(opts)
    try:
        return _unroll(trace, opts, carry_lazy_writes, opt)
    finally:
        opt.detach()


def _unroll(trace, opts, carry_lazy_writes, opt):
    from . import _fresh_start
    from .dce import eliminate_dead_code
    inputs, label = _fresh_start(trace, opt)
    ops = trace.ops
    body = ops[1:-1]
    jump = ops[-1]

    # -- iteration 1: the preamble -------------------------------------------------------
    opt.emit_final(label)
    opt.send_all(body)
    heap = opt.heap
    if heap is not None:
        # writes to objects the iteration allocated are done within it:
        # see force_lazy_on_fresh_objects
        if carry_lazy_writes:
            heap.force_lazy_on_fresh_objects()
        else:
            heap.force_all_lazy()
    j1 = [opt.get(a) for a in jump.args]
    preamble_ops = opt.newops
    originals = list(trace.inputargs) + [o for o in body if OPS[o.opnum].has_result]
    origins = {}
    for o in originals:
        v = opt.get(o)
        if not v.is_constant:
            origins.setdefault(v, []).append(o)
    saved_bounds = {v: b.copy() for v, b in opt.bounds.items()}
    saved_ptrs = {v: info.copy() for v, info in opt.ptrinfos.items()}
    head_pending = heap.pending_writes() if heap is not None else []
    defined = set(inputs)
    defined.update(op for op in preamble_ops if OPS[op.opnum].has_result)

    # -- iterations 2, 3, ...: the peeled loop ---------------------------------------------
    opt.newops = []
    opt.in_copy = True
    for old, value in zip(trace.inputargs, j1):
        opt.forward[old] = value
    # the header's state at the loop's start, in preamble values: its
    # values are live-ins, so that the loop label can resume it (TargetToken)
    first = trace.ops[0].descr
    header = first.resume if first is not None else None
    resume = opt.encode_snapshot(header) if header is not None else None
    dropped_before = heap.dropped_writes if heap is not None else 0
    # what the peeled iteration makes of each recorded value, as it meets it
    # (a later guard may make it a constant: that is not assumed at the
    # label), for short.py
    resolved = [(ia, opt.get(ia), False) for ia in trace.inputargs]
    boxed = known_boxes(opt, resolved)
    opt.original_ops = body
    in_loop = set()         # what the peeled iteration has emitted so far
    consulted = set()       # the values its ops took as arguments
    for k, o in enumerate(body):
        opt.position = k
        mark = len(opt.newops)
        consulted.update(opt.get(a) for a in o.args)
        opt.send(o)
        in_loop.update(opt.newops[mark:])
        if OPS[o.opnum].has_result:
            made = opt.get(o)
            resolved.append((o, made, folded_from_constants(opt, o, made)
                             or _decided_in_loop(opt, o, in_loop)))
    dropped = heap is not None and heap.dropped_writes > dropped_before
    j2 = [opt.get(a) for a in jump.args]

    carry = _Carry(opt, origins, saved_ptrs)
    next_of, match = carry.next_of, carry.match

    try:
        # delayed writes pending at the loop start must be pending at its end
        if heap is not None:
            end_pending = {d: (opt.get(obj), opt.get(val)) for d, (obj, val, _) in heap.lazy.items()}
            for obj, descr, value in head_pending:
                e = end_pending.pop(descr, None)
                if e is None or not match(obj, e[0], set()) or not match(value, e[1], set()):
                    raise _Fail("a delayed write does not carry over")
            for descr in end_pending:
                heap.force_lazy(descr)
        # the jump's virtuals have the preamble's shape
        for k, (a, b) in enumerate(zip(j1, j2)):
            info = saved_ptrs.get(a) if a.kind is REF and not a.is_constant else None
            if info is not None and info.is_virtual and not match(a, b, set()):
                raise _Fail("virtual shape changes")
        # live-ins and their next values
        liveins = {}
        scanned = 0
        work = []

        def scan():
            nonlocal scanned
            newops = opt.newops
            while scanned < len(newops):
                for v in _uses(newops[scanned]):
                    if v in defined and v not in liveins:
                        liveins[v] = None
                        work.append(v)
                scanned += 1

        scan()
        if resume is not None:
            for v in resume.fail_args:
                if not v.is_constant and v in defined and v not in liveins:
                    liveins[v] = None
                    work.append(v)
        while work:
            x = work.pop(0)
            n = next_of(x)
            if n.kind is REF and opt.is_virtual(n):
                n = opt.force(n)
                scan()
            if not n.is_constant and n in defined and n not in liveins:
                liveins[n] = None
                work.append(n)
            liveins[x] = n
        # what the loop assumed about its live-ins holds for the next values
        for x, n in liveins.items():
            _check_facts(opt, x, n, saved_bounds, saved_ptrs, next_of)
    except (_Fail, InvalidLoop):
        return None

    loop_ops = opt.newops
    order = {v: k for k, v in enumerate(inputs)}
    for op in preamble_ops:
        order.setdefault(op, len(order))
    liveins = {x: liveins[x] for x in sorted(liveins, key=order.__getitem__)}
    name = label.descr.name
    token = TargetToken(f"{name} [loop]" if name else "loop")
    token.resume = resume
    label2 = token.bind(new_op(rop.LABEL, list(liveins))).label
    try:
        label.descr.short = build_short(opt, trace, body, resolved, boxed, dropped,
                                        list(liveins), saved_bounds, saved_ptrs, token, consulted)
    except NoShortPreamble as e:
        label.descr.short = str(e)
    jump2 = new_op(rop.JUMP, [liveins[x] for x in liveins], token)
    from tracer.ir.trace import Trace
    result = Trace(inputs, preamble_ops + [label2] + loop_ops + [jump2], trace.name)
    if "dce" in opts:
        result = eliminate_dead_code(result)
    return result


def _decided_in_loop(opt, o, in_loop):
    """Is `o` a constant because of a value the peeled iteration computed
    (a comparison that a guard of the loop body decided before `o`)?  Then
    the loop's own guard makes it so on any entry, and a short preamble
    need not."""
    fwd = opt.forward
    v = fwd.get(o)
    while v is not None and not v.is_constant:
        if v in in_loop or v in opt.decided_in_loop:
            return True
        v = fwd.get(v)
    return False


class _Carry:
    """How values at a loop's start (preamble values) map to the values a
    trace has at its jump back: each preamble value is the value of its
    *origins* (original ops) one iteration earlier."""

    def __init__(self, opt, origins, saved_ptrs):
        self.opt, self.origins, self.saved_ptrs = opt, origins, saved_ptrs

    def next_of(self, v):
        opt = self.opt
        os_ = self.origins.get(v)
        if not os_:
            raise _Fail("a live value with no origin")
        first = opt.get(os_[0])
        for o in os_[1:]:
            other = opt.get(o)
            if other is not first and not (other.is_constant and other == first):
                raise _Fail("origins disagree")
        return first

    def match(self, head, end, memo):
        """Does `end` (at the jump) stand for `head` (at the loop start) one
        iteration later?"""
        opt = self.opt
        end = opt.get(end)
        if head.is_constant:
            return end.is_constant and end == head
        hinfo = self.saved_ptrs.get(head) if head.kind is REF else None
        if hinfo is not None and hinfo.is_virtual:
            if (id(head), id(end)) in memo:
                return True
            memo.add((id(head), id(end)))
            einfo = opt.ptrinfos.get(end)
            if einfo is None or not einfo.is_virtual or einfo.kind != hinfo.kind \
                    or einfo.known_class is not hinfo.known_class \
                    or set(einfo.fields) != set(hinfo.fields):
                return False
            return all(self.match(opt.get(hinfo.fields[k]), einfo.fields[k], memo)
                       for k in hinfo.fields)
        nxt = self.next_of(head)
        return nxt is end or (nxt.is_constant and end.is_constant and nxt == end)


def _uses(op):
    for a in op.args:
        if not a.is_constant:
            yield a
    snapshot = getattr(op, "snapshot", None)
    if snapshot is not None:
        for v in snapshot.fail_args:
            if not v.is_constant:
                yield v


def _check_facts(opt, x, n, saved_bounds, saved_ptrs, next_of):
    if x.kind is INT:
        sb = saved_bounds.get(x)
        if sb is None or sb.is_unbounded():
            return
        if n.is_constant:
            ok = sb.contains(n.value)
        else:
            ok = sb.contains_bound(opt.getintbound(n))
        if not ok:
            raise _Fail("integer range not kept")
        return
    if x.kind is not REF:
        return
    si = saved_ptrs.get(x)
    if si is None:
        return
    if si.known_class is not None and opt.known_class(n) is not si.known_class:
        raise _Fail("class not kept")
    if si.nonnull and not opt.known_nonnull(n):
        raise _Fail("non-null not kept")
    if si.unboxed is not None:
        u = opt.get(si.unboxed)
        if n.is_constant:
            ok = u.is_constant and u.value == n.value
        else:
            info = opt.ptrinfos.get(n)
            nu = None if info is None or info.unboxed is None else opt.get(info.unboxed)
            want = u if u.is_constant else next_of(u)
            ok = nu is not None and (nu is want or (nu.is_constant and nu == want))
        if not ok:
            raise _Fail("unboxed value not kept")
