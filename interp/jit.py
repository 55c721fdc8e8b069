"""The interpreter's side of the JIT: its JitDriver, its step, its back-edges.

pvmx's green key is (code, pc) and its red is the frame, a virtualizable
whose `locals` and `stack` lists live in registers during a trace.  While
tracing, the tracer runs `trace_step` (through its recording twin) once
per guest instruction; only the handlers in `TRACEABLE` are recorded so
far, and meeting another stops the trace before that instruction runs.

`ENABLED` is read by the back-edge handlers; while it is False the
interpreter pays one global lookup per back-edge and nothing else.
"""

from types import FunctionType, MethodType

from interp import guestcode
from interp.calls import INIT_RESULT, NO_RESULT, run_frame
from interp.jit_exceptions import raise_at, raised_out_of_call
from interp.state import DEPTH
from interp.protocol.operators import BINOP_RESUME, binop_resume
from interp.frame import Frame, NULL
from interp.generators import INLINED, RESUME_MID
from tracer.hints import (NOT_RESUMED, JitDriver, NotTraceable, RaisedOut, concrete_value,
                          exception_raised, same_object, we_are_jitted)

ENABLED = False


def _printable(code, pc):
    name = code.instrs[pc][0] if 0 <= pc < len(code.instrs) else "?"
    return f"{code.name};{code.filename}:{code.lineno(pc)} #{pc} {name}"


def _loop_contains(header, greens):
    """Is `greens` inside the loop whose header is `header`: between the header
    and the last backward jump to it (3.11 puts no part of a loop's body
    after its back-edges, but the exception handlers, which are not traced)."""
    code, start = header
    if greens[0] is not code:
        return True
    end = _LOOP_ENDS.get(header)
    if end is None:
        ends = [pc for pc, (name, arg) in enumerate(code.instrs)
                if arg == start and name in _BACKWARD]
        end = _LOOP_ENDS[header] = max(ends, default=len(code.instrs))
    return start <= greens[1] <= end


# the instructions that close a guest loop (handlers/control.py: they call back_edge)
_BACKWARD = frozenset(("JUMP_BACKWARD", "POP_JUMP_BACKWARD_IF_FALSE", "POP_JUMP_BACKWARD_IF_TRUE",
                       "POP_JUMP_BACKWARD_IF_NONE", "POP_JUMP_BACKWARD_IF_NOT_NONE"))
_LOOP_ENDS = {}


driver = JitDriver(greens=["code", "pc"], reds=["frame"], virtualizables=["frame"],
                   get_printable_location=_printable, name="pvmx", loop_contains=_loop_contains)

# Handlers written to be recorded: guest values only through operators,
# type(), the recording builtins and traceable functions (see handlers/registry.py).
TRACEABLE = frozenset({
    "NOP", "POP_TOP", "PUSH_NULL", "COPY", "SWAP", "LOAD_CONST", "LOAD_FAST", "STORE_FAST",
    "LOAD_GLOBAL", "CALL", "CALL_KW", "RETURN_VALUE", "LOAD_METHOD",
    "LOAD_NAME", "STORE_NAME", "DELETE_NAME", "STORE_GLOBAL", "DELETE_GLOBAL", "GET_ITER",
    "BINARY_OP", "COMPARE_OP", "UNARY_NEGATIVE", "UNARY_NOT",
    "BINARY_SUBSCR", "STORE_SUBSCR", "DELETE_SUBSCR", "BUILD_SLICE",
    "JUMP", "JUMP_BACKWARD", "POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE",
    "POP_JUMP_BACKWARD_IF_FALSE", "POP_JUMP_BACKWARD_IF_TRUE", "FOR_ITER",
    "LOAD_ATTR", "STORE_ATTR", "BUILD_TUPLE", "BUILD_LIST", "UNPACK_SEQUENCE", "LIST_APPEND",
    "SET_ADD", "MAP_ADD", "BUILD_SET", "BUILD_MAP", "BUILD_CONST_KEY_MAP",
    "POP_JUMP_IF_NONE", "POP_JUMP_IF_NOT_NONE", "POP_JUMP_BACKWARD_IF_NONE",
    "POP_JUMP_BACKWARD_IF_NOT_NONE", "JUMP_IF_FALSE_OR_POP", "JUMP_IF_TRUE_OR_POP",
    "IS_OP", "CONTAINS_OP", "UNARY_POSITIVE", "UNARY_INVERT",
    "MAKE_CELL", "COPY_FREE_VARS", "LOAD_CLOSURE", "LOAD_DEREF", "STORE_DEREF",
    "MAKE_FUNCTION", "PUSH_EXC_INFO", "POP_EXCEPT", "CHECK_EXC_MATCH", "DELETE_FAST",
})


_CALLS = frozenset({"CALL", "CALL_KW"})


def trace_step(code, pc, frame):
    """One guest instruction, for the tracer; the next livevars, or None when the frame ends."""
    name, arg = code.instrs[pc]
    if name == "RAISE_VARARGS" and arg == 1:
        # `raise exc` caught in this frame: recorded as its unwinding
        frame.pc = pc
        live = raise_at({"code": code, "pc": pc, "frame": frame}, frame.stack[-1], True)
        if live is None:
            raise NotTraceable(f"instruction {name}")
        return live
    if name not in TRACEABLE and (name != "YIELD_VALUE" or arg or frame.delegating != INLINED):
        # a yield is recorded in a generator a trace resumed (it suspends
        # the frame, as its host body's would), not in the frame a trace
        # started in
        raise NotTraceable(f"instruction {name}")
    frame.pc = pc
    # the guest function this instruction may call inlined (a CALL's callee;
    # other handlers set it right before they call guest code)
    frame.call_target = target = _callee(frame.stack, arg if name == "CALL" else arg[0]) \
        if name in _CALLS else None
    if type(target) is FunctionType and target in NOT_IN_TRACES:
        raise NotTraceable(f"a call of {target.__qualname__}")
    fn = code.plain_ops[pc][0]
    try:
        pc = _handler_twin(fn)(frame, frame.stack, arg, pc + 1)
    except NotTraceable:
        raise
    except RaisedOut as out:
        return raised_out_of_call(code, pc, frame, out)
    except BaseException as e:
        # An exception a handler raised stops the recording (raise_at records
        # a raise caught in its frame; a residual call's gets a bridge):
        # handle it as the interpreter does (this raises on when the frame
        # has no handler for it).
        exception_raised(e)
        pc = _eval_unwind(frame, pc, e)
        raise NotTraceable(f"{type(e).__name__} raised", {"code": code, "pc": pc, "frame": frame})
    if pc < 0:
        return None
    return {"code": code, "pc": pc, "frame": frame}


def _handler_twin(fn):
    """The recording twin of a handler (identity when not recording)."""
    return fn


def _callee(stack, argc):
    """The guest function a CALL is about to enter directly, if it is one.

    Only then may the tracer inline it: the caller resumes after the call by
    pushing its result, which is what deoptimization does (resume_inlined)."""
    func = stack[-argc - 2]
    if func is NULL:
        func = stack[-argc - 1]
    func = concrete_value(func)
    if type(func) is MethodType:
        func = func.__func__
    if type(func) is FunctionType or isinstance(func, type):
        return func     # a class: instantiating it may inline its __init__ (calls.py)
    return None


def entry_livevars(frame):
    return {"code": frame.code, "pc": frame.pc, "frame": frame}


def can_inline(frame):
    caller = frame.back
    return (caller is not None and frame.func is not None
            and same_object(caller.call_target, frame.func) and not frame.code.is_generator)


def interchangeable(func, traced):
    """May an entry trace recorded for function `traced` run a frame of
    `func`?  When `func` is another function of the same code and
    namespaces with no closure: a comprehension or lambda made afresh by
    each run of the code that defines it (a trace calling it for every row
    needs its entry trace).  The trace took `traced` as a constant, but a
    running frame reads its function only for its closure (none: its code
    has no free variables) and its builtins (the same); its arguments were
    bound before it started.  Deoptimized, the frame gets `traced` back, a
    function that behaves alike.  A trace calling `func` has guarded its
    code and namespaces (calls.call's closure path)."""
    return (type(func) is FunctionType and type(traced) is FunctionType
            and func.__code__ is traced.__code__ and func.__globals__ is traced.__globals__
            and func.__builtins__ is traced.__builtins__
            and func.__closure__ is None and traced.__closure__ is None)


def recursion_budget():
    """Frames the guest may still nest (compiled code's recursion counts too)."""
    return DEPTH.limit - DEPTH.depth


def resume_plain(frame, live):
    frame.pc = live["pc"]
    return _eval_run(frame)


def frame_result(frame):
    return frame.retval


def return_from(frame, value):
    """Compiled code ran the frame to its return (RETURN_VALUE's effect)."""
    frame.retval = value
    frame.state = Frame.RETURNED


def _frame_from(live, fields, back):
    heap = fields.get("heap")
    if heap is not None:
        # a generator's frame a trace resumed inlined: itself, as it stood
        fr = heap[0]
        fr.locals[:] = fields["locals"]
        fr.stack[:] = fields["stack"]
        fr.pc = live["pc"]
        fr.state = Frame.SUSPENDED
        return fr
    func = fields["func"][0]
    fr = Frame(live["code"], fields["locals"], func.__globals__, func.__builtins__, None, func,
               back)
    fr.stack[:] = fields["stack"]
    fr.pc = live["pc"]
    return fr


def make_frame(greens, scalars):
    """An empty frame of the function a called entry trace was traced for
    (deoptimization fills it)."""
    func = scalars["func"]
    return Frame(greens["code"], [], func.__globals__, None, None, func, None)


def run_to_end(frame, live):
    """Finish a frame that compiled code left (`live`: where to go on, or
    FRAME_LEFT: it has returned); its result, or its exception raised."""
    if live is FRAME_LEFT:
        return frame.retval
    exc = live.get(RAISE)
    depth = DEPTH
    if depth.depth >= depth.limit:
        raise RecursionError("maximum recursion depth exceeded")
    depth.depth += 1
    try:
        frame.pc = _eval_unwind(frame, live["pc"], exc) if exc is not None else live["pc"]
        return _eval_run(frame)
    finally:
        depth.depth -= 1


def residual_frame(frame):
    """A call the trace neither inlines nor calls compiled: a residual call
    of `run_function` on the new frame's function and locals."""
    if frame.code.is_generator or frame.pc != 0 or frame.stack or frame.func is None:
        return None
    return run_function, (frame.func, *frame.locals)


def run_function(func, *locals_):
    """Run a guest function on its bound locals, as calls.call_guest would."""
    return run_frame(Frame(guestcode.lookup(func.__code__), list(locals_), func.__globals__,
                           None, None, func, None))


def function_entry(frame):
    """A guest function's frame is about to run: the JIT counts, traces or runs
    its entry trace.  True: the frame has returned (frame.retval)."""
    key = (frame.code, frame.pc)
    if key in _COLD_ENTRIES:
        return False
    ws = driver.warmspot
    if ws is not None and not ws.entry_wanted(key):
        return False        # counted
    if not _ready(frame):
        return False
    r = driver.warmspot.enter_function(entry_livevars(frame))
    if r is None:
        return False
    if r is FRAME_LEFT:
        return True
    exc = r.get(RAISE)
    frame.pc = _eval_unwind(frame, r["pc"], exc) if exc is not None else r["pc"]
    return False


def inner_frames(root, lives, fields):
    """The frames of the inlined calls a guard failed in, rebuilt from their
    fields, outermost first (each one's caller is the one before)."""
    frames = [root]
    for live, f in zip(lives[1:], fields[1:]):
        frames.append(_frame_from(live, f, frames[-1]))
    return frames[1:]


def resume_inlined(root, lives, fields, exc=None):
    """A guard failed inside inlined calls: rebuild the callees, finish them in the
    interpreter, then give the root frame their result after its CALL.

    A generator's frame a trace resumed inlined (handlers/generators.py
    next_inline) is not finished here: what it called is, and given to it;
    it is left where it stands (RESUME_MID) for its host body, and the frame
    that resumed it runs that FOR_ITER again, which resumes it there."""
    frames = [root, *inner_frames(root, lives, fields)]
    pcs = [live["pc"] for live in lives]
    heap = next((d for d, f in enumerate(fields) if "heap" in f), None)
    last = len(frames) - 1
    result = None
    if heap != last:
        innermost = frames[-1]
        try:
            if exc is not None:
                # the innermost instruction raised in a residual call: raise it there
                innermost.pc = _eval_unwind(innermost, pcs[-1], exc)
                exc = None
            result = _eval_run(innermost)
        except BaseException as e:
            exc = e
    if heap is None:
        return finish_callers(frames, pcs, last, result, exc)
    gen = frames[heap]
    if heap < last:
        result, exc = _finish_down_to(frames, pcs, heap, result, exc)
        if exc is None:
            give_result(gen, result)
            gen.pc = pcs[heap] + 1
    gen.delegating = RESUME_MID
    gen.generator.pending = exc     # raised where it stands, at its resume
    return finish_callers(frames, pcs, heap, NOT_RESUMED)     # (its FOR_ITER runs again)


def _finish_down_to(frames, pcs, stop, result, exc):
    """frames[-1] finished with `result` (or raised `exc`): each caller down to
    frames[stop + 1] gets it at its calling instruction and runs on to its
    end, in the interpreter; (what frames[stop + 1] returned, or None and
    what it raised)."""
    for d in range(len(frames) - 2, stop, -1):
        fr = frames[d]
        try:
            fr.pc = _hand_on(fr, pcs[d], frames[d + 1], result, exc)
            result, exc = _eval_run(fr), None
        except BaseException as e:
            result, exc = None, e
    return result, exc


def _hand_on(frame, pc, callee, result, exc):
    """`frame`, at its instruction `pc`, gets what `callee` ended with (or
    raised); its next pc.  A generator's frame its FOR_ITER resumed inline
    hands on an item or its end (take_resumed); left where it stands
    (NOT_RESUMED), the FOR_ITER runs again and resumes it through its host
    body."""
    resumed = callee.generator is not None and frame.code.instrs[pc][0] == "FOR_ITER"
    if exc is not None:
        if resumed and isinstance(exc, StopIteration):
            err = RuntimeError("generator raised StopIteration")
            err.__cause__ = exc
            exc = err
        return _eval_unwind(frame, pc, exc)
    if resumed:
        return pc if result is NOT_RESUMED else take_resumed(frame, pc, callee)
    give_result(frame, result)
    return pc + 1


def enter_resumed(frame):
    """A bridge is about to record a generator's frame that a trace resumed
    inline, from where a guard left it: running, as next_inline marks it."""
    frame.state = Frame.RUNNING
    frame.delegating = INLINED


def take_resumed(frame, pc, resumed):
    """The FOR_ITER at `pc` of `frame` resumed `resumed`, a generator's frame,
    which has yielded (its retval) or returned: the item is pushed, or the
    loop ends; `frame`'s next pc."""
    if resumed.delegating == INLINED:
        resumed.delegating = False      # (a return leaves it: YIELD_VALUE resets it)
    if resumed.state == Frame.SUSPENDED:
        frame.stack.append(resumed.retval)
        return pc + 1
    frame.stack.pop()
    return frame.code.instrs[pc][1]


def leave_suspended(frame, live):
    """Recording stopped inside a generator's frame a trace was resuming
    inlined, at `live`: it stays there for its host body's next resume."""
    frame.pc = live["pc"]
    frame.state = Frame.SUSPENDED
    frame.delegating = RESUME_MID
    return NOT_RESUMED


def finish_callers(frames, pcs, depth, result, exc=None):
    """frames[depth], called by frames[depth - 1] at pcs[depth - 1] (and so on
    out to frames[0]), finished with `result` or raised `exc`: each caller
    gets it at its calling instruction and runs on to its own end, in the
    interpreter; frames[0] only gets it.  frames[0]'s livevars."""
    result, exc = _finish_down_to(frames[:depth + 1], pcs, 0, result, exc)
    root = frames[0]
    try:
        pc = _hand_on(root, pcs[0], frames[1], result, exc)
    except BaseException as e:
        if exc is not None:
            raise           # no handler for it in the root frame: it leaves it
        pc = _eval_unwind(root, pcs[0], e)
    return {"code": root.code, "pc": pc}


def give_result(frame, result):
    """What the instruction that made an inlined call does with its result:
    push it, unless it left a marker (interp/calls.py) saying otherwise."""
    stack = frame.stack
    top = stack[-1] if stack else None
    if top is INIT_RESULT:
        stack.pop()         # the new instance, under the marker, is the result
        if result is not None:
            raise TypeError(f"__init__() should return None, not '{type(result).__name__}'")
    elif top is NO_RESULT:
        stack.pop()
    elif top is BINOP_RESUME:
        binop_resume(frame, stack, result)
    else:
        stack.append(result)


_make_warmspot = None


def install(make_warmspot, start_after=1):
    """Turn the JIT on; the runtime is built after `start_after` back-edges
    (of any loops), so that a program without loops, or whose loops are all
    short, never imports it (that costs about 50 ms of start-up)."""
    global ENABLED, _make_warmspot, _until_start
    from interp import builtin_loops, calls
    _make_warmspot = make_warmspot
    _until_start = max(1, start_after)
    ENABLED = True
    calls._function_entry = function_entry
    builtin_loops.install()


_until_start = 1


FRAME_LEFT = RAISE = None
_eval_run = _eval_unwind = None     # interp.eval's, bound by _start


def _start():
    global _handler_twin, FRAME_LEFT, RAISE, _eval_run, _eval_unwind
    # (bound here once: an import in a function costs at every call, and
    # interp.eval imports the handlers, which import this module)
    from interp.eval import run as _eval_run, unwind as _eval_unwind
    from tracer.warmspot import FRAME_LEFT, RAISE
    ws = _make_warmspot()
    _handler_twin = ws.twins.twin
    from interp import frames, signals
    signals.after_handler = ws.request_leave
    frames.add_jit({type(ws.backend).run.__code__}, _frames_in_calls,
                   ws.recorder_codes(), _frames_recorded, ws.holds)


def _frames_in_calls():
    """For interp.frames: per run of compiled code, outermost first, None
    or (the frame it was entered in, [(copy, pc, identity)] of the frames its
    code is in, outermost first, as they are in the call it is making)."""
    out = []
    for found in driver.warmspot.frames_in_calls():
        if found is None:
            out.append(None)
            continue
        root, frames = found
        seen = []
        for i, (live, fields) in enumerate(frames):
            # the frame the run was entered in is itself, and so is a
            # generator's that the trace resumes inline; one it inlined is
            # known by its place (a copy is made at each look)
            heap = fields.get("heap")
            real = root if i == 0 else heap[0] if heap is not None else None
            copy = _frame_seen(live, fields, real)
            identity = real if real is not None or root is None else (root, i, copy.code)
            seen.append((copy, live["pc"], identity))
        out.append((root, seen))
    return out


def _frames_recorded():
    """For interp.frames: the frames a trace being recorded is in, as
    _frames_in_calls gives a run's, or None."""
    found = driver.warmspot.frames_being_recorded()
    if found is None:
        return None
    root, frames = found
    return root, [(frame, live["pc"], frame) for live, frame in frames]


def _frame_seen(live, fields, like):
    """A copy of a frame compiled code is in (`like`: the frame it is, when
    there is one, whose namespaces it has)."""
    if like is not None:
        return Frame(live["code"], list(fields["locals"]), like.globals, like.builtins,
                     like.names, like.func, None)
    func = fields["func"][0]
    return Frame(live["code"], list(fields["locals"]), func.__globals__, func.__builtins__,
                 None, func, None)


# code -> (globals, names) its loops are traced and run in.  A trace bakes in
# its root frame's namespaces (the dicts that LOAD_GLOBAL/LOAD_NAME read), and
# the green key is only (code, pc): a code run with other namespaces (a class
# body run again, exec of one code object in two dicts) stays interpreted.
_NAMESPACES = {}


TRACED = False      # the guest has a trace function (interp.tracing): no compiled code

# Host functions that no trace calls (the instruction that calls one stops
# recording; the interpreter runs it): compiled code must not go on after
# them (sys.settrace: the calls that follow are traced).
NOT_IN_TRACES = set()


def _ready(frame):
    """Is the runtime built (after enough back-edges and calls), and may
    `frame`'s code run compiled code in `frame`'s namespaces?"""
    if TRACED:
        return False
    if driver.warmspot is None:
        global _until_start
        _until_start -= 1
        if _until_start > 0:
            return False
        _start()
    ns = _NAMESPACES.get(frame.code)
    if ns is None:
        _NAMESPACES[frame.code] = (frame.globals, frame.names)
    elif ns[0] is not frame.globals or ns[1] is not frame.names:
        return False
    return True


_COLD = driver.cold
_COLD_ENTRIES = driver.cold_entries


def back_edge(frame, target):
    """A guest loop closes at `target`: count, and maybe trace or run compiled code."""
    key = (frame.code, target)
    if key in _COLD or we_are_jitted():
        return target
    ws = driver.warmspot
    if ws is not None and not ws.passes(key):
        return target       # counted
    if not _ready(frame):
        return target
    r = driver.can_enter_jit(code=frame.code, pc=target, frame=frame)
    if r is None:
        return target
    if r is FRAME_LEFT:
        return -1
    exc = r.get(RAISE)
    if exc is not None:
        return _eval_unwind(frame, r["pc"], exc)
    return r["pc"]
