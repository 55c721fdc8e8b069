"""The trace verifier: is this trace well formed, by the op table?

Checks, for every op: its arguments are defined before it (and, past a
label, are among that label's arguments: a jump rebinds only those), the
number, kinds and constness of its arguments are those of the op table, its
descr is of the table's type and agrees with its kinds, every guard has a
snapshot whose values are defined, a label's resume data names only its
arguments, an overflow-checked op is followed at once by its overflow guard
and a call that may raise by guard_no_exception, and every jump matches its
label's arity and kinds.

    verify_trace(trace)           # raises VerifyError listing every problem
    verify_bridge(guard, bridge)  # and: the bridge's inputs are the guard's fail args
"""

from .ir.descr import CallDescr, FieldDescr, TargetToken
from .ir.kinds import VALUE_KINDS, VOID
from .ir.optable import ANY, GUARD_OVERFLOW_OPS, OPS, rop
from .ir.values import ExitOp, GuardOp, InputArg, Value


class VerifyError(Exception):
    def __init__(self, problems, listing=None):
        self.problems = problems
        text = "\n".join(f"  {p}" for p in problems)
        if listing:
            text += "\nin the trace:\n" + "\n".join(f"  {line}" for line in listing.splitlines())
        super().__init__(f"{len(problems)} problem(s):\n{text}")


class _Verifier:
    def __init__(self, trace):
        self.trace = trace
        self.problems = []
        self._printer = None
        self._listing = None

    @property
    def printer(self):
        # made at the first problem only: printing costs more than checking
        if self._printer is None:
            from .textform.printer import TracePrinter
            self._printer = TracePrinter()
            try:
                self._listing = self._printer.format_trace(self.trace)
            except Exception:   # a trace too broken to print is still reported
                self._listing = None
        return self._printer

    @property
    def listing(self):
        if not self.problems:
            return None
        self.printer
        return self._listing

    def where(self, k):
        op = self.trace.ops[k]
        try:
            return f"op {k} `{self.printer.format_op(op)}`"
        except Exception:
            return f"op {k} ({OPS[op.opnum].name})"

    def problem(self, k, message):
        prefix = self.where(k) + ": " if k is not None else ""
        self.problems.append(prefix + message)

    # -- the checks -----------------------------------------------------------
    def run(self):
        trace = self.trace
        ops = trace.ops
        visible = set()
        for v in trace.inputargs:
            if not isinstance(v, InputArg):
                self.problem(None, f"input {v!r} is not an InputArg")
            elif v.kind not in VALUE_KINDS:
                self.problem(None, f"input {v!r} has kind {v.kind!r}")
            elif v in visible:
                self.problem(None, "an input appears twice")
            visible.add(v)
        if not ops or not OPS[ops[-1].opnum].is_final:
            self.problem(None, "the trace does not end in a jump or finish")
        label_at = {}
        seen = set()
        for k, op in enumerate(ops):
            info = OPS[op.opnum]
            if id(op) in seen:
                self.problem(k, "the same op object appears twice in the trace")
            seen.add(id(op))
            if op.kind is not info.result:
                self.problem(k, f"kind {op.kind!r} is not the table's {info.result!r}")
            if info.is_final and k != len(ops) - 1:
                self.problem(k, f"{info.name} before the end of the trace")
            self.check_args(k, op, info, visible)
            self.check_descr(k, op, info)
            if info.is_guard:
                self.check_guard(k, op, visible)
            elif info.is_exit and not isinstance(op, ExitOp):
                self.problem(k, "an exit op that is not an ExitOp")
            self.check_neighbours(k, op, info)
            if op.opnum == rop.LABEL:
                visible = self.check_label(k, op, label_at)
            elif op.opnum == rop.JUMP:
                self.check_jump(k, op, label_at)
            if info.has_result:
                visible.add(op)
        return self.problems

    def check_args(self, k, op, info, visible):
        args = op.args
        if info.arity is not None and len(args) != info.arity:
            self.problem(k, f"{info.name} takes {info.arity} arguments, has {len(args)}")
            return
        typevar = None
        for i, a in enumerate(args):
            if not isinstance(a, Value):
                self.problem(k, f"argument {i} is not an IR value: {a!r}")
                continue
            if a.kind is VOID:
                self.problem(k, f"argument {i} is the result of a void op")
                continue
            if not a.is_constant and a not in visible:
                self.problem(k, f"argument {i} is not defined here")
            if info.arity is None:
                if info.variadic not in (None, "any") and a.kind is not info.variadic:
                    self.problem(k, f"argument {i} is {a.kind.noun}, "
                                    f"{info.name} wants {info.variadic.name}s")
                continue
            want = info.arg_kinds[i]
            if want is ANY:
                if typevar is None:
                    typevar = a.kind
                elif a.kind is not typevar:
                    self.problem(k, f"argument {i} is {a.kind.noun}, "
                                    f"argument before it {typevar.noun}")
            elif a.kind is not want:
                self.problem(k, f"argument {i} is {a.kind.noun}, "
                                f"{info.name} wants {want.noun}")
            if info.const_args[i] and not a.is_constant:
                self.problem(k, f"argument {i} must be a constant")

    def check_descr(self, k, op, info):
        d = op.descr
        want = info.descr
        if want is None:
            if d is not None and not info.is_guard:
                self.problem(k, f"{info.name} takes no descr")
            return
        if want == "target":
            if not isinstance(d, TargetToken):
                self.problem(k, f"{info.name} needs a TargetToken descr")
        elif want == "field":
            if not isinstance(d, FieldDescr):
                self.problem(k, f"{info.name} needs a FieldDescr")
                return
            kind = op.args[1].kind if op.opnum == rop.SETFIELD and len(op.args) == 2 else op.kind
            if d.kind is not kind:
                self.problem(k, f"field {d.name} is {d.kind.noun}, used as {kind.name}")
        elif want == "call":
            if not isinstance(d, CallDescr):
                self.problem(k, f"{info.name} needs a CallDescr")
                return
            if d.result_kind is not op.kind:
                self.problem(k, f"the callee returns {d.result_kind.name}, "
                                f"{info.name} gives {op.kind.name}")
            if d.arg_kinds is not None:
                got = tuple(a.kind for a in op.args)
                if got != d.arg_kinds:
                    self.problem(k, "call argument kinds (%s) are not the descr's (%s)" % (
                        ", ".join(x.name for x in got),
                        ", ".join(x.name for x in d.arg_kinds)))
            if info.is_pure and not d.effect.elidable:
                self.problem(k, f"{info.name} of a callee that is not elidable")
        elif want == "class":
            if not isinstance(d, type):
                self.problem(k, "new_object needs a class as its descr")
        elif want == "location":
            if d is None:
                self.problem(k, "debug_merge_point needs a location")

    def check_guard(self, k, op, visible):
        if not isinstance(op, GuardOp):
            self.problem(k, "a guard that is not a GuardOp")
            return
        if op.snapshot is None:
            self.problem(k, "guard without a snapshot")
            return
        for i, v in enumerate(op.snapshot.fail_args):
            if not isinstance(v, Value) or v.kind is VOID:
                self.problem(k, f"snapshot value {i} is not a value: {v!r}")
            elif not v.is_constant and v not in visible:
                self.problem(k, f"snapshot value {i} is not defined here")

    def check_neighbours(self, k, op, info):
        ops = self.trace.ops
        prev = ops[k - 1] if k > 0 else None
        nxt = ops[k + 1] if k + 1 < len(ops) else None
        if info.is_ovf and (nxt is None or nxt.opnum not in GUARD_OVERFLOW_OPS):
            self.problem(k, "an overflow-checked op must be followed by "
                            "guard_no_overflow or guard_overflow")
        if op.opnum in GUARD_OVERFLOW_OPS:
            if prev is None or not OPS[prev.opnum].is_ovf:
                self.problem(k, f"{info.name} must follow an overflow-checked op")
            elif (op.opnum == rop.GUARD_NO_OVERFLOW and isinstance(op, GuardOp)
                  and op.snapshot is not None and prev in op.snapshot.fail_args):
                self.problem(k, "the snapshot holds the result that overflowed")
        if info.is_call and isinstance(op.descr, CallDescr) and op.descr.effect.may_raise:
            if nxt is None or nxt.opnum != rop.GUARD_NO_EXCEPTION:
                self.problem(k, "a call that may raise must be followed by guard_no_exception")
        if op.opnum == rop.GUARD_NO_EXCEPTION:
            if prev is None or not OPS[prev.opnum].is_call:
                self.problem(k, "guard_no_exception must follow a call")
            elif (OPS[prev.opnum].has_result and isinstance(op, GuardOp)
                  and op.snapshot is not None and prev in op.snapshot.fail_args):
                self.problem(k, "the snapshot holds the result of the call that raised")

    def check_label(self, k, op, label_at):
        token = op.descr
        if isinstance(token, TargetToken):
            if token.label is not op:
                self.problem(k, "the label's TargetToken is bound to another label")
            if token in label_at:
                self.problem(k, "two labels with one TargetToken")
            label_at[token] = k
        args = op.args
        if any(a.is_constant for a in args if isinstance(a, Value)):
            self.problem(k, "a label's arguments must not be constants")
        if len(set(map(id, args))) != len(args):
            self.problem(k, "a label's arguments must be distinct")
        if k == 0 and (len(args) != len(self.trace.inputargs) or any(
                a is not b for a, b in zip(args, self.trace.inputargs))):
            self.problem(k, "the first label's arguments must be the trace's inputs")
        resume = getattr(token, "resume", None)
        if resume is not None:
            held = set(map(id, args))
            if any(not v.is_constant and id(v) not in held for v in resume.fail_args):
                self.problem(k, "the label's resume data names a value that is not "
                                "among its arguments")
        # past a label, only its arguments are live: a jump back rebinds
        # them and nothing else
        return {a for a in args if isinstance(a, Value)}

    def check_jump(self, k, op, label_at):
        token = op.descr
        if not isinstance(token, TargetToken):
            return
        label = token.label
        if label is None:
            self.problem(k, "jump to a TargetToken that has no label")
            return
        if label in self.trace.ops and token not in label_at:
            self.problem(k, "jump forward to a label later in the trace")
            return
        if len(op.args) != len(label.args):
            self.problem(k, f"jump with {len(op.args)} values to a label of {len(label.args)}")
            return
        for i, (a, b) in enumerate(zip(op.args, label.args)):
            if isinstance(a, Value) and a.kind is not b.kind:
                self.problem(k, f"jump value {i} is {a.kind.noun}, "
                                f"the label's is {b.kind.noun}")


def verify_trace(trace):
    v = _Verifier(trace)
    problems = v.run()
    if problems:
        raise VerifyError(problems, v.listing)


def verify_bridge(guard, bridge):
    """Verify `bridge` as a continuation of `guard`: its inputs receive the
    guard's fail args, one for one and kind for kind."""
    v = _Verifier(bridge)
    problems = v.run()
    fail_args = guard.snapshot.fail_args if getattr(guard, "snapshot", None) else ()
    if len(fail_args) != len(bridge.inputargs):
        problems.append(f"the bridge has {len(bridge.inputargs)} inputs, "
                        f"the guard {len(fail_args)} fail args")
    else:
        for i, (a, b) in enumerate(zip(fail_args, bridge.inputargs)):
            if a.kind is not b.kind:
                problems.append(f"bridge input {i} is {b.kind.noun}, "
                                f"the guard's fail arg {a.kind.noun}")
    if problems:
        raise VerifyError(problems, v.listing)
