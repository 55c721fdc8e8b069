"""The Python side of `exit = f(io)`: io buffers, values in and out, the
exception an exit left in the io header.

Values in io are int64 words: ints as they are, floats as their bits, refs
as addresses (the tracer's NULL is 0).  Inputs are borrowed: the caller's
argument list keeps them alive for the run, and the entry stub increfs the
ones it keeps.  Every ref an exit writes into io is an *owned* reference
handed to Python: `adopt` turns it into the object (ctypes takes its own
reference) and drops the handed one, so the net count is unchanged.
"""

import ctypes

from tracer.ir.kinds import FLOAT, REF
from tracer.ir.values import NULL

from . import capi, deferred
from .frame import (HEADER_WORDS, IO_BUDGET, IO_CHUNK, IO_DONE, IO_EXC_TB, IO_EXC_TYPE,
                    IO_EXC_VALUE, IO_EXTRA, IO_FRAME, IO_LEFT, IO_NUMBER, IO_STOPPED,
                    POLL_INTERVAL)

MAX_IO = 1024           # values an exit may hand out (and inputs a loop may take)
_H = HEADER_WORDS
_W = {name: _H + off // 8 for name, off in (
    ("budget", IO_BUDGET), ("chunk", IO_CHUNK), ("done", IO_DONE), ("left", IO_LEFT),
    ("stopped", IO_STOPPED), ("exc_type", IO_EXC_TYPE), ("exc_value", IO_EXC_VALUE),
    ("exc_tb", IO_EXC_TB), ("extra", IO_EXTRA),
    ("number", IO_NUMBER), ("frame", IO_FRAME))}
_BUDGET, _CHUNK, _DONE, _LEFT, _STOPPED = (_W[n] for n in ("budget", "chunk", "done", "left",
                                                          "stopped"))
_EXC_TYPE, _EXC_VALUE, _EXC_TB = _W["exc_type"], _W["exc_value"], _W["exc_tb"]
_EXTRA = _W["extra"]
_NUMBER = _W["number"]
_FRAME = _W["frame"]

_Words = ctypes.c_int64 * (_H + MAX_IO)
_Doubles = ctypes.c_double * (_H + MAX_IO)
_Objects = ctypes.py_object * (_H + MAX_IO)


class IOBuffer:
    """One io buffer with its header, and typed views of it."""

    __slots__ = ("words", "doubles", "objects", "address")

    def __init__(self, base=None):
        """A buffer of its own, or (`base`: an address) a view of one that
        compiled code filled (an io stack frame)."""
        if base is None:
            self.words = _Words()
            base = ctypes.addressof(self.words)
        else:
            self.words = _Words.from_address(base)
        self.doubles = _Doubles.from_address(base)
        self.objects = _Objects.from_address(base)
        self.address = base + 8 * _H     # io[0]

    def exit_number(self):
        """What call_assembler's slow path finds in the header: the callee's exit."""
        return self.words[_NUMBER]

    def start(self, kinds, args, max_iterations):
        w = self.words
        for index, value in _HEADER:
            w[index] = value
        if max_iterations is not None:
            chunk = min(POLL_INTERVAL, max_iterations)
            w[_BUDGET], w[_CHUNK] = max_iterations - chunk, chunk
        d = self.doubles
        for i, (kind, v) in enumerate(zip(kinds, args), _H):
            if kind is FLOAT:
                d[i] = v
            elif kind is REF:
                w[i] = 0 if v is NULL else id(v)
            else:
                w[i] = v

    def machine_frame(self):
        """rbp of the machine frame the code entered on this buffer runs in."""
        return self.words[_FRAME]

    def iterations(self):
        w = self.words
        return w[_DONE] + w[_CHUNK] - w[_LEFT]

    def stopped(self):
        return self.words[_STOPPED]

    def values(self, kinds):
        """The exit's values; then the owned refs the exit left after them
        (live at the exit, not handed out) are released."""
        w, d, objs = self.words, self.doubles, self.objects
        out = []
        for i, kind in enumerate(kinds, _H):
            if kind is FLOAT:
                out.append(d[i])
            elif kind is REF:
                out.append(adopt(objs, i) if w[i] else NULL)
            else:
                out.append(w[i])
        self.release_extra(len(kinds))
        return tuple(out)

    def release_extra(self, start):
        """Drop the extra refs; the objects wait for deoptimization to be
        done before any of them is freed (deferred.py)."""
        w = self.words
        n = w[_EXTRA]
        if n:
            for i in range(_H + start, _H + start + n):
                if w[i]:
                    deferred.defer(adopt(self.objects, i))
            w[_EXTRA] = 0

    def exception(self):
        """The exception fetched into the header (normalized), or None."""
        w = self.words
        if not w[_EXC_TYPE]:
            return None
        objs = self.objects
        t = adopt(objs, _EXC_TYPE)
        v = adopt(objs, _EXC_VALUE) if w[_EXC_VALUE] else None
        tb = adopt(objs, _EXC_TB) if w[_EXC_TB] else None
        w[_EXC_TYPE] = w[_EXC_VALUE] = w[_EXC_TB] = 0
        return normalize(t, v, tb)


def header_words():
    """(io offset, value) of the header a run without an iteration cap starts
    with: IOBuffer.start writes it, and call_assembler's code does."""
    return ((IO_BUDGET, -1), (IO_CHUNK, POLL_INTERVAL), (IO_DONE, 0), (IO_LEFT, 0),
            (IO_STOPPED, -1), (IO_EXC_TYPE, 0), (IO_EXC_VALUE, 0), (IO_EXC_TB, 0),
            (IO_EXTRA, 0))


# header_words() as (word index in an IOBuffer, value): what start() writes
_HEADER = tuple((_H + offset // 8, value) for offset, value in header_words())


def adopt(objects, i):
    """The object whose owned reference is in objects[i]."""
    obj = objects[i]
    _decref(obj)
    return obj


def _decref(obj):
    # (the ctypes function made at the first use, then bound here: one
    # adopt per ref of every exit)
    global _decref
    _decref = capi.call_proto("Py_DecRef")
    _decref(obj)


def normalize(t, v, tb):
    """What PyErr_NormalizeException makes of a fetched (type, value, tb)."""
    if isinstance(v, BaseException) and isinstance(v, t):
        exc = v
    elif v is None:
        exc = t()
    elif isinstance(v, tuple):
        exc = t(*v)
    else:
        exc = t(v)
    if tb is not None:
        exc = exc.with_traceback(tb)
    return exc


class BufferPool:
    """io buffers for nested runs (compiled code calls the host, which may
    run compiled code again)."""

    def __init__(self):
        self.free = []

    def take(self):
        return self.free.pop() if self.free else IOBuffer()

    def give(self, buf):
        self.free.append(buf)


class IOStack:
    """io buffers for call_assembler: compiled code that calls another trace's
    code pushes one frame (header and MAX_IO words) of this stack, fills its
    header and inputs, calls, and pops it; its slow path reads the callee's
    exit from the frame just popped (`top()`), before anything can push again.
    Anonymous memory, so that only the frames used take pages.  Running out
    of frames is a RecursionError, and so is passing the limit word (at
    LIMIT from the top's word), which `set_limit` sets from the guest's
    recursion budget: a recursion that compiled code runs by call_assembler
    counts towards the guest's recursion limit as the interpreter's does."""

    FRAMES = 1024
    FRAME_BYTES = 8 * (_H + MAX_IO)
    LIMIT = 16          # the limit word's offset from the top's

    def __init__(self, frames=FRAMES):
        import mmap
        self._memory = mmap.mmap(-1, self.FRAME_BYTES * frames + 32)
        base = ctypes.addressof(ctypes.c_char.from_buffer(self._memory))
        self._top = ctypes.c_uint64.from_address(base)
        self.top_address = base                 # the word holding the next frame's address
        # back-edges the callees ran, added by the fast path (the slow path's
        # run counts its callee's like any run)
        self._iterations = ctypes.c_int64.from_address(base + 8)
        self.iterations_address = base + 8
        self._limit = ctypes.c_uint64.from_address(base + self.LIMIT)
        self.bottom = base + 32
        self.frames = frames
        self.end = self.bottom + self.FRAME_BYTES * frames      # past the last frame
        self._limit.value = self.end
        self._top.value = self.bottom

    def set_limit(self, frames):
        """Let compiled code push up to `frames` frames in all (at most as
        many as the stack holds); the previous limit word, for
        `restore_limit`."""
        old = self._limit.value
        self._limit.value = self.bottom + self.FRAME_BYTES * min(max(frames, 0), self.frames)
        return old

    def restore_limit(self, word):
        self._limit.value = word

    def iterations(self):
        return self._iterations.value

    def top(self):
        """The next free frame, which is the frame just popped."""
        return self._top.value

    def machine_frames(self, start, end):
        """rbp of the machine frames of callees in the io frames from
        address `start` up to `end` (the frames pushed meanwhile)."""
        at = 8 * _H + IO_FRAME
        return [ctypes.c_int64.from_address(base + at).value
                for base in range(start, end, self.FRAME_BYTES)]
