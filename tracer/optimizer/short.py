"""Short preambles: how an entry trace or a bridge enters a peeled loop at its loop label.

A peeled loop has two labels (unroll.py): the first takes the loop's
inputs (the interpreter frame's values, boxed) and runs the preamble, a
whole iteration with every guard; the second, the *loop label*, takes the
live-ins, the preamble values the loop body uses (unboxed floats, invariant
loads, ...), about which the body assumes what the preamble established.
A function's entry trace, run once per call, that jumps to the first label
runs the preamble on every call: unboxing what it had unboxed itself,
guarding classes it knows, reading again what it has just read.  PyPy
instead ends such a trace with a *short preamble*: just the ops that make
the loop label's arguments out of the first label's, and guards for what
the loop assumes of them.  A bridge that is another path through one
iteration of the loop (it never left the loop: the runtime says so) runs
once per iteration it takes, and enters the same way; other bridges jump
to the first label (see `optimize_linear` for why).

Each live-in x stands for what some recorded op o (or input) gives in the
iteration the loop label starts: when the peeled iteration was optimized,
o's result was replaced by x (a field of a virtual the preamble passed on,
a load the heap cache kept, a pure op CSE found), which the optimizer can
only do when o's value is that of x whatever the iteration does before o.
So o, and the ops it depends on, evaluated on the values the trace would
pass to the first label, give that entry's x: the short preamble replays
them through the trace's own optimizer, where most of them fold away (the
trace knows its classes and unboxed values).  Only reads, pure arithmetic
and elidable calls are replayed (a checked op gets its overflow guard
unless the ranges prove it needless), never a write, another call or a
recorded guard;
what made them safe in the recorded iteration (the class
of an object read, the class of a box unboxed, the length of a container
read at an index) and what the loop assumes of its live-ins (range, class,
non-null, unboxed value: what unroll checks at the loop's own back-edge;
a constant it read from a field), the trace either knows or gets as guards
with the loop header's resume data: failing one is as if the trace had
jumped to the first label and the preamble had failed.

It applies (`build`) only when everything the loop relies on is covered:

- every live-in has such an op (or is an input passed as it is, or the
  value of an input box);
- every recorded op the peeled iteration replaced by a constant it did not
  fold from constants, nor decide by a guard of its own before it (a
  list's index below its length, the iterator's test having passed), is
  replayed too, and gives that constant (a comparison: or one the entry's
  ranges decide; a field's value: or is guarded to it); ops replaced by
  the same live-in give the same value;
- what the loop knew of a live-in none of its ops took as an argument (an
  object only its resume data holds) is not asked of the entry: it cannot
  have decided anything but how resume data describes that value;
- the peeled iteration dropped no write as redundant (that relied on the
  field holding what the preamble wrote).

Otherwise (`enter` returns None) the trace is optimized again and jumps to
the first label.
"""

from tracer.ir import INT, OPS, REF, ConstInt, ConstPtr, new_op, rop
from tracer.ir.descr import DictItemDescr

from .info import MAX, MIN
from .intbounds import INT_COMPARISONS, decide
from .optimizer import InvalidLoop

# Recorded ops a short preamble may evaluate ahead of the iteration: they
# read or compute without failing, given the classes guarded before them.
_REPLAYABLE = frozenset(getattr(rop, name.upper()) for name in (
    "int_add", "int_sub", "int_mul", "int_and", "int_or", "int_xor", "int_neg", "int_invert",
    "int_lt", "int_le", "int_gt", "int_ge", "int_eq", "int_ne", "uint_lt", "uint_le",
    "uint_gt", "uint_ge", "int_is_true", "int_is_zero",
    "float_add", "float_sub", "float_mul", "float_neg", "float_abs",
    "float_sqrt",
    "float_lt", "float_le", "float_gt", "float_ge", "float_eq", "float_ne",
    "cast_int_to_float", "ptr_eq", "ptr_ne",
    "unbox_int", "unbox_float", "getfield_i", "getfield_f", "getfield_r",
    "len_list", "len_tuple", "getitem_list", "getitem_tuple",
    # elidable calls: pure, and they cannot fail (hints.elidable_call's contract)
    "call_pure_i", "call_pure_f", "call_pure_r",
    # checked arithmetic: a guard_no_overflow to the loop header is added
    # unless the trace's ranges prove it cannot overflow (micro_poly_call's
    # `(x & 31) + 2`, invariant in the inner loop)
    "int_add_ovf", "int_sub_ovf", "int_mul_ovf") if hasattr(rop, name.upper()))
_UNBOX = {rop.UNBOX_INT: int, rop.UNBOX_FLOAT: float}
_UNBOX_OF = {cls: opnum for opnum, cls in _UNBOX.items()}
_READS = frozenset((rop.GETFIELD_R, rop.GETITEM_LIST, rop.GETITEM_TUPLE))
_PURE_CALLS = frozenset((rop.CALL_PURE_I, rop.CALL_PURE_F, rop.CALL_PURE_R))
# items: the class of the container, and the op that gives its length
_ITEMS = {rop.GETITEM_LIST: (list, rop.LEN_LIST), rop.GETITEM_TUPLE: (tuple, rop.LEN_TUPLE)}
_LENGTHS = {rop.LEN_LIST: list, rop.LEN_TUPLE: tuple}
# A constant the loop took for granted is guarded when it is what a field
# held (a class's version tag, a global, a range's step): other constants
# (what the frame holds, the outcome of a comparison) differ between the
# paths into the loop more often than not, and each trace's guard would
# fail and get bridges of its own (go, when bridges entered too: 70 -> 412
# bridges when all were guarded).
_FIELD_READS = frozenset((rop.GETFIELD_I, rop.GETFIELD_R))


def _guardable(original):
    """May the short preamble guard that `original` (a recorded op) has the
    value the loop took for granted?  A field's value, or the unboxed value
    of one (a constant the loop read), a list's length (a generator's
    stack where it yields), and whether an object is a given constant
    (`frame is None` of an elidable call's result, which the loop shares
    with the preamble, where a guard decided it): values that stay as they
    are from one entry to the next."""
    opnum = getattr(original, "opnum", None)
    if opnum == rop.UNBOX_INT:
        opnum = getattr(original.args[0], "opnum", None)
    elif opnum in (rop.PTR_EQ, rop.PTR_NE):
        return any(a.is_constant for a in original.args)
    return opnum in _FIELD_READS or opnum in _LENGTHS


class ShortPreamble:
    """Set on a peeled loop's first TargetToken (`short`) by unroll.  Keyed
    by the loop label's arguments as unroll made them (dead code
    elimination may drop some afterwards: `enter` passes those left)."""

    __slots__ = ("inputargs", "header", "ops", "unboxes", "recipes", "checks", "facts",
                 "target", "_pure")

    def __init__(self, inputargs, header, ops, unboxes, recipes, checks, facts, target):
        self.inputargs = inputargs      # the recorded trace's inputs
        self.header = header            # their resume data at the loop header, or None
        self.ops = ops                  # (recorded op, class its object argument must have)
        self.unboxes = unboxes          # (input or read, class, its unbox op): live-ins' values
        self.recipes = recipes          # live-in -> the input or op that makes it
        self.checks = checks            # (recorded value, a constant or a live-in)
        self.facts = facts              # live-in -> (bound, class, nonnull, unboxed live-in)
        self.target = target            # the loop label's TargetToken
        self._pure = None               # _pure_recipes, made once

    def size(self):
        """The recorded ops it replays (and unboxes), for the trace log."""
        return len(self.ops) + len(self.unboxes)

    def enter(self, opt, args, known=None):
        """Replay the short preamble in `opt` (an entry trace's optimizer, at
        its end, its writes flushed) on `args` (what the trace would pass
        to the first label): the loop label's arguments, or None: then what
        `opt` knows has changed (a guard added here made a value a
        constant), and the trace is optimized again without it.

        `known`: loop label arguments the loop passes on unchanged, mapped
        to the trace's values for them (a bridge's inputs: what its guard's
        resume data held).  A label argument an elidable call makes is taken
        from there rather than called again when the call's arguments
        replay to the known values of theirs: the call would give it back
        (max()'s usual path, a bridge, called `guest_frame_of` per item)."""
        for ia, v in zip(self.inputargs, args):
            opt.forward[ia] = opt.get(v)
        known = {x: opt.get(v) for x, v in (known or {}).items()}
        mark = len(opt.newops)
        virtuals = [(v, info) for v, info in opt.ptrinfos.items() if info.is_virtual]
        in_copy = opt.in_copy
        opt.in_copy = True          # a guard that always fails: InvalidLoop
        try:
            ok = all(self._replay(opt, op, cls, known) for op, cls in self.ops) \
                and all(self._replay(opt, op, cls, known) for _, cls, op in self.unboxes)
            if ok:
                values = {x: opt.get(r) for x, r in self.recipes.items()}
                ok = self._holds(opt, values)
        except InvalidLoop:
            ok = False
        finally:
            opt.in_copy = in_copy
        # (reads and arithmetic only: nothing written, nothing forced)
        if not ok or any(op.opnum == rop.SETFIELD for op in opt.newops[mark:]) \
                or any(opt.ptrinfos.get(v) is not info for v, info in virtuals):
            return None
        return [values[x] for x in self.target.label.args]

    def _guard(self, opt, opnum, *args):
        """A guard the short preamble adds, failing to the loop header."""
        opt.send(new_op(opnum, list(args), None, self.header))

    def _guard_class(self, opt, v, cls):
        """Make sure `v` is a `cls`: known, or guarded (False: cannot be)."""
        if v.is_constant:
            return type(v.value) is cls
        if opt.known_class(v) is cls:
            return True
        if self.header is None:
            return False
        self._guard(opt, rop.GUARD_CLASS, v, ConstPtr(cls))     # (fails on NULL too)
        return True

    def _replay(self, opt, op, cls, known):
        if known and op.opnum in _PURE_CALLS and self._from_known(opt, op, known):
            return True
        if cls is not None and not self._guard_class(opt, opt.get(op.args[0]), cls):
            return False
        items = _ITEMS.get(op.opnum)
        if items is not None and not self._in_range(opt, op, items[1]):
            return False
        box = _UNBOX.get(op.opnum)
        if box is int:
            v = opt.get(op.args[0])
            info = opt.ptrinfo(v)
            if not (v.is_constant or (info is not None and (
                    info.is_virtual or info.unboxed is not None))):
                if self.header is None:
                    return False
                self._guard(opt, rop.GUARD_INT64, v)    # not beyond int64
        mark = len(opt.newops)
        opt.send(op)
        if OPS[op.opnum].is_ovf and any(o.info.is_ovf for o in opt.newops[mark:]):
            if self.header is None:
                return False
            opt.send(new_op(rop.GUARD_NO_OVERFLOW, [], None, self.header))
        return True

    def _from_known(self, opt, op, known):
        """`op`, an elidable call, is the recipe of a known label argument,
        and its arguments are known ones' values: that value (enter)."""
        made = self._pure_recipes().get(op)
        if made is None:
            return False
        x, ys = made
        if x not in known or not all(y in known and opt.get(a) is known[y]
                                     for a, y in zip(op.args, ys)):
            return False
        opt.forward[op] = known[x]
        return True

    def _pure_recipes(self):
        """elidable call recipe -> (its label argument, the label arguments
        its arguments are the recipes of)."""
        if self._pure is None:
            by_recipe = {r: x for x, r in self.recipes.items()}
            self._pure = {o: (x, [by_recipe[a] for a in o.args])
                          for x, o in self.recipes.items()
                          if getattr(o, "opnum", None) in _PURE_CALLS
                          and all(a in by_recipe for a in o.args)}
        return self._pure

    def _in_range(self, opt, op, length_op):
        """Make sure the container of an item read at a constant index (an
        unpacking, say) has that item: known, or guarded.  (An item at a
        variable index is not replayed: its range guard would be the loop's
        exit test, failing in every trace that enters at the last item.)"""
        index = opt.get(op.args[1])
        if not index.is_constant or index.value < 0 or self.header is None:
            return False
        length = new_op(length_op, [op.args[0]])
        opt.send(length)
        cond = new_op(rop.INT_GT, [length, index])
        opt.send(cond)
        self._guard(opt, rop.GUARD_TRUE, cond)      # (folds away when known)
        return True

    def _holds(self, opt, values):
        """Do the loop's assumptions hold for `values`?  What the trace
        does not know of their classes, non-nullness and ranges, and of a
        constant the loop read from a field, guards added here make sure
        of; another constant the loop took for granted must be one here
        (a comparison: or one those ranges decide, so they come first)."""
        get = opt.get
        for x, (bound, cls, nonnull, unboxed) in self.facts.items():
            n = values[x]
            if bound is not None:
                if n.is_constant:
                    if not bound.contains(n.value):
                        return False
                elif not bound.contains_bound(opt.getintbound(n)):
                    if self.header is None:
                        return False
                    self._bound(opt, n, bound)
            if cls is not None:
                if not self._guard_class(opt, n, cls):
                    return False
            elif nonnull and not opt.known_nonnull(n):
                if n.is_constant or self.header is None:
                    return False
                self._guard(opt, rop.GUARD_NONNULL, n)
            if unboxed is not None:
                want = values[unboxed]
                info = opt.ptrinfo(n)
                got = None if info is None or info.unboxed is None else get(info.unboxed)
                if got is not want and not (got is not None and got.is_constant
                                            and want.is_constant and got == want):
                    return False
        for original, want in self.checks:
            got = get(original)
            if want.is_constant:
                if got.is_constant:
                    if got != want:
                        return False
                elif not (want.kind is INT and (opt.getintbound(got).is_constant()
                          and opt.getintbound(got).lo == want.value
                          or getattr(got, "opnum", None) in INT_COMPARISONS and decide(opt, got) == want.value)):
                    if self.header is None or want.kind not in (INT, REF) \
                            or not _guardable(original):
                        return False
                    self._guard(opt, rop.GUARD_VALUE, got, want)
            elif got is not values[want]:
                return False
        return True

    def _bound(self, opt, n, bound):
        """Guards that `n` lies in `bound`."""
        have = opt.getintbound(n)
        for opnum, limit, needed in ((rop.INT_GE, bound.lo, bound.lo > MIN and have.lo < bound.lo),
                                     (rop.INT_LE, bound.hi, bound.hi < MAX and have.hi > bound.hi)):
            if needed:
                cond = new_op(opnum, [n, ConstInt(limit)])
                opt.send(cond)
                self._guard(opt, rop.GUARD_TRUE, cond)


class NoShortPreamble(Exception):
    """Why a peeled loop has no short preamble (the trace log shows it)."""


def _name(v):
    return OPS[v.opnum].name if hasattr(v, "opnum") else "an input"


def build(opt, trace, body, resolved, boxed, dropped, liveins, saved_bounds, saved_ptrs,
          target, consulted):
    """The loop's short preamble, when it covers what the loop relies on;
    else NoShortPreamble, with the reason.  `resolved`: (recorded value,
    what the peeled iteration made of it as it met it, whether that is a
    constant folded from constants) for the inputs and the body's ops with
    a result; `boxed`: (input, class, value) for the inputs that are boxes
    the peeled iteration knows the value of; `dropped`: whether it left out
    a write; `liveins`: the loop label's arguments."""
    if dropped:
        raise NoShortPreamble("the loop leaves out a write as redundant")
    live = set(liveins)
    recipes = {}
    checks = []
    for original, made, folded in resolved:
        if folded or not (made.is_constant or made in live):
            continue                # true on any entry; or the loop's own value
        if not made.is_constant:
            recipes.setdefault(made, original)
        checks.append((original, made))
    unboxes = []
    for ia, cls, value in boxed:
        if value in live and value not in recipes:
            op = new_op(_UNBOX_OF[cls], [ia])
            recipes[value] = op
            unboxes.append((ia, cls, op))
    # a live-in that is only the unboxed value of an object a recorded read
    # gave (a generator's local its previous step wrote, which the loop
    # passes on unboxed): that read, unboxed
    for original, made, folded in resolved:
        if folded or made.is_constant or made.kind is not REF \
                or getattr(original, "opnum", None) not in _READS:
            continue
        info = opt.ptrinfos.get(made)
        if info is None or info.unboxed is None or info.known_class not in (int, float):
            continue
        value = opt.get(info.unboxed)
        if value in live and value not in recipes:
            op = new_op(_UNBOX_OF[info.known_class], [original])
            recipes[value] = op
            unboxes.append((original, info.known_class, op))
    missing = [x for x in liveins if x not in recipes]
    if missing:
        raise NoShortPreamble(f"no op makes {_name(missing[0])}, a loop label argument")
    # the recorded ops to evaluate, with what they depend on, in their order
    in_body = {o: k for k, o in enumerate(body)}
    needed = set()
    work = [o for o, _ in checks if o in in_body]
    work += [o for o, _, _ in unboxes if o in in_body]     # (inputs are not)
    while work:
        o = work.pop()
        if o in needed:
            continue
        if o.opnum not in _REPLAYABLE:
            raise NoShortPreamble(f"a loop label argument needs {OPS[o.opnum].name}")
        needed.add(o)
        work.extend(a for a in o.args if a in in_body)
    ops = []
    for o in sorted(needed, key=in_body.__getitem__):
        cls = _UNBOX.get(o.opnum)
        if o.opnum in _ITEMS and not opt.get(o.args[1]).is_constant:
            raise NoShortPreamble(f"{OPS[o.opnum].name} at a variable index")  # _in_range
        if OPS[o.opnum].descr == "field" or o.opnum in _LENGTHS or o.opnum in _ITEMS:
            cls = _object_class(opt, o, needed)
            if cls is False:
                raise NoShortPreamble(f"{OPS[o.opnum].name} of an object of unknown class")
        ops.append((o, cls))
    facts = {}
    for x in liveins:
        # What the loop knew of a live-in that none of its ops took as an
        # argument (one only its resume data holds: the object a local held
        # before the iteration rebinds it) cannot have decided anything but
        # how resume data describes it (`unboxed`): entering does not need
        # it (micro_poly_call's bridges, each with a `shape` of its own class).
        used = x in consulted
        bound = cls = unboxed = None
        nonnull = False
        sb = saved_bounds.get(x)
        if used and sb is not None and not sb.is_unbounded():
            bound = sb.copy()
        si = saved_ptrs.get(x)
        if si is not None:
            if used:
                cls, nonnull = si.known_class, si.nonnull
            u = None if si.unboxed is None else opt.get(si.unboxed)
            if u is not None and u in live:
                unboxed = u                 # (else the loop never uses it)
        facts[x] = (bound, cls, nonnull, unboxed)
    first = trace.ops[0].descr
    header = first.resume if first is not None else None
    return ShortPreamble(list(trace.inputargs), header, ops, unboxes, recipes, checks, facts,
                         target)


def _object_class(opt, o, needed):
    """The class to make sure of before replaying `o`, a read of an object:
    None when nothing is needed (a constant, the `__dict__` an instance
    read gave), False when it is not known."""
    arg = o.args[0]
    obj = opt.get(arg)
    if obj.is_constant:
        return None
    if type(o.descr) is DictItemDescr and arg in needed \
            and getattr(arg.descr, "name", None) == "__dict__":
        return None
    cls = opt.known_class(obj)
    if cls is None:
        cls = _LENGTHS.get(o.opnum) or _ITEMS.get(o.opnum, (None,))[0] \
            or getattr(o.descr, "owner", None)      # a field of that class's instances
    return cls if isinstance(cls, type) else False


def known_boxes(opt, resolved):
    """(input, class, value) for the inputs that the peeled iteration knows
    as int or float boxes of a known value: a virtual box the preamble
    passed on, or a box it unboxed."""
    boxed = []
    for ia, made, _ in resolved:
        info = opt.ptrinfos.get(made) if made.kind is REF and not made.is_constant else None
        if info is None:
            continue
        if info.is_virtual:
            if info.kind == "box":
                boxed.append((ia, info.known_class, opt.get(info.fields[None])))
        elif info.unboxed is not None and info.known_class in (int, float):
            boxed.append((ia, info.known_class, opt.get(info.unboxed)))
    return boxed


def folded_from_constants(opt, original, made):
    """Is `made`, the peeled iteration's value of `original`, a constant that
    a pure op computed from constants (true on any entry)?"""
    return made.is_constant and OPS[original.opnum].is_pure and all(
        opt.get(a).is_constant for a in original.args)
