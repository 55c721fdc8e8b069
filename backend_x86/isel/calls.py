"""Residual calls: call_i/f/r/n and call_pure_*.

Three ways to call, chosen by the descr's callee:

- a C function (a ctypes function pointer, or a `NativeFunction`): called
  directly, System V, with the trace's ints, floats and refs (borrowed) as
  its arguments; a ref result is a new reference, NULL on error;
- a host callable that is one C-API function on its objects (an operator
  function, `slice`, `bool`: `capi.equivalent`): that function, directly;
- any other host callable: `PyObject_Vectorcall` with the arguments boxed
  (ints and floats become new objects, released after the call) and the
  result unboxed for call_i/call_f (PyLong_AsLongLong, PyFloat_AsDouble).

A call that raises leaves by the guard_no_exception after it (fused here),
or, when nothing guards it, by an error exit that makes run() raise.
"""

import ctypes

from tracer.ir.exits import FINISH_BASE
from tracer.ir.kinds import FLOAT, INT, REF, VOID
from tracer.ir.values import ConstInt
from tracer.ir.optable import OPS

from .. import capi, deferred
from ..assembler import Label
from ..encoder import Mem
from ..entry import header_words
from ..frame import HEADER_WORDS, IO_CHUNK, IO_DONE, IO_EXTRA, IO_LEFT, IO_NUMBER
from ..moves import move
from ..registers import SCRATCH, rax, rcx, rdi, rdx, rsi, rsp, xmm0

r11 = SCRATCH
_KIND_OF = {capi.NEW_REF: REF, capi.STATUS: VOID, capi.TRUTH: INT}


def _recursion_error():
    """call_assembler's io stack is full: as deep as guest recursion may go."""
    raise RecursionError("maximum recursion depth exceeded")


class NativeFunction:
    """A C function for a CallDescr: `CallDescr(NativeFunction(addr), ...)`.
    A ref it returns is a new reference unless `borrowed` (PyList_GetItem's
    kind: then the code takes its own).  `keepalive` is anything that must
    live as long as code calls it."""

    __slots__ = ("address", "borrowed", "keepalive", "name")

    def __init__(self, address, borrowed=False, keepalive=None, name=None):
        self.address = address
        self.borrowed = borrowed
        self.keepalive = keepalive
        self.name = name

    def __repr__(self):
        return f"<NativeFunction {self.name or hex(self.address)}>"


def native_address(func):
    """The address to call `func` at natively, or None for a host callable."""
    if isinstance(func, NativeFunction):
        return func.address
    if isinstance(func, ctypes._CFuncPtr):
        return ctypes.cast(func, ctypes.c_void_p).value
    return None


class CallOps:
    def emit_CALL_ASSEMBLER_R(self, op, k):
        """Call another trace's machine code (a function's entry trace) in an
        io frame of the backend's io stack.  A finish that hands over its
        value alone is the fast path; any other exit goes through the
        descr's slow path in Python, which deoptimizes the callee."""
        descr = op.descr
        entry = getattr(descr.compiled, "entry", None)
        if entry is None or getattr(descr.compiled, "freed", True):
            return self._call(op, k)        # not machine code: the general path
        self._finalizers_first()
        alloc, asm = self.alloc, self.asm
        stack = self.backend.io_stack
        slow_path = self.backend.assembler_slow_path(descr)
        self.unit.keepalive.extend((descr, slow_path))
        io = 8 * HEADER_WORDS
        alloc.before_call({a for a in op.args if not a.is_constant})
        # push an io frame (rdi: its base), or raise RecursionError when full
        overflow, slow, done = Label(), Label(), Label()
        asm.op("MOV", rax, stack.top_address)
        asm.op("MOV", rdi, Mem(rax, 0))
        asm.op("LEA", rcx, Mem(rdi, stack.FRAME_BYTES, size=None))
        asm.op("CMP", rcx, Mem(rax, stack.LIMIT))      # the guest's recursion budget
        asm.jcc("a", overflow)
        asm.op("MOV", Mem(rax, 0), rcx)
        for offset, value in header_words():
            asm.op("MOV", Mem(rdi, io + offset), value)
        for i, a in enumerate(op.args):
            move(asm, a if a.is_constant else alloc.loc(a), rax)
            asm.op("MOV", Mem(rdi, io + 8 * i), rax)
        asm.op("LEA", rdi, Mem(rdi, io, size=None))
        # through a word, which a callee traced again redirects
        slot = self.backend.call_assembler_slot(descr)

        def call_through_slot():
            asm.op("MOV", r11, ctypes.addressof(slot))
            asm.op("MOV", r11, Mem(r11, 0))
            asm.op("CALL", r11)
        self.call_out(self.call_site(k), call_through_slot)
        # pop it; rdi: io of the frame just popped
        asm.op("MOV", rcx, stack.top_address)
        asm.op("MOV", rdi, Mem(rcx, 0))
        asm.op("LEA", rdi, Mem(rdi, -stack.FRAME_BYTES, size=None))
        asm.op("MOV", Mem(rcx, 0), rdi)
        asm.op("LEA", rdi, Mem(rdi, io, size=None))
        asm.op("CMP", rax, FINISH_BASE)
        asm.jcc("l", slow)
        asm.op("CMP", Mem(rdi, IO_EXTRA), 0)
        asm.jcc("ne", slow)
        asm.op("MOV", rax, Mem(rdi, IO_DONE))       # the callee's back-edges, counted
        asm.op("ADD", rax, Mem(rdi, IO_CHUNK))
        asm.op("SUB", rax, Mem(rdi, IO_LEFT))
        asm.op("MOV", rcx, stack.iterations_address)
        asm.op("ADD", Mem(rcx, 0), rax)
        asm.op("MOV", rax, Mem(rdi, 0))     # the finish's value, an owned ref
        asm.bind(done)
        alloc.after_call()
        fail, consumed = self.failure_label(k, exclude=(op,))
        old = self.cold("call_assembler slow path")
        asm.bind(slow)
        asm.op("MOV", Mem(rdi, IO_NUMBER), rax)
        self._vectorcall_no_args(slow_path)
        asm.op("TEST", rax, rax)
        asm.jcc("e", fail)
        asm.jmp(done)
        asm.bind(overflow)
        self._vectorcall_no_args(_recursion_error)
        asm.jmp(fail)
        asm.switch(old)
        alloc.bind(op, rax)
        self.nonnull.add(op)
        return k + 1 if consumed else k

    def _finalizers_first(self):
        """Before a call that may write the heap, release the objects whose
        finalizers wait (deferred.py): the optimizer has done the trace's
        delayed writes, so they run as if inside the call, before anything
        the call prints."""
        asm = self.asm
        slow, back = Label(), Label()
        asm.op("MOV", r11, deferred.AREA)
        asm.op("CMP", Mem(r11, 0), 0)
        asm.jcc("ne", slow)
        asm.bind(back)
        old = self.cold("finalizers")
        asm.bind(slow)
        self._cold_call(self.alloc.live_caller_saved(), self.runtime.flush_deferred,
                        lambda: None, result=False)
        asm.jmp(back)
        asm.switch(old)

    def _vectorcall_no_args(self, func):
        asm = self.asm
        asm.op("MOV", rdi, id(func))
        asm.op("XOR", rsi.d, rsi.d)
        asm.op("XOR", rdx.d, rdx.d)
        asm.op("XOR", rcx.d, rcx.d)
        asm.call_abs(capi.address("PyObject_Vectorcall"))

    def _call(self, op, k):
        func = op.descr.func
        address = native_address(func)
        result = op if op.kind is not VOID else None
        self.unit.keepalive.append(func)
        if op.descr.effect.writes_heap:
            self._finalizers_first()
        if address is not None:
            return self._native(op, k, address, result)
        same = capi.equivalent(func, len(op.args))
        if same is not None and all(a.kind is REF for a in op.args) \
                and op.kind is _KIND_OF[same[2]]:
            return self._c_equivalent(op, k, *same)
        return self.emit_host_call(func, op.args, result, k)

    def _c_equivalent(self, op, k, name, extra, answer):
        """The C-API function `name` that does what the op's callee does:
        the op's refs (borrowed), then the int constants `extra`."""
        args = [*op.args, *(ConstInt(x) for x in extra)]
        address = capi.address(name)
        if answer is capi.NEW_REF:
            return self._native(op, k, address, op, args)
        asm = self.asm
        self.emit_native_call(address, args, site=self.call_site(k) if op.may_raise() else None)
        if answer is capi.TRUTH:
            asm.op("MOVSXD", rax, rax.d)        # a C int
            self.alloc.bind(op, rax)
        if not op.may_raise():
            return k
        fail, consumed = self.failure_label(k, exclude=(op,))
        asm.op("TEST", rax.d, rax.d)
        asm.jcc("s", fail)                      # -1: an exception is set
        return k + 1 if consumed else k

    def _native(self, op, k, address, result, args=None):
        alloc, asm = self.alloc, self.asm
        self.emit_native_call(address, op.args if args is None else args, result,
                              site=self.call_site(k) if op.may_raise() else None)
        if not op.may_raise():
            if op.kind is REF and getattr(op.descr.func, "borrowed", False):
                self.emit_incref(rax, True)
            return k
        if op.kind is REF:
            fail, consumed = self.failure_label(k, exclude=(op,))
            asm.op("TEST", rax, rax)
            asm.jcc("e", fail)
            self.nonnull.add(op)
            if getattr(op.descr.func, "borrowed", False):
                self.emit_incref(rax, False)
        else:
            fail, consumed = self.failure_label(k, exclude=(op,))
            keep = alloc.live_caller_saved()
            self.emit_save(keep)
            asm.call_abs(capi.address("PyErr_Occurred"))
            asm.op("MOV", r11, rax)
            self.emit_restore(keep)
            asm.op("TEST", r11, r11)
            asm.jcc("ne", fail)
        return k + 1 if consumed else k

    def emit_host_call(self, func, args, result, k, guardable=True):
        """Call a host callable through PyObject_Vectorcall (see the module
        docstring); return the last op index consumed."""
        alloc, asm = self.alloc, self.asm
        self.unit.keepalive.append(func)
        n = len(args)
        alloc.need_outgoing(n + 2)          # [rsp]: result, [rsp+8]: unboxed, then args
        alloc.before_call({a for a in args if not a.is_constant})
        boxed = []
        for i, a in enumerate(args):
            dst = Mem(rsp, 16 + 8 * i)
            loc = a if a.is_constant else alloc.loc(a)
            if a.kind is INT:
                move(asm, loc, rdi)
                asm.call_abs(capi.address("PyLong_FromLongLong"))
                boxed.append(dst)
            elif a.kind is FLOAT:
                move(asm, loc, xmm0)
                asm.call_abs(capi.address("PyFloat_FromDouble"))
                boxed.append(dst)
            else:
                move(asm, loc, rax)
            asm.op("MOV", dst, rax)
        asm.op("MOV", rdi, id(func))
        asm.op("LEA", rsi, Mem(rsp, 16, size=None))
        asm.op("MOV", rdx, n)
        asm.op("XOR", rcx.d, rcx.d)
        self.call_out(self.call_site(k) if guardable else None,
                      lambda: asm.call_abs(capi.address("PyObject_Vectorcall")))
        asm.op("MOV", Mem(rsp, 0), rax)
        for dst in boxed:
            asm.op("MOV", rax, dst)
            self.emit_inline_decref_rax()
        alloc.after_call()
        if guardable:
            fail, consumed = self.failure_label(k, exclude=(result,) if result else ())
        else:
            fail, consumed = self.error_label(exclude=(result,) if result else ()), False
        asm.op("MOV", rax, Mem(rsp, 0))
        asm.op("TEST", rax, rax)
        asm.jcc("e", fail)
        kind = result.kind if result is not None else VOID
        if kind is REF:
            alloc.bind(result, rax)
            self.nonnull.add(result)
        elif kind is VOID:
            self.emit_inline_decref_rax()
        elif kind is INT:
            ok = Label()
            asm.op("MOV", rdi, rax)
            asm.call_abs(capi.address("PyLong_AsLongLong"))
            asm.op("MOV", Mem(rsp, 8), rax)
            asm.op("MOV", rax, Mem(rsp, 0))
            self.emit_inline_decref_rax()
            asm.op("MOV", rax, Mem(rsp, 8))
            asm.op("CMP", rax, -1)
            asm.jcc("ne", ok)
            asm.call_abs(capi.address("PyErr_Occurred"))
            asm.op("TEST", rax, rax)
            asm.jcc("ne", fail)
            asm.op("MOV", rax, -1)
            asm.bind(ok)
            alloc.bind(result, rax)
        else:
            ok = Label()
            asm.op("MOV", rdi, rax)
            asm.call_abs(capi.address("PyFloat_AsDouble"))
            asm.op("MOVSD", Mem(rsp, 8), xmm0)
            asm.op("MOV", rax, Mem(rsp, 0))
            self.emit_inline_decref_rax()
            asm.op("MOVSD", xmm0, Mem(rsp, 8))
            asm.op("UCOMISD", xmm0, asm.const_q(0xBFF0000000000000))     # -1.0
            asm.jcc("ne", ok)
            asm.jcc("p", ok)
            asm.call_abs(capi.address("PyErr_Occurred"))
            asm.op("TEST", rax, rax)
            asm.jcc("ne", fail)
            asm.op("MOVSD", xmm0, Mem(rsp, 8))
            asm.bind(ok)
            alloc.bind(result, xmm0)
        return k + 1 if consumed else k


for _info in OPS:
    if _info.is_call and not hasattr(CallOps, "emit_" + _info.name.upper()):
        setattr(CallOps, "emit_" + _info.name.upper(), CallOps._call)
del _info
