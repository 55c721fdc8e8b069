"""Guest tracebacks as real traceback objects, so every host tool reads them.

When an exception passes through a guest frame, CPython prepends a
traceback entry for that frame.  pvmx does the same with a real
`types.TracebackType` whose frame is a *stub frame* (see `stubframes`): a
real frame object with the guest's code name, file, line table, globals,
fast locals and line.  `traceback`, `unittest`, `logging`, `inspect.trace()`
and the top-level printer then show the guest frames with CPython's format,
carets included, and the exception's `__dict__` stays the guest's own.

On the way up, host frames of pvmx itself (the dispatch loop, handlers)
join the chain; each guest frame's unwind splices them out, so only guest
frames and frames of other host code (stdlib run natively) remain.
"""

import os
import types

from interp import generators
from interp.setup_env import PVMX_DIRS
from interp.state import host_local
from interp.stubframes import stub_frame, stub_owner

_pvmx_files = {}        # co_filename -> True if the file is pvmx's own


class _Raising:
    """The guest exception a handler is about to raise with a host `raise`.

    The host `raise` chains it to the host's handled exception, if any (the host
    is inside an except block when guest code runs under `calls.call_handling`),
    so its __context__ as the guest set it is kept here and put back.  A
    re-raise (RERAISE, bare `raise`) adds no traceback entry; RERAISE restores
    the raising instruction as the frame's position (`pc`)."""
    __slots__ = ("exc", "reraise", "pc", "context", "suppress")

    def __init__(self):
        self.exc = None


_RAISING = _Raising()


def mark_raise(exc, reraise=False, pc=None):
    r = _RAISING
    r.exc, r.reraise, r.pc = exc, reraise, pc
    r.context, r.suppress = exc.__context__, exc.__suppress_context__
    return exc


def mark_reraise(exc, pc=None):
    return mark_raise(exc, True, pc)


# PVMX_HOST_TB=1 keeps pvmx's own frames in tracebacks (for debugging pvmx itself).
_KEEP_HOST = bool(os.environ.get("PVMX_HOST_TB"))


def _pvmx_code(co):
    if _KEEP_HOST:
        return False
    fn = co.co_filename
    r = _pvmx_files.get(fn)
    if r is None:
        # "<pvmx trace N>": the IR executor's generated code
        r = _pvmx_files[fn] = fn.startswith(PVMX_DIRS) or fn.startswith("<pvmx ")
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


def enter_frame(exc, frame, pc):
    """`exc` propagates into guest `frame` at `pc`: record the entry, as PyTraceBack_Here.

    Returns (fresh, where, reraise): fresh if `exc` was raised by host code just now, not
    re-raised and not coming up from a guest frame below (for chaining); where
    the frame is (`pc`, or what a RERAISE restored), which is what a handler
    with `lasti` gets pushed."""
    raising = _RAISING
    reraise = False
    if raising.exc is exc:
        if exc.__context__ is not raising.context:
            exc.__context__ = raising.context
            exc.__suppress_context__ = raising.suppress
        reraise = raising.reraise
        if raising.pc is not None:
            pc = raising.pc
    raising.exc = raising.context = None     # hold no exception (nor its frames' locals)
    tb = exc.__traceback__
    fresh = True
    # Drop pvmx's frames above the last guest entry; the rest is clean already.
    # A generator's host body with no entry of its guest frame below it was thrown
    # into before the frame ever ran: CPython has that frame's entry, so add it.
    head = prev = None
    driven = None
    while tb is not None:
        co = tb.tb_frame.f_code
        owner = stub_owner.get(id(co))
        if owner is None and _pvmx_code(co):
            if id(co) in generators.BODY_CODES:
                driven = host_local(tb.tb_frame, "frame")
                if driven is frame:     # thrown into `frame`'s own body: caught there
                    driven = None
            tb = tb.tb_next
            continue
        if driven is not None and owner is not driven.code:
            entry = _entry(None, driven, max(driven.pc - 1, 0))
            if prev is None:
                head = entry
            else:
                prev.tb_next = entry
            prev = entry
        driven = None
        if prev is None:
            head = tb
        elif prev.tb_next is not tb:
            prev.tb_next = tb
        prev = tb
        if owner is not None:
            fresh = False
            break
        tb = tb.tb_next
    if driven is not None:
        entry = _entry(None, driven, max(driven.pc - 1, 0))
        if prev is None:
            head = entry
        else:
            prev.tb_next = entry
        prev = entry
    if prev is not None and tb is None and prev.tb_next is not None:
        prev.tb_next = None
    code = frame.code
    if code.hidden:
        exc.__traceback__ = head
        return fresh, pc, reraise
    if reraise:
        if head is not None and stub_owner.get(id(head.tb_frame.f_code)) is code:
            # Re-raised in the frame that caught it (RERAISE after `finally`, an
            # unmatched `except`): CPython's entry stays, but the frame has moved on,
            # so its f_lineno is now this instruction's line.
            head = types.TracebackType(head.tb_next, stub_frame(frame, pc),
                                       head.tb_lasti, head.tb_lineno)
        if head is not exc.__traceback__:
            exc.__traceback__ = head
        return False, pc, True
    exc.__traceback__ = _entry(head, frame, pc)
    return fresh, pc, False


def _entry(tb_next, frame, pc):
    code = frame.code
    return types.TracebackType(tb_next, stub_frame(frame, pc),
                               code.offsets[pc] if pc < len(code.offsets) else -1,
                               code.lineno(pc))


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
    import traceback     # only when a traceback is printed: it imports textwrap, linecache
    te = traceback.TracebackException(type(exc), exc, exc.__traceback__, compact=True)
    return "".join(te.format())
