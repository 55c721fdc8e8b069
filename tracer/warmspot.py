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

from tracer.ir import REF, TargetToken, TextLocation
from tracer.recording.boxes import Box, unwrap
from tracer.recording.recorder import Recorder, AbortTrace
from tracer.recording import twins as twins_mod
from tracer.resume import FrameState, FrameSnapshot, rebuild_entries
from tracer.stats import JitStats


class Loop:
    """A compiled loop: its green key, the layout of its inputs, its code."""

    def __init__(self, key, layout, trace, compiled):
        self.key = key
        self.layout = layout        # per virtualizable field: tuple of None (input) or constant
        self.trace = trace
        self.compiled = compiled


class _Failed:
    """A loop header whose tracing aborted: not retried until its cooldown runs out."""
    __slots__ = ("retry_at",)

    def __init__(self, retry_at):
        self.retry_at = retry_at


class WarmSpot:
    def __init__(self, driver, params, step, traceable_modules, is_sentinel, backend, log=None,
                 opaque_modules=(), portals=()):
        self.driver = driver
        self.params = params
        self.step = step
        self.twins = twins_mod.Twins(traceable_modules, opaque_modules, portals, self._unbox)
        self.is_sentinel = is_sentinel      # slot values that are never guest values
        self.backend = backend
        self.log = log
        self.counters = {}
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
            failed.retry_at -= 1
            if failed.retry_at > 0:
                return None
        return self.trace_loop(key, livevars)

    # -- recording ----------------------------------------------------------------------
    def _virtualizable(self, livevars):
        name = self.driver.virtualizables[0]
        obj = livevars[name]
        if self.vfields is None:
            self.vfields = tuple(f[:-3] for f in type(obj)._virtualizable_ if f.endswith("[*]"))
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
        step = self.twins.twin(self.step)
        live = dict(livevars)
        closed = False
        try:
            first = True
            while True:
                greens = tuple(live[g] for g in self.driver.greens)
                if not first and greens == key:
                    closed = self._close_loop(rec, key, vobj, layout, token)
                    break
                first = False
                if greens[-1] is None or not rec.active:
                    break
                rec.snapshot = self._snapshot(greens, vobj)
                rec.builder.debug_merge_point(
                    descr=TextLocation(self.driver.get_printable_location(*greens)))
                try:
                    live = step(**live)
                except AbortTrace as e:
                    rec.abort(e.reason)
                    if e.livevars is not None:
                        live = e.livevars
                    break
                if live is None:
                    rec.abort("left the loop's frame")
                    break
                rec.check_limit()
        except BaseException as e:
            rec.abort(f"exception {type(e).__name__} while tracing")
            self._unbox(vobj)
            self._finish_tracing(rec, key, closed, t0)
            raise
        self._unbox(vobj)
        self._finish_tracing(rec, key, closed, t0)
        if live is None:
            return None
        return {g: live[g] for g in self.driver.greens}

    def _finish_tracing(self, rec, key, closed, t0):
        self.tracing = False
        twins_mod._CURRENT[0] = None
        self.stats.time_tracing += time.perf_counter() - t0
        if not closed:
            reason = rec.abort_reason or "loop not closed"
            self.stats.abort(reason)
            self.failed[key] = _Failed(retry_at=4)
            if self.log:
                self.log.abort(rec.builder.name, reason)

    def _snapshot(self, greens, vobj):
        fields = []
        for field in self.vfields:
            fields.append((field, tuple(_entry(v) for v in getattr(vobj, field))))
        return FrameSnapshot([FrameState(greens, tuple(fields))])

    def _unbox(self, vobj):
        for field in self.vfields:
            lst = getattr(vobj, field)
            for i, v in enumerate(lst):
                if type(v) is Box:
                    lst[i] = v.value

    def _close_loop(self, rec, key, vobj, layout, token):
        if not rec.active:
            return False
        args = []
        for field, shape in zip(self.vfields, layout):
            lst = getattr(vobj, field)
            if len(lst) != len(shape):
                rec.abort("frame shape changed")
                return False
            for v, s in zip(lst, shape):
                if s is None:
                    if type(v) is not Box and self.is_sentinel(v):
                        rec.abort("frame shape changed")
                        return False
                    args.append(rec.ref_of(v))
                elif v is not s:
                    rec.abort("frame shape changed")
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
        self.loops[key] = Loop(key, tuple(layout), trace, compiled)
        self.stats.loops += 1
        return True

    def optimize(self, trace):
        try:
            from tracer.optimizer import optimize
        except ImportError:
            return trace
        return optimize(trace, self.params.enable_opts)

    # -- running compiled loops -------------------------------------------------------
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
        guard = self.backend.exit_op(exit_no)
        self.stats.guard_failures += 1
        frames = rebuild_entries(guard.snapshot, values)
        greens, fields = frames[-1]
        for field in self.vfields:
            getattr(vobj, field)[:] = fields[field]
        return dict(zip(self.driver.greens, greens))


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
