"""Interpreter-wide mutable state that CPython keeps in its thread state.

pvmx runs guest code on one host thread; guest threads started with
`threading` run their functions natively on the host.
"""


class _HandledException:
    """The exceptions `except` blocks are handling: CPython's exc_info stack.

    `value` is the current entry, the one PUSH_EXC_INFO/POP_EXCEPT work on.
    A running generator has an entry of its own (pushed by its resumption),
    and the entries below are in `outer`.  What `sys.exc_info()`, a bare
    `raise` and implicit chaining see is the topmost entry that is not None."""
    __slots__ = ("value", "outer", "held", "host_chained")

    def __init__(self):
        self.value = None
        self.outer = []
        self.held = 0               # how many entries of `outer` are not None
        self.host_chained = None    # see interp.calls.call_handling

    def topmost(self):
        v = self.value
        if v is None:
            for v in reversed(self.outer):
                if v is not None:
                    return v
        return v


EXC = _HandledException()


class _Depth:
    """Guest call depth, checked against the guest recursion limit."""
    __slots__ = ("depth", "limit")

    def __init__(self):
        self.depth = 0
        self.limit = 1000


DEPTH = _Depth()


# Host frames one guest call may take (CALL, call, instantiate, call_special, run...),
# so that the host's limit never stops a guest recursion the guest limit allows.
HOST_FRAMES_PER_GUEST = 12
HOST_FRAMES_BASE = 2000
# C stack for guest recursion that passes through C (generators resumed by
# `send`, host code calling guest code): CPython's own 1000 frames fit in 8 MB;
# pvmx's guest frames may each cost several C frames.
STACK_BYTES = 256 << 20


def set_recursion_limit(n):
    """The guest's recursion limit, and a host limit (and C stack) big enough for it."""
    import sys
    DEPTH.limit = n
    sys.setrecursionlimit(max(sys.getrecursionlimit(), n * HOST_FRAMES_PER_GUEST + HOST_FRAMES_BASE))


def raise_stack_limit():
    """Let the main thread's stack grow to STACK_BYTES (Linux grows it on demand up to
    RLIMIT_STACK, read at fault time; the gap below it is at least that large for
    limits CPython is started with)."""
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
        want = STACK_BYTES if hard == resource.RLIM_INFINITY else min(STACK_BYTES, hard)
        if soft != resource.RLIM_INFINITY and soft < want:
            resource.setrlimit(resource.RLIMIT_STACK, (want, hard))
    except (ImportError, ValueError, OSError):
        pass


def _on_big_frame(fn):
    return fn()


# CPython 3.11 keeps Python frames in 16 KB chunks of a per-thread data stack
# and frees a chunk (munmap) as soon as the frame at its base returns.  A guest
# call is several host frames deep, so recursion that goes back and forth
# across a chunk boundary (every leaf call of a recursive fib) paid an mmap
# and a munmap per call: most of its time, in the kernel.  A chunk is sized
# to the frame that needs it, rounded up to a power of two times 16 KB: this
# frame asks for a little over 2 MB and so gets a 4 MB chunk, whose last 2 MB
# (untouched until used, so not resident) hold the frames run under it.
_on_big_frame.__code__ = _on_big_frame.__code__.replace(co_stacksize=263_000)


def on_big_frame(fn):
    """fn() with the interpreter's host frames in one large data-stack chunk."""
    return _on_big_frame(fn)


def host_local(f, name):
    """The local `name` of `f`, one of pvmx's own host frames, or None.

    `f.f_locals` fills a dict that the frame keeps (3.11) and refreshes only
    when read again: its stale values, an exception since dropped or a guest
    frame since finished, would live as long as the frame, which a
    traceback keeps.  So the dict is emptied once read."""
    d = f.f_locals
    v = d.get(name)
    d.clear()
    return v
