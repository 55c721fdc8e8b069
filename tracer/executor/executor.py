"""Running compiled traces: the exit protocol, bridges, the iteration cap.

The protocol is the backend's (DESIGN.md, "Backend contract"): a loop is
entered with its input values and runs label -> jump until a guard fails or
a finish is reached; then `run` returns `(exit_number, live_values)`, the
live values being the failing guard's snapshot fail_args (or the finish's
arguments) in order.  A guard with a bridge attached does not exit: control
continues into the bridge, which ends in a jump to some compiled label or
in a finish.  The deoptimizer takes it from the exit.

    ex = Executor()                      # numbers exits in default_exit_table()
    loop = ex.compile(trace)             # verifies, numbers exits, generates code
    exit_number, values = ex.run(loop, [3, 10])
    guard = ex.exits[exit_number]        # the GuardOp (or finish) it left by
    ex.attach_bridge(guard, bridge)      # bridge.inputargs <-> guard's fail_args
    ex.run(loop, [3, 10], max_iterations=100)   # -> (CAP_EXIT, jump values)

A residual call that raises, checked by the guard_no_exception after it,
leaves by that guard; the exception waits in `grab_exception()` (where
machine code leaves it in the thread state).
"""

import sys
import weakref

from ..ir.exits import CAP_EXIT, default_exit_table
from ..ir.optable import rop
from ..ir.semantics import has_finalizer
from ..ir.trace import Trace
from ..ir.values import GuardOp
from .codegen import FunctionWriter, Stub



class ExecutorError(Exception):
    pass


def _threads():
    """How many threads the program has (sys._current_frames: threads of
    any kind, not only threading's)."""
    return len(sys._current_frames())


class RunState:
    """What generated code shares with the executor while it runs."""

    __slots__ = ("iterations", "cap_at", "exception", "signalled", "interrupted", "held",
                 "calls", "threads_at_entry")

    # objects with finalizers held at once before a loop leaves to free them
    HOLD = 512

    def __init__(self):
        self.iterations = 0     # jumps taken, over every run
        self.cap_at = -1        # stop when iterations reaches this (-1: never)
        self.exception = None
        self.signalled = False  # loops leave at their next back-edge (see below)
        self.interrupted = False    # ... because of a deferred SIGINT
        # Objects with finalizers the code made (new_object), held until a
        # safe point: a call that may write the heap, or the runtime's
        # release_deferred after an exit.  Like backend_x86/deferred.py:
        # their finalizers never run in the middle of an iteration.
        self.held = []
        # per run now active, outermost first: (guard_no_exception, its
        # values) of the call its code is making, or None
        self.calls = []
        self.threads_at_entry = False   # the innermost run began with other threads

    def hold(self, obj):
        self.held.append(obj)
        if len(self.held) >= self.HOLD:
            self.signalled = True

    def drop(self, obj):
        """The code is about to let go of `obj` (a list item or field it
        overwrites): hold it if freeing it would run a finalizer or a weak
        reference's callback."""
        if weakref.getweakrefcount(obj) or has_finalizer(type(obj)):
            self.hold(obj)

    def drop_field(self, obj, name):
        """`drop` for the value of `obj`'s field `name`, read without running
        guest code (no `__getattr__`); an unset field (an empty cell's
        contents: ValueError) holds nothing."""
        try:
            value = object.__getattribute__(obj, name)
        except (AttributeError, ValueError):
            return
        self.drop(value)

    def release_held(self):
        held, self.held = self.held, []
        if not self.interrupted:
            self.signalled = False
        held.reverse()
        while held:
            held.pop()          # freed here (unless the code still holds it), oldest first

    def budget(self):
        """How many more jumps a loop may take (-1: no cap)."""
        return -1 if self.cap_at < 0 else self.cap_at - self.iterations

    def other_threads(self):
        """Has another thread been able to run since the innermost run
        began?  (One that ran and ended meanwhile counts: the GIL passes
        between threads at any instruction of the generated code.)"""
        return self.threads_at_entry or _threads() > 1


class CompiledTrace:
    """A trace's generated code: one function per entry point."""

    __slots__ = ("trace", "entry", "entries", "source")

    def __init__(self, trace, entry, entries, source):
        self.trace = trace
        self.entry = entry          # entered at the trace's start
        self.entries = entries      # TargetToken -> function entered at that label
        self.source = source        # the generated Python, for reading

    def __repr__(self):
        return f"<CompiledTrace {self.trace!r}>"


class Executor:
    def __init__(self, exits=None):
        self.exits = default_exit_table() if exits is None else exits
        self.state = RunState()
        self.stopped_at = None      # TargetToken where the last capped run stopped
        self._exit_stubs = {}       # exit number -> Stub
        self._label_stubs = {}      # TargetToken -> Stub
        self._cap_stubs = {}        # TargetToken -> Stub

    # -- stubs (the code generator asks for these) ---------------------------
    def exit_stub(self, op):
        n = self.exits.register(op)
        stub = self._exit_stubs.get(n)
        if stub is None:
            stub = self._exit_stubs[n] = Stub(n, op)
        return stub

    def label_stub(self, token):
        stub = self._label_stubs.get(token)
        if stub is None:
            stub = self._label_stubs[token] = Stub(None, token)
        return stub

    def cap_stub(self, token):
        stub = self._cap_stubs.get(token)
        if stub is None:
            stub = self._cap_stubs[token] = Stub(CAP_EXIT, token)
        return stub

    # -- compiling -----------------------------------------------------------
    def compile(self, trace, verify=True):
        """Generate code for a loop or an entry trace; its labels become
        jump targets for later bridges."""
        if not isinstance(trace, Trace):
            raise TypeError(f"expected a Trace, got {trace!r}")
        if verify:
            from ..verify import verify_trace
            verify_trace(trace)
        self.exits.register_trace(trace)
        writer = FunctionWriter(trace, self)
        entries, sources = {}, []
        starts = [k for k, op in enumerate(trace.ops) if op.opnum == rop.LABEL]
        if not starts or starts[0] != 0:
            starts.insert(0, -1)
        entry = None
        for k in starts:
            fn, src = writer.compile(k)
            sources.append(src)
            if k >= 0:
                token = trace.ops[k].descr
                entries[token] = fn
                self.label_stub(token).cont = fn
            if entry is None:
                entry = fn
        return CompiledTrace(trace, entry, entries, "\n".join(sources))

    def attach_bridge(self, guard, bridge, verify=True):
        """Compile `bridge` and make `guard` (a GuardOp or exit number)
        continue into it.  The bridge's inputargs receive the guard's
        fail_args, in order.  Attaching again replaces the bridge."""
        if isinstance(guard, int):
            guard = self.exits[guard]
        if not isinstance(guard, GuardOp):
            raise ExecutorError(f"{guard!r} is not a guard")
        if guard.exit_number is None or self._exit_stubs.get(guard.exit_number) is None:
            raise ExecutorError("attach a bridge to a guard of a compiled trace")
        if verify:
            from ..verify import verify_bridge
            verify_bridge(guard, bridge)
        compiled = self.compile(bridge, verify=False)
        self._exit_stubs[guard.exit_number].cont = compiled.entry
        return compiled

    def detach_bridge(self, guard):
        if isinstance(guard, int):
            guard = self.exits[guard]
        self._exit_stubs[guard.exit_number].cont = None

    def has_bridge(self, guard):
        n = guard if isinstance(guard, int) else guard.exit_number
        stub = self._exit_stubs.get(n)
        return stub is not None and stub.cont is not None

    # -- running -------------------------------------------------------------
    def run(self, entry, args, max_iterations=None):
        """Run from `entry` (a CompiledTrace or a compiled TargetToken) on
        `args`; return (exit_number, live_values).  With max_iterations,
        the jump that would be the max_iterations'th leaves instead, as
        (CAP_EXIT, the jump's values), and `stopped_at` names its label."""
        if isinstance(entry, CompiledTrace):
            fn = entry.entry
        else:
            stub = self._label_stubs.get(entry)
            fn = stub.cont if stub is not None else None
            if fn is None:
                raise ExecutorError(f"no code for {entry!r}")
        st = self.state
        saved_cap = st.cap_at
        if max_iterations is None:
            st.cap_at = -1
        elif max_iterations < 1:
            raise ValueError("max_iterations must be at least 1")
        else:
            st.cap_at = st.iterations + max_iterations
        values = tuple(args)
        st.calls.append(None)
        saved_threads, st.threads_at_entry = st.threads_at_entry, _threads() > 1
        try:
            while True:
                stub, values = fn(values)
                fn = stub.cont
                if fn is None:
                    break
        finally:
            st.calls.pop()
            st.cap_at = saved_cap
            st.threads_at_entry = saved_threads
        number = stub.number
        if number is None:
            raise ExecutorError(f"jump to {stub.target!r}, which has no code")
        if number == CAP_EXIT:
            self.stopped_at = stub.target
        return number, values

    @property
    def iterations(self):
        return self.state.iterations

    def grab_exception(self):
        """The exception that made the last guard_no_exception fail (once)."""
        exc, self.state.exception = self.state.exception, None
        return exc


def execute(trace, args, max_iterations=None):
    """Compile and run one trace in a fresh Executor: (exit_number, values)."""
    ex = Executor()
    return ex.run(ex.compile(trace), args, max_iterations)
