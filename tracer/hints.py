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

The function decorators mark how the tracer treats interpreter helpers it
meets while recording: `elidable` (pure: constant arguments fold the call),
`dont_look_inside` (recorded as one residual call), `unroll_safe` (loops
in it may be unrolled).  `promote(x)` makes a traced value a constant
guarded by `guard_value`.  None of these cost anything when not tracing.
"""


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


class JitDriver:
    """Declares an interpreter's loop to the JIT.

    greens          names of the green variables, in the order of the key
    reds            names of the red variables
    virtualizables  names of reds that are virtualizable: their class lists
                    `_virtualizable_` fields, each `name` (a scalar) or
                    `name[*]` (a list whose items live in registers)
    get_printable_location(*greens) -> str, for the trace log
    """

    def __init__(self, greens, reds, virtualizables=(), get_printable_location=None,
                 name="jitdriver"):
        self.greens = tuple(greens)
        self.reds = tuple(reds)
        self.virtualizables = tuple(virtualizables)
        for v in self.virtualizables:
            if v not in self.reds:
                raise ValueError(f"virtualizable {v!r} is not a red variable")
        self.get_printable_location = get_printable_location or (
            lambda *greens: ", ".join(map(repr, greens)))
        self.name = name
        self.warmspot = None        # the JIT runtime, once one is attached

    def jit_merge_point(self, **livevars):
        """An instruction boundary; a no-op unless a recording twin calls it."""

    def can_enter_jit(self, **livevars):
        """A loop back-edge: count, trace when hot, run compiled code.

        Returns whatever the attached runtime decides (for pvmx: the pc to
        continue at); without a runtime, nothing."""
        ws = self.warmspot
        if ws is None:
            return None
        return ws.can_enter_jit(livevars)


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


def concrete_value(x):
    """The value itself.  While recording, the concrete object behind a box,
    with nothing recorded: for decisions about tracing (what a CALL is about
    to call), never for guest semantics."""
    return x
