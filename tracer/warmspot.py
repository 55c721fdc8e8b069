"""The JIT runtime: counters at loop headers, tracing, running compiled loops, deopt.

Named after PyPy's `warmspot`/`warmstate`.  An interpreter attaches it to
its `JitDriver` with the step function (one instruction, run through its
recording twin while tracing) and the traceable modules; then
`can_enter_jit` at a back-edge counts, starts recording when the loop is
hot, and enters the loop's compiled code once there is one.  A guard that
fails hands its snapshot to deoptimization, which writes the frame's
virtualizable lists back and tells the interpreter where to resume.
"""

import time

from tracer.ir import REF, TargetToken, TextLocation, rop
from tracer.recording.boxes import Box, unwrap
from tracer.recording.recorder import Recorder, AbortTrace
from tracer.recording import twins as twins_mod
from tracer.resume import FrameState, FrameSnapshot, rebuild_entries
from tracer.stats import JitStats
from tracer.executor import CAP_EXIT


class InterpreterHooks:
    """What the runtime asks of the interpreter beyond the JitDriver.

    entry_livevars(vobj)        livevars of a frame about to start running
    can_inline(vobj)            may this new frame be traced into its caller's trace?
                                (its caller must be able to resume after it returns)
    resume_plain(vobj, live)    run a frame on from `live` without recording; its result
    frame_result(vobj)          the value a finished frame returned
    resume_inlined(root, lives, fields, exc)
                                after a guard failed inside inlined calls: rebuild the
                                inner frames from their fields, finish them (raising
                                exc at the innermost instruction when it is not None),
                                and return the root frame's livevars
    """

    def __init__(self, entry_livevars=None, can_inline=None, resume_plain=None,
                 frame_result=None, resume_inlined=None):
        self.entry_livevars = entry_livevars
        self.can_inline = can_inline
        self.resume_plain = resume_plain
        self.frame_result = frame_result
        self.resume_inlined = resume_inlined


FRAME_LEFT = "frame-left"   # can_enter_jit's answer when the frame returned or raised
RAISE = "raise"             # in can_enter_jit's answer: raise this at the instruction


class Loop:
    """A compiled loop: its green key, the layout of its inputs, its code."""

    def __init__(self, key, layout, trace, compiled, token=None):
        self.token = token
        self.key = key
        self.layout = layout        # per virtualizable field: tuple of None (input) or constant
        self.trace = trace
        self.compiled = compiled


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


class WarmSpot:
    def __init__(self, driver, params, step, traceable_modules, is_sentinel, backend, log=None,
                 opaque_modules=(), portals=(), hooks=None):
        self.driver = driver
        self.hooks = hooks or InterpreterHooks()
        self.frames = []
        self.params = params
        self.step = step
        self.twins = twins_mod.Twins(traceable_modules, opaque_modules, portals,
                                     self.portal_call, is_sentinel)
        self.twins.before_opaque = self._unbox_all
        self.is_sentinel = is_sentinel      # slot values that are never guest values
        self.backend = backend
        self.log = log
        self.counters = {}
        self.guard_failures = {}    # guard -> times it failed (until it has a bridge)
        self.bridged = set()
        self.loops = {}
        self.failed = {}
        self.stats = JitStats()
        self.tracing = False
        self.vfields = None
        driver.warmspot = self

    # -- entry from the interpreter ----------------------------------------------------
    def can_enter_jit(self, livevars):
        key = tuple(livevars[g] for g in self.driver.greens)
        loop = self.loops.get(key)
        if loop is not None:
            return self.run_loop(loop, livevars)
        if self.tracing:
            return None
        n = self.counters.get(key, 0) + 1
        if n < self.params.threshold:
            self.counters[key] = n
            return None
        self.counters[key] = 0
        failed = self.failed.get(key)
        if failed is not None:
            failed.countdown -= 1
            if failed.countdown > 0:
                return None
        return self.trace_loop(key, livevars)

    # -- recording ----------------------------------------------------------------------
    def _virtualizable(self, livevars):
        name = self.driver.virtualizables[0]
        obj = livevars[name]
        if self.vfields is None:
            spec = type(obj)._virtualizable_
            self.vfields = tuple(f[:-3] for f in spec if f.endswith("[*]"))
            self.vscalars = tuple(f for f in spec if not f.endswith("[*]"))
        return obj

    def trace_loop(self, key, livevars):
        """Record one iteration from this loop header, executing it for real."""
        t0 = time.perf_counter()
        self.stats.traces_started += 1
        rec = Recorder(self.params.trace_limit, name=self.driver.get_printable_location(*key))
        vobj = self._virtualizable(livevars)
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
        token = TargetToken(str(rec.builder.name))
        rec.builder.label(*inputs, descr=token)
        self.tracing = True
        twins_mod._CURRENT[0] = rec
        self.frames = [[key, vobj]]         # greens and virtualizable of each traced frame
        live = dict(livevars)
        closed = False

        def close_at(greens, first):
            if not first and greens == key:
                return self._close_loop(rec, key, vobj, layout, token)
            return None
        try:
            live, closed = self._record_root(rec, live, close_at)
        except BaseException as e:
            rec.abort(f"exception {type(e).__name__} while tracing")
            self._unbox(vobj)
            self._finish_tracing(rec, key, closed, t0)
            raise
        self._unbox(vobj)
        self._finish_tracing(rec, key, closed, t0)
        if live is None:
            return FRAME_LEFT
        return {g: live[g] for g in self.driver.greens}

    def trace_bridge(self, guard, vobj, livevars):
        """Record from a guard that fails often until a compiled loop's header,
        and attach the result to the guard.  Executes for real, as tracing does."""
        t0 = time.perf_counter()
        self.bridged.add(guard)         # one try per guard, whatever happens
        self.guard_failures.pop(guard, None)
        self._virtualizable(livevars)
        snapshot = guard.snapshot
        rec = Recorder(self.params.trace_limit, name=f"bridge from {guard.exit_number}")
        inputs = {id(v): rec.builder.input(v.kind) for v in snapshot.fail_args}
        # Writes the loop delayed past this guard happen first in the bridge
        # too (deoptimization did them on the objects just now).
        for (okind, obj), descr, (vkind, val) in getattr(snapshot, "pending", ()):
            o = inputs.get(id(obj), obj)
            v = inputs.get(id(val), val)
            if vkind != "ref":
                v = {"int": rec.builder.box_int, "bool": rec.builder.box_bool,
                     "float": rec.builder.box_float}[vkind](v)
            rec.builder.setfield(o, v, descr=descr)
        for (name, entries) in snapshot.frames[0].fields:
            if name not in self.vfields:
                continue
            lst = getattr(vobj, name)
            for i, (kind, v) in enumerate(entries):
                if kind == "const" or id(v) not in inputs:
                    continue
                ia = inputs[id(v)]
                if kind == "ref":
                    lst[i] = rec.new_box(lst[i], ref=ia)
                else:
                    lst[i] = rec.new_box(lst[i], unboxed=ia, known_class=True)
        self.tracing = True
        twins_mod._CURRENT[0] = rec
        self.frames = [[None, vobj]]
        live = livevars
        attached = False

        def close_at(greens, first):
            loop = self.loops.get(greens)
            if loop is not None and rec.active and len(rec.builder.ops) > 0:
                return self._close_bridge(rec, guard, loop, vobj)
            return None
        try:
            live, attached = self._record_root(rec, live, close_at)
        finally:
            self._unbox(vobj)
            self.tracing = False
            self.frames = []
            twins_mod._CURRENT[0] = None
            self.stats.time_tracing += time.perf_counter() - t0
        if not attached:
            self.stats.abort("bridge: " + (rec.abort_reason or "not closed"))
            if self.log:
                self.log.abort(rec.builder.name, rec.abort_reason or "not closed")
        if live is None:
            return FRAME_LEFT
        return {g: live[g] for g in self.driver.greens}

    def _give_up_on(self, loop, guard):
        """A guard that fails often and cannot have a bridge: the loop would only
        keep deoptimizing, so it is thrown away and its header not traced again."""
        self.bridged.add(guard)
        if self.loops.get(loop.key) is loop:
            del self.loops[loop.key]
            f = self.failed.setdefault(loop.key, _Failed())
            f.aborts = f.MAX_ABORTS
            f.failed_again()
            self.stats.abort("loop thrown away: a hot guard without bridge")

    def _close_bridge(self, rec, guard, loop, vobj):
        args = self._jump_args(rec, vobj, loop.layout)
        if args is None:
            return False
        rec.builder.jump(*args, descr=loop.token)
        bridge = rec.builder.build()
        if self.log:
            self.log.trace("bridge", bridge)
        t1 = time.perf_counter()
        self.backend.attach_bridge(guard, bridge)
        self.stats.time_compiling += time.perf_counter() - t1
        self.stats.bridges += 1
        return True

    def _jump_args(self, rec, vobj, layout):
        args = []
        for field, shape in zip(self.vfields, layout):
            lst = getattr(vobj, field)
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

    def _record_root(self, rec, live, close_at):
        """Step the root frame through its recording twin until `close_at(greens,
        first)` closes the trace (it answers True or False; None goes on),
        recording stops, or the frame is left.  Returns (livevars or None, closed)."""
        step = self.twins.twin(self.step)
        first = True
        while True:
            greens = tuple(live[g] for g in self.driver.greens)
            closed = close_at(greens, first)
            if closed is not None:
                return live, closed
            first = False
            if not rec.active:
                return live, False
            self._merge_point(rec, greens)
            try:
                nxt = step(**live)
            except AbortTrace as e:
                rec.abort(e.reason)
                return (e.livevars if e.livevars is not None else live), False
            if nxt is None:
                rec.abort("left the loop's frame")
                return None, False
            live = nxt
            rec.check_limit()

    def _merge_point(self, rec, greens):
        self.frames[-1][0] = greens
        rec.snapshot = self._snapshot()
        rec.builder.debug_merge_point(
            descr=TextLocation(self.driver.get_printable_location(*greens)))

    # -- calls met while recording ------------------------------------------------------
    def portal_call(self, fn, vobj, args):
        """The interpreter is about to run a new frame `vobj` to completion."""
        rec = twins_mod.current()
        if rec.active and self._inlinable(vobj):
            return self._record_inlined(rec, vobj)
        if rec.active:
            rec.abort("call not inlined")
        self._unbox(vobj)
        return fn(vobj, *[unwrap(a) for a in args])

    def _inlinable(self, vobj):
        if len(self.frames) > self.params.inlining or self.hooks.can_inline is None:
            return False
        live = self.hooks.entry_livevars(vobj)
        code = live[self.driver.greens[0]]
        if any(g[0] == code for g, _ in self.frames):
            return False        # recursion: inlining it would not end
        return self.hooks.can_inline(vobj)

    def _record_inlined(self, rec, vobj):
        live = self.hooks.entry_livevars(vobj)
        step = self.twins.twin(self.step)
        self.frames.append([None, vobj])
        try:
            while True:
                if not rec.active:
                    self._unbox(vobj)
                    return self.hooks.resume_plain(vobj, live)
                self._merge_point(rec, tuple(live[g] for g in self.driver.greens))
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
        finally:
            self.frames.pop()
            if not rec.active:
                self._unbox(vobj)

    def _finish_tracing(self, rec, key, closed, t0):
        self.tracing = False
        self.frames = []
        twins_mod._CURRENT[0] = None
        self.stats.time_tracing += time.perf_counter() - t0
        if not closed:
            reason = rec.abort_reason or "loop not closed"
            self.stats.abort(reason)
            self.failed.setdefault(key, _Failed()).failed_again()
            if self.log:
                self.log.abort(rec.builder.name, reason)

    def _snapshot(self):
        for _, vobj in self.frames:
            for field in self.vfields:
                if any(_holds_boxes(v) for v in getattr(vobj, field)):
                    # resume data has no way to rebuild it yet
                    twins_mod.current().abort("a container of boxes in the frame")
        states = []
        for greens, vobj in self.frames:
            fields = [(field, tuple(_entry(v) for v in getattr(vobj, field)))
                      for field in self.vfields]
            fields += [(name, (_entry(getattr(vobj, name)),)) for name in self.vscalars]
            states.append(FrameState(greens, tuple(fields)))
        return FrameSnapshot(states)

    def _unbox_all(self):
        for _, vobj in self.frames:
            self._unbox(vobj)

    def _unbox(self, vobj):
        """Plain values back into a virtualizable: its lists, and any other field
        the interpreter's code stored a box in (a return value, say)."""
        for field in self.vfields:
            lst = getattr(vobj, field)
            for i, v in enumerate(lst):
                lst[i] = twins_mod.deep_unwrap(v)
        for name in _slot_names(type(vobj)):
            v = getattr(vobj, name, None)
            if type(v) is Box:
                setattr(vobj, name, v.value)

    def _close_loop(self, rec, key, vobj, layout, token):
        if not rec.active:
            return False
        args = self._jump_args(rec, vobj, layout)
        if args is None:
            return False
        rec.builder.jump(*args, descr=token)
        trace = rec.builder.build()
        t0 = time.perf_counter()
        if self.log:
            self.log.trace("recorded", trace)
        trace = self.optimize(trace)
        t1 = time.perf_counter()
        compiled = self.backend.compile(trace)
        self.stats.time_optimizing += t1 - t0
        self.stats.time_compiling += time.perf_counter() - t1
        if self.log:
            self.log.trace("optimized", trace)
        # Bridges jump to the first label of what was compiled: it takes the
        # original inputs even when the optimizer peeled a preamble off.
        entry = next(op.descr for op in trace.ops if op.opnum == rop.LABEL)
        self.loops[key] = Loop(key, tuple(layout), trace, compiled, entry)
        self.stats.loops += 1
        return True

    def optimize(self, trace):
        try:
            from tracer.optimizer import optimize
        except ImportError:
            return trace
        return optimize(trace, self.params.enable_opts)

    # -- running compiled loops -------------------------------------------------------
    def _leave_at_header(self, loop, vobj, values):
        """The loop stopped at its back-edge (a signal handler raised there, e.g.
        Ctrl-C): the jump's values go back into the frame at the loop header,
        and the exception is raised there."""
        values = iter(values)
        for field, shape in zip(self.vfields, loop.layout):
            getattr(vobj, field)[:] = [next(values) if s is None else s for s in shape]
        live = dict(zip(self.driver.greens, loop.key))
        exc = self.backend.grab_exception()
        if exc is not None:
            live[RAISE] = exc
        return live

    def run_loop(self, loop, livevars):
        vobj = self._virtualizable(livevars)
        args = []
        for field, shape in zip(self.vfields, loop.layout):
            lst = getattr(vobj, field)
            if len(lst) != len(shape):
                return None
            for v, s in zip(lst, shape):
                if s is None:
                    if self.is_sentinel(v):
                        return None
                    args.append(v)
                elif v is not s:
                    return None
        self.stats.loop_entries += 1
        before = self.backend.iterations
        exit_no, values = self.backend.run(loop.compiled, args)
        self.stats.iterations += self.backend.iterations - before
        if exit_no == CAP_EXIT:
            return self._leave_at_header(loop, vobj, values)
        guard = self.backend.exit_op(exit_no)
        self.stats.guard_failures += 1
        # A residual call raised: the instruction happened, its exception is
        # raised at it instead of running it again.
        exc = self.backend.grab_exception() if guard.opnum == rop.GUARD_NO_EXCEPTION else None
        frames = rebuild_entries(guard.snapshot, values)
        greens, fields = frames[0]
        for field in self.vfields:
            getattr(vobj, field)[:] = fields[field]
        if len(frames) == 1:
            live = dict(zip(self.driver.greens, greens))
            if exc is not None:
                live[RAISE] = exc
            elif guard not in self.bridged:
                n = self.guard_failures.get(guard, 0) + 1
                self.guard_failures[guard] = n
                if n >= self.params.trace_eagerness and not self.tracing:
                    if _bridgeable(guard.snapshot):
                        return self.trace_bridge(guard, vobj, dict(livevars, **live))
                    self._give_up_on(loop, guard)
            return live
        # The guard failed inside inlined calls: the interpreter finishes them.
        return self.hooks.resume_inlined(vobj, [dict(zip(self.driver.greens, g)) for g, _ in frames],
                                         [f for _, f in frames], exc)


def _bridgeable(snapshot):
    """Bridges start from plain entries of one frame (no virtuals to rebuild yet)."""
    if len(snapshot.frames) != 1:
        return False
    for _, entries in snapshot.frames[0].fields:
        for kind, _ in entries:
            if kind not in ("const", "ref", "int", "bool", "float"):
                return False
    for (okind, _), _, (vkind, _) in getattr(snapshot, "pending", ()):
        if okind != "ref" or vkind not in ("ref", "int", "bool", "float"):
            return False
    return True


def _holds_boxes(v):
    t = type(v)
    if t is tuple or t is list:
        return any(type(x) is Box for x in v)
    if t is dict:
        return any(type(x) is Box for x in v.values())
    return False


def _slot_names(cls):
    names = []
    for k in cls.__mro__:
        s = k.__dict__.get("__slots__", ())
        names.extend((s,) if isinstance(s, str) else s)
    return names


def _entry(v):
    if type(v) is not Box:
        return ("const", v)
    if v.ref is not None:
        return ("ref", v.ref)
    t = type(v.value)
    if t is bool:
        return ("bool", v.unboxed)
    if t is int:
        return ("int", v.unboxed)
    return ("float", v.unboxed)
