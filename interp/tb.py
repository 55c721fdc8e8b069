"""Guest tracebacks: which guest frames an exception passed through, and printing them.

Host tracebacks of guest exceptions are full of pvmx's own frames, so each
exception carries its guest path in an attribute: one entry per frame it
propagated through, innermost first, plus the frames of host code (stdlib
and the like) that raised it.  Printing goes through the stdlib's
`traceback.TracebackException`, so the format (chains, exception groups,
carets under the failing expression) is CPython's own.
"""

import os
import traceback

_ATTR = "_pvmx_tb"
_RERAISE = "_pvmx_reraise"
_PVMX_DIRS = tuple(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), d)
                   + os.sep for d in ("interp", "tracer", "backend_x86"))


def _entries(exc):
    try:
        return exc.__dict__.get(_ATTR)
    except AttributeError:
        return None


def mark_reraise(exc):
    """The next unwind of `exc` re-raises it: no new traceback entry, no new context."""
    try:
        setattr(exc, _RERAISE, True)
    except (AttributeError, TypeError):
        pass
    return exc


def consume_reraise(exc):
    d = getattr(exc, "__dict__", None)
    return bool(d) and d.pop(_RERAISE, False)


def add_frame(exc, code, pc):
    """Record that `exc` passed through guest `code` at `pc`.  True if it is new here."""
    d = getattr(exc, "__dict__", None)
    if d is None:
        return False
    entries = d.get(_ATTR)
    fresh = entries is None
    if fresh:
        entries = d[_ATTR] = []
        _add_host_frames(entries, exc.__traceback__)
    entries.append((code, pc))
    return fresh


def _add_host_frames(entries, tb):
    """Frames of host code between pvmx's handler and the raise (innermost first)."""
    host = []
    while tb is not None:
        co = tb.tb_frame.f_code
        if not co.co_filename.startswith(_PVMX_DIRS):
            host.append((co, tb.tb_lasti, tb.tb_lineno))
        tb = tb.tb_next
    entries.extend(reversed(host))


def chain(exc, handled, force=False):
    """Implicit chaining: `exc` was raised while `handled` was being handled.

    `force` is a guest `raise`, which always sets the context; an exception
    from host code keeps the context the host gave it."""
    if exc is handled or (exc.__context__ is not None and not force):
        return
    o = handled
    while True:
        ctx = o.__context__
        if ctx is None:
            break
        if ctx is exc:
            o.__context__ = None
            break
        o = ctx
    exc.__context__ = handled


def frame_summaries(exc):
    entries = _entries(exc) or []
    out = []
    for entry in reversed(entries):
        if len(entry) == 2:
            code, pc = entry
            line, end_line, col, end_col = code.positions[pc] if pc < len(code.positions) \
                else (code.lineno(pc), None, None, None)
            out.append(traceback.FrameSummary(code.filename, line, code.name,
                                              end_lineno=end_line, colno=col, end_colno=end_col))
        else:
            co, lasti, lineno = entry
            pos = _host_position(co, lasti)
            out.append(traceback.FrameSummary(co.co_filename, lineno, co.co_name,
                                              end_lineno=pos[1], colno=pos[2], end_colno=pos[3]))
    return out


def _host_position(co, lasti):
    try:
        for i, p in enumerate(co.co_positions()):
            if i == lasti // 2:
                return p
    except (AttributeError, ValueError):
        pass
    return (None, None, None, None)


def _patch_stacks(te, exc, seen):
    """Replace the host stacks of a TracebackException tree by guest ones."""
    if te is None or id(te) in seen:
        return
    seen.add(id(te))
    te.stack = traceback.StackSummary.from_list(frame_summaries(exc))
    _patch_stacks(te.__cause__, exc.__cause__, seen)
    _patch_stacks(te.__context__, exc.__context__, seen)
    for sub_te, sub in zip(te.exceptions or (), getattr(exc, "exceptions", ())):
        _patch_stacks(sub_te, sub, seen)


def format_exception(exc):
    te = traceback.TracebackException(type(exc), exc, exc.__traceback__, compact=True)
    _patch_stacks(te, exc, set())
    return "".join(te.format())
