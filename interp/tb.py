"""Guest tracebacks as real traceback objects, so every host tool reads them.

When an exception passes through a guest frame, CPython prepends a
traceback entry for that frame.  pvmx does the same with a real
`types.TracebackType` whose frame is a *stub frame*: the frame of a
never-started generator made from the guest code object with its bytecode
replaced by `RETURN_GENERATOR; ...` (so nothing of the guest runs), keeping
the name, file, first line, line table and globals.  `traceback`,
`unittest`, `logging`, `inspect.trace()` and the top-level printer then
show the guest frames with CPython's format, carets included, and the
exception's `__dict__` stays the guest's own.

On the way up, host frames of pvmx itself (the dispatch loop, handlers)
join the chain; each guest frame's unwind splices them out, so only guest
frames and frames of other host code (stdlib run natively) remain.
"""

import os
import traceback
import types

_PVMX_DIRS = tuple(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), d)
                   + os.sep for d in ("interp", "tracer", "backend_x86"))
_CO_GENERATOR, _CO_OPTIMIZED, _CO_NEWLOCALS = 0x20, 0x01, 0x02
# RETURN_GENERATOR; POP_TOP; RESUME 0; LOAD_CONST None; RETURN_VALUE -- then NOPs
_STUB_PROLOGUE = bytes([75, 0, 1, 0, 151, 0, 100, 0, 83, 0])
_NOP = bytes([9, 0])

_stub_codes = {}        # pvmx Code -> stub code object (kept alive, so ids are stable)
_stub_ids = set()       # id() of every stub code object
_pvmx_files = {}        # co_filename -> True if the file is pvmx's own


class _Reraise:
    """The exception a RERAISE or bare `raise` is about to re-raise (no new entry)."""
    __slots__ = ("exc",)

    def __init__(self):
        self.exc = None


_RERAISE = _Reraise()


def mark_reraise(exc):
    _RERAISE.exc = exc
    return exc


def _stub_code(code):
    co = code.co
    n = len(co.co_code)
    body = _STUB_PROLOGUE + _NOP * max(0, (n - len(_STUB_PROLOGUE)) // 2)
    stub = co.replace(co_code=body, co_consts=(None,),
                      co_flags=_CO_GENERATOR | _CO_OPTIMIZED | _CO_NEWLOCALS,
                      co_argcount=0, co_posonlyargcount=0, co_kwonlyargcount=0,
                      co_freevars=(), co_cellvars=(), co_exceptiontable=b"",
                      co_stacksize=max(2, co.co_stacksize))
    _stub_codes[code] = stub
    _stub_ids.add(id(stub))
    return stub


def stub_frame(code, globals_):
    """A real frame object that stands for guest `code` running with `globals_`."""
    stub = _stub_codes.get(code) or _stub_code(code)
    return types.FunctionType(stub, globals_)().gi_frame


def _pvmx_code(co):
    fn = co.co_filename
    r = _pvmx_files.get(fn)
    if r is None:
        r = _pvmx_files[fn] = fn.startswith(_PVMX_DIRS)
    return r


def clean(tb):
    """`tb` without pvmx's own frames (spliced out in place); the new head."""
    while tb is not None and _pvmx_code(tb.tb_frame.f_code):
        tb = tb.tb_next
    head = prev = tb
    while prev is not None:
        nxt = prev.tb_next
        while nxt is not None and _pvmx_code(nxt.tb_frame.f_code):
            nxt = nxt.tb_next
        if prev.tb_next is not nxt:
            prev.tb_next = nxt
        prev = nxt
    return head


def enter_frame(exc, code, pc, globals_):
    """`exc` propagates into guest `code` at `pc`: record the entry, as PyTraceBack_Here.

    Returns True if `exc` is fresh here: raised by host code just now, not
    re-raised and not coming up from a guest frame below (for chaining)."""
    reraise = _RERAISE.exc is exc
    _RERAISE.exc = None
    tb = exc.__traceback__
    fresh = True
    # Drop pvmx's frames above the last guest entry; the rest is clean already.
    head = None
    prev = None
    while tb is not None:
        co = tb.tb_frame.f_code
        if id(co) in _stub_ids:
            fresh = False
            break
        if not _pvmx_code(co):
            if prev is None:
                head = tb
            else:
                prev.tb_next = tb
            prev = tb
        tb = tb.tb_next
    if prev is None:
        head = tb
    elif prev.tb_next is not tb:
        prev.tb_next = tb
    if reraise:
        if head is not exc.__traceback__:
            exc.__traceback__ = head
        return False
    exc.__traceback__ = types.TracebackType(
        head, stub_frame(code, globals_), code.offsets[pc] if pc < len(code.offsets) else -1,
        code.lineno(pc))
    return fresh


def chain(exc, handled, force=False):
    """Implicit chaining: `exc` was raised while `handled` was being handled.

    `force` is a guest `raise`, which sets the context as _PyErr_SetObject
    does (breaking a cycle through `exc`).  An exception from host code keeps
    the context the host gave it, and the handled exception goes at the end
    of that chain, where CPython's single exception stack would have put it."""
    if exc is handled:
        return
    if force:
        _break_cycle(exc, handled)
        exc.__context__ = handled
        return
    # Walk to the end of exc's own chain (Floyd's algorithm guards against cycles).
    o = exc
    slow = exc
    toggle = False
    while True:
        ctx = o.__context__
        if ctx is None:
            break
        if ctx is handled:
            return
        o = ctx
        if o is slow:
            return
        if toggle:
            slow = slow.__context__
        toggle = not toggle
    _break_cycle(o, handled)
    o.__context__ = handled


def _break_cycle(value, handled):
    """_PyErr_SetObject: cut `handled`'s context chain where it reaches `value`."""
    o = handled
    slow = handled
    toggle = False
    while True:
        ctx = o.__context__
        if ctx is None:
            return
        if ctx is value:
            o.__context__ = None
            return
        o = ctx
        if o is slow:
            return
        if toggle:
            slow = slow.__context__
        toggle = not toggle


def _clean_all(exc, seen):
    if exc is None or id(exc) in seen:
        return
    seen.add(id(exc))
    tb = exc.__traceback__
    if tb is not None:
        head = clean(tb)
        if head is not tb:
            exc.__traceback__ = head
    _clean_all(exc.__cause__, seen)
    _clean_all(exc.__context__, seen)
    for sub in getattr(exc, "exceptions", None) or ():
        if isinstance(sub, BaseException):
            _clean_all(sub, seen)


def format_exception(exc):
    """The text CPython prints for an uncaught `exc`: guest frames only."""
    _clean_all(exc, set())
    te = traceback.TracebackException(type(exc), exc, exc.__traceback__, compact=True)
    return "".join(te.format())
