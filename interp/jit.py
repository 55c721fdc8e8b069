"""The interpreter's side of the JIT: its JitDriver, its step, its back-edges.

pvmx's green key is (code, pc) and its red is the frame, a virtualizable
whose `locals` and `stack` lists live in registers during a trace.  While
tracing, the tracer runs `trace_step` (through its recording twin) once
per guest instruction; only the handlers in `TRACEABLE` are recorded so
far, and meeting another stops the trace before that instruction runs.

`ENABLED` is read by the back-edge handlers; while it is False the
interpreter pays one global lookup per back-edge and nothing else.
"""

from tracer.hints import JitDriver, NotTraceable, we_are_jitted

ENABLED = False


def _printable(code, pc):
    name = code.instrs[pc][0] if 0 <= pc < len(code.instrs) else "?"
    return f"{code.name};{code.filename}:{code.lineno(pc)} #{pc} {name}"


driver = JitDriver(greens=["code", "pc"], reds=["frame"], virtualizables=["frame"],
                   get_printable_location=_printable, name="pvmx")

# Handlers written to be recorded: guest values only through operators,
# type(), the recording builtins and traceable functions (see handlers/registry.py).
TRACEABLE = frozenset({
    "NOP", "POP_TOP", "PUSH_NULL", "COPY", "SWAP", "LOAD_CONST", "LOAD_FAST", "STORE_FAST",
    "BINARY_OP", "COMPARE_OP", "UNARY_NEGATIVE", "UNARY_NOT",
    "BINARY_SUBSCR", "STORE_SUBSCR",
    "JUMP", "JUMP_BACKWARD", "POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE",
    "POP_JUMP_BACKWARD_IF_FALSE", "POP_JUMP_BACKWARD_IF_TRUE", "FOR_ITER",
})


def trace_step(code, pc, frame):
    """One guest instruction, for the tracer; the next livevars, or None when the frame ends."""
    name, arg = code.instrs[pc]
    if name not in TRACEABLE:
        raise NotTraceable(f"instruction {name}")
    fn = code.ops[pc][0]
    try:
        pc = _handler_twin(fn)(frame, frame.stack, arg, pc + 1)
    except NotTraceable:
        raise
    except BaseException as e:
        # Exception paths are not recorded yet: handle it as the interpreter
        # does (this raises on when the frame has no handler for it).
        pc = _unwind(frame, pc, e)
        raise NotTraceable(f"{type(e).__name__} raised", {"code": code, "pc": pc, "frame": frame})
    if pc < 0:
        return None
    return {"code": code, "pc": pc, "frame": frame}


def _handler_twin(fn):
    """The recording twin of a handler (identity when not recording)."""
    return fn


def _unwind(frame, pc, exc):
    from interp.eval import unwind
    return unwind(frame, pc, exc)


_make_warmspot = None


def install(make_warmspot):
    """Turn the JIT on; the runtime is built at the first back-edge, so that a
    program without loops never imports it."""
    global ENABLED, _make_warmspot
    _make_warmspot = make_warmspot
    ENABLED = True


def _start():
    global _handler_twin
    ws = _make_warmspot()
    _handler_twin = ws.twins.twin


def back_edge(frame, target):
    """A guest loop closes at `target`: count, and maybe trace or run compiled code."""
    if we_are_jitted():
        return target
    if driver.warmspot is None:
        _start()
    r = driver.can_enter_jit(code=frame.code, pc=target, frame=frame)
    return target if r is None else r["pc"]
