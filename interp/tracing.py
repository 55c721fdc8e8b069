"""`sys.settrace` for guest code: call, line, return and exception events.

While the guest has a trace function, guest frames start in `run_traced`,
the dispatch loop with events, instead of `eval.run`, so the plain loop pays
nothing for tracing.  The host gets a trace function too, which passes
events on for host code other than pvmx's own (the stdlib run natively, and
guest functions that host code calls natively).  Frames already running when
the trace function is set are not traced (in CPython they are if their
f_trace is set, as `pdb.set_trace()` does; here such a frame keeps running in
the plain loop).  The trace function itself runs natively and untraced.
While the guest has a trace function the JIT enters no compiled code
(`jit.TRACED`), and no trace calls `sys.settrace` (`jit.NOT_IN_TRACES`), so
compiled code never goes on running calls without their events.  Host
code that pvmx's own machinery calls (the JIT's, this module's `dis`, a
module pvmx loads when first needed) is not traced
(`frames.called_by_pvmx`).

Line events follow CPython 3.11's rule (maybe_call_line_trace): an event when
the line changes from the previous instruction's, or on a backward jump.
pvmx's decoded code drops instructions (NOP, RESUME...) that may be alone on
their line (`try:`, `pass`, `case _:`), so lines are computed over the
original instructions between the previous one executed and this one.
"""

import sys

from interp import eval as guest_eval
from interp import frames, jit
from interp.frame import Frame
from interp.stubframes import stub_owner

_real_settrace = sys.settrace
_real_gettrace = sys.gettrace


class _Trace:
    __slots__ = ("func", "set_runners")

    def __init__(self):
        self.func = None            # the guest's global trace function
        self.set_runners = None     # interp.runner: installs a dispatch loop everywhere


TRACE = _Trace()


def settrace(func):
    TRACE.func = func
    TRACE.set_runners(run_traced if func is not None else guest_eval.run)
    guest_eval.TRACE_EXCEPTIONS = _exception_event if func is not None else None
    _real_settrace(_host_trace if func is not None else None)
    # compiled code would run guest calls without their events: the JIT
    # enters none while the guest has a trace function
    jit.TRACED = func is not None


def _host_trace(frame, event, arg):
    """The host's own trace function while the guest has one: frames of host code
    other than pvmx's (the stdlib run natively, guest functions that host code
    calls natively) are traced as CPython would; pvmx's frames and stubs are
    not, nor host code that pvmx's own machinery calls (frames.called_by_pvmx)."""
    co = frame.f_code
    func = TRACE.func
    if func is None or frames.is_pvmx(co) or id(co) in stub_owner \
            or (event == "call" and frames.called_by_pvmx(frame)):
        return None
    return func(frame, event, arg)


def gettrace():
    return TRACE.func


def install(set_runners):
    TRACE.set_runners = set_runners
    frames.add_runner(run_traced.__code__)
    settrace.__wrapped__ = _real_settrace
    gettrace.__wrapped__ = _real_gettrace
    sys.settrace = settrace
    sys.gettrace = gettrace
    jit.NOT_IN_TRACES.add(settrace)


class _Lines:
    """Per code object: its original instructions' offsets and lines, and jump targets."""
    __slots__ = ("index", "lines", "first", "targets", "send")

    def __init__(self, code):
        import dis      # only once a guest sets a trace function: 1 ms of every start otherwise
        co = code.co
        positions = list(co.co_positions())
        ins = list(dis.get_instructions(co))
        self.index = {i.offset: k for k, i in enumerate(ins)}
        self.lines = [positions[i.offset // 2][0] for i in ins]
        resume = [k for k, i in enumerate(ins) if i.opname == "RESUME"]
        self.first = resume[0] + 1 if resume else 0      # _co_firsttraceable, and past it
        by_offset = {i.offset: i for i in ins}
        self.targets = {}
        self.send = set()
        for pc, off in enumerate(code.offsets):
            i = by_offset.get(off)
            if i is not None and (i.opcode in dis.hasjrel or i.opcode in dis.hasjabs):
                self.targets[pc] = i.argval
            if i is not None and i.opname == "SEND":
                self.send.add(pc)


_lines_cache = {}


def _lines(code):
    info = _lines_cache.get(code)
    if info is None:
        info = _lines_cache[code] = _Lines(code)
    return info


def _call(gf, func, event, arg):
    """trace_trampoline: an error disables tracing; a result other than None is f_trace.
    The trace function itself is not traced (CPython sets tstate->tracing)."""
    _real_settrace(None)
    try:
        r = func(gf, event, arg)
    except BaseException:
        settrace(None)
        gf.f_trace = None
        raise
    if TRACE.func is not None:
        _real_settrace(_host_trace)
    if r is not None:
        gf.f_trace = r


def _exception_event(frame, exc):
    gf = frames.TRACED.get(id(frame))
    if gf is None:
        if frame.generator is not None and TRACE.func is not None:
            frame.generator.thrown = exc    # a throw into a generator: after its 'call'
    elif gf.f_trace is not None and TRACE.func is not None:
        _call(gf, gf.f_trace, "exception", (type(exc), exc, exc.__traceback__))


def run_traced(frame):
    code = frame.code
    if code.is_generator and frame.state == Frame.RUNNING and frame.pc == 0:
        return guest_eval.run(frame)        # the prelude up to RETURN_GENERATOR: no events
    func = TRACE.func
    state = frame.generator
    gf = getattr(state, "proxy", None)
    host = frames.real_getframe()           # this function's own frame, not the guest's
    if gf is None:
        gf = frames.GuestFrame(frame, host)
        if state is not None:
            state.proxy = gf
    else:
        gf._host = host
    info = _lines(code)
    offsets = code.offsets
    ops = code.plain_ops         # one instruction at a time: events for each
    stack = frame.stack
    pc = frame.pc
    resumed = code.is_generator and pc > 0
    # The previous instruction executed: -1 at the frame's start, -2 after an
    # exception (the handler's first instruction has its own line event); a
    # resumed generator comes from its yield (frame.lasti, see generators._resume),
    # unless a throw already moved it to a handler.
    if resumed:
        lastline = info.lines[info.index[offsets[frame.lasti]]]
        last = frame.lasti if pc == frame.lasti + 1 else -2
    else:
        last, lastline = -1, None
    active = frames.TRACED
    active[id(frame)] = gf
    try:
        if func is not None:
            gf._line = lastline if resumed else code.co.co_firstlineno
            _call(gf, func, "call", None)
            thrown = state.thrown if state is not None else None
            if thrown is not None:
                state.thrown = None
            if thrown is not None and gf.f_trace is not None:
                _call(gf, gf.f_trace, "exception", (type(thrown), thrown, thrown.__traceback__))
        while True:
            try:
                while pc >= 0:
                    local = gf.f_trace
                    if local is not None and TRACE.func is not None:
                        lastline = _line_events(gf, local, info, offsets, last, pc, lastline)
                    else:
                        lastline = info.lines[info.index[offsets[pc]]]
                    gf._line = lastline
                    last = pc
                    fn, arg = ops[pc]
                    pc = fn(frame, stack, arg, pc + 1)
                break
            except BaseException as e:
                pc = guest_eval.unwind(frame, pc, e)
                last = -2
    except BaseException as err:
        local = gf.f_trace
        if local is not None and TRACE.func is not None:
            tb = err.__traceback__          # this frame's entry says its last line
            while tb is not None and stub_owner.get(id(tb.tb_frame.f_code)) is not code:
                tb = tb.tb_next
            if tb is not None and tb.tb_frame.f_lineno is not None:
                gf._line = tb.tb_frame.f_lineno
            _call(gf, local, "return", None)
        raise
    finally:
        active.pop(id(frame), None)
    local = gf.f_trace
    if local is not None and TRACE.func is not None:
        _call(gf, local, "return", frame.retval)
    return frame.retval


def _line_events(gf, local, info, offsets, last, pc, lastline):
    """The line events before running `pc`, coming from `last`; returns the new lastline."""
    index, lines = info.index, info.lines
    k_end = index[offsets[pc]]
    if last < 0:
        # The frame's start (from its first instruction after RESUME), or a handler.
        k_start = info.first if last == -1 else k_end
        backward = False
    else:
        k_last = index[offsets[last]]
        if pc == last + 1:
            k_start, backward = k_last + 1, False
        else:
            target = info.targets.get(last)
            k = index.get(target, k_end) if target is not None else k_end
            k_start = k if k <= k_end else k_end
            backward = k_start <= k_last and last not in info.send
    for k in range(max(k_start, info.first), k_end + 1):     # nothing before RESUME
        line = lines[k]
        if line is not None and (line != lastline or (backward and k == k_start)):
            gf._line = line
            _call(gf, local, "line", None)
            local = gf.f_trace
            if local is None:
                return lines[k_end]
        lastline = line
    return lastline

