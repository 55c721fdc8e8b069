"""Guest frames: the interpreter's explicit state for one running code object.

`locals` is CPython's "localsplus": fast locals, then cells, then free
variables, one list.  `stack` is the value stack.  Both are plain lists so
that the JIT can treat the frame as a virtualizable: while a trace runs,
their contents live in registers, and deoptimization writes them back.
"""


class _Sentinel:
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


# An empty fast-local slot.  Interpreter-internal: never a guest value.
UNBOUND = _Sentinel("UNBOUND")
# The NULL that 3.11's calling convention pushes below a plain callable.
NULL = _Sentinel("NULL")


class Frame:
    __slots__ = ("code", "locals", "stack", "globals", "builtins", "names", "func",
                 "back", "pc", "retval", "state", "exc_stack", "generator", "lasti", "delegating",
                 "call_target")

    # The JIT keeps these lists' items in registers while a trace runs.  Each
    # frame's `locals` and `stack` are lists of its own, never held by
    # another field of any object nor given to guest code (the heap pass
    # relies on it: FieldDescr.owns_list).
    _virtualizable_ = ("locals[*]", "stack[*]", "func")

    # state
    RUNNING, SUSPENDED, RETURNED, RAISED = 0, 1, 2, 3

    def __init__(self, code, locals_, globals_, builtins, names, func, back):
        self.code = code
        self.locals = locals_
        self.stack = []
        self.globals = globals_
        self.builtins = builtins
        self.names = names          # the mapping of LOAD_NAME/STORE_NAME (module and class bodies)
        self.func = func
        self.back = back
        self.pc = 0
        self.retval = None
        self.state = Frame.RUNNING
        self.exc_stack = None       # the exception being handled, for bare `raise` and chaining
        self.generator = None
        self.lasti = 0
        self.delegating = False     # suspended inside `yield from`/`await`
        self.call_target = None     # while tracing a CALL: the function it calls

    def lineno(self):
        return self.code.lineno(self.lasti)

    def __repr__(self):
        return f"<pvmx frame {self.code.qualname} pc={self.pc}>"


def release_in_order(frame):
    """`frame` has ended and nothing but its runner holds it: put its locals
    in the order in which CPython frees them.  CPython clears a frame's
    locals first to last, a list frees its items last to first: reversed,
    the objects they held are freed, and their `__del__` methods run, in
    CPython's order.  (A frame held elsewhere, by a traceback or a frame
    object, keeps its locals as they are until it dies.)"""
    frame.locals.reverse()
