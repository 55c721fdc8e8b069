"""Interpreter-wide mutable state that CPython keeps in its thread state.

pvmx runs guest code on one host thread; guest threads started with
`threading` run their functions natively on the host.
"""


class _HandledException:
    """The exception an `except` block is handling (CPython's exc_info)."""
    __slots__ = ("value",)

    def __init__(self):
        self.value = None


EXC = _HandledException()


class _Depth:
    """Guest call depth, checked against the guest recursion limit."""
    __slots__ = ("depth", "limit")

    def __init__(self):
        self.depth = 0
        self.limit = 1000


DEPTH = _Depth()
