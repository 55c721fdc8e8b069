"""The JIT runtime: counters at loop headers, tracing, running compiled loops, deopt.

Named after PyPy's `warmspot`/`warmstate`.  An interpreter attaches it to
its `JitDriver` with the step function (one instruction, run through its
recording twin while tracing) and the traceable modules; then
`can_enter_jit` at a back-edge counts, starts recording when the loop is
hot, and enters the loop's compiled code once there is one.  A guard that
fails hands its snapshot to deoptimization, which rebuilds the red
variables and tells the interpreter where to resume.

The state a trace carries (its inputs, each snapshot's entries, the jump's
values) is the driver's red variables, in two forms:

- a **virtualizable** red (at most one; pvmx's frame): every item of its
  `name[*]` list fields is an input and lives in registers; its scalar
  fields are only read into snapshots (for `resume_inlined`);
- every other red is a **plain red** (an int, a list, any object): one
  input, boxed at the trace's start; deoptimization hands its rebuilt value
  back in the livevars it returns.

A snapshot frame's fields are the virtualizable's fields by name, then one
single-entry field per plain red, named after the red.  An interpreter may
have either kind, both, or only plain reds (examples/bf has a tape and a
pointer and no virtualizable).
"""

import time

from tracer import collector
from tracer.ir import (INT, OPS, REF, VOID, AssemblerCallDescr, CallDescr, EffectInfo,
                       ConstInt, ConstPtr, TargetToken, rop)
from tracer.ir.descr import LazyLocation, field_descr
from tracer.recording.boxes import Box, unwrap
from tracer.recording.recorder import Recorder, AbortTrace
from tracer.recording import twins as twins_mod
from tracer.hints import FRAME_LEFT, NOT_RESUMED, RAISE, RaisedOut
from tracer.resume import FrameState, FrameSnapshot, rebuild_entries
from tracer.seen import FramesSeen
from tracer.stats import JitStats
from tracer.ir.exits import CAP_EXIT


class InterpreterHooks:
    """What the runtime asks of the interpreter beyond the JitDriver.

    entry_livevars(vobj)        livevars of a frame about to start running
    can_inline(vobj)            may this new frame be traced into its caller's trace, or
                                called from it?  (its caller must be able to resume after
                                it returns, and its exceptions leave by the calling
                                instruction)
    resume_plain(vobj, live)    run a frame on from `live` without recording; its result
    frame_result(vobj)          the value a finished frame returned
    resume_inlined(root, lives, fields, exc)
                                after a guard failed inside inlined calls: rebuild the
                                inner frames from their fields, finish them (raising
                                exc at the innermost instruction when it is not None),
                                and return the root frame's livevars
    return_from(vobj, value)    end a frame with `value`, as its return would (compiled
                                code ran it to its return)
    make_frame(greens, scalars) a new frame (empty lists) for a called entry trace that
                                left its code: deoptimization fills it
    run_to_end(vobj, live)      run that frame from `live` (or FRAME_LEFT: it returned)
                                to its end: its result, or its exception raised
    inner_frames(root, lives, fields)
                                the frames of inlined calls a guard failed in, rebuilt
                                (outermost first), for a bridge to record from
    give_result(vobj, result)   what the instruction that made an inlined call does
                                with its result (recorded, through its twin)
    finish_callers(frames, pcs, depth, result, exc)
                                frames[depth] finished with result (or raised exc): the
                                interpreter hands it out to frames[0]; its livevars
    leave_suspended(vobj, live) recording stopped inside a frame resumed from the heap
                                (hints.resume_suspended) at `live`: leave it there for the
                                interpreter's own resume of it; returns NOT_RESUMED
    enter_resumed(vobj)         a bridge is about to record such a frame from where a guard
                                left it (mark it running, as resume_suspended's caller did)
    take_resumed(vobj, pc, resumed)
                                the instruction at `pc` of `vobj` that resumed `resumed`,
                                which has now ended its step (yielded or returned), takes
                                what it gave (recorded, through its twin); vobj's next pc
    residual_frame(vobj)        (host_fn, args) that run a new frame to completion from
                                its inputs, for a call the trace neither inlines nor
                                enters as compiled code; None: such a call aborts
    recursion_budget()          how many more frames the guest may nest before its
                                recursion limit (a backend with `limit_recursion`
                                lets compiled code's call_assembler nest that many;
                                it asks only when it has compiled a call_assembler)
    raise_at(live, exc)         a bridge from a call that raised starts by raising `exc`
                                (a box) at live's instruction, recorded through its twin:
                                the livevars at the handler its frame has there, or None
                                (the exception would leave the frame): nothing done
    handler_at(greens)          what an exception raised at these greens does there:
                                "enter" a handler raise_at enters, "leave" the frame, or
                                None (something a bridge cannot start with)
    pass_through(live, exc)     `exc` leaves live's frame (an inlined call) for a caller's
                                handler: what that does (recorded through its twin)
    interchangeable(value, traced)
                                may an entry trace recorded with the virtualizable's
                                scalar field `traced` (a constant of the trace) run a
                                frame whose field holds `value`?  (While recording a
                                call of it, `value` is what a box holds: the hook may
                                only compare what the recording has guarded of it.)
                                None: only if they are the same object
    """

    def __init__(self, entry_livevars=None, can_inline=None, resume_plain=None,
                 frame_result=None, resume_inlined=None, return_from=None,
                 make_frame=None, run_to_end=None, residual_frame=None,
                 inner_frames=None, give_result=None, finish_callers=None,
                 leave_suspended=None, enter_resumed=None, take_resumed=None,
                 interchangeable=None, recursion_budget=None, raise_at=None,
                 handler_at=None, pass_through=None):
        self.entry_livevars = entry_livevars
        self.can_inline = can_inline
        self.resume_plain = resume_plain
        self.frame_result = frame_result
        self.resume_inlined = resume_inlined
        self.return_from = return_from
        self.make_frame = make_frame
        self.run_to_end = run_to_end
        self.residual_frame = residual_frame
        self.inner_frames = inner_frames
        self.give_result = give_result
        self.finish_callers = finish_callers
        self.leave_suspended = leave_suspended
        self.enter_resumed = enter_resumed
        self.take_resumed = take_resumed
        self.interchangeable = interchangeable
        self.raise_at = raise_at
        self.handler_at = handler_at
        self.pass_through = pass_through
        self.recursion_budget = recursion_budget


class Loop:
    """A compiled loop, or a function's entry trace: its green key, the layout
    of its inputs, its code."""

    def __init__(self, key, layout, trace, compiled, token=None, scalars=None):
        self.token = token
        self.key = key
        # per virtualizable list field, then per plain red: a tuple of None
        # (an input) or the constant that must be there (an interpreter sentinel)
        self.layout = layout
        self.trace = trace
        self.compiled = compiled
        # an entry trace: the virtualizable's scalar fields it was traced with
        # (pvmx: the function), which a frame must have to run it
        self.scalars = scalars
        self.call_descr = None      # an entry's AssemblerCallDescr, made once
        # a loop: (input position, class) per guard_class its first segment
        # makes on an input (_entry_classes); inputs of other classes fail it
        self.entry_classes = ()


class _Failed:
    """A loop header whose tracing aborted: retried after a cooldown that doubles
    with every abort (counted in thresholds reached), and never after MAX_ABORTS."""
    __slots__ = ("aborts", "countdown")
    MAX_ABORTS = 6

    def __init__(self):
        self.aborts = 0
        self.countdown = 0

    def failed_again(self):
        self.aborts += 1
        self.countdown = 1 << self.aborts if self.aborts < self.MAX_ABORTS else 1 << 62


class WarmSpot(FramesSeen):
    """The runtime of one JitDriver.

    step(**livevars)    one instruction of the interpreter: the next livevars, or
                        None when the frame (for examples/bf: the program) ends
    traceable_modules   modules whose functions are recorded through (twins.py)
    is_sentinel(v)      values of red slots that are never guest values (they stay
                        constants of the trace); None: there are none
    backend             compile/run/exit_op/attach_bridge (backend_x86.select_backend
                        or tracer.executor.backend.ExecutorBackend); None: the executor
    """

    def __init__(self, driver, params, step, traceable_modules, is_sentinel=None, backend=None,
                 log=None, opaque_modules=(), portals=(), hooks=None):
        if len(driver.virtualizables) > 1:
            raise ValueError("one virtualizable red at most")
        if backend is None:
            from tracer.executor.backend import ExecutorBackend
            backend = ExecutorBackend()
        self.driver = driver
        self.hooks = hooks or InterpreterHooks()
        self.frames = []            # per traced frame: [greens, virtualizable or None, livevars]
        # id of a traced frame resumed from the heap (resume_suspended) -> its box
        self.heap_frames = {}
        self.not_resumed = set()    # codes whose frames resume_suspended leaves alone
        self.resumed_scalars = ()   # the scalar fields resume_suspended writes back
        self.bridges_failed = set()     # guards whose bridge could not be recorded
        self.first_failures = {}    # guard -> backend.iterations at its first failure
        self._caller_states = []    # FrameStates of self.frames[:-1], made once (_snapshot)
        self._running = []          # per run of compiled code now active: its virtualizable
        self._resumed_plain = []    # frames a stopped recording left to the interpreter
        self.params = params
        self.step = step
        self.twins = twins_mod.Twins(traceable_modules, opaque_modules, portals,
                                     self.portal_call, is_sentinel, self.resume_suspended)
        self.twins.before_opaque = self._unbox_all
        self.twins.caught_by_caller = self._caught_by_caller
        self._inlined = set()       # id of each traced frame _record_inlined runs
        self.inlined_entries = {}   # code (greens[0]) -> entry key of a call a trace inlined
        self.is_sentinel = is_sentinel or _never     # slot values that are never guest values
        self.backend = backend
        # what takes a compiled trace's objects out of the cyclic collector's
        # sight (collector.py): the backend's own way if it has one
        self._untrack = getattr(backend, "untrack", None) or collector.untrack_each
        # recursion by call_assembler counts towards the guest's limit where
        # the backend can bound it and the interpreter says how deep it is
        self._limit_recursion = getattr(backend, "limit_recursion", None) \
            if self.hooks.recursion_budget is not None else None
        self.log = log
        self.counters = {}
        self.guard_failures = {}    # guard -> times it failed (until it has a bridge)
        # guard_no_exception -> (exits with an exception, _work_done() at the first)
        self.exception_exits = {}
        self.exception_retries = {}     # green key -> recordings an exception stopped, retried
        # guard of a bridge -> (the places (_place) of the guards its chain of
        # bridges grew from, root first; the backend's iterations when attached)
        self.chains = {}
        self.bridged = set()
        self.loops = {}
        self.failed = {}
        self.leaves = {}            # loop header -> its traces that left the loop
        self.relaid = set()         # loop headers traced again for another layout
        # loop header -> its compiled loops, oldest first: more than one when
        # frames came with other classes (retrace_limit) or another layout
        self.versions = {}
        self.want_version = set()   # loop headers traced at their next pass, for new classes
        self.version_waits = {}     # guard -> its bridges stopped to wait for a version
        self.by_token = {}          # first label's token -> Loop (where a CAP exit stops)
        # functions: green key at entry -> entry trace / calls counted / _Failed
        self.entries = {}
        self.calls = {}
        self.failed_entries = {}
        self.dont_inline = set()    # entry keys whose calls a trace calls, not inlines
        self.want_entry = set()     # entry keys traced at their next call
        # the entry being recorded, and whether it called itself through the
        # interpreter (it had no entry trace yet to call_assembler)
        self.recording_entry = None
        self.self_call_residual = False
        self.retraced_entries = set()
        self.stats = JitStats(backend)
        self.tracing = False
        self.vname = driver.virtualizables[0] if driver.virtualizables else None
        self.plain_reds = tuple(r for r in driver.reds if r != self.vname)
        self.vfields = None if self.vname else ()
        self.vscalars = ()
        driver.warmspot = self

    # -- entry from the interpreter ----------------------------------------------------
    def passes(self, key):
        """The interpreter is at the loop header `key` (its greens, as a
        tuple): False when all there is to do is count the pass (no compiled
        loop there, not hot yet, nothing being recorded), and it was counted;
        True when can_enter_jit has work.  Mostly the answer is False, and
        an interpreter that has the key at hand asks this first: building
        can_enter_jit's livevars and key cost more than a small loop body
        (deltablue, interpreted with the runtime counting: 58% slower than
        with the JIT off)."""
        if self.tracing or key in self.loops:
            return True
        # (_hot's count, written out: a call more here cost deltablue 3%
        # of its interpreted time)
        n = self.counters.get(key, 0) + 1
        if n < self.params.threshold:
            self.counters[key] = n
            return False
        return True         # (uncounted: _count_pass counts it)

    def entry_wanted(self, key):
        """`passes` for a function entry at `key` (enter_function's work)."""
        if key in self.entries or key in self.want_entry:
            return True
        if self.tracing:
            return False
        n = self.calls.get(key, 0) + 1
        if n < self.params.function_threshold:
            self.calls[key] = n
            return False
        return True

    def can_enter_jit(self, livevars):
        if self.tracing and _has_box(livevars):
            return None         # met in the code being recorded: it goes on in the trace
        key = tuple(livevars[g] for g in self.driver.greens)
        loop = self.loops.get(key)
        if loop is None:
            return self._count_pass(key, livevars)
        r = self.run_loop(loop, livevars)
        if r is _NO_VERSION:
            # Each version would fail a class guard on entry: this pass
            # counts towards one more version, for the classes it has now
            # (at once when a bridge stopped for want of it).
            if key in self.want_version and not self.tracing:
                self.want_version.discard(key)
                return self.trace_loop(key, livevars)
            return self._count_pass(key, livevars)
        if r is not None or key in self.relaid or self.tracing:
            return r
        # The frame does not fit the loop's layout: a local that was unbound
        # when the loop was traced (the first pass of an outer loop) is bound
        # now, or the other way round.  Such passes count towards tracing the
        # loop again, for the shape it has now: once per header, so that two
        # shapes taking turns cannot retrace it forever.
        return self._count_pass(key, livevars, relay=True)

    def _count_pass(self, key, livevars, relay=False):
        """One more pass of the header `key` in the interpreter: trace its
        loop once it is hot (`relay`: again, for the frame's new layout)."""
        if self.tracing or not self._hot(key, self.counters, self.params.threshold,
                                         self.failed):
            return None
        if relay:
            self.relaid.add(key)
        return self.trace_loop(key, livevars)

    @staticmethod
    def _hot(key, counters, threshold, failed):
        """Count one more pass of `key`: has it reached `threshold`, and is a
        header whose tracing failed (`failed`) past its cooldown?"""
        n = counters.get(key, 0) + 1
        if n < threshold:
            counters[key] = n
            return False
        counters[key] = 0
        f = failed.get(key)
        if f is not None:
            f.countdown -= 1
            if f.countdown > 0:
                return False
        return True

    def enter_function(self, livevars):
        """The interpreter is about to run a new frame from its entry: count,
        maybe trace its entry, or run its entry trace.  None: interpret it;
        FRAME_LEFT: it returned (hooks.return_from was told); else livevars
        to go on from (RAISE set: an exception to raise there)."""
        key = tuple(livevars[g] for g in self.driver.greens)
        entry = self.entries.get(key)
        retrace = key in self.want_entry and not self.tracing   # see _compile_entry
        if entry is not None and not retrace:
            if not self._scalars_match(entry, livevars):
                return None
            return self.run_loop(entry, livevars)
        if self.tracing:
            return None
        if key in self.want_entry:
            self.want_entry.discard(key)
        elif not self._hot(key, self.calls, self.params.function_threshold,
                           self.failed_entries):
            return None
        return self.trace_entry(key, livevars)

    def _scalars_match(self, entry, livevars):
        vobj = self._virtualizable(livevars)
        same = self.hooks.interchangeable
        for name, v in zip(self.vscalars, entry.scalars):
            value = getattr(vobj, name)
            if type(value) is Box:
                # recorded: which object it is was not guarded, only what
                # the hook compares
                if same is None or not same(value.value, v):
                    return False
            elif value is not v and (same is None or not same(value, v)):
                return False
        return True

    # -- recording ----------------------------------------------------------------------
    def _virtualizable(self, livevars):
        if self.vname is None:
            return None
        obj = livevars[self.vname]
        if self.vfields is None:
            spec = type(obj)._virtualizable_
            self.vfields = tuple(f[:-3] for f in spec if f.endswith("[*]"))
            self.vscalars = tuple(f for f in spec if not f.endswith("[*]"))
            clash = set(self.plain_reds) & (set(self.vfields) | set(self.vscalars))
            if clash:
                # snapshot fields are named after both: they must not meet
                raise ValueError(f"red {sorted(clash)[0]!r} has the name of a field "
                                 f"of the virtualizable")
        return obj

    def trace_loop(self, key, livevars):
        """Record one iteration from this loop header, executing it for real.

        An iteration that leaves the loop (its last: the iterator ran out at
        the header, or a break) would make a trace of the code after the
        loop, entered at every iteration only to fail its first guard; it is
        recorded again at the next pass instead, LEAVE_RETRIES times at most
        (then it may leave: a loop whose every pass leaves)."""
        def close_at(rec, vobj, live, layout, token, greens, first):
            if not first and greens == key:
                return self._close_loop(rec, key, vobj, live, layout, token)
            if not self.driver.loop_contains(key, greens):
                leaves = self.leaves.get(key, 0)
                if leaves < LEAVE_RETRIES:
                    self.leaves[key] = leaves + 1
                    rec.abort("left the loop")
                    rec.retry_soon = 1
                    return False
            return None
        return self._trace_root(key, livevars, close_at, None, self.failed, self.counters,
                                self.params.threshold)

    def trace_entry(self, key, livevars):
        """Record a guest function from its entry (PyPy's function entry
        trace) until its frame returns (the trace finishes with the result)
        or reaches a compiled loop's header (it jumps there)."""
        def close_at(rec, vobj, live, layout, token, greens, first):
            loop = None if first else self.loops.get(greens)
            if loop is not None and rec.active:
                loop, values = self._version_at(loop, vobj, live, may_add=False)
                if loop is None:
                    return None     # a local the loop has is not bound yet: one more turn
                rec.builder.jump(*[rec.ref_of(v) for v in values], descr=loop.token)
                return self._compile_entry(rec, key, layout, token)
            return None

        def on_return(rec, vobj, layout, token):
            if not rec.active:
                return False
            rec.builder.finish(rec.ref_of(self.hooks.frame_result(vobj)))
            return self._compile_entry(rec, key, layout, token)
        self.recording_entry, self.self_call_residual = key, False
        try:
            return self._trace_root(key, livevars, close_at, on_return, self.failed_entries,
                                    self.calls, self.params.function_threshold)
        finally:
            self.recording_entry = None

    def _trace_root(self, key, livevars, close_at, on_return, failed, counters, threshold):
        """Record from `livevars` (a loop header, or a function's entry), with
        every red of the root frame an input; `close_at` and `on_return`
        (see _record_root) end the trace.  A trace that does not close is
        counted in `failed` under `key`, unless its abort says to retry soon:
        then its counter in `counters` is set two short of `threshold`."""
        t0 = self._tracing_clock()
        self.stats.traces_started += 1
        rec = Recorder(self.params.trace_limit, name=self.driver.get_printable_location(*key))
        rec.show_plain_values = self._show_plain_values
        vobj = self._virtualizable(livevars)
        live = dict(livevars)
        layout, inputs = [], []
        for field in self.vfields:
            lst = getattr(vobj, field)
            shape = []
            for i, v in enumerate(lst):
                if self.is_sentinel(v):
                    shape.append(v)
                    continue
                ia = rec.builder.input(REF)
                inputs.append(ia)
                lst[i] = rec.box_input(v, ia)
                shape.append(None)
            layout.append(tuple(shape))
        for name in self.plain_reds:
            v = live[name]
            if self.is_sentinel(v):
                layout.append((v,))
                continue
            ia = rec.builder.input(REF)
            inputs.append(ia)
            live[name] = rec.box_input(v, ia)
            layout.append((None,))
        token = TargetToken(str(rec.builder.name))
        rec.builder.label(*inputs, descr=token)
        self.tracing = True
        twins_mod._CURRENT[0] = rec
        self.frames = [[key, vobj, live]]
        self._caller_states = []
        token.resume = self._snapshot()     # the header, for an exit at the label
        closed = False
        returned = None
        if on_return is not None:
            def returned():
                return on_return(rec, vobj, layout, token)
        try:
            live, closed = self._record_root(
                rec, live, lambda live, greens, first: close_at(rec, vobj, live, layout, token,
                                                                greens, first), returned)
        except BaseException as e:
            rec.abort(f"exception {type(e).__name__} while tracing")
            self._unbox(vobj)
            self._finish_tracing(rec, key, closed, t0, failed)
            raise
        self._unbox(vobj)
        if not closed and rec.exception_abort:
            # the iteration recorded raised: the next one may not
            retries = self.exception_retries.get(key, 0)
            if retries < EXCEPTION_RETRIES:
                self.exception_retries[key] = retries + 1
                rec.retry_soon = 1
        self._finish_tracing(rec, key, closed, t0, failed)
        if not closed and rec.retry_soon:
            # (a callee that aborted this trace gets its entry trace in the
            # iteration in between)
            counters[key] = threshold - rec.retry_soon
        if live is None:
            return FRAME_LEFT
        return self._plain(live)

    def trace_bridge(self, guard, vobj, livevars, inner=(), exc=None):
        """Record from a guard that fails often until a compiled loop's header
        (or the root frame's return), and attach the result to the guard.
        Executes for real, as tracing does.  `inner`: when the guard failed
        inside inlined calls, their rebuilt frames as (vobj, livevars),
        outermost first; the bridge records each to its return, hands its
        result to its caller's calling instruction, and goes on there.
        `exc`: the guard is a guard_no_exception whose call raised `exc`;
        the bridge starts by raising it (`_raise_in_recording`)."""
        t0 = self._tracing_clock()
        self.bridged.add(guard)         # one try per guard, whatever happens
        self.guard_failures.pop(guard, None)
        self.first_failures.pop(guard, None)
        self._virtualizable(livevars)
        live = dict(livevars)
        snapshot = guard.snapshot
        rec = Recorder(self.params.trace_limit, name=f"bridge from {guard.exit_number}")
        rec.show_plain_values = self._show_plain_values
        inputs = rec.fail_inputs = {id(v): rec.builder.input(v.kind) for v in snapshot.fail_args}
        # Writes the loop delayed past this guard happen first in the bridge
        # too (deoptimization did them on the objects just now).
        for (okind, obj), descr, (vkind, val) in getattr(snapshot, "pending", ()):
            o = inputs.get(id(obj), obj)
            v = inputs.get(id(val), val)
            if vkind != "ref" and getattr(descr, "kind", REF) is REF:
                # (an int or float field takes the value itself: setfield boxes it)
                v = {"int": rec.builder.box_int, "bool": rec.builder.box_bool,
                     "float": rec.builder.box_float}[vkind](v)
            rec.builder.setfield(o, v, descr=descr)

        memo = {}

        def boxed(value, kind, v):
            if kind == "virtual":
                return rec.new_box(value, ref=_materialize(rec, inputs, kind, v, memo))
            ia = inputs[id(v)]
            if kind == "ref":
                return rec.new_box(value, ref=ia)
            return rec.new_box(value, unboxed=ia, known_class=True)

        frames = [(vobj, live)] + [(fobj, dict(flive)) for fobj, flive in inner]
        for (fobj, flive), state in zip(frames, snapshot.frames):
            for (name, entries) in state.fields:
                if name in self.plain_reds:
                    kind, v = entries[0]
                    if kind == "virtual" or (kind != "const" and id(v) in inputs):
                        flive[name] = boxed(flive[name], kind, v)
                    continue
                if name == "heap":
                    kind, v = entries[0]
                    self.heap_frames[id(fobj)] = fobj if kind == "const" else boxed(fobj, kind, v)
                    self.hooks.enter_resumed(fobj)
                    continue
                if name not in self.vfields:
                    continue
                lst = getattr(fobj, name)
                for i, (kind, v) in enumerate(entries):
                    if kind == "virtual" or (kind != "const" and id(v) in inputs):
                        lst[i] = boxed(lst[i], kind, v)
        self.tracing = True
        twins_mod._CURRENT[0] = rec
        self.frames = [[tuple(state.greens), fobj, flive]
                       for (fobj, flive), state in zip(frames, snapshot.frames)]
        self._caller_states = []
        attached = False

        visited = []        # the root frame's positions, for _close_bridge

        def close_at(live, greens, first):
            loop = self.loops.get(greens)
            if loop is not None and rec.active and not first:
                return self._close_bridge(rec, guard, loop, vobj, live, visited)
            visited.append(greens)
            return None
        try:
            if exc is not None:
                # raised in the innermost frame, out of the inlined calls
                # without a handler, into the one that _catches found
                depth = self._catches(snapshot)
                handled = None
                if depth is not None:
                    handled = self._raise_in_recording(rec, frames, depth, exc)
                if handled is None:     # (a root frame it cannot start in)
                    rec.abort("no handler for the exception in the guard's frame")
                    live = dict(live, **{RAISE: exc})
                else:
                    for fobj, _ in frames[depth + 1:]:      # (left: gone)
                        self._unbox(fobj)
                    del frames[depth + 1:]
                    frames[depth] = (frames[depth][0], handled)
                    inner = frames[1:]
                    if depth == 0:
                        live = handled
            if inner:
                live = self._record_callers_back(rec, frames)
            if live is not None:
                live, attached = self._record_root(rec, live, close_at,
                                                   lambda: self._finish_bridge(rec, guard, vobj))
        finally:
            for fobj, _ in frames:
                self._unbox(fobj)
            rec.release()
            self.tracing = False
            self.frames = []
            self.heap_frames.clear()
            twins_mod._CURRENT[0] = None
            self.stats.time_tracing += self._tracing_clock() - t0
        if not attached:
            if not rec.retry_soon:
                self.bridges_failed.add(guard)
            self.stats.abort("bridge: " + (rec.abort_reason or "not closed"))
            if self.log:
                self.log.abort(rec.builder.name, rec.abort_reason or "not closed")
            if rec.retry_soon:
                # the callee that stopped it gets its entry trace at its next
                # call: this guard tries again at its next failures
                self.bridged.discard(guard)
                self.guard_failures[guard] = self.params.trace_eagerness - rec.retry_soon
        if live is None:
            return FRAME_LEFT
        return self._plain(live)

    def _raise_in_recording(self, rec, frames, depth, exc):
        """The start of a bridge from a guard_no_exception: the exception its
        call raised, taken from the backend (a residual call of
        `take_exception`, whose result is `exc` now), raised at the guard's
        instruction, through the inlined frames below `depth` (each
        left: the interpreter's pass_through), into the handler of
        frames[depth] (raise_at), all recorded through the hooks' twins.
        `frames`: (vobj, livevars) per traced frame, outermost first.  The
        livevars at the handler, or None: the frame has none there after
        all, nothing recorded."""
        live = self._at_traced_frame(rec, frames, len(frames) - 1)
        op = rec.builder.call_r(descr=CallDescr(self.backend.take_exception, [], REF,
                                                _EFFECT_TAKE_EXCEPTION))
        box = rec.new_box(exc, ref=op)
        for d in range(len(frames) - 1, depth, -1):
            self.twins.twin(self.hooks.pass_through)(live, box)
            live = self._at_traced_frame(rec, frames, d - 1)
        return self.twins.twin(self.hooks.raise_at)(live, box)

    def _at_traced_frame(self, rec, frames, d):
        """frames[d] becomes the innermost traced frame (the ones inside it
        are dropped) at the instruction its livevars say; those livevars."""
        del self.frames[d + 1:]
        self._caller_states = []
        live = frames[d][1]
        self._merge_point(rec, self._greens(rec, live), live)
        return live

    def _record_callers_back(self, rec, frames):
        """A bridge from inside inlined calls: record the innermost frame to
        its return, give the result to its caller (after the calling
        instruction), and so on out to the root frame; the root's livevars
        to record on from.  What recording cannot follow (an abort, an
        exception leaving a frame) the interpreter finishes, unrecorded."""
        pcs = [flive[self.driver.greens[1]] for _, flive in frames]
        give = self.twins.twin(self.hooks.give_result)
        take = self.twins.twin(self.hooks.take_resumed) if self.hooks.take_resumed else None
        pc_name = self.driver.greens[1]

        resumed = {id(f) for f, _ in frames if id(f) in self.heap_frames}

        def hand_on(depth):
            """frames[depth] gets what frames[depth + 1] ended with; its next pc."""
            fobj = frames[depth][0]
            callee = frames[depth + 1][0]
            if id(callee) not in resumed:
                give(fobj, result)
                return pcs[depth] + 1
            pc = take(fobj, pcs[depth], callee)     # it resumed a generator: item or end
            # done with it: the trace may resume it again (the loop's next item)
            self._unbox(callee)
            del self.heap_frames[id(callee)]
            return pc

        result = exc = None
        depth = len(frames) - 1
        while depth > 0:
            fobj, flive = frames[depth]
            if depth < len(frames) - 1:
                if not rec.active:
                    break
                flive = dict(flive, **{pc_name: hand_on(depth)})
            try:
                result = self._record_frame(rec, fobj, flive, None)
                vbox = self.heap_frames.get(id(fobj))
                if vbox is not None and rec.active:
                    self._write_back_resumed(rec, fobj, vbox)
            except BaseException as e:
                if type(e) is RaisedOut:    # (not expected: _caught_by_caller)
                    e = twins_mod.deep_unwrap(e.exc)
                rec.abort(f"{type(e).__name__} left an inlined frame")
                exc = e
            self.frames.pop()
            depth -= 1
            if exc is not None:
                break
        if rec.active:
            root, live = frames[0]
            return dict(live, **{pc_name: hand_on(0)})
        # the rest in the interpreter: frames[depth + 1] finished with result or exc
        for fobj, _ in frames:
            self._unbox(fobj)
        result = twins_mod.deep_unwrap(result)
        return self.hooks.finish_callers([f for f, _ in frames], pcs, depth + 1, result, exc)

    def _chain_repeats(self, guard):
        """Whether the chain of bridges that `guard` is in holds
        `bridge_repeats` bridges from guards at its place already.  A chain
        comes back to one place when each bridge makes true what the next
        iteration makes false (a class attribute written in the loop changes
        its type's version: each bridge guards on the version before the
        write); without a limit every iteration would end in a new bridge.
        (LuaJIT bounds side traces per root trace for the same reason.)

        Only a chain that grows fast counts: a bridge that ran CHURN_ITERATIONS
        back-edges in machine code before this guard of it got hot did its
        work (a closure made afresh for each call of a function: each gets a
        bridge, which then runs the whole call), and its guard gets one more."""
        entry = self.chains.get(guard)
        if entry is None:
            return False
        chain, attached_at = entry
        if self.backend.iterations - attached_at >= CHURN_ITERATIONS:
            return False
        return chain.count(_place(guard)) >= self.params.bridge_repeats

    def _failed_again(self, failed, key):
        f = failed.setdefault(key, _Failed())
        f.failed_again()
        if f.aborts < f.MAX_ABORTS:
            return
        if failed is self.failed and key not in self.driver.cold:
            self.driver.cold.add(key)       # a loop header never traced again
            self.stats.cold_headers += 1
        elif failed is self.failed_entries and key not in self.driver.cold_entries:
            self.driver.cold_entries.add(key)   # nor this function entry
            self.stats.cold_entries += 1

    def _bridgeable(self, snapshot):
        """Can a bridge start at this snapshot?  Inside a frame resumed from
        the heap only when the interpreter says how its resumer takes what
        it ends with (`take_resumed`)."""
        if self.hooks.take_resumed is None and _resumed_code(snapshot) is not None:
            return False
        return _bridgeable(snapshot)

    def _retrace_without_resuming(self, loop, code):
        """A guard inside a frame resumed from the heap fails often, and its
        bridge could not be recorded: the loop (or entry trace) is thrown
        away, and traced again with frames of that code resumed by the
        interpreter (a residual call: one deoptimization per failure would
        cost far more)."""
        self.not_resumed.add(code)
        for table in (self.loops, self.entries):
            if table.get(loop.key) is loop:
                del table[loop.key]
                self.versions.pop(loop.key, None)
        self.counters.pop(loop.key, None)
        self.stats.abort("a guard in a resumed generator fails often: traced again without")

    def _call_instead_of_unrolling(self, loop, greens):
        """A chain of bridges came back to a guard inside a call the loop
        inlined, where a loop of the callee has machine code of its own now
        (made after this loop was traced: until then each bridge unrolled
        one more of its iterations, and the next trip count deoptimizes at
        every call).  As when a recording meets such a loop in an inlined
        call (_record_frame), the callee is called instead, and the loop is
        traced again: mandelbrot at `threshold=400` spent 99% of its time
        deoptimizing there."""
        code = greens[0]
        key = self.inlined_entries.get(code)
        if key is None or key in self.dont_inline or not any(k[0] == code for k in self.loops):
            return
        self.dont_inline.add(key)
        if key not in self.entries:
            self.want_entry.add(key)
        table = self._forget(loop)
        if table is not None:
            (self.counters if table is self.loops else self.calls).pop(loop.key, None)
        self.stats.abort("a bridge chain unrolls an inlined call's compiled loop: "
                         "traced again, calling it")

    def _give_up_on(self, loop, guard, why="a hot guard without bridge"):
        """A guard that fails often and cannot have a bridge: the loop (or
        entry trace) would only keep deoptimizing, so it is thrown away and
        its header (or function) not traced again.  Code that calls an entry
        trace it threw away by call_assembler still may."""
        self.bridged.add(guard)
        table = self._forget(loop)
        if table is not None:
            failed, what = ((self.failed, "loop") if table is self.loops
                            else (self.failed_entries, "entry trace"))
            f = failed.setdefault(loop.key, _Failed())
            f.aborts = f.MAX_ABORTS - 1
            self._failed_again(failed, loop.key)
            self.stats.abort(f"{what} thrown away: {why}")

    def _forget(self, loop):
        """The interpreter enters `loop` no more: an older version of a
        header leaves its versions (the others stay); the header's loop, or
        a function's entry trace, leaves its table, versions and all.  That
        table, or None for an older version."""
        versions = self.versions.get(loop.key, ())
        if loop in versions and self.loops.get(loop.key) is not loop:
            versions.remove(loop)
        for table in (self.loops, self.entries):
            if table.get(loop.key) is loop:
                del table[loop.key]
                self.versions.pop(loop.key, None)
                return table
        return None

    def _close_bridge(self, rec, guard, loop, vobj, live, visited):
        waits = self.version_waits.get(guard, 0)
        version, values = self._version_at(loop, vobj, live, may_add=waits < VERSION_WAITS)
        if version is None:
            return None     # the frame does not fit the loop yet: one more turn
        if version is _NO_VERSION:
            # Jumping to the loop would fail a class guard at its entry, at
            # once and every time: the interpreter traces a version for
            # these classes at its next pass, and this guard tries again.
            self.version_waits[guard] = waits + 1
            self.want_version.add(loop.key)
            rec.abort("no version of the loop takes these classes yet")
            rec.retry_soon = 2
            return False
        inside = version is loop and bool(visited) and visited[0] != loop.key \
            and all(self.driver.loop_contains(loop.key, g) for g in visited)
        loop = version
        rec.builder.jump(*[rec.ref_of(v) for v in values], descr=loop.token)
        # another path through one iteration of the loop (it never left it):
        # it enters the loop label, not the preamble (optimize_linear).  Not
        # one that starts at the header (from a guard the preamble or a short
        # preamble checks on entry: what the loop assumes failed there, and a
        # bridge entering the loop label would fail it again in its own copy
        # of that guard, a new bridge each time: micro_int_overflow's total
        # past 2**63 went 1.24x -> 0.04x CPython).  Not one into another
        # version either.
        return self._attach(rec, guard, into_loop_label=inside,
                            known=self._invariants_at(rec, loop) if inside else None)

    def _version(self, loop, values_of, may_add=True):
        """The version of `loop` to enter or jump to, with its inputs:
        `loop` itself, else the newest other version, whose layout the frame
        fits (`values_of(layout)`: the inputs in order, else None) and whose
        entry guards take their classes.  (None, None) when the frame fits no
        version's layout; (_NO_VERSION, None) when none takes its classes and
        the header may have one more version (retrace_limit, and `may_add`);
        else the first that fits, with its inputs."""
        values = values_of(loop.layout)
        if values is not None and _accepts(loop.entry_classes, values):
            return loop, values
        versions = self.versions.get(loop.key, ())
        if loop not in versions:        # (an entry trace)
            versions = ()
        fitting = (loop, values) if values is not None else (None, None)
        for version in reversed(versions):
            if version is loop:
                continue
            values = values_of(version.layout)
            if values is None:
                continue
            if _accepts(version.entry_classes, values):
                return version, values
            if fitting[0] is None:
                fitting = (version, values)
        if fitting[0] is not None and may_add and len(versions) <= self.params.retrace_limit:
            return _NO_VERSION, None
        return fitting

    def _version_at(self, loop, vobj, live, may_add):
        """_version for a recording at `loop`'s header: its values are the
        frame's as the recording has them (boxes), the jump's arguments."""
        return self._version(loop, lambda layout: self._jump_args(_Probe, vobj, live, layout),
                             may_add)

    @staticmethod
    def _invariants_at(rec, loop):
        """The loop label's arguments that its loop passes on unchanged and
        that the bridge's guard held in its resume data: label argument ->
        the bridge's input (ShortPreamble.enter takes them as they are)."""
        target = getattr(getattr(loop.token, "short", None), "target", None)
        if target is None or target.label is None:      # (short: or why there is none)
            return None
        jump = loop.trace.ops[-1]
        if jump.opnum != rop.JUMP or jump.descr is not target:
            return None
        inputs = rec.fail_inputs
        return {x: inputs[id(x)] for x, y in zip(target.label.args, jump.args)
                if x is y and id(x) in inputs}

    def _finish_bridge(self, rec, guard, vobj):
        """The bridge's frame returned: the bridge finishes with its value (and
        the interpreter returns from the frame, run_loop), so that a loop's
        exit runs in machine code up to the function's return."""
        if not rec.active or len(rec.builder.ops) == 0:
            return False
        rec.builder.finish(rec.ref_of(self.hooks.frame_result(vobj)))
        return self._attach(rec, guard)

    def _attach(self, rec, guard, into_loop_label=False, known=None):
        bridge = rec.builder.build()
        if self.log:
            self.log.trace("bridge", bridge)
        t0 = time.perf_counter()
        collecting = collector.pause()
        try:
            bridge = self.optimize(bridge, into_loop_label, known)
            t1 = time.perf_counter()
            if self.log:
                self.log.trace("optimized bridge", bridge)
            refused = self._backend_does(rec, self.backend.attach_bridge, guard, bridge) \
                is REFUSED
            if not refused:
                collector.keep_out(bridge, self._untrack)
        finally:
            collector.resume(collecting)
        self.stats.time_optimizing += t1 - t0
        self.stats.time_compiling += time.perf_counter() - t1
        if refused:
            return False
        chain = self.chains.get(guard, ((), 0))[0] + (_place(guard),)
        entry = (chain, self.backend.iterations)
        for op in bridge.ops:
            if OPS[op.opnum].is_guard:
                self.chains[op] = entry
        self.stats.bridges += 1
        return True

    def _jump_args(self, rec, vobj, live, layout, abort=True):
        """The refs a jump to (or a call of) code with this input layout passes;
        None (the trace aborted, if `abort`) when the reds do not fit it."""
        if not abort:
            probe = _Probe()
            args = self._jump_args(probe, vobj, live, layout)
            return None if args is None else [rec.ref_of(a) for a in args]
        args = []
        groups = [getattr(vobj, field) for field in self.vfields]
        groups += [(live[name],) for name in self.plain_reds]
        for lst, shape in zip(groups, layout):
            if len(lst) != len(shape):
                rec.abort("frame shape changed")
                return None
            for v, s in zip(lst, shape):
                if s is None:
                    if type(v) is not Box and self.is_sentinel(v):
                        rec.abort("frame shape changed")
                        return None
                    args.append(rec.ref_of(v))
                elif v is not s:
                    rec.abort("frame shape changed")
                    return None
        return args

    def _record_root(self, rec, live, close_at, on_return=None):
        """Step the root frame through its recording twin until `close_at(live,
        greens, first)` closes the trace (it answers True or False; None goes
        on), recording stops, or the frame is left (then `on_return()` may
        close the trace).  Returns (livevars or None, closed)."""
        step = self.twins.twin(self.step)
        first = True
        while True:
            greens = self._greens(rec, live)
            closed = close_at(live, greens, first)
            if closed is not None:
                return live, closed
            first = False
            if not rec.active:
                return live, False
            self._merge_point(rec, greens, live)
            try:
                nxt = step(**live)
            except AbortTrace as e:
                rec.abort(e.reason)
                return (e.livevars if e.livevars is not None else live), False
            if nxt is None:
                if on_return is not None and on_return():
                    return None, True
                rec.abort("left the loop's frame")
                return None, False
            live = nxt
            rec.check_limit()

    def _greens(self, rec, live):
        """The green key of `live`.  Greens are constants of the trace: one the
        interpreter computed from a red is promoted (a guard_value)."""
        greens = tuple(live[g] for g in self.driver.greens)
        if _has_box_in(greens):
            greens = tuple(rec.promote(g) for g in greens)
            live.update(zip(self.driver.greens, greens))
        return greens

    def _plain(self, live):
        """Livevars handed back to the interpreter: no box left in a red."""
        live = dict(live)
        for name in self.plain_reds:
            live[name] = twins_mod.deep_unwrap(live[name])
        return live

    def _merge_point(self, rec, greens, live):
        self.frames[-1][0] = greens
        self.frames[-1][2] = live
        rec.snapshot = self._snapshot()
        rec.snapshot_source = self._snapshot
        rec.builder.debug_merge_point(
            descr=LazyLocation(self.driver.get_printable_location, greens))

    # -- calls met while recording ------------------------------------------------------
    def portal_call(self, fn, vobj, args):
        """The interpreter is about to run a new frame `vobj` to completion.
        While recording, the call is inlined, or calls the callee's entry
        trace (call_assembler), or is a residual call that interprets it."""
        rec = twins_mod.current()
        if not rec.active:
            self._unbox(vobj)
            return fn(vobj, *[unwrap(a) for a in args])
        # Only a call whose exception leaves by the calling instruction may be
        # inlined or called (a guard in the caller raises it there); a dunder
        # that FOR_ITER calls, say, has its StopIteration caught inside.
        key = self._entry_key(vobj)
        direct = key is not None and self.hooks.can_inline is not None \
            and self.hooks.can_inline(vobj)
        if direct and key not in self.dont_inline and self._inlinable(vobj):
            return self._record_inlined(rec, vobj, key)
        entry = self.entries.get(key) if direct else None
        if entry is not None:
            result = self._record_assembler_call(rec, entry, fn, vobj, args)
            if result is not _NOT_CALLED:
                return result
        residual = self.hooks.residual_frame(vobj) if direct and self.hooks.residual_frame \
            else None
        if residual is not None and not args:
            if key == self.recording_entry:
                self.self_call_residual = True
            host_fn, host_args = residual
            return rec.residual_call(host_fn, host_args)
        rec.abort("call not inlined")
        if key is not None and key in self.dont_inline:
            self.want_entry.add(key)
        self._unbox(vobj)
        return fn(vobj, *[unwrap(a) for a in args])

    def resume_suspended(self, vbox, field, sent, scalars=(), running=None):
        """hints.resume_suspended while recording: the suspended virtualizable
        behind `vbox` (a traced ref: a generator's frame) runs on inlined,
        with `sent` appended to its list field `field`, to the end of its
        step; its result.  Its list fields are read from the heap first (a
        slot holding a sentinel is guarded to it) and the items that changed
        are written back after, with the `scalars` fields as they are then
        (constants of the path: where it stands, its state); `running`, a
        (field, value) pair, is written first (the optimizer delays it to
        the first call that could see it: a call that resumes the same
        generator must find it running).  A guard
        failing inside it has the object in its resume data (field `heap`);
        a bridge from there records the frame to the end of its step,
        writes it back (`_write_back_resumed`) and hands on what it ended
        with (`InterpreterHooks.take_resumed`)."""
        rec = twins_mod.current()
        vobj = unwrap(vbox)
        self.resumed_scalars = scalars
        live = self.hooks.entry_livevars(vobj)
        if rec is None or not rec.active or len(self.frames) > self.params.inlining \
                or self.heap_frames \
                or any(f[1] is vobj for f in self.frames) or self.hooks.leave_suspended is None \
                or live[self.driver.greens[0]] in self.not_resumed:
            return NOT_RESUMED          # the interpreter resumes it its own way
        bld = rec.builder
        vref = rec.ref_of(vbox)
        loaded = []
        for name in self.vfields:
            lst = getattr(vobj, name)
            lref = bld.getfield_r(vref, descr=field_descr(type(vobj), name))
            bld.guard_value(bld.len_list(lref), ConstInt(len(lst)))
            for i, v in enumerate(lst):
                item = bld.getitem_list(lref, ConstInt(i))
                if self.is_sentinel(v):
                    bld.guard_value(item, ConstPtr(v))      # which slots are bound: the shape
                else:
                    lst[i] = rec.new_box(v, ref=item)
            loaded.append((lref, list(lst)))
        if running is not None:
            self._write_scalar(rec, vobj, vref, *running)
        getattr(vobj, field).append(sent)
        self.frames.append([None, vobj, live])
        self.heap_frames[id(vobj)] = vbox
        try:
            result = self._record_frame(rec, vobj, live, None)
            if rec.active:
                self._write_back_resumed(rec, vobj, vbox, loaded)
            return result
        finally:
            self.frames.pop()
            del self.heap_frames[id(vobj)]
            self._unbox(vobj)

    def _write_back_resumed(self, rec, vobj, vbox, loaded=None):
        """The resumed frame `vobj` ended its step: its lists and scalars back
        to the heap.  `loaded`: per list field, its ref and its items as the
        trace read them when it resumed the frame (resume_suspended); the
        items that changed are written, or the contents replaced whole
        where the length changed (another stack depth: a generator's first
        resume).  A bridge does not know what the heap holds (where the
        loop resumed it from): it replaces them whole (a call; bridges are
        the rare paths)."""
        bld = rec.builder
        vref = rec.ref_of(vbox)
        for k, name in enumerate(self.vfields):
            lst = getattr(vobj, name)
            if loaded is None:
                lref, before = bld.getfield_r(vref, descr=field_descr(type(vobj), name)), None
            else:
                lref, before = loaded[k]
            if before is not None and len(before) == len(lst):
                for i, (was, now) in enumerate(zip(before, lst)):
                    if now is not was:
                        bld.setitem_list(lref, ConstInt(i), rec.ref_of(now))
            else:
                items = bld.new_list(*[rec.ref_of(v) for v in lst])
                bld.call_n(lref, items, descr=_REPLACE_ITEMS)
        for name in self.resumed_scalars:
            self._write_scalar(rec, vobj, vref, name, getattr(vobj, name))

    @staticmethod
    def _write_scalar(rec, vobj, vref, name, v):
        """setfield of a constant, with the descr a promote_field read of it
        has (an int field's own, so that the heap cache sees one field)."""
        if type(v) is int:
            rec.builder.setfield(vref, ConstInt(v), descr=field_descr(type(vobj), name, INT))
        else:
            rec.builder.setfield(vref, rec.ref_of(v), descr=field_descr(type(vobj), name))

    def _entry_key(self, vobj):
        if self.hooks.entry_livevars is None:
            return None
        live = self.hooks.entry_livevars(vobj)
        return tuple(live[g] for g in self.driver.greens)

    def _inlinable(self, vobj):
        if len(self.frames) > self.params.inlining:
            return False
        live = self.hooks.entry_livevars(vobj)
        code = live[self.driver.greens[0]]
        # recursion: inlining it would not end
        return not any(g[0] == code for g, _, _ in self.frames)

    def _record_inlined(self, rec, vobj, key):
        live = self.hooks.entry_livevars(vobj)
        self.inlined_entries[key[0]] = key
        self.frames.append([None, vobj, live])
        self._inlined.add(id(vobj))
        try:
            return self._record_frame(rec, vobj, live, key)
        except RaisedOut:
            self._unbox(vobj)       # (left by the exception: gone)
            raise
        finally:
            self._inlined.discard(id(vobj))
            self.frames.pop()
            if not rec.active:
                self._unbox(vobj)

    def _caught_by_caller(self):
        """hints.caught_by_caller while recording: each traced frame from the
        innermost out, while `_record_inlined` runs it (its caller is in
        the step of its CALL, where a RaisedOut arrives), is left when its
        caller has no handler at the call, or the exception is caught
        there (a handler raise_at enters)."""
        frames = self.frames
        handler_at = self.hooks.handler_at
        if handler_at is None or self.hooks.raise_at is None:
            return False
        for d in range(len(frames) - 1, 0, -1):
            if id(frames[d][1]) not in self._inlined:
                return False
            what = handler_at(tuple(frames[d - 1][0]))
            if what == "enter":
                return True
            if what != "leave":
                return False
        return False

    def _record_frame(self, rec, vobj, live, key):
        """Step the innermost traced frame (`self.frames[-1]`) from `live` to
        its return, recording; its result.  After an abort the interpreter
        runs it on.  `key`: the function's entry key, or None."""
        step = self.twins.twin(self.step)
        while True:
            if not rec.active:
                self._unbox(vobj)
                if self.heap_frames.get(id(vobj)) is not None:
                    return self.hooks.leave_suspended(vobj, live)
                # (the interpreter has it now, not the recording)
                plain = self._resumed_plain
                plain.append(vobj)
                try:
                    return self.hooks.resume_plain(vobj, live)
                finally:
                    plain.pop()
            greens = self._greens(rec, live)
            if key is not None and greens in self.loops:
                # A loop with machine code of its own: unrolling it into this
                # trace would only deoptimize for other trip counts.  The
                # callee is called instead, by its entry trace, made at its
                # next call; this loop is traced again soon after.  (A frame
                # a bridge started in, key None, unrolls it: it cannot be
                # called, and the loop's other trip counts get bridges.)
                rec.abort("inlined call reaches a compiled loop")
                rec.retry_soon = 2
                self.dont_inline.add(key)
                if key not in self.entries:
                    self.want_entry.add(key)
                continue
            self._merge_point(rec, greens, live)
            try:
                nxt = step(**live)
            except AbortTrace as e:
                rec.abort(e.reason)
                if e.livevars is not None:
                    live = e.livevars
                continue
            if nxt is None:
                return self.hooks.frame_result(vobj)
            live = nxt
            rec.check_limit()

    def _record_assembler_call(self, rec, entry, fn, vobj, args):
        """call_assembler_r of the callee's entry trace, which runs for real
        meanwhile (interpreted, or its compiled code).  _NOT_CALLED when the
        frame does not fit the entry trace."""
        if args or not self._scalars_match(entry, self.hooks.entry_livevars(vobj)):
            return _NOT_CALLED
        live = self.hooks.entry_livevars(vobj)
        refs = self._jump_args(rec, vobj, live, entry.layout, abort=False)
        if refs is None:
            return _NOT_CALLED
        op = rec.builder.call_assembler_r(*refs, descr=self._call_descr(entry))
        self._unbox(vobj)
        result = fn(vobj)
        rec.builder.guard_no_exception()
        return rec.new_box(result, ref=op)

    def _call_descr(self, entry):
        if entry.call_descr is None:
            entry.call_descr = AssemblerCallDescr(
                lambda *args: self.call_entry(entry, args), entry.compiled,
                lambda number, values: self.leave_entry(entry, number, values),
                [REF] * len(entry.trace.inputargs),
                name=self.driver.get_printable_location(*entry.key).split(";")[0])
        return entry.call_descr

    # -- entry traces called by compiled code ---------------------------------------------
    def call_entry(self, entry, args):
        """call_assembler's general path: run the entry trace on `args`, and
        return the callee's result however its code leaves."""
        running = self._running
        running.append(None)        # its frame is made only if it deoptimizes
        try:
            number, values = self.backend.run(entry.compiled, args)
        finally:
            running.pop()
        return self.leave_entry(entry, number, values)

    def request_leave(self):
        """Compiled loops leave soon (at their next poll, by their CAP exit),
        so that entering them again reads the heap again: host code ran
        that the trace could not see (a signal handler)."""
        leave = getattr(self.backend, "request_leave", None)
        if leave is not None:
            leave()

    def leave_entry(self, entry, number, values):
        """A called entry trace left its code with `number`: its finish's
        value, or else the callee's frame is made, deoptimized into (a guard
        that fails often gets a bridge, as in run_loop) and finished by the
        interpreter."""
        if number != CAP_EXIT and self.backend.exit_op(number).opnum == rop.FINISH:
            return values[0]
        self.stats.assembler_calls += 1
        greens = dict(zip(self.driver.greens, entry.key))
        vobj = self.hooks.make_frame(greens, dict(zip(self.vscalars, entry.scalars)))
        livevars = self.hooks.entry_livevars(vobj)
        return self.hooks.run_to_end(vobj, self._left(entry, vobj, livevars, number, values))

    def _tracing_clock(self):
        """Wall time less the optimizing and compiling done meanwhile (a trace
        that closes is optimized and compiled before its recording ends), so
        the summary's three times add up instead of overlapping."""
        st = self.stats
        return time.perf_counter() - st.time_optimizing - st.time_compiling

    def _finish_tracing(self, rec, key, closed, t0, failed):
        rec.release()
        self.tracing = False
        self.frames = []
        twins_mod._CURRENT[0] = None
        self.stats.time_tracing += self._tracing_clock() - t0
        if not closed:
            reason = rec.abort_reason or "loop not closed"
            self.stats.abort(reason)
            if rec.retry_soon:
                failed.pop(key, None)       # not this trace's fault (_trace_root)
            else:
                self._failed_again(failed, key)
            if self.log:
                self.log.abort(rec.builder.name, reason)

    def _snapshot(self):
        """The resume data of the current instruction: a FrameState per traced
        frame.  The callers' states are made once per call they wait in
        (`_caller_states`): their frames do not change meanwhile, and with
        deep inlining most of a snapshot's slots are theirs."""
        frames = self.frames
        inner = len(frames) - 1
        cache = self._caller_states
        del cache[inner:]
        states = cache[:]
        for greens, vobj, live in frames[len(cache):]:
            state = self._frame_state(greens, vobj, live)
            states.append(state)
            if len(cache) < inner:
                cache.append(state)
        return FrameSnapshot(states)

    def _frame_state(self, greens, vobj, live):
        # One pass per value: this runs at every recorded instruction.
        fields = []
        if vobj is not None:
            for field in self.vfields:
                entries = []
                for v in getattr(vobj, field):
                    if type(v) is Box:
                        entries.append(_box_entry(v))
                    else:
                        if type(v) in _CONTAINERS and _holds_boxes(v):
                            # resume data has no way to rebuild it yet
                            twins_mod.current().abort("a container of boxes in the frame")
                        entries.append(("const", v))
                fields.append((field, tuple(entries)))
            fields += [(name, (_entry(getattr(vobj, name)),)) for name in self.vscalars]
            heap = self.heap_frames.get(id(vobj)) if self.heap_frames else None
            if heap is not None:
                fields.append(("heap", (_entry(heap),)))
        for name in self.plain_reds:
            v = live[name]
            if _holds_boxes(v):
                twins_mod.current().abort(f"a container of boxes in red {name}")
            fields.append((name, (_entry(v),)))
        return FrameState(greens, tuple(fields))

    def _unbox_all(self):
        for _, vobj, _ in self.frames:
            self._unbox(vobj)

    def _unbox(self, vobj):
        """Plain values back into a virtualizable: its lists, and any other field
        the interpreter's code stored a box in (a return value, say)."""
        if vobj is None:
            return
        for field in self.vfields:
            lst = getattr(vobj, field)
            for i, v in enumerate(lst):
                lst[i] = twins_mod.deep_unwrap(v)
        for name in _slot_names(type(vobj)):
            v = getattr(vobj, name, None)
            if type(v) is Box:
                setattr(vobj, name, v.value)

    def _close_loop(self, rec, key, vobj, live, layout, token):
        if not rec.active:
            return False
        args = self._jump_args(rec, vobj, live, layout)
        if args is None:
            return False
        rec.builder.jump(*args, descr=token)
        trace, compiled = self._optimize_and_compile(rec)
        if compiled is REFUSED:
            return False
        # Bridges jump to the first label of what was compiled: it takes the
        # original inputs even when the optimizer peeled a preamble off.
        entry = next(op.descr for op in trace.ops if op.opnum == rop.LABEL)
        loop = Loop(key, tuple(layout), trace, compiled, entry)
        loop.entry_classes = _entry_classes(trace)
        self.loops[key] = self.by_token[entry] = loop
        self.versions.setdefault(key, []).append(loop)
        self.stats.loops += 1
        return True

    def _optimize_and_compile(self, rec):
        """The recorded trace, logged, optimized, logged and compiled."""
        trace = rec.builder.build()
        t0 = time.perf_counter()
        if self.log:
            self.log.trace("recorded", trace)
        collecting = collector.pause()
        try:
            trace = self.optimize(trace)
            t1 = time.perf_counter()
            compiled = self._backend_does(rec, self.backend.compile, trace)
            if compiled is not REFUSED:
                collector.keep_out(trace, self._untrack)
        finally:
            collector.resume(collecting)
        self.stats.time_optimizing += t1 - t0
        self.stats.time_compiling += time.perf_counter() - t1
        if self.log:
            self.log.trace("optimized", trace)
        return trace, compiled

    @staticmethod
    def _backend_does(rec, work, *args):
        """work(*args), or REFUSED with the trace aborted when the backend
        refuses the trace or fails on it: the program goes on interpreted
        and never sees the backend's exception."""
        try:
            return work(*args)
        except Exception as e:
            rec.abort(f"the backend failed: {type(e).__name__}: {e}")
            return REFUSED

    def _compile_entry(self, rec, key, layout, token):
        trace, compiled = self._optimize_and_compile(rec)
        if compiled is REFUSED:
            return False
        vobj = self.frames[0][1]
        scalars = tuple(getattr(vobj, name) for name in self.vscalars) if vobj is not None else ()
        old = self.entries.get(key)
        if old is not None and old.call_descr is not None and old.layout == tuple(layout) \
                and all(a is b for a, b in zip(old.scalars, scalars)):
            # traced again (it called itself through the interpreter): the
            # code that calls the old one calls this one from now on
            old.trace, old.compiled, old.token = trace, compiled, token
            self.backend.redirect_call_assembler(old.call_descr, compiled)
        else:
            self.entries[key] = Loop(key, tuple(layout), trace, compiled, token, scalars)
        self.stats.entries += 1
        if self.self_call_residual and key not in self.retraced_entries:
            # A recursive function calls itself through the interpreter in
            # this trace (it had no entry trace to call): once, it is traced
            # again at its next call, which then calls this one's code.
            self.retraced_entries.add(key)
            self.want_entry.add(key)
        return True

    def optimize(self, trace, into_loop_label=False, known=None):
        try:
            from tracer.optimizer import optimize
        except ImportError:
            return trace
        return optimize(trace, self.params.enable_opts, into_loop_label=into_loop_label,
                        known=known)

    # -- running compiled loops -------------------------------------------------------
    def _leave_at_label(self, loop, vobj, livevars, values):
        """The loop stopped at its back-edge (a signal handler raised there,
        e.g. Ctrl-C; objects wait for their finalizers): the label's values
        become the frame at the loop header, and the exception, if any, is
        raised there.  A label with resume data (TargetToken.resume) is
        rebuilt from it: a peeled loop's label holds what the loop keeps, not
        the frame."""
        token = getattr(self.backend, "stopped_at", None)
        resume = getattr(token, "resume", None)
        if resume is None:
            live = self._leave_at_header(self.by_token.get(token, loop), vobj, livevars,
                                         values)
        else:
            where = {id(a): i for i, a in enumerate(token.label.args)}
            frames = rebuild_entries(resume,
                                     [values[where[id(v)]] for v in resume.fail_args])
            live = self._into_frame(vobj, livevars, *frames[0])
        exc = self.backend.grab_exception()
        if exc is not None:
            live[RAISE] = exc
        return live

    def _into_frame(self, vobj, livevars, greens, fields):
        """A rebuilt frame (resume.rebuild_entries) into `vobj`'s fields and
        the reds: the livevars to go on from."""
        for field in self.vfields:
            getattr(vobj, field)[:] = fields[field]
        live = dict(livevars)
        for name in self.plain_reds:
            live[name] = fields[name][0]
        live.update(zip(self.driver.greens, greens))
        return live

    def _leave_at_header(self, loop, vobj, livevars, values):
        """`_leave_at_label` for a label whose arguments are the reds, as the
        loop's layout says."""
        values = iter(values)
        for field, shape in zip(self.vfields, loop.layout):
            getattr(vobj, field)[:] = [next(values) if s is None else s for s in shape]
        live = dict(livevars)
        for name, (s,) in zip(self.plain_reds, loop.layout[len(self.vfields):]):
            live[name] = next(values) if s is None else s
        live.update(zip(self.driver.greens, loop.key))
        return live

    def run_loop(self, loop, livevars):
        """Run compiled code from `livevars` and go on from where it left:
        `loop`, or the version of it whose entry takes the frame's classes.
        None: the frame fits no version's layout; _NO_VERSION: no version
        takes its classes, and there may be one more."""
        vobj = self._virtualizable(livevars)
        args = self._inputs(loop.layout, vobj, livevars)
        if args is None or (loop.entry_classes and not _accepts(loop.entry_classes, args)):
            # (_version only here: the loop itself fits almost always, and
            # every entry from the interpreter passes this way)
            loop, args = self._version(loop, lambda layout: self._inputs(layout, vobj, livevars))
            if args is None:
                return loop
        self.stats.loop_entries += 1
        before = self.backend.iterations
        limit = self._limit_recursion
        saved = None if limit is None else limit(self.hooks.recursion_budget)
        running = self._running
        running.append(vobj)
        try:
            exit_no, values = self.backend.run(loop.compiled, args)
        finally:
            running.pop()
            if saved is not None:
                self.backend.restore_recursion_limit(saved)
        self.stats.iterations += self.backend.iterations - before
        return self._left(loop, vobj, livevars, exit_no, values)

    def _inputs(self, layout, vobj, livevars):
        """The values code with this input layout takes from the frame, in
        order; None when the frame does not fit the layout."""
        args = []
        groups = [getattr(vobj, field) for field in self.vfields]
        groups += [(livevars[name],) for name in self.plain_reds]
        is_sentinel = self.is_sentinel
        for values, shape in zip(groups, layout):
            if len(values) != len(shape):
                return None
            for v, s in zip(values, shape):
                if s is None:
                    if is_sentinel(v):
                        return None
                    args.append(v)
                elif v is not s:
                    return None
        return args

    def _count_exception_exit(self, loop, guard):
        """A residual call raised and `guard` (its guard_no_exception) exits
        with the exception.  At its `trace_eagerness`-th such exit the path
        the exception takes gets a bridge (`trace_bridge`, `exc`): True.
        When that cannot be (the handler is not in the root frame, or the
        bridge could not be recorded), each exit is a deoptimization and a
        re-entry: coming more often than once per
        _ITERATIONS_PER_EXCEPTION_EXIT iterations of compiled work, they
        cost more than interpreting the loop, which is thrown away."""
        n, first = self.exception_exits.get(guard) or (0, self._work_done())
        n += 1
        if n < self.params.trace_eagerness:
            self.exception_exits[guard] = n, first
            return False
        del self.exception_exits[guard]
        if guard not in self.bridged and not self.tracing \
                and self._catches(guard.snapshot) is not None:
            return True
        if self._work_done() - first < _ITERATIONS_PER_EXCEPTION_EXIT * n:
            self._give_up_on(loop, guard, "exceptions")
        return False

    def _catches(self, snapshot):
        """The frame of `snapshot` (a guard_no_exception's) whose handler its
        call's exception enters, by its index, when an exception bridge can
        start there: the frames inside it (inlined calls) have no handler
        at their instruction and are left.  None: no such frame (none
        catches it, a handler or a frame the interpreter says a bridge
        cannot start with, a generator a trace resumed from the heap)."""
        frames = getattr(snapshot, "frames", ())
        hooks = self.hooks
        if not frames or hooks.raise_at is None or hooks.handler_at is None \
                or any(name == "heap" for f in frames for name, _ in f.fields) \
                or not self._bridgeable(snapshot):
            return None
        for depth in range(len(frames) - 1, -1, -1):
            what = hooks.handler_at(tuple(frames[depth].greens))
            if what == "enter":
                return depth
            if what != "leave" or depth == 0 or hooks.pass_through is None:
                return None
        return None

    def _work_done(self):
        """Back-edges run in compiled code, with each run of compiled code
        counted as one more: an entry trace's run of a function without a
        loop is an iteration's worth of work."""
        return self.backend.iterations + self.stats.loop_entries

    def _left(self, loop, vobj, livevars, exit_no, values):
        """Compiled code entered at `loop` left by `exit_no` with `values`:
        the reds are rebuilt into `vobj`; the livevars to go on from, or
        FRAME_LEFT when the code ran the frame to its return."""
        # Finalizers the code held back run once the frames are rebuilt (the
        # snapshot's delayed writes done), before any guest code goes on.
        if exit_no == CAP_EXIT:
            live = self._leave_at_label(loop, vobj, livevars, values)
            self.backend.release_deferred()
            return live
        guard = self.backend.exit_op(exit_no)
        if guard.opnum == rop.FINISH:       # the code ran the frame to its return
            self.backend.release_deferred()
            self.hooks.return_from(vobj, values[0])
            return FRAME_LEFT
        self.stats.guard_failures += 1
        # A residual call raised: the instruction happened, its exception is
        # raised at it instead of running it again.
        exc = self.backend.grab_exception() if guard.opnum == rop.GUARD_NO_EXCEPTION else None
        exc_bridge = exc is not None and self._count_exception_exit(loop, guard)
        frames = rebuild_entries(guard.snapshot, values)
        self.backend.release_deferred()
        live = self._into_frame(vobj, livevars, *frames[0])
        hot = False
        if exc is None and (guard not in self.bridged or guard in self.bridges_failed):
            n = self.guard_failures.get(guard, 0) + 1
            self.guard_failures[guard] = n
            if n == 1:
                self.first_failures[guard] = self._work_done()
            hot = n >= self.params.trace_eagerness and not self.tracing
            if hot and self._chain_repeats(guard):
                self.bridged.add(guard)     # it keeps deoptimizing; the loop stays
                self.stats.abort("bridge: its chain came back to this place")
                hot = False
                if len(frames) > 1:
                    self._call_instead_of_unrolling(loop, frames[-1][0])
            if hot and guard in self.bridges_failed:
                # Its bridge could not be recorded.  Rare next to the
                # iterations (a generator's end, once per generator), it
                # may go on deoptimizing; often (nqueens: a `yield from`
                # after every few iterations of a loop in a generator), the
                # loop is traced again without resuming the generator its
                # guard is in, or thrown away.
                since = self._work_done() - self.first_failures.pop(guard, 0)
                if since >= _ITERATIONS_PER_DEOPT * n:
                    self.guard_failures[guard] = 0
                else:
                    self.bridges_failed.discard(guard)
                    resumed = _resumed_code(guard.snapshot)
                    if resumed is not None:
                        self._retrace_without_resuming(loop, resumed)
                    else:
                        self._give_up_on(loop, guard)
                hot = False
            elif hot and not self._bridgeable(guard.snapshot):
                if len(frames) == 1:
                    self._give_up_on(loop, guard)
                else:
                    self.bridged.add(guard)     # stop counting; the loop stays
                hot = False
        if len(frames) == 1:
            if exc_bridge:
                return self.trace_bridge(guard, vobj, live, exc=exc)
            if exc is not None:
                live[RAISE] = exc
            elif hot:
                return self.trace_bridge(guard, vobj, live)
            return live
        # The guard failed inside inlined calls: the interpreter finishes them,
        # or a bridge records them to their returns.
        lives = [dict(zip(self.driver.greens, g)) for g, _ in frames]
        fields = [f for _, f in frames]
        if (hot or exc_bridge) and self.hooks.inner_frames is not None:
            inner = self.hooks.inner_frames(vobj, lives, fields)
            return self.trace_bridge(guard, vobj, live,
                                     [(f, self.hooks.entry_livevars(f)) for f in inner],
                                     exc=exc if exc_bridge else None)
        return self.hooks.resume_inlined(vobj, lives, fields, exc)


_NOT_CALLED = object()


class _Probe:
    """Stands for the recorder in a dry run of _jump_args: the values, no abort."""

    @staticmethod
    def abort(reason):
        pass

    @staticmethod
    def ref_of(v):
        return v


def _entry_classes(trace):
    """(input position, class) for each guard_class that a peeled loop's
    preamble makes on one of its inputs, for a class that its loop body
    takes as invariant (checks on no value it carries round).  Straight-line
    code: a frame entering with another class there fails that guard every
    time, or one before it; a version for that class is worth having.  A
    class that the body checks at each iteration is a value that may change
    class from one iteration to the next (a scheduler's current task):
    bridges into the loop body serve it, not versions."""
    labels = [i for i, op in enumerate(trace.ops) if op.opnum == rop.LABEL]
    if len(labels) < 2:
        return ()
    first, body = labels[0], labels[1]
    carried = {id(a) for a in trace.ops[body].args}
    checked = {op.args[1].value for op in trace.ops[body + 1:]
               if op.opnum == rop.GUARD_CLASS and id(op.args[0]) in carried}
    position = {id(a): i for i, a in enumerate(trace.ops[first].args)}
    classes = {}
    for op in trace.ops[first + 1:body]:
        if op.opnum == rop.GUARD_CLASS:
            i = position.get(id(op.args[0]))
            cls = op.args[1].value
            if i is not None and cls not in checked:
                classes.setdefault(i, cls)
    return tuple(classes.items())


def _accepts(entry_classes, args):
    """Do these inputs (boxes while recording) have the classes a loop's
    entry guards on?"""
    for i, cls in entry_classes:
        v = args[i]
        if type(v) is Box:
            v = v.value
        if type(v) is not cls:
            return False
    return True


def _materialize(rec, inputs, kind, v, memo):
    """The IR value a bridge starts with for one snapshot entry: an input,
    boxed if the exit gave it unboxed, or a virtual allocated again (the
    objects deoptimization made are the concrete values of these)."""
    bld = rec.builder
    if kind == "const":
        return rec.ref_of(v)
    if kind == "virtual":
        op = memo.get(id(v))
        if op is not None:
            return op
        if v.kind == "object":
            op = memo[id(v)] = bld.new_object(descr=v.cls)
            for descr, (k, x) in v.fields:
                bld.setfield(op, _materialize(rec, inputs, k, x, memo), descr=descr)
            return op
        items = [_materialize(rec, inputs, k, x, memo) for _, (k, x) in v.fields]
        op = memo[id(v)] = (bld.new_tuple if v.kind == "tuple" else bld.new_list)(*items)
        return op
    ia = inputs.get(id(v), v)       # not an exit value: an IR constant
    if kind == "ref":
        return ia
    return {"int": bld.box_int, "bool": bld.box_bool, "float": bld.box_float}[kind](ia)


# back-edges run in machine code after which a bridge's guard getting hot
# is not a chain that grows by one bridge per iteration (_chain_repeats)
CHURN_ITERATIONS = 1000

_NO_VERSION = object()      # _version: no version of the loop takes the frame's classes

# A bridge that reaches a loop none of whose versions takes its classes
# stops, this many times at most, for the interpreter to trace the version
# first; then it jumps to the loop as it is.
VERSION_WAITS = 2

# traces of one loop header that left the loop and were recorded again (trace_loop)
LEAVE_RETRIES = 3

# Recordings of one loop or function entry that an exception stopped and
# that are tried again at the next pass (then the usual back-off): a loop
# over ["12", "x", "7", "3.5", "100"] calling int() was recorded at every
# fifth-plus-one pass, always the "x", and never compiled.
EXCEPTION_RETRIES = 3
# what _backend_does answers when the backend refused or failed on a trace
REFUSED = object()


def _place(guard):
    """Where a guard is: its kind and the position of each frame it is in."""
    frames = getattr(guard.snapshot, "frames", ())
    return (guard.opnum, tuple(tuple(f.greens) for f in frames))


# A guard whose bridge could not be recorded may keep deoptimizing when it
# fails at most once per this many iterations of compiled code (a
# deoptimization costs about as much as interpreting a few hundred
# instructions).
_ITERATIONS_PER_DEOPT = 100

# The call that starts a bridge from a guard_no_exception: it raises nothing
# and must stay where it is (it takes the exception from the backend).
_EFFECT_TAKE_EXCEPTION = EffectInfo(may_raise=False, reads_heap=False, writes_heap=True)

# A loop whose residual calls raise, caught in the loop, exits at each
# exception and is entered again: that costs about as much as interpreting
# four or five iterations.  Measured on loops of dict lookups, int() calls
# and guest raises caught in the loop: raising once per two or three
# iterations, compiled code took 1.1-2.5 times the time of --jit off; once
# per five, 0.75-1.2 times.
_ITERATIONS_PER_EXCEPTION_EXIT = 4


def _replace_items(lst, items):
    lst[:] = items


# (reads and writes lists only: the heap cache keeps fields and classes)
_REPLACE_ITEMS = CallDescr(_replace_items, [REF, REF], VOID,
                           EffectInfo(may_raise=False, lists_only=True), name="replace_items")


def _resumed_code(snapshot):
    """The code of the frame resumed from the heap a guard is in, or None."""
    for frame in snapshot.frames:
        for name, _ in frame.fields:
            if name == "heap":
                return frame.greens[0]
    return None


def _bridgeable(snapshot):
    """Bridges start from plain entries and virtuals; pending writes of plain
    ones."""
    for frame in snapshot.frames:
        for name, entries in frame.fields:
            for kind, _ in entries:
                if kind not in ("const", "ref", "int", "bool", "float", "virtual"):
                    return False
    for (okind, _), _, (vkind, _) in getattr(snapshot, "pending", ()):
        if okind != "ref" or vkind not in ("ref", "int", "bool", "float"):
            return False
    return True


def _never(v):
    return False


def _has_box(livevars):
    for v in livevars.values():
        if type(v) is Box:
            return True
    return False


def _has_box_in(values):
    for v in values:
        if type(v) is Box:
            return True
    return False


_CONTAINERS = (tuple, list, dict)     # what may hold boxes (_frame_state tests it first)


def _holds_boxes(v):
    t = type(v)
    if t is dict:
        v = v.values()
    elif t not in _CONTAINERS:
        return False
    return any(type(x) is Box for x in v)


def _slot_names(cls):
    names = []
    for k in cls.__mro__:
        s = k.__dict__.get("__slots__", ())
        names.extend((s,) if isinstance(s, str) else s)
    return names


def _entry(v):
    if type(v) is not Box:
        return ("const", v)
    return _box_entry(v)


def _box_entry(v):
    if v.ref is not None:
        return ("ref", v.ref)
    t = type(v.value)
    if t is bool:
        return ("bool", v.unboxed)
    if t is int:
        return ("int", v.unboxed)
    return ("float", v.unboxed)
