"""Wiring the interpreter to the JIT as the command line asks, and the summary at exit."""

import sys

from interp import jit, jit_exceptions
from interp.frame import NULL, UNBOUND, _Sentinel

# Modules whose functions the tracer may run as recording twins.
TRACEABLE_MODULES = ("interp.handlers", "interp.protocol", "interp.calls", "interp.jit",
                     "interp.jit_exceptions", "interp.iterators", "interp.builtin_loops")

_state = {"warmspot": None, "log": None, "opts": None}


def _is_sentinel(v):
    return type(v) is _Sentinel


def _backend(params):
    """x86-64 machine code where the host can run it, the IR executor elsewhere
    (or with `--jit backend=executor`)."""
    from backend_x86 import select_backend
    return select_backend(params)


def configure(opts):
    _state["opts"] = opts
    log = None
    if opts.trace_log:
        from tracer.jitlog import JitLog
        try:
            log = JitLog(opts.trace_log)
        except OSError as e:
            print(f"pvmx: cannot write trace log {opts.trace_log!r}: {e.strerror}",
                  file=sys.stderr)
            sys.exit(2)
    _state["log"] = log
    if not opts.jit.off:
        # Half a threshold of back-edges and calls, over all loops and
        # functions, before the runtime is even built: a hot loop is then
        # traced that much later.
        first = min(opts.jit.threshold, opts.jit.function_threshold)
        jit.install(_make_warmspot, start_after=first // 2)


def _make_warmspot():
    from tracer.warmspot import WarmSpot, InterpreterHooks
    from interp import eval as guest_eval, generators
    opts = _state["opts"]
    hooks = InterpreterHooks(jit.entry_livevars, jit.can_inline, jit.resume_plain,
                             jit.frame_result, jit.resume_inlined, jit.return_from,
                             jit.make_frame, jit.run_to_end,
                             jit.residual_frame, jit.inner_frames, jit.give_result,
                             jit.finish_callers, jit.leave_suspended, jit.enter_resumed,
                             jit.take_resumed, jit.interchangeable, jit.recursion_budget,
                             jit_exceptions.raise_at, jit_exceptions.handler_at,
                             jit_exceptions.pass_through)
    backend = _backend(opts.jit)
    if _state["log"]:
        _state["log"].watch(backend)        # machine code into the trace log
    ws = WarmSpot(jit.driver, opts.jit, jit.trace_step, TRACEABLE_MODULES, _is_sentinel,
                  backend, _state["log"], opaque_modules=("interp",),
                  portals=(guest_eval.run, generators.make_generator), hooks=hooks)
    _state["warmspot"] = ws
    return ws


def finish():
    ws, log, opts = _state["warmspot"], _state["log"], _state["opts"]
    if ws is None and opts is not None and not opts.jit.off and (log or opts.jit_summary):
        ws = _make_warmspot()       # no loop ran: an empty summary all the same
    if ws is None:
        if log:
            log.close()
        return
    if log:
        log.summary(ws.stats)
        log.close()
    if opts.jit_summary == "table":
        from tracer.jitlog import print_summary_table
        print_summary_table(ws.stats)
    elif opts.jit_summary:
        from tracer.jitlog import write_summary_json
        write_summary_json(ws.stats, opts.jit_summary[5:])
