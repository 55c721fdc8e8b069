"""The hints an interpreter gives the JIT, as in RPython's `rpython/rlib/jit.py`.

An interpreter declares a `JitDriver` with its green variables (what
identifies a position in the guest program: for pvmx the code object and
pc) and red variables (the rest of the state: the frame), names the
virtualizable (the frame, whose list fields live in registers during a
trace), and calls

- `driver.can_enter_jit(...)` at guest loop back-edges, where it counts
  toward the threshold and enters compiled loops;
- `driver.jit_merge_point(...)` at the top of its dispatch step, which is
  a no-op when not tracing and, while tracing, marks an instruction
  boundary (a snapshot point, and where a loop closes).

Both may be called from code that is being recorded: there
`can_enter_jit` answers None (the loop goes on inside the trace), so an
interpreter needs no `we_are_jitted()` test around it.

What `can_enter_jit` answers (with a runtime attached):

- None: nothing happened, the interpreter goes on as it was;
- `FRAME_LEFT`: the code that ran (tracing executes for real) finished the
  step function's frame (its step returned None): for pvmx the guest frame
  returned, for examples/bf the program ended;
- a dict of livevars (greens and reds) to go on from, after a compiled
  loop exited or a trace was recorded; the reds may be new objects (an
  int red always is).  If it holds the key `RAISE`, its value is an
  exception to raise at that instruction (a residual call raised it).

The function decorators mark how the tracer treats interpreter helpers it
meets while recording: `elidable` (pure: constant arguments fold the call),
`dont_look_inside` (recorded as one residual call), `unroll_safe` (loops
in it may be unrolled).  `promote(x)` makes a traced value a constant
guarded by `guard_value`.  None of these cost anything when not tracing.

Exceptions while recording: `exception_raised(exc)` says why recording
stops; `caught_by_caller()` and `RaisedOut` (made by `raised_out(exc)`)
let a step carry an exception out of an inlined frame to a caller's step
that records its handler (interp/jit_exceptions.py).
"""


FRAME_LEFT = "frame-left"   # can_enter_jit's answer when the frame returned or raised
RAISE = "raise"             # in can_enter_jit's answer: raise this at the instruction
NOT_RESUMED = "not-resumed"     # resume_suspended's answer: the interpreter resumes it


def elidable(fn):
    fn._jit_elidable_ = True
    return fn


def dont_look_inside(fn):
    fn._jit_look_inside_ = False
    return fn


def look_inside(fn):
    fn._jit_look_inside_ = True
    return fn


def unroll_safe(fn):
    fn._jit_unroll_safe_ = True
    return fn


def promote(x):
    """The identity when interpreting; while recording, a guard_value on x."""
    return x


def we_are_jitted():
    """False when interpreting; its recording twin answers True."""
    return False


def exception_raised(exc):
    """The instruction being recorded raised `exc` (an exception the
    recording does not follow): recording stops, saying so.  A loop or
    function entry whose recording an exception stopped is recorded again
    at its next pass, a few times: the iteration that raised may be the
    odd one."""


class JitDriver:
    """Declares an interpreter's loop to the JIT.

    greens          names of the green variables, in the order of the key
    reds            names of the red variables
    virtualizables  names of reds that are virtualizable: their class lists
                    `_virtualizable_` fields, each `name` (a scalar) or
                    `name[*]` (a list whose items live in registers)
    get_printable_location(*greens) -> str, for the trace log
    loop_contains(header, greens) -> bool: is the position `greens` (of the
                    frame a loop trace started in) inside the loop whose header
                    is `header`?  A loop's trace that leaves its loop is
                    recorded again at a later iteration (LuaJIT's "leaving loop
                    in root trace"); None: every position is inside.
    """

    def __init__(self, greens, reds, virtualizables=(), get_printable_location=None,
                 name="jitdriver", loop_contains=None):
        self.greens = tuple(greens)
        self.reds = tuple(reds)
        self.virtualizables = tuple(virtualizables)
        for v in self.virtualizables:
            if v not in self.reds:
                raise ValueError(f"virtualizable {v!r} is not a red variable")
        self.get_printable_location = get_printable_location or (
            lambda *greens: ", ".join(map(repr, greens)))
        self.name = name
        self.loop_contains = loop_contains or (lambda header, greens: True)
        self.warmspot = None        # the JIT runtime, once one is attached
        # green keys of loop headers that the runtime will never trace nor
        # enter (their tracing failed for good): an interpreter may skip
        # can_enter_jit there, which costs more than a small loop body
        self.cold = set()
        # and of function entries the runtime will never trace nor enter:
        # an interpreter may skip its function-entry hook there
        self.cold_entries = set()
        # Functions of this module, not methods: a recording twin calls the
        # functions of tracer/ as they are, boxes and all (recording/twins.py),
        # where a method of a non-traceable class would become a residual call.
        self.jit_merge_point = _jit_merge_point
        self.can_enter_jit = _can_enter_jit_of(self)


def _jit_merge_point(**livevars):
    """An instruction boundary; a no-op (the runtime takes its snapshots
    before each step it records)."""


def _can_enter_jit_of(driver):
    def can_enter_jit(**livevars):
        """A loop back-edge: count, trace when hot, run compiled code.

        Returns what the attached runtime decides (see the module's
        docstring); without a runtime, None."""
        ws = driver.warmspot
        if ws is None:
            return None
        return ws.can_enter_jit(livevars)
    return can_enter_jit


class RaisedOut(BaseException):
    """Raised by an interpreter's step while recording, when the exception
    `exc` (a box) leaves the innermost traced frame, whose unwinding it
    recorded, for a caller that `caught_by_caller` said will take it: that
    caller's step records its own unwinding.  Never seen by guest code."""

    def __init__(self, exc):
        super().__init__("raised out of an inlined frame")
        self.exc = exc


def raised_out(exc):
    """RaisedOut(exc), for a step to raise: a twin calls a function of
    tracer/ with its boxes as they are (the class itself, called with a
    box, would be a residual call)."""
    return RaisedOut(exc)


def caught_by_caller():
    """While recording: will an exception leaving the innermost traced frame
    be caught by one of its callers the recording is stepping (the frames in
    between having no handler at their instruction)?  False otherwise."""
    return False


class NotTraceable(Exception):
    """Raised by an interpreter's step function when recording must stop.

    Without `livevars`, the step did nothing: the interpreter goes on with
    the instruction at hand.  With them, the step did its work on a path
    the tracer does not record (an exception being handled, say) and the
    interpreter goes on from those live variables."""

    def __init__(self, reason, livevars=None):
        super().__init__(reason)
        self.reason = reason
        self.livevars = livevars


def residual_call(fn, args, kwargs=None):
    """Call host code the tracer cannot see into; recorded as one residual call.

    Interpreter code reaches host callables through this (under
    `if _we_are_jitted:`), so that no box is ever handed to native code.
    A module-level `_we_are_jitted = False` in a traceable module reads
    True in its recording twins."""
    if kwargs:
        return fn(*args, **kwargs)
    return fn(*args)


def dict_get(d, key, default=None):
    """`d.get(key, default)` for a host dict that guest code also sees (a
    module namespace).  While recording, a heap read of that item, which the
    optimizer caches like a field, and a guard on whether the key is there.
    `key` is a constant for the trace."""
    return d.get(key, default)


def dict_set(d, key, value):
    """`d[key] = value`; while recording, a heap write of that item, which
    the optimizer may delay until something could see it."""
    d[key] = value


def len_unpromoted(x):
    """`len(x)` of a list or tuple; while recording, the length stays a
    traced int (the `len` builtin makes it a constant, guarded)."""
    return len(x)


def resume_here():
    """From here to the end of the instruction being recorded, a guard that
    fails resumes at the instruction's start with the frame as it is now
    (what the handler pushed since it started included).  For a handler
    that made a residual call which must not be made twice: it pushes what
    the call gave, calls this, and reruns (in the interpreter) with that
    value instead of calling again.  Nothing when not recording."""


def resume_suspended(vobj, field, value, scalars=(), running=None):
    """Run `vobj`, a suspended virtualizable that lives on the heap (a
    generator's frame the trace reached through the object that drives it),
    on from where it stands with `value` appended to its list field
    `field` (what a resumed generator's stack gets), until the
    interpreter's step ends it (a yield suspends it again), then writes
    back the fields `scalars` as they are (where it stands); `running`, a
    (field, value) pair, is written when it starts (its state: a call made
    meanwhile that would resume it finds it running); its result, or
    NOT_RESUMED: it was not run (it cannot be inlined here: the interpreter
    resumes it its own way), or recording stopped inside it and
    `InterpreterHooks.leave_suspended` left it for the interpreter's own
    resume.  While recording, inlined: its list fields are read from
    the heap into the trace, written back when it ends, and a guard that
    fails inside it leaves with the object in its resume data
    (`InterpreterHooks.resume_inlined` finishes it).  Only ever called
    while recording (under `_we_are_jitted`)."""
    raise NotTraceable("resume_suspended outside a recording")


def elidable_call(fn, args):
    """`fn(*args)`, a host function whose result depends only on which
    objects its arguments are and that cannot raise (the object a
    generator's frame belongs to).  While recording: a pure call on the
    traced arguments, which the optimizer shares and moves out of loops."""
    return fn(*args)


def same_object(a, b):
    """`a is b` for the interpreter's JIT hooks, which may be handed a
    recorded value (a box) where the interpreter had the object: True when
    both stand for one object.  Records nothing."""
    if a is b:
        return True
    from tracer.recording.boxes import unwrap
    return unwrap(a) is unwrap(b)


def concrete_value(x):
    """The value itself.  While recording, the concrete object behind a box,
    with nothing recorded: for decisions about tracing (what a CALL is about
    to call), never for guest semantics."""
    return x


# -- guest objects: attributes, versions, allocation (recording: recording/objects.py) --

def promote_field(obj, name):
    """`obj.name`, a field of an interpreter object that the trace specializes
    on and that may change behind the interpreter's back, rarely (a type's
    version tag).  While recording: a heap read of the field and a guard that
    it still holds its value of now; the heap cache keeps the read from
    repeating until something in the trace may have written the heap."""
    return getattr(obj, name)


def read_field(obj, name, immutable=False):
    """`obj.name` where the interpreter knows the attribute is always there and
    reading it runs no guest code (a guest instance's `__dict__`).  While
    recording: getfield_r, which the heap cache answers again until something
    may have written it; `immutable`: never written (a module's `__dict__`)."""
    return getattr(obj, name)


def read_slot(obj, name, default=None):
    """`getattr(obj, name, default)` for a `__slots__` member of a guest object
    (unset when never assigned or deleted).  While recording: a heap read that
    may give NULL, and a guard on whether it did."""
    return getattr(obj, name, default)


def write_field(obj, name, value):
    """`setattr(obj, name, value)` where the interpreter knows that the host's
    generic setattr cannot fail and runs no guest code (a `__slots__` member).
    While recording: setfield, which the heap cache may delay."""
    setattr(obj, name, value)


def cell_get(cell):
    """`cell.cell_contents` of a closure cell (ValueError when empty).  While
    recording: a heap read of the cell, and a guard that it was not empty."""
    return cell.cell_contents


def cell_set(cell, value):
    """`cell.cell_contents = value`; while recording, a heap write of the cell."""
    cell.cell_contents = value


def residual_read(fn, args):
    """Like `residual_call`, for host code that may raise but only reads the
    heap: the trace keeps what it knows of the heap across it."""
    return fn(*args)


def heap_constant(x):
    """`x`, an object that is a constant of the trace (a class attribute,
    found under its class's version guard) but whose contents may change (a
    list, a dict, an instance).  While recording: a box whose ref is that
    constant, so that reading its items or attributes is recorded, not
    folded into constants of what they held while recording.  Immutable
    values (numbers, strings, functions, classes, tuples of such) stay
    plain constants."""
    return x


def new_slice(start, stop, step=None):
    """`slice(start, stop, step)`; while recording, a pure call (no guard on
    the bounds, which vary in a loop), folded when all three are constants."""
    return slice(start, stop, step)


def new_list(items):
    """A new guest list of `items` (a list); while recording, a new_list op,
    which the optimizer may keep virtual."""
    return list(items)


def new_instance(cls):
    """`object.__new__(cls)`; while recording, a new_object op, which the
    optimizer may keep virtual."""
    return object.__new__(cls)
