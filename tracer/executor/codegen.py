"""Trace -> Python source -> functions: the executor's "assembler".

Each entry point of a trace (its start, and each label) becomes one Python
function `_entry(_args)` that runs straight-line code over local variables
and returns `(stub, values)` when control leaves it: through a guard or
finish (the stub of that exit), through a jump to a label it does not
contain (the stub of that label), or at the iteration cap.  A jump to a
label inside the function is a `while True` loop, so a loop runs without
leaving its function; the trampoline in executor.py only runs when control
passes between a loop and its bridges.

Op meanings come from tracer/ir/semantics.py.  Done here, because they need
a descr or the op next to them:

    a comparison whose result only feeds the guard_true/guard_false after
      it becomes the guard's test (its 0/1 value is never made);
    an ovf op and the overflow guard right after it become one check;
    a call that may raise and the guard_no_exception right after it become
      try/except: the exception is kept for Executor.grab_exception();
    getfield/setfield read and write the named attribute (or the dict item);
    new_object calls cls.__new__(cls) (no __init__);
    calls call descr.func with the op's arguments.
"""

import collections
import itertools
import keyword
import linecache
import math

from ..ir.descr import DictItemDescr, NullableFieldDescr
from ..ir.kinds import FLOAT, INT
from ..ir.optable import OPS, rop
from ..ir.semantics import (CONDITION, EFFECT, EXACT, GUARDS_AFTER_OP, HELPERS,
                            OVERFLOWED, VALUE, expand, guard_fails_template, has_finalizer)


# back-edges of a loop between two looks for other threads (a power of two)
THREAD_CHECK = 1 << 14


class CodegenError(Exception):
    pass


class Stub:
    """Where control goes when generated code returns it.

    `cont` is the function to continue in (a bridge, a label's entry) or
    None to leave the executor with exit `number`.  Attaching a bridge sets
    `cont`, as the backend patches a guard's jump.
    """

    __slots__ = ("cont", "number", "target")

    def __init__(self, number, target, cont=None):
        self.number = number
        self.target = target        # the exit op, or a TargetToken
        self.cont = cont

    def __repr__(self):
        return f"<Stub exit={self.number} target={self.target!r} cont={self.cont}>"


_serial = itertools.count()


class FunctionWriter:
    """Generates the source of one trace's entry functions.

    `stubs` is the executor's side: exit_stub(op), label_stub(token),
    cap_stub(token), and `state` (the run state the code counts into).
    """

    def __init__(self, trace, stubs):
        self.trace = trace
        self.stubs = stubs
        self.ns = dict(HELPERS)
        self.ns["_st"] = stubs.state
        self._bound = {}
        self.names = {}
        for n, v in enumerate(itertools.chain(
                trace.inputargs, (op for op in trace.ops if OPS[op.opnum].has_result))):
            self.names[v] = f"v{n}"
        self.label_index = {op.descr: k for k, op in enumerate(trace.ops)
                            if op.opnum == rop.LABEL}
        self.uses = collections.Counter()
        for op in trace.ops:
            self.uses.update(a for a in op.args if not a.is_constant)
            snapshot = getattr(op, "snapshot", None)
            if snapshot is not None:
                self.uses.update(v for v in snapshot.fail_args if not v.is_constant)
        self.lines = []
        self.depth = 0

    # -- helpers -----------------------------------------------------------
    def emit(self, line):
        self.lines.append("    " * self.depth + line)

    def bind(self, obj, prefix="_k"):
        """A global name in the generated module for a host object."""
        key = id(obj)
        name = self._bound.get(key)
        if name is None:
            name = self._bound[key] = f"{prefix}{len(self._bound)}"
            self.ns[name] = obj
        return name

    def value(self, v):
        if v.is_constant:
            return self.constant(v)
        try:
            return self.names[v]
        except KeyError:
            raise CodegenError(f"value {v!r} is not defined in this trace") from None

    def constant(self, c):
        if c.kind is INT:
            return f"({c.value})" if c.value < 0 else str(c.value)
        if c.kind is FLOAT:
            x = c.value
            if math.isfinite(x) and not (x == 0.0 and math.copysign(1.0, x) < 0):
                return f"({x!r})" if x < 0 else repr(x)
            return self.bind(x, "_fk")      # inf, nan (its bits kept), -0.0
        return self.bind(c.value)

    def values_tuple(self, values):
        items = [self.value(v) for v in values]
        if len(items) == 1:
            return f"({items[0]},)"
        return "(" + ", ".join(items) + ")"

    def exit_to(self, stub, values):
        return f"return ({self.bind(stub, '_x')}, {self.values_tuple(values)})"

    # -- one function per entry point ---------------------------------------
    def entry_function(self, start):
        """Source of the function entered at ops[start] (a label), or at
        the trace's start if start is -1."""
        ops = self.trace.ops
        params = self.trace.inputargs if start < 0 else ops[start].args
        self.lines = []
        self.depth = 0
        self.emit("def _entry(_args):")
        self.depth = 1
        if params:
            self.emit(", ".join(self.value(p) for p in params) + ", = _args")
        final = ops[-1] if ops else None
        if final is None or not OPS[final.opnum].is_final:
            raise CodegenError("the trace does not end in a jump or finish")
        head = None
        if final.opnum == rop.JUMP:
            j = self.label_index.get(final.descr)
            if j is not None and j >= start:
                head = j
        if head is None:
            self.emit_ops(start + 1, len(ops) - 1)
            self.emit_leave(final)
        else:
            self.emit_ops(start + 1, head)
            self.emit("_it = 0")
            self.emit("_lim = _st.budget()")
            self.emit("try:")
            self.depth += 1
            self.emit("while True:")
            self.depth += 1
            self.emit_ops(head + 1, len(ops) - 1)
            self.emit_loop_back(final, ops[head])
            self.depth -= 2
            self.emit("finally:")
            self.emit("    _st.iterations += _it")
        return "\n".join(self.lines) + "\n"

    def emit_ops(self, begin, end):
        ops = self.trace.ops
        k = begin
        while k < end:
            k = self.emit_op(ops, k)

    def emit_loop_back(self, jump, label):
        token = label.descr
        self.emit("_it += 1")
        # every so many iterations, leave when the program has other threads:
        # they may have written what the loop keeps in its variables (as
        # backend_x86's poll does when it releases the GIL)
        self.emit(f"if _it == _lim or _st.signalled or not _it & {THREAD_CHECK - 1} "
                  "and _st.other_threads(): "
                  + self.exit_to(self.stubs.cap_stub(token), jump.args))
        if label.args:
            targets = ", ".join(self.value(v) for v in label.args)
            self.emit(f"{targets}, = {self.values_tuple(jump.args)}")

    def emit_leave(self, final):
        if final.opnum == rop.FINISH:
            self.emit(self.exit_to(self.stubs.exit_stub(final), final.args))
            return
        token = final.descr
        self.emit("_st.iterations += 1")
        self.emit("if _st.iterations == _st.cap_at or _st.signalled: "
                  + self.exit_to(self.stubs.cap_stub(token), final.args))
        self.emit(self.exit_to(self.stubs.label_stub(token), final.args))

    # -- ops ----------------------------------------------------------------
    def emit_op(self, ops, k):
        """Emit ops[k] (and the guard it is fused with); return the next k."""
        op = ops[k]
        info = OPS[op.opnum]
        name = info.name
        args = [self.value(a) for a in op.args]
        r = self.names.get(op)
        nxt = ops[k + 1] if k + 1 < len(ops) else None

        if (info.is_comparison and nxt is not None and self.uses[op] == 1
                and nxt.opnum in (rop.GUARD_TRUE, rop.GUARD_FALSE) and nxt.args[0] is op):
            # the 0/1 result only feeds this guard: test the condition itself
            cond = CONDITION[name].format(*args)
            if nxt.opnum == rop.GUARD_TRUE:
                cond = f"not ({cond})"
            self.emit(f"if {cond}: "
                      + self.exit_to(self.stubs.exit_stub(nxt), nxt.exit_values()))
            return k + 2
        if op.opnum == rop.SETITEM_LIST:
            # the item it replaces may run code when freed: held (RunState)
            self.emit(f"_st.drop({args[0]}[{args[1]}])")
        if name in VALUE:
            self.emit_lines(expand(VALUE[name], r, args))
        elif name in EFFECT:
            self.emit_lines(expand(EFFECT[name], r, args))
        elif info.is_guard:
            self.emit_guard(op, args)
        elif info.is_ovf:
            return self.emit_ovf(op, r, args, nxt, k)
        elif info.is_call:
            return self.emit_call(op, r, args, nxt, k)
        elif op.opnum in (rop.GETFIELD_I, rop.GETFIELD_F, rop.GETFIELD_R):
            attr = op.descr.name
            if isinstance(op.descr, (DictItemDescr, NullableFieldDescr)):
                self.emit(f"{r} = {self.bind(op.descr, '_d')}.read({args[0]})")
            elif self.plain_attribute(attr):
                self.emit(f"{r} = {args[0]}.{attr}")
            else:
                self.emit(f"{r} = getattr({args[0]}, {attr!r})")
        elif op.opnum == rop.SETFIELD:
            attr = op.descr.name
            if isinstance(op.descr, DictItemDescr):
                self.emit(f"{self.bind(op.descr, '_d')}.write({args[0]}, {args[1]})")
            else:
                self.emit(f"_st.drop_field({args[0]}, {attr!r})")
                if self.plain_attribute(attr):
                    self.emit(f"{args[0]}.{attr} = {args[1]}")
                else:
                    self.emit(f"setattr({args[0]}, {attr!r}, {args[1]})")
        elif op.opnum == rop.NEW_OBJECT:
            cls = self.bind(op.descr, "_cls")
            self.emit(f"{r} = {cls}.__new__({cls})")
            if has_finalizer(op.descr):
                self.emit(f"_st.hold({r})")
        elif op.opnum == rop.DEBUG_MERGE_POINT:
            self.emit("# " + " ".join(str(op.descr).split()))
        elif op.opnum == rop.LABEL:
            pass    # its arguments already are the variables the code uses
        elif info.is_final:
            raise CodegenError(f"{name} before the end of the trace")
        else:
            raise CodegenError(f"no code for {name}")
        return k + 1

    def emit_lines(self, text):
        for line in text.split("\n"):
            self.emit(line)

    @staticmethod
    def plain_attribute(name):
        return name.isidentifier() and not keyword.iskeyword(name)

    def emit_guard(self, op, args):
        name = OPS[op.opnum].name
        if name in GUARDS_AFTER_OP:
            # not right after its op (the verifier rejects that): an
            # overflow guard then sees no overflow, an exception guard no
            # exception, exactly what the hardware flag/state would say
            if name == "guard_overflow":
                self.emit(self.exit_to(self.stubs.exit_stub(op), op.exit_values()))
            return
        kind = op.args[0].kind if op.args else None
        cond = guard_fails_template(op.opnum, kind).format(*args)
        self.emit(f"if {cond}: " + self.exit_to(self.stubs.exit_stub(op),
                                                 op.exit_values()))

    def emit_ovf(self, op, r, args, guard, k):
        self.emit_lines(expand(EXACT[OPS[op.opnum].name], r, args))
        overflowed = OVERFLOWED.format(r=r)
        if guard is not None and guard.opnum == rop.GUARD_NO_OVERFLOW:
            self.emit(f"if {overflowed}: "
                      + self.exit_to(self.stubs.exit_stub(guard), guard.exit_values()))
            return k + 2
        if guard is not None and guard.opnum == rop.GUARD_OVERFLOW:
            self.emit(f"if not ({overflowed}): "
                      + self.exit_to(self.stubs.exit_stub(guard), guard.exit_values()))
            self.emit(f"{r} = _wrap({r})")
            return k + 2
        self.emit(f"if {overflowed}: {r} = _wrap({r})")
        return k + 1

    def emit_call(self, op, r, args, guard, k):
        descr = op.descr
        if descr.effect.writes_heap:
            self.emit("if _st.held: _st.release_held()")
        call = f"{self.bind(descr.func, '_fn')}({', '.join(args)})"
        if r is not None:
            call = f"{r} = {call}"
        if guard is None or guard.opnum != rop.GUARD_NO_EXCEPTION:
            self.emit(call)
            return k + 1
        # where the code is while the call runs, for host code that looks at
        # the stack (Executor.call_sites)
        self.emit(f"_st.calls[-1] = ({self.bind(guard, '_g')}, "
                  f"{self.values_tuple(guard.exit_values())})")
        self.emit("try:")
        self.emit("    " + call)
        self.emit("except BaseException as _e:")
        self.emit("    _st.calls[-1] = None")
        self.emit("    _st.exception = _e")
        self.emit("    " + self.exit_to(self.stubs.exit_stub(guard), guard.exit_values()))
        self.emit("_st.calls[-1] = None")
        return k + 2

    # -- building the functions --------------------------------------------
    def compile(self, start):
        src = self.entry_function(start)
        filename = f"<pvmx trace {next(_serial)}>"
        # lets tracebacks through generated code show its lines
        linecache.cache[filename] = (len(src), None, src.splitlines(True), filename)
        ns = self.ns
        exec(compile(src, filename, "exec"), ns)
        fn = ns.pop("_entry")
        return fn, src
