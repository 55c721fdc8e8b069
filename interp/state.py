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
