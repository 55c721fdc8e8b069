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
resumed by anyone show their resumer as `f_back`, as in CPython.  Where the
JIT is (compiled code running, a trace being recorded), one host frame
stands for several guest frames whose slots and pc the host stack does not
show: the JIT says which (`add_jit`), and a `SuspendedFrame` shows each.
The proxies answer `types.FrameType` as their `__class__` (`inspect.isframe`).

`install()` puts virtual versions of `sys._getframe`, `sys.exc_info`,
`sys.exception` and `warnings.warn` in place when the guest starts, for
guest code and for host code it calls (`collections.namedtuple`, `enum`,
`typing`, `doctest` and `inspect` read their caller's globals this way;
`traceback.print_exc()` and `logging.exception()` the handled exception).
"""

import opcode
import os
import sys
import types
import warnings

from interp import eval as guest_eval, generators
from interp.frame import Frame
from interp.intrinsics import frame_locals
from interp.protocol.attrs import VIEWS
from interp.setup_env import PVMX_DIRS
from interp.state import EXC, host_local

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


# Host functions that run compiled code (the JIT backend's `run`): each of
# their frames on the host stack stands for the guest frames that code is in;
# `_compiled_frames()` (interp.jit) says, per such frame from the bottom of
# the stack up, None or (the guest frame the run was entered in, or None;
# [(frame, pc, identity)] of the frames the code is in the middle of a call
# from, outermost first; identity: see SuspendedFrame).  Host functions
# that record a trace (`_RECORDERS`) stand for the frames being recorded,
# which the host stack does not show either (inlined calls):
# `_recorded_frames()` says which, the same way, or None.
_COMPILED_RUNS = set()
_RECORDERS = set()
_compiled_frames = _recorded_frames = _jit_holds = None


def add_jit(run_codes, frames_in_calls, recorder_codes, frames_recorded, holds):
    """The JIT's host functions that run compiled code and record traces,
    what says which guest frames they are in (see above), and `holds(frame)`:
    is the JIT in that guest frame (a run entered in it, or a recording)?"""
    global _compiled_frames, _recorded_frames, _jit_holds
    _COMPILED_RUNS.update(run_codes)
    _RECORDERS.update(recorder_codes)
    _compiled_frames, _recorded_frames, _jit_holds = frames_in_calls, frames_recorded, holds


def add_runner(code):
    """Another dispatch loop (interp.tracing's)."""
    _RUN_CODES.add(code)
    _GUEST_RUNNERS.add(code)


# the file names of the functions the IR executor makes for traces
_TRACE_FILES = "<pvmx trace "
_IMPORT_NAME = opcode.opmap["IMPORT_NAME"]
# pvmx's code that never calls host code for the guest (only its dispatch
# loops, which stop the search first, do): the JIT's packages (interp/jit.py
# speaks for the interpreter to them), and the sys.settrace machinery
_MACHINERY = tuple(d for d in PVMX_DIRS if not d.endswith(os.sep + "interp" + os.sep)) + tuple(
    os.path.join(d, "tracing.py") for d in PVMX_DIRS if d.endswith(os.sep + "interp" + os.sep))

real_getframe = sys._getframe
_real_warn = warnings.warn
_pvmx_files = {}


def called_by_pvmx(frame):
    """Is host frame `frame` (not pvmx's) called by pvmx's own machinery
    rather than by the guest's code (or compiled code on its behalf): by
    the JIT (a weak dictionary lookup in a deoptimization), the trace
    machinery (dis), or an import statement of pvmx's own (a module it
    loads when first needed)?"""
    f = frame.f_back
    while f is not None:
        co = f.f_code
        if co in _GUEST_RUNNERS or co in _COMPILED_RUNS \
                or co.co_filename.startswith(_TRACE_FILES):
            return False    # the guest's code, or compiled code, calling out
        if is_pvmx(co):
            if co.co_filename.startswith(_MACHINERY):
                return True
            lasti = f.f_lasti
            if 0 <= lasti < len(co.co_code) and co.co_code[lasti] == _IMPORT_NAME:
                return True
        f = f.f_back
    return False


def is_pvmx(co):
    fn = co.co_filename
    r = _pvmx_files.get(fn)
    if r is None:
        # (the IR executor's functions, made for each trace, are pvmx's too)
        r = _pvmx_files[fn] = fn.startswith(PVMX_DIRS) or fn.startswith(_TRACE_FILES)
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
        return frame_locals(self._state()[0])

    def _state(self):
        """(frame, pc): the guest frame's slots and the instruction it runs
        now.  When the JIT has the frame (compiled code, or a trace being
        recorded, entered in it after this object was made), the frame's
        own slots and the dispatch loop's pc are not current: the JIT's are."""
        key = self._frame
        if _jit_holds is not None and _jit_holds(key):
            found = _jit_state(key)
            if found is not None:
                return found
        return key, self._own_pc()

    def _pc(self):
        return self._state()[1]

    def _own_pc(self):
        """The instruction running now: `run`'s local `pc` while it runs the frame."""
        host = self._host
        if host is not None and host.f_code in _RUN_CODES:
            pc = host_local(host, "pc")
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
        for f in virtual_stack(self._host.f_back, self._frame, self._host):
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


class SuspendedFrame(GuestFrame):
    """A guest frame the JIT is in (compiled code, or a trace being
    recorded), seen from a call it is making: `frame` (for compiled code, a
    copy rebuilt from the call's resume data) at instruction `pc`.
    `identity`: the guest frame it is (the frame a run was entered in, the
    frames a recording is in), or (that frame, place, code) for a frame a
    trace inlined, which is a copy made at each look; None: unknown.
    `seen_from`: the host frame the JIT called when this was made; while
    that call goes on, what this shows is current.  `back`: the caller's
    frame, or (host, root): the stack above the host frame standing for the
    JIT, `root` not to be repeated."""
    __slots__ = ("_at", "_back", "_identity", "_seen_from")

    def __init__(self, frame, pc, back, identity, seen_from):
        GuestFrame.__init__(self, frame, None)
        self._at = pc
        self._back = back
        self._identity = identity
        self._seen_from = seen_from

    def _state(self):
        key = self._identity
        if key is None or self._still_seen():
            return self._frame, self._at
        if _jit_holds(key[0] if type(key) is tuple else key):
            found = _jit_state(key)
            if found is not None:
                return found
        # the JIT has left it: the interpreter runs it on (or it has ended)
        here = real_getframe(1)
        for f in virtual_stack(here.f_back, inner=here):
            if type(f) is GuestFrame and f._frame is key:
                return f._state()
        return self._frame, self._at

    def _still_seen(self):
        call = self._seen_from
        if call is not None:
            f = real_getframe(2)
            while f is not None:
                if f is call:
                    return True
                f = f.f_back
        return False

    def _key(self):
        key = self._identity
        return self._frame if key is None else key

    def __eq__(self, other):
        key = self._key()
        if type(other) is SuspendedFrame:
            return _same_frame(key, other._key())
        return type(other) is GuestFrame and other._frame is key

    def __hash__(self):
        key = self._key()
        return hash(key) if type(key) is tuple else id(key)

    @property
    def f_back(self):
        back = self._back
        if type(back) is tuple:
            # (found when first asked: the host frames above keep their
            # f_back when they have returned, as CPython's frames do)
            host, root = back
            back = self._back = next(virtual_stack(host.f_back, root, host), None)
        return back


def _jit_frames(host, found, shown=(), seen_from=None):
    """SuspendedFrames for `found` (see _compiled_frames), innermost first,
    and the guest frame the JIT was entered in.  `shown`: ids of guest
    frames already on the virtual stack (a recording stopped in a frame it
    had inlined, which the interpreter then ran on)."""
    root, frames = found
    if shown:
        frames = [f for f in frames if id(f[2]) not in shown]
    back = (host, root)
    views = []
    for frame, pc, identity in frames:
        back = SuspendedFrame(frame, pc, back, identity, seen_from)
        views.append(back)
    views.reverse()
    return views, root


def _same_frame(a, b):
    """Are these identities (a guest frame, or (root, place, code) for a
    frame a trace inlined) the same frame's?"""
    if type(a) is tuple:
        return type(b) is tuple and a[0] is b[0] and a[1] == b[1] and a[2] is b[2]
    return a is b


def _jit_state(key):
    """(frame, pc) of the guest frame known as `key` as the JIT has it now,
    or None."""
    for found in (_recorded_frames(), *_compiled_frames()):
        if found is not None:
            for frame, pc, identity in found[1]:
                if _same_frame(identity, key):
                    return frame, pc
    return None


def _suspended(run, called):
    """What compiled code run by host frame `run` is in, or None; `called`:
    the host frame it called."""
    below = 0
    f = run.f_back
    while f is not None:
        if f.f_code in _COMPILED_RUNS:
            below += 1
        f = f.f_back
    runs = _compiled_frames()
    found = runs[below] if below < len(runs) else None
    return None if found is None else _jit_frames(run, found, seen_from=called)


def _recorded(recorder, shown):
    """What the trace recorder `recorder` is recording, or None."""
    found = _recorded_frames()
    return None if found is None else _jit_frames(recorder, found, shown)


def virtual_stack(host_frame, last=None, inner=None):
    """Frames of the program from `host_frame` up, innermost first (see the module doc).

    `last`: the guest frame just below `host_frame`, not to be repeated;
    `inner`: the host frame just below it."""
    f = host_frame
    shown = set() if last is None else {id(last)}
    called = None       # the host frame compiled code called
    while f is not None:
        co = f.f_code
        if co in _ENTRY_CODES:
            return          # what started pvmx is not the guest's: the main module has no f_back
        if co in _COMPILED_RUNS or co in _RECORDERS:
            if co in _COMPILED_RUNS:
                found = _suspended(f, called or inner)
                called = None
            else:
                found = _recorded(f, shown)
            if found is not None:
                views, last = found
                yield from views
        elif co in _GUEST_RUNNERS or id(co) in generators.BODY_CODES:
            frame = host_local(f, "frame")
            if frame is not None and frame is not last and not frame.code.hidden:
                last = frame
                shown.add(id(frame))
                yield TRACED.get(id(frame)) or GuestFrame(frame, f)
        elif not is_pvmx(co):
            last = None
            yield HostFrame(f)
        if called is None and co.co_filename.startswith(_TRACE_FILES):
            called = inner      # (the IR executor's code for a trace called it)
        inner = f
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
        for f in virtual_stack(self._real.f_back, inner=self._real):
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
    for f in virtual_stack(real_getframe(1), inner=real_getframe()):
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
    stack = virtual_stack(real_getframe(1), inner=real_getframe())
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


def _generator_frame(gen):
    """gi_frame (cr_frame) of a generator (coroutine) as the guest sees it:
    its guest frame, at its yield while it is suspended; None once it has
    finished.  Not a guest generator's: the host's."""
    host = gen.gi_frame if type(gen) is types.GeneratorType else gen.cr_frame
    frame = generators.guest_frame_of(gen) if host is not None else None
    if frame is None:
        return host
    traced = TRACED.get(id(frame))
    if traced is not None:
        return traced
    if _generator_running(gen, frame):
        here = real_getframe()
        for f in virtual_stack(here.f_back, inner=here):    # where it is running
            t = type(f)
            if (t is GuestFrame and f._frame is frame) or (t is SuspendedFrame
                                                           and f._identity is frame):
                return f
    # (suspended: at its yield, with no f_back, as CPython's)
    return GuestFrame(frame, None)


def _generator_running(gen, frame=None):
    """gi_running (cr_running) as the guest sees it: its host body runs it
    (delegating to a `yield from` too), or a trace that resumes it inline
    does, without the host body.  `frame`: its guest frame, if known."""
    if gen.gi_running if type(gen) is types.GeneratorType else gen.cr_running:
        return True
    if frame is None:
        frame = generators.guest_frame_of(gen)
    return frame is not None and frame.state == Frame.RUNNING


def _generator_code(gen):
    """gi_code (cr_code) as the guest sees it: the generator function's code."""
    code = generators.guest_code_of(gen)
    if code is None:
        return gen.gi_code if type(gen) is types.GeneratorType else gen.cr_code
    return code.co


def install():
    for fake, real in ((getframe, real_getframe), (exc_info, _real_exc_info),
                       (exception, _real_exception)):
        fake.__wrapped__ = real
        setattr(sys, real.__name__, fake)
    warnings.warn = warn
    for t, prefix in ((types.GeneratorType, "gi_"), (types.CoroutineType, "cr_")):
        VIEWS[t, prefix + "frame"] = _generator_frame
        VIEWS[t, prefix + "code"] = _generator_code
        VIEWS[t, prefix + "running"] = _generator_running
