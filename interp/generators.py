"""Guest generators, coroutines and async generators as objects the host can drive.

A guest generator is a host generator whose body resumes the guest frame
until it yields or returns, so `sum(gen)`, `list(gen)`, `yield from` in
host code, `send`, `throw` and `close` all work unchanged.  Coroutines and
async generators wrap that same body in the objects asyncio expects.
"""

import collections.abc
import types

from interp.frame import Frame
from interp.state import EXC

_run = None
_unwind = None


def set_runner(run, unwind):
    global _run, _unwind
    _run = run
    _unwind = unwind


class AsyncGenValue:
    """A value yielded by an async generator (as opposed to one passed up by `await`)."""
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def _resume(frame, value, exc):
    """Run a suspended frame on with `value` sent in, or `exc` thrown in at its yield."""
    outer = EXC.value
    EXC.value = frame.exc_stack
    try:
        if exc is None:
            frame.stack.append(value)
        elif frame.delegating and not isinstance(exc, GeneratorExit):
            kind, v = _throw_into_delegate(frame.stack[-1], exc)
            if kind is _YIELD:
                return v                    # still suspended in the same `yield from`
            frame.stack.pop()
            exit_pc = _send_exit(frame)
            if kind is _RETURN:
                frame.stack.append(v)
                frame.pc = exit_pc
            else:
                frame.pc = _unwind(frame, exit_pc - 1, v)
        else:
            if frame.delegating:
                exc = _close_delegate(frame.stack[-1], exc)
            frame.pc = _unwind(frame, frame.pc - 1, exc)
        frame.state = Frame.RUNNING
        frame.delegating = False
        return _run(frame)
    finally:
        frame.exc_stack = EXC.value
        EXC.value = outer


_YIELD, _RETURN, _RAISE = "yield", "return", "raise"


def _throw_into_delegate(yf, exc):
    """gen.throw() while suspended in `yield from`/`await`: the delegate gets it first."""
    throw = getattr(yf, "throw", None)
    if throw is None:
        return _RAISE, exc
    try:
        return _YIELD, throw(exc)
    except StopIteration as stop:
        return _RETURN, stop.value
    except BaseException as e:
        return _RAISE, e


def _close_delegate(yf, exc):
    close = getattr(yf, "close", None)
    if close is not None:
        try:
            close()
        except BaseException as e:
            return e
    return exc


def _send_exit(frame):
    """Where SEND jumps when the delegate is done: the target of the SEND before this yield."""
    pc = frame.pc - 1
    while frame.code.instrs[pc][0] != "SEND":
        pc -= 1
    return frame.code.instrs[pc][1]


def _body(frame):
    value, exc = None, None
    while True:
        r = _resume(frame, value, exc)
        if frame.state != Frame.SUSPENDED:
            return r
        try:
            value = yield r
            exc = None
        except BaseException as e:
            value, exc = None, e


def make_generator(frame):
    """Called with a fresh frame of generator code: run its prelude, return the object."""
    _run(frame)                 # up to RETURN_GENERATOR
    flags = frame.code.flags
    gen = _body(frame)
    gen.__name__ = frame.code.name
    gen.__qualname__ = frame.code.qualname
    if flags & 0x80:
        return Coroutine(gen, frame)
    if flags & 0x200:
        return AsyncGenerator(gen, frame)
    return gen


class Coroutine(collections.abc.Coroutine):
    """A guest `async def` call: asyncio drives it with send/throw."""
    __slots__ = ("_gen", "_frame", "__name__", "__qualname__", "__weakref__")

    def __init__(self, gen, frame):
        self._gen = gen
        self._frame = frame
        self.__name__ = frame.code.name
        self.__qualname__ = frame.code.qualname

    def send(self, value):
        return self._gen.send(value)

    def throw(self, typ, val=None, tb=None):
        if val is None:
            return self._gen.throw(typ)
        return self._gen.throw(typ, val, tb)

    def close(self):
        self._gen.close()

    def __await__(self):
        return self._gen

    @property
    def cr_code(self):
        return self._frame.code.co

    @property
    def cr_frame(self):
        return None

    @property
    def cr_running(self):
        return self._gen.gi_running

    @property
    def cr_await(self):
        return None

    def __repr__(self):
        return f"<coroutine object {self.__qualname__} at {id(self):#x}>"


class AsyncGenerator(collections.abc.AsyncGenerator):
    """A guest async generator: `__anext__`/`asend`/`athrow` return awaitables."""
    __slots__ = ("_gen", "_frame", "__name__", "__qualname__", "_closed", "__weakref__")

    def __init__(self, gen, frame):
        self._gen = gen
        self._frame = frame
        self.__name__ = frame.code.name
        self.__qualname__ = frame.code.qualname
        self._closed = False

    def __aiter__(self):
        return self

    def __anext__(self):
        return _ASend(self, None)

    def asend(self, value):
        return _ASend(self, value)

    def athrow(self, typ, val=None, tb=None):
        exc = typ if val is None else val
        if isinstance(exc, type):
            exc = exc()
        return _AThrow(self, exc)

    def aclose(self):
        return _AThrow(self, None)

    @property
    def ag_code(self):
        return self._frame.code.co

    @property
    def ag_running(self):
        return self._gen.gi_running

    def __repr__(self):
        return f"<async_generator object {self.__qualname__} at {id(self):#x}>"


class _AsyncStep(collections.abc.Coroutine):
    """One awaited step of an async generator: yields awaits up, returns its next value."""
    __slots__ = ("agen", "started")

    def __init__(self, agen):
        self.agen = agen
        self.started = False

    def __await__(self):
        return self

    def __iter__(self):
        return self

    def __next__(self):
        return self.send(None)

    def close(self):
        pass

    def _result(self, r):
        if type(r) is AsyncGenValue:
            raise StopIteration(r.value)
        return r


class _ASend(_AsyncStep):
    __slots__ = ("value",)

    def __init__(self, agen, value):
        super().__init__(agen)
        self.value = value

    def send(self, value):
        if not self.started:
            self.started = True
            value = self.value
            if self.agen._closed:
                raise StopAsyncIteration
        try:
            return self._result(self.agen._gen.send(value))
        except StopIteration as e:
            if e.args and type(e.args[0]) is AsyncGenValue:
                raise
            self.agen._closed = True
            raise StopAsyncIteration from None

    def throw(self, typ, val=None, tb=None):
        try:
            return self._result(self.agen._gen.throw(typ if val is None else val))
        except StopIteration as e:
            if e.args and type(e.args[0]) is AsyncGenValue:
                raise
            self.agen._closed = True
            raise StopAsyncIteration from None


class _AThrow(_AsyncStep):
    """athrow(exc), or aclose() when exc is None."""
    __slots__ = ("exc",)

    def __init__(self, agen, exc):
        super().__init__(agen)
        self.exc = exc

    def send(self, value):
        agen = self.agen
        closing = self.exc is None
        try:
            if not self.started:
                self.started = True
                if agen._closed or agen._gen.gi_frame is None:
                    agen._closed = True
                    if closing:
                        raise StopIteration
                    raise StopAsyncIteration
                r = agen._gen.throw(GeneratorExit() if closing else self.exc)
            else:
                r = agen._gen.send(value)
        except StopIteration:
            agen._closed = True
            if closing:
                raise StopIteration from None
            raise StopAsyncIteration from None
        except (GeneratorExit, StopAsyncIteration):
            agen._closed = True
            if closing:
                raise StopIteration from None
            raise
        if type(r) is AsyncGenValue:
            if closing:
                raise RuntimeError("async generator ignored GeneratorExit")
            raise StopIteration(r.value)
        return r

    def throw(self, typ, val=None, tb=None):
        try:
            r = self.agen._gen.throw(typ if val is None else val)
        except StopIteration:
            raise StopAsyncIteration from None
        return self._result(r)


def get_awaitable_iter(obj):
    """CPython's _PyCoro_GetAwaitableIter."""
    t = type(obj)
    if t is types.CoroutineType or t is Coroutine:
        return obj
    if t is types.GeneratorType and obj.gi_code.co_flags & 0x100:
        return obj
    await_ = getattr(t, "__await__", None)
    if await_ is None:
        raise TypeError(f"object {t.__name__} can't be used in 'await' expression")
    it = await_(obj)
    if isinstance(it, (types.CoroutineType, Coroutine)):
        raise TypeError("__await__() returned a coroutine")
    if not hasattr(it, "__next__"):
        raise TypeError(f"__await__() returned non-iterator of type '{type(it).__name__}'")
    return it
