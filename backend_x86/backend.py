"""The x86-64 backend: the interface the JIT calls.

It keeps the IR executor's interface (tracer/executor/executor.py), so the
two are interchangeable and every backend test runs a trace on both:

    be = X86Backend()                   # numbers exits in default_exit_table()
    loop = be.compile(trace)            # a Unit: machine code in its own block
    n, values = be.run(loop, args)      # or be.run(token, args): enter at a label
    guard = be.exit_op(n)               # be.exits[n]
    be.attach_bridge(guard, bridge)     # the guard jumps into the bridge from now on
    be.detach_bridge(guard)
    n, values = be.run(loop, args, max_iterations=k)   # CAP_EXIT (-1), the jump's values
    be.stopped_at                       # the label a CAP exit stopped at
    be.grab_exception()                 # what made a guard_no_exception (or the poll) exit
    be.take_exception()                 # the same, for a bridge from that guard (its code calls it)
    be.iterations                       # back-edges run in machine code, all runs
    be.free(loop)                       # unmap the loop and its bridges
    be.disassemble(loop)                # text for the trace log
    be.compile_hooks.append(f)          # f(unit) for every unit compiled (the trace log)
    be.stats                            # CodeStats (tracer/stats.py): times, code size

Exit numbers: a guard or finish number from the shared ExitTable; CAP_EXIT
(-1) when the iteration cap is reached or a signal handler raised (then
grab_exception() has the exception, e.g. KeyboardInterrupt); an unguarded
error (ERROR_EXIT inside) makes run() raise the exception instead.
"""

import ctypes
import time

from tracer.collector import untrackable
from tracer.ir.exits import CAP_EXIT, default_exit_table
from tracer.ir.kinds import FLOAT, REF
from tracer.ir.trace import Trace
from tracer.ir.values import NULL, GuardOp
from tracer.stats import CodeStats

from . import deferred
from .entry import MAX_IO, BufferPool, IOBuffer, IOStack
from .errors import BackendError, CompileError, Unsupported
from .frame import CALL_SITE
from .isel.base import ERROR_EXIT
from .select import find_spec
from .unit import Unit


# The counters' names live with the runtime's (tracer/stats.py).
CompileStats = CodeStats

# what call_sites reads a machine frame's words as
_DOUBLE = ctypes.c_double
_WORD = ctypes.c_int64
_OBJECT = ctypes.py_object


class X86Backend:
    name = "x86"

    def __init__(self, exits=None, keep_listing=None):
        """`keep_listing`: record each instruction for disassembly without
        capstone (by default only when capstone is not installed)."""
        self.exits = default_exit_table() if exits is None else exits
        if keep_listing is None:
            keep_listing = find_spec("capstone") is None
        self.keep_listing = keep_listing
        self._runtime = None
        self._labels = {}               # TargetToken -> LabelInfo
        self._label_list = []           # label index -> LabelInfo
        self._exit_infos = {}           # exit number -> ExitInfo
        self._buffers = BufferPool()
        self._io_stack = None
        self._call_slots = {}       # AssemblerCallDescr -> the word its calls go through
        self._call_sites = []       # call site number - 1 -> (guard, kinds, places, low)
        self._running = []          # io buffers of the runs now active, outermost first
        self._exception = None
        self.stopped_at = None
        self._iterations = 0
        self.stats = CodeStats()
        self.stats.sample = self._sample_counters
        self.units = []
        self.compile_hooks = []         # called with each unit once it can run

    def _sample_counters(self):
        """The counters the machine code keeps, into `stats`."""
        if self._runtime is not None:
            self.stats.dict_lookups = self._runtime.lookups.value

    @property
    def runtime(self):
        if self._runtime is None:
            from .runtime import get_runtime
            self._runtime = get_runtime()
        return self._runtime

    def untrack(self, objects):
        """Take `objects` (a list) out of the cyclic collector's lists: the
        tracer's collector.keep_out chooses them, the runtime's loop calls
        PyObject_GC_UnTrack on each."""
        self.runtime.untrack(objects)

    # -- compiling ------------------------------------------------------------------
    def compile(self, trace, verify=True):
        """Machine code for a loop or an entry trace."""
        if not isinstance(trace, Trace):
            raise TypeError(f"expected a Trace, got {trace!r}")
        started = self._clocks()
        if verify:
            from tracer.verify import verify_trace
            verify_trace(trace)
        self._check_io(trace)
        from .compiler import TraceCompiler
        unit = TraceCompiler(self, trace).compile()
        self._register(unit, started)
        return unit

    def attach_bridge(self, guard, bridge, verify=True):
        """Compile `bridge` and make `guard` (a GuardOp or exit number) jump
        into it from now on.  Attaching again replaces the bridge (the old
        code stays mapped until its loop is freed: it may be running)."""
        if isinstance(guard, int):
            guard = self.exits[guard]
        if not isinstance(guard, GuardOp):
            raise BackendError(f"{guard!r} is not a guard")
        started = self._clocks()
        info = self._exit_infos.get(guard.exit_number)
        if info is None or info.slot is None:
            raise BackendError("attach a bridge to a guard of a compiled trace")
        if verify:
            from tracer.verify import verify_bridge
            verify_bridge(guard, bridge)
        self._check_io(bridge)
        from .compiler import TraceCompiler
        unit = TraceCompiler(self, bridge, parent=info).compile()
        unit.parent = info
        info.unit.bridges.append(unit)
        info.bridge = unit
        info.unit.jump_slots[info.slot] = unit.block.address
        self._register(unit, started)
        return unit

    def detach_bridge(self, guard):
        info = self._info(guard)
        info.bridge = None
        info.unit.jump_slots[info.slot] = info.default_address

    def has_bridge(self, guard):
        info = self._exit_infos.get(guard if isinstance(guard, int) else guard.exit_number)
        return info is not None and info.bridge is not None

    def _info(self, guard):
        n = guard if isinstance(guard, int) else guard.exit_number
        return self._exit_infos[n]

    def _check_io(self, trace):
        worst = len(trace.inputargs)
        for op in trace.ops:
            snap = getattr(op, "snapshot", None)
            n = len(snap.fail_args) if snap is not None else len(op.args)
            worst = max(worst, n)
        if worst > MAX_IO:
            raise Unsupported(f"an exit or label with {worst} values (at most {MAX_IO})")

    @staticmethod
    def _clocks():
        from .encoder import ENCODER
        return time.perf_counter(), ENCODER.time

    def _register(self, unit, started):
        for info in unit.labels:
            self._labels[info.token] = info
            self._label_list[info.index] = info
        for info in unit.exits:
            self._exit_infos[info.number] = info
        self.units.append(unit)
        self.untrack(_kept(unit))
        from .encoder import ENCODER
        t0, encoding0 = started
        # the compiler's clock: the op walk (encoding included), then loading
        loading = unit.time_total - unit.time_encoding
        self.stats.add(unit.is_bridge, time.perf_counter() - t0, ENCODER.time - encoding0,
                       loading, unit.code_size, unit.ninsns)
        self.stats.encoder_misses = ENCODER.misses
        for hook in self.compile_hooks:
            hook(unit)

    def new_label_index(self):
        self._label_list.append(None)
        return len(self._label_list) - 1

    def label_info(self, token):
        info = self._labels.get(token)
        if info is None:
            raise BackendError(f"jump to {token!r}, which has no machine code")
        return info

    # -- running -------------------------------------------------------------------------
    def run(self, entry, args, max_iterations=None):
        """Run from `entry` (a compiled Unit or the TargetToken of a compiled
        label) on `args`; return (exit_number, live_values)."""
        if isinstance(entry, Unit):
            if entry.freed:
                raise BackendError("the loop was freed")
            fn, kinds = entry.entry, entry.entry_kinds
        else:
            info = self.label_info(entry)
            fn, kinds = info.entry, info.kinds
        if fn is None:
            raise BackendError(f"{entry!r} cannot be entered")
        if max_iterations is not None and max_iterations < 1:
            raise ValueError("max_iterations must be at least 1")
        if len(args) != len(kinds):
            raise BackendError(f"{len(args)} arguments for {len(kinds)} inputs")
        buf = self._buffers.take()
        running = self._running
        stack = self._io_stack
        running.append((buf, 0 if stack is None else stack.top()))
        try:
            buf.start(kinds, args, max_iterations)
            number = fn(buf.address)
            values = self._collect(buf, number)
        finally:
            running.pop()
            self._buffers.give(buf)
        return number, values

    def request_leave(self):
        """Compiled loops leave at their next poll (by their CAP exit): host
        code has run that may have written what they keep in registers."""
        if self._runtime is not None:
            self._runtime.leave.value = 1

    # -- what host code sees of running code --------------------------------------------
    def new_call_site(self, guard, places):
        """The number (from 1) that the frame's call-site word holds during a
        call whose resume data is `guard`'s (isel/base.py, call_out), its
        values at `places`: an rbp offset each, or (the constant,)."""
        kinds = tuple(v.kind for v in guard.snapshot.fail_args)
        low = min((p for p in places if type(p) is int), default=0)
        self._call_sites.append((guard, kinds, tuple(places), low))
        return len(self._call_sites)

    def call_sites(self):
        """For each run now active, outermost first: where its code is, when
        that is a call that may run Python code, else None (its code is in
        a deallocation, the poll).  Where it is: per machine frame (the
        run's, then those of entry traces it called by call_assembler),
        (guard, values): the guard_no_exception after the call the frame is
        making, and the values its snapshot refers to as they are now (refs
        borrowed)."""
        out = []
        stack = self._io_stack
        running = self._running
        for i, (buf, bottom) in enumerate(running):
            frames = [buf.machine_frame()]
            if bottom:
                top = running[i + 1][1] if i + 1 < len(running) else stack.top()
                frames += stack.machine_frames(bottom, top)
            sites = []
            for frame in frames:
                site = _WORD.from_address(frame + CALL_SITE).value if frame else 0
                if not site:
                    sites = None
                    break
                guard, kinds, places, low = self._call_sites[site - 1]
                # the frame's words from the lowest one the values are in up to rbp
                words = memoryview(ctypes.string_at(frame + low, -low)).cast("q")
                values = []
                for kind, p in zip(kinds, places):
                    if type(p) is not int:
                        values.append(p[0])
                    elif kind is REF:
                        values.append(_OBJECT.from_address(frame + p).value
                                      if words[(p - low) >> 3] else NULL)
                    elif kind is FLOAT:
                        values.append(_DOUBLE.from_address(frame + p).value)
                    else:
                        values.append(words[(p - low) >> 3])
                sites.append((guard, tuple(values)))
            out.append(sites)
        return out

    def _collect(self, buf, number):
        """The values an exit left in `buf` (raising what an error exit fetched)."""
        self._iterations += buf.iterations()
        exc = buf.exception()
        if number == ERROR_EXIT:
            buf.release_extra(0)
            deferred.release_deferred()
            if exc is None:     # a slot read found the field through __getattr__
                raise BackendError("a field the trace read as a slot was not set")
            raise exc
        if exc is not None:
            self._exception = exc
        if number == CAP_EXIT:
            info = self._label_list[buf.stopped()]
            self.stopped_at = info.token
            return buf.values(info.kinds)
        return buf.values(self._exit_infos[number].kinds)

    @property
    def iterations(self):
        """Back-edges run in machine code, all runs (and calls by call_assembler)."""
        calls = self._io_stack.iterations() if self._io_stack is not None else 0
        return self._iterations + calls

    # -- call_assembler ------------------------------------------------------------------
    @property
    def io_stack(self):
        if self._io_stack is None:
            self._io_stack = IOStack()
        return self._io_stack

    def limit_recursion(self, budget):
        """Compiled code run next may push `budget()` call_assembler frames
        in all (the guest's recursion budget, asked for only when some code
        has a call_assembler: the io stack exists); returns what restores
        the previous limit (restore_recursion_limit), or None: nothing to
        restore."""
        stack = self._io_stack
        return None if stack is None else stack.set_limit(budget())

    def restore_recursion_limit(self, saved):
        self._io_stack.restore_limit(saved)

    def call_assembler_slot(self, descr):
        """The word that compiled code calling `descr`'s entry trace calls
        through: `redirect_call_assembler` rewrites it."""
        slot = self._call_slots.get(descr)
        if slot is None:
            address = ctypes.cast(descr.compiled.entry, ctypes.c_void_p).value
            slot = self._call_slots[descr] = ctypes.c_void_p(address)
        return slot

    def redirect_call_assembler(self, descr, compiled):
        """Calls through `descr` run `compiled` from now on (PyPy's
        redirect_call_assembler): an entry trace was traced again."""
        descr.compiled = compiled
        slot = self._call_slots.get(descr)
        if slot is not None:
            slot.value = ctypes.cast(compiled.entry, ctypes.c_void_p).value

    def assembler_slow_path(self, descr):
        """The host callable compiled code calls when the entry trace it
        called (`descr`, an AssemblerCallDescr) left other than by a clean
        finish: the exit's values out of the io frame just popped, then
        `descr.leave`, which returns the callee's result or raises."""
        stack = self.io_stack

        def left_compiled_code():
            buf = IOBuffer(stack.top())
            number = buf.exit_number()
            return descr.leave(number, self._collect(buf, number))
        return left_compiled_code

    def exit_op(self, number):
        return self.exits[number]

    @staticmethod
    def release_deferred():
        """Run the finalizers compiled code held back (deferred.py): the
        runtime calls this once deoptimization has rebuilt the frames."""
        deferred.release_deferred()

    def grab_exception(self):
        """The exception that made the last guard_no_exception fail, or that
        a signal handler raised at a back-edge (once)."""
        exc, self._exception = self._exception, None
        return exc

    def take_exception(self):
        """Called by the machine code of a bridge from a guard_no_exception,
        at its start: the exception the guard's call raised.  The guard's
        failure path fetched it into the io header of the frame the code
        runs in (the run's buffer, or the io stack's top frame when the
        code is an entry trace that call_assembler entered); the header
        lets go of it, so no exit sees it again."""
        buf, bottom = self._running[-1]
        stack = self._io_stack
        if bottom and stack.top() > bottom:
            buf = IOBuffer(base=stack.top() - IOStack.FRAME_BYTES)
        return buf.exception()

    # -- throwing code away -------------------------------------------------------------
    def free(self, unit):
        """Unmap a loop and every bridge attached to it (recursively).  The
        caller makes sure no code of it is running and nothing jumps to it."""
        if unit.freed:
            return
        for b in unit.bridges:
            self.free(b)
        for info in unit.labels:
            if self._labels.get(info.token) is info:
                del self._labels[info.token]
            self._label_list[info.index] = None
        for info in unit.exits:
            if self._exit_infos.get(info.number) is info:
                del self._exit_infos[info.number]
        if unit.parent is not None and unit.parent.bridge is unit:
            parent = unit.parent
            if not parent.unit.freed:
                parent.unit.jump_slots[parent.slot] = parent.default_address
            parent.bridge = None
        unit.block.free()
        unit.freed = True
        unit.keepalive = []
        if unit in self.units:
            self.units.remove(unit)

    # -- looking at it ----------------------------------------------------------------------
    def disassemble(self, unit, bridges=True):
        """The unit's machine code under the IR ops it came from (disasm.py),
        then its bridges' (recursively) unless `bridges` is false."""
        from .disasm import disassemble
        text = disassemble(unit)
        if bridges:
            for b in unit.bridges:
                text += "\n" + self.disassemble(b)
        return text


def _kept(unit):
    """The parts of the unit's exits' and labels' descriptions, and of the
    disassembly's sections, that live as long as its code and that the
    cyclic collector need not walk (tracer/collector.py).  Not the units,
    exits and labels themselves: they refer to each other, and a cycle
    through an object out of the collector's sight would never be freed
    with a dropped backend."""
    found = [unit.sections, *unit.sections]
    for info in unit.exits:
        found += (info.kinds, info.locs, info.own, info.extra, *info.extra)
    for info in unit.labels:
        found += (info.locs, info.kinds)
    return [o for o in found if untrackable(type(o))]


__all__ = ["BackendError", "CompileError", "CompileStats", "Unsupported", "X86Backend"]
