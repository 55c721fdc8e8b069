"""The backend's exceptions, in one place for its users to catch."""


class BackendError(Exception):
    """Misuse of the backend: running freed code, a bridge on something
    that is not a compiled guard, a jump to a label without code."""


class CompileError(BackendError):
    """The compiler failed on a trace (a bug: please report the trace)."""


class Unsupported(CompileError):
    """A well-formed trace this backend does not compile; the JIT may run
    it on the IR executor instead: a native call with arguments on the
    stack, an exit with more values than io holds (entry.MAX_IO)."""
