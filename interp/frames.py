"""The program's state as CPython would show it to host code: the call stack
(`sys._getframe`, `warnings.warn`) and the exception being handled (`sys.exc_info`).

The host stack while a guest runs interleaves pvmx's own frames (the
dispatch loop, handlers, `calls.call`) with frames of host code the guest
called natively.  Each host frame of `interp.eval.run` is running one guest
frame (its local `frame`, at its local `pc`).  The *virtual stack* reads
the host stack from any point up: a `GuestFrame` for every `run` frame, a
`HostFrame` (the real frame, with a virtual `f_back`) for host code of
others, pvmx's own frames left out, and it ends at the main module.  So the
virtual stack costs nothing until someone looks at it, and generators
resumed by anyone show their resumer as `f_back`, as in CPython.  Both
proxies answer `types.FrameType` as their `__class__` (`inspect.isframe`).

`install()` puts virtual versions of `sys._getframe`, `sys.exc_info`,
`sys.exception` and `warnings.warn` in place when the guest starts, for
guest code and for host code it calls (`collections.namedtuple`, `enum`,
`typing`, `doctest` and `inspect` read their caller's globals this way;
`traceback.print_exc()` and `logging.exception()` the handled exception).
"""

import sys
import types
import warnings

from interp import eval as guest_eval, generators
from interp.intrinsics import frame_locals
from interp.setup_env import PVMX_DIRS
from interp.state import EXC

# Dispatch loops: host functions whose locals `frame` and `pc` are the guest frame
# they run and its instruction; `generators._resume` has `frame` too (a generator
# throwing into its `yield from` delegate is on the stack).
_RUN_CODES = {guest_eval.run.__code__}
_GUEST_RUNNERS = {guest_eval.run.__code__, generators._resume.__code__}


# id(guest frame) -> its GuestFrame, while interp.tracing runs it: the one object
# whose f_trace the trace function and sys._getframe() both see.
TRACED = {}

_ENTRY_CODES = set()


def add_entry(code):
    """A pvmx function that runs the main module: the virtual stack ends there."""
    _ENTRY_CODES.add(code)


def add_runner(code):
    """Another dispatch loop (interp.tracing's)."""
    _RUN_CODES.add(code)
    _GUEST_RUNNERS.add(code)
real_getframe = sys._getframe
_real_warn = warnings.warn
_pvmx_files = {}


def is_pvmx(co):
    fn = co.co_filename
    r = _pvmx_files.get(fn)
    if r is None:
        r = _pvmx_files[fn] = fn.startswith(PVMX_DIRS)
    return r


class GuestFrame:
    """A guest frame seen from Python: the attributes of a frame object.

    `__class__` answers `types.FrameType`, so `inspect.isframe` accepts it."""
    __slots__ = ("_frame", "_host", "_line", "f_trace", "f_trace_lines", "f_trace_opcodes")

    def __init__(self, frame, host):
        self._frame = frame
        self._host = host               # the host frame of `run` (None: not running)
        self._line = None               # set by interp.tracing: the line being traced
        self.f_trace = None
        self.f_trace_lines = True
        self.f_trace_opcodes = False

    @property
    def __class__(self):
        return types.FrameType

    @property
    def f_code(self):
        return self._frame.code.co

    @property
    def f_globals(self):
        return self._frame.globals

    @property
    def f_builtins(self):
        b = self._frame.builtins
        if b is None:
            b = self._frame.globals.get("__builtins__", __builtins__)
            if not isinstance(b, dict):
                b = b.__dict__
        return b

    @property
    def f_locals(self):
        return frame_locals(self._frame)

    def _pc(self):
        """The instruction running now: `run`'s local `pc` while it runs the frame."""
        host = self._host
        if host is not None and host.f_code in _RUN_CODES:
            pc = host.f_locals.get("pc")
            if pc is not None and pc >= 0:
                return pc
        return max(self._frame.pc - 1, 0)

    @property
    def f_lineno(self):
        if self._line is not None:
            return self._line
        return self._frame.code.lineno(self._pc())

    @property
    def f_lasti(self):
        pc = self._pc()
        offsets = self._frame.code.offsets
        return offsets[pc] if 0 <= pc < len(offsets) else -1

    @property
    def f_back(self):
        if self._host is None:
            return None
        for f in virtual_stack(self._host.f_back, self._frame):
            return f
        return None

    def clear(self):
        raise RuntimeError("cannot clear an executing frame")

    def __eq__(self, other):
        return type(other) is GuestFrame and other._frame is self._frame

    def __hash__(self):
        return id(self._frame)

    def __repr__(self):
        code = self._frame.code
        return (f"<frame at {id(self._frame):#x}, file {code.filename!r}, "
                f"line {self.f_lineno}, code {code.name}>")


def virtual_stack(host_frame, last=None):
    """Frames of the program from `host_frame` up, innermost first (see the module doc).

    `last`: the guest frame just below `host_frame`, not to be repeated."""
    f = host_frame
    while f is not None:
        co = f.f_code
        if co in _ENTRY_CODES:
            return          # what started pvmx is not the guest's: the main module has no f_back
        if co in _GUEST_RUNNERS or id(co) in generators.BODY_CODES:
            frame = f.f_locals.get("frame")
            if frame is not None and frame is not last and not frame.code.hidden:
                last = frame
                yield TRACED.get(id(frame)) or GuestFrame(frame, f)
        elif not is_pvmx(co):
            last = None
            yield HostFrame(f)
        f = f.f_back


class HostFrame:
    """A frame of host code (stdlib run natively) on the virtual stack: the real
    frame, but its `f_back` follows the virtual stack instead of into pvmx."""
    __slots__ = ("_real",)

    def __init__(self, real):
        object.__setattr__(self, "_real", real)

    @property
    def __class__(self):
        return types.FrameType

    @property
    def f_back(self):
        for f in virtual_stack(self._real.f_back):
            return f
        return None

    def __getattr__(self, name):
        return getattr(self._real, name)

    def __setattr__(self, name, value):
        setattr(self._real, name, value)

    def clear(self):
        self._real.clear()

    def __eq__(self, other):
        return (other._real if type(other) is HostFrame else other) is self._real

    def __hash__(self):
        return hash(self._real)

    def __repr__(self):
        return repr(self._real)


def getframe(depth=0):
    """sys._getframe over the virtual stack."""
    if depth < 0:
        depth = 0
    for f in virtual_stack(real_getframe(1)):
        if depth == 0:
            return f
        depth -= 1
    raise ValueError("call stack is not deep enough")


def _is_internal(frame):
    filename = frame.f_code.co_filename
    return "importlib" in filename and "_bootstrap" in filename


def warn(message, category=None, stacklevel=1, source=None):
    """warnings.warn (its pure-Python version) over the virtual stack."""
    if isinstance(message, Warning):
        category = message.__class__
    if category is None:
        category = UserWarning
    if not (isinstance(category, type) and issubclass(category, Warning)):
        raise TypeError("category must be a Warning subclass, "
                        "not '{:s}'".format(type(category).__name__))
    stack = virtual_stack(real_getframe(1))
    frame = next(stack, None)
    if frame is not None and stacklevel > 1:
        skip_internal = not _is_internal(frame)
        for _ in range(stacklevel - 1):
            frame = next(stack, None)
            while skip_internal and frame is not None and _is_internal(frame):
                frame = next(stack, None)
            if frame is None:
                break
    if frame is None:
        globals_, filename, lineno = sys.__dict__, "sys", 1
    else:
        globals_, filename, lineno = frame.f_globals, frame.f_code.co_filename, frame.f_lineno
    module = globals_["__name__"] if "__name__" in globals_ else "<string>"
    registry = globals_.setdefault("__warningregistry__", {})
    warnings.warn_explicit(message, category, filename, lineno, module, registry,
                           globals_, source)


_real_exc_info = sys.exc_info
_real_exception = sys.exception


def exc_info():
    """sys.exc_info: host code called from a guest `except` block sees the guest's exception.

    The host's own handled exception, when there is one, is above the guest's
    on CPython's single exc_info stack, so it wins."""
    r = _real_exc_info()
    if r[0] is None:
        e = EXC.topmost()
        if e is not None:
            return (type(e), e, e.__traceback__)
    return r


def exception():
    """sys.exception, as exc_info."""
    r = _real_exception()
    return EXC.topmost() if r is None else r


def install():
    for fake, real in ((getframe, real_getframe), (exc_info, _real_exc_info),
                       (exception, _real_exception)):
        fake.__wrapped__ = real
        setattr(sys, real.__name__, fake)
    warnings.warn = warn
