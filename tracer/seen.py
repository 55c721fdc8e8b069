"""What host code sees of the frames the JIT is in (a part of WarmSpot).

While compiled code runs, the frames it is in exist as values in its
registers and slots (the virtualizable's lists hold what they held at
entry; inlined frames are not made at all); while a trace is recorded, the
frames' lists hold boxes and inlined frames run without host frames of
their own.  Host code may look at them meanwhile (sys._getframe, inspect,
warnings, logging).  These methods say which frames the JIT is in and what
they hold: from the resume data of the call the code is making
(`backend.call_sites`), rebuilt without writing anything back, and from
the recording's frames, whose lists hold plain values while a residual call
runs.  The interpreter shows them (interp/frames.py); see README.md,
"Frames seen from host code".

Runs of compiled code nest in one thread: pvmx interprets, and so runs
compiled code, only in the thread that runs the program; a guest function
that another thread runs (threading's target) is called by host code and
runs natively, as CPython's own code.
"""

from tracer.recording.boxes import Box
from tracer.resume import view_entries


class FramesSeen:
    """Mixed into WarmSpot, whose state it reads: `_running` (per run of
    compiled code now active, its virtualizable), `_resumed_plain` (frames a
    stopped recording left to the interpreter), `frames`, `tracing`,
    `backend`, `driver`, `vfields`."""

    def recorder_codes(self):
        """The code of the methods that record a trace: their host frames
        stand for the frames being recorded (frames_being_recorded)."""
        return {type(self)._trace_root.__code__, type(self).trace_bridge.__code__}

    def holds(self, vobj):
        """Is the JIT in the frame `vobj`: a run of compiled code entered in
        it, or a recording of it?  Its slots are not current then."""
        for v in self._running:
            if v is vobj:
                return True
        return self.tracing and any(f[1] is vobj for f in self._recording())

    def _recording(self):
        """The entries of self.frames the recording has, not the interpreter."""
        plain = self._resumed_plain
        if not plain:
            return self.frames
        return [f for f in self.frames if not any(f[1] is v for v in plain)]

    def frames_being_recorded(self):
        """While a trace is being recorded: (the root frame's virtualizable,
        [(livevars, virtualizable)] of the frames recorded, outermost first,
        each at the instruction it is running), else None.  While a residual
        call runs, their lists hold plain values (_show_plain_values)."""
        frames = self._recording() if self.tracing else ()
        if not frames:
            return None
        return frames[0][1], [(live, vobj) for _, vobj, live in frames]

    def frames_in_calls(self):
        """What host code that compiled code called sees of the frames that
        code is in: for each run of compiled code now active, outermost
        first, None (its code is not in such a call, or the backend cannot
        tell) or (vobj, frames).  `vobj`: the virtualizable the run was
        entered with (None for a called entry trace's, which the
        interpreter has not made); `frames`, outermost first: (livevars of
        the greens, fields), rebuilt from the call's resume data with its
        values as they are now, nothing written back: the interpreter
        shows them (sys._getframe) and the code goes on after the call."""
        sites = getattr(self.backend, "call_sites", None)
        sites = sites() if sites is not None else ()     # per run: [(guard, values)] or None
        if len(sites) != len(self._running):
            return [None] * len(self._running)
        out = []
        greens = self.driver.greens
        for vobj, calls in zip(self._running, sites):
            if calls is None:
                out.append(None)
                continue
            frames = [(dict(zip(greens, g)), fields)
                      for guard, values in calls
                      for g, fields in view_entries(guard.snapshot, values)]
            out.append((vobj, frames))
        return out

    def _show_plain_values(self):
        """While recording, the traced frames' lists hold boxes; host code a
        residual call runs sees plain values there instead, and the boxes go
        back when it returns (what `_unbox` does for good when recording
        stops)."""
        saved = []
        for _, vobj, _ in self.frames:
            if vobj is None:
                continue
            for field in self.vfields:
                lst = getattr(vobj, field)
                saved.append((lst, lst[:]))
                lst[:] = [v.value if type(v) is Box else v for v in lst]

        def restore():
            for lst, items in saved:
                lst[:] = items
        return restore
