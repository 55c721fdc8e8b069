"""Compiling one trace (a loop, an entry trace or a bridge) into a unit.

The TraceCompiler is the instruction selector's families (isel/) mixed
together with the control ops (labels, jumps, finish) and the driver: it
walks the ops once, asks the op table's dispatch for each op's handler,
and after each op releases the values that died there (decref of owned
refs).  At the end it lays out the frame, emits the entry stubs, loads the
code into executable memory and fills in the addresses that only exist
then (labels, guard jump slots).

    unit = TraceCompiler(backend, trace).compile()
    unit = TraceCompiler(backend, bridge, parent=exit_info).compile()
"""

import ctypes
import time

from tracer.ir.kinds import FLOAT, INT, REF
from tracer.ir.descr import DictItemDescr
from tracer.ir.exits import CAP_EXIT
from tracer.ir.optable import OPS, dispatch_table, rop

from . import frame
from .assembler import Assembler, Label
from .encoder import Mem
from .errors import CompileError
from .frame import CALL_SITE, IO_CHUNK, IO_FRAME, IO_PTR
from .isel.base import Emitters
from .isel.calls import CallOps
from .isel.floats import FloatOps
from .isel.guards import GuardOps
from .isel.ints import IntOps
from .isel.refs import RefOps
from .layout import managed_dict, slot_offset
from .liveness import Liveness
from .memory import CodeBlock
from .moves import Slot, move, parallel_move
from .regalloc import CALLER_SAVED_ALL, RegAlloc
from .registers import COUNTDOWN, PUSHED, SCRATCH, Reg, rax, rbp, rdi, rsp
from .unit import BORROWED, OWNED, STATIC, ExitInfo, LabelInfo, Unit

r11 = SCRATCH

ENTRY_PROTO = ctypes.PYFUNCTYPE(ctypes.c_int64, ctypes.c_void_p)
LOOP_ALIGNMENT = 64     # bytes: where a loop's back-edge lands (emit_LABEL)

# ops whose code calls out no matter what (clobbering caller-saved registers)
_CALLING = frozenset(info.opnum for info in OPS if info.is_call) | {
    rop.BOX_FLOAT, rop.NEW_TUPLE, rop.NEW_LIST, rop.NEW_OBJECT}
_FIELDS = frozenset((rop.GETFIELD_I, rop.GETFIELD_F, rop.GETFIELD_R))


def calls_out(op):
    """Does the code for op call out?  (Fields that are not plain slots go
    through the attribute protocol; setting an int field boxes; a float
    field is boxed only in a cold path, isel/refs.py, and so is an int out
    of the small ints' range, or a constant one; a dict item is looked up
    only when its cache misses.)"""
    n = op.opnum
    if n in _CALLING:
        return True
    if n == rop.BOX_INT:
        return op.args[0].is_constant
    if n in _FIELDS:
        if type(op.descr) is DictItemDescr:
            return n != rop.GETFIELD_R       # a read calls only when its cache misses
        return slot_offset(op.descr.owner, op.descr.name) is None
    if n == rop.SETFIELD:
        return (op.args[1].kind is INT
                or slot_offset(op.descr.owner, op.descr.name) is None)
    return False


def borrowable(op):
    """Is op's result an item or field its object holds, read without a
    reference of the code's own (liveness.py decides whether it may be)?"""
    n = op.opnum
    if n == rop.GETITEM_LIST or n == rop.GETITEM_TUPLE:
        return True
    if n == rop.GETFIELD_R:
        descr = op.descr
        if type(descr) is DictItemDescr:
            return True
        # not a managed __dict__ made on demand, nor one got by getattr
        return not (descr.name == "__dict__" and managed_dict(descr.owner)) \
            and slot_offset(descr.owner, descr.name) is not None
    return False


def _boxed_stores(ops, lv, opnum):
    """Positions of the box_float (box_int) ops of a non-constant value whose
    box only the setitem_list right after stores (isel/refs.py stores the
    value in place when it may; what it saves is in a cold path)."""
    out = set()
    for k in range(len(ops) - 1):
        op, nxt = ops[k], ops[k + 1]
        if (op.opnum == opnum and nxt.opnum == rop.SETITEM_LIST and nxt.args[2] is op
                and not op.args[0].is_constant and lv.uses[op] == [k + 1]):
            out.add(k)
    return out


class ControlOps:
    def emit_DEBUG_MERGE_POINT(self, op, k):
        return k

    def emit_LABEL(self, op, k):
        alloc = self.alloc
        args = op.args
        if k == 0 and not self.parent:
            locs = alloc.choose_locations(args)
        else:
            # falling through from the code before: like a jump that
            # needs no countdown.  Label arguments are owned refs.
            for a in args:
                if a.kind is REF and a not in self.owned:
                    self.emit_incref(alloc.loc(a), self.maybe_null(a))
            locs = alloc.choose_locations(args, keep_current=True)
            parallel_move(self.asm, [(alloc.loc(a), locs[a]) for a in args])
        alloc.reset(locs)
        for a in args:
            if a.kind is REF:
                self.owned.add(a)
            self.nonnull.discard(a)
        info = LabelInfo(op.descr, self.unit, self.backend.new_label_index(),
                         [locs[a] for a in args], [a.kind for a in args])
        self.unit.labels.append(info)
        self.labels[op.descr] = info
        final = self.ops[-1]
        back_edge = final.opnum == rop.JUMP and final.descr is op.descr
        if back_edge and self.asm.sec is self.asm.hot:
            # the loop's back-edge target starts a 64-byte line: a small
            # loop body is then fetched as one line per iteration
            # (micro_attr's 6-op loop: 0.80 -> 0.46 ms when it straddled
            # one; larger loops unchanged)
            self.asm.align(LOOP_ALIGNMENT)
        info.asm_label = self.asm.here("label")
        self._emit_label_slow_path(info, args)
        # hints: values the final jump hands back here want the registers
        # the label has for them
        if back_edge:
            for v, loc in zip(final.args, info.locs):
                if type(loc) is Reg and self.lv.defined_at.get(v, -1) > k:
                    self.alloc.hints.setdefault(v, loc)
        return k

    def _emit_label_slow_path(self, info, args):
        """The poll of the label's back-edges (countdown ran out) and the CAP
        exit it may take, in the cold section."""
        asm = self.asm
        old = self.cold('poll')
        info.slow_label = asm.here("poll")
        keep = [r for r in info.locs if type(r) is Reg and r in CALLER_SAVED_ALL]
        self.emit_save(keep)
        asm.call_abs(self.runtime.poll)
        asm.op("TEST", rax.d, rax.d)
        self.emit_restore(keep)             # (moves: the flags survive)
        cap = Label("cap")
        asm.jcc("ne", cap)
        asm.jmp(info.asm_label)
        asm.bind(cap)
        # the label's arguments are owned: they go out as they are
        cap_info = ExitInfo(CAP_EXIT, None, self.unit, info.kinds, info.locs,
                            [OWNED if k is REF else None for k in info.kinds])
        self.emit_exit(cap_info, args, CAP_EXIT, stopped=info.index)
        asm.switch(old)

    def emit_JUMP(self, op, k):
        alloc, asm = self.alloc, self.asm
        target = self.labels.get(op.descr) or self.backend.label_info(op.descr)
        # refs handed to the label: the first occurrence of an owned ref goes
        # over as it is, anything else is increfed
        seen = set()
        for a in op.args:
            if a.kind is REF:
                if a.is_constant:
                    self.emit_incref(a, False)
                elif a in self.owned and a not in seen:
                    seen.add(a)
                else:
                    self.emit_incref(alloc.loc(a), self.maybe_null(a))
        parallel_move(asm, [(a if a.is_constant else alloc.loc(a), loc)
                            for a, loc in zip(op.args, target.locs)])
        local = target.unit is self.unit
        if not local and target.depth != self.unit.depth:
            asm.op("LEA", rsp, Mem(rbp, -target.depth, size=None))
        asm.op("SUB", COUNTDOWN, 1)
        if local:
            asm.jcc("ne", target.asm_label)
            asm.jmp(target.slow_label)
        else:
            tramp = Label()
            asm.jcc("e", tramp)
            asm.jmp_abs(target.address)
            old = self.cold('poll trampoline')
            asm.bind(tramp)
            asm.jmp_abs(target.slow_address)
            asm.switch(old)
        return k

    def emit_FINISH(self, op, k):
        values = list(op.args)
        info = self.exit_info(op, values)
        self.emit_exit(info, values, info.number)
        return k


class TraceCompiler(ControlOps, IntOps, FloatOps, GuardOps, RefOps, CallOps, Emitters):
    def __init__(self, backend, trace, parent=None):
        self.backend = backend
        self.runtime = backend.runtime
        self.trace = trace
        self.ops = trace.ops
        self.parent = parent            # ExitInfo a bridge leaves from
        self.labels = {}                # TargetToken -> LabelInfo in this unit
        self.guard_labels = {}
        self.next_slot = 0
        self.known = {}                 # value -> constant it is where a guard fails

    def compile(self):
        t0 = time.perf_counter()
        trace, ops = self.trace, self.ops
        unit = self.unit = Unit(trace, self.parent is not None)
        unit.keepalive.append(trace)
        nguards = sum(1 for op in ops if OPS[op.opnum].is_guard)
        unit.jump_slots = (ctypes.c_uint64 * max(1, nguards))()
        unit.new_dict_caches(sum(1 for op in ops if op.opnum == rop.GETFIELD_R
                                 and type(op.descr) is DictItemDescr))
        self.next_dict_cache = 0
        self.asm = asm = Assembler(keep_listing=self.backend.keep_listing)
        static = self._bridge_static_inputs() if self.parent else ()
        self.lv = lv = Liveness(trace, calls_out, static, borrowable)
        self.float_stores = _boxed_stores(ops, lv, rop.BOX_FLOAT)
        lv.calls_only_in_cold_paths(self.float_stores)
        self.int_stores = _boxed_stores(ops, lv, rop.BOX_INT)
        self.alloc = RegAlloc(asm, lv)
        self.owned = set(lv.owned)
        self.alloc.owned = self.owned
        self.nonnull = set()
        self.depth_patch = None
        self.start_label = None
        if self.parent:
            self._enter_bridge()
        elif not ops or ops[0].opnum != rop.LABEL:
            self._enter_trace_start()
        dispatch = _DISPATCH
        deaths = lv.deaths
        alloc = self.alloc
        k, n = 0, len(ops)
        while k < n:
            op = ops[k]
            if op.opnum == _MERGE_POINT and not deaths[k]:
                asm.mark(k)     # (no code: a third of the ops, passed quickly)
                k += 1
                continue
            alloc.begin_op(k, op.args)
            handler = dispatch[op.opnum]
            if handler is None:
                raise CompileError(f"no code for {op.name}")
            asm.mark(k)
            last = handler(self, op, k)
            self._after_ops(k, last, deaths)
            k = last + 1
        self._layout_frame()
        self._emit_entries()
        t1 = time.perf_counter()
        code = asm.finalize()
        unit.block = CodeBlock(code)
        self._resolve()
        # for the disassembly: where each section is, its marks, its listing.
        # Tuples: kept as long as the unit, one per exit stub, and a tuple
        # of plain data drops out of the cyclic collector's sight.
        unit.sections = tuple((sec.name, sec.base, len(sec.buf), tuple(sec.marks),
                               tuple(sec.listing)) for sec in asm.sections if sec.buf)
        unit.code_size = len(code)
        unit.ninsns = asm.ninsns
        unit.time_total = time.perf_counter() - t0
        unit.time_encoding = t1 - t0
        return unit

    # -- deaths -------------------------------------------------------------------------
    def _after_ops(self, k0, k1, deaths):
        alloc = self.alloc
        ops = self.ops
        for pos in range(k0, k1 + 1):
            dying = deaths[pos]
            if not dying:
                continue
            handed_over = OPS[ops[pos].opnum].is_final
            if not handed_over:
                todo = [v for v in dying if v in self.owned
                        and (v in alloc.reg_of or v in alloc.slot_of)]
                for i, v in enumerate(todo):
                    later = set(todo[i + 1:])
                    keep = [r for r, x in alloc.content.items()
                            if r in CALLER_SAVED_ALL and x is not v
                            and (x in later or alloc.lv.last_use.get(x, -1) > pos)]
                    self.emit_decref(alloc.loc(v), self.maybe_null(v), keep)
            for v in dying:
                alloc.release(v)
        alloc.end_op()

    # -- starting points ------------------------------------------------------------------
    def _enter_trace_start(self):
        """A trace without a leading label: its inputs come from io through
        the entry stub, as owned refs."""
        inputs = self.trace.inputargs
        locs = self.alloc.choose_locations(inputs)
        self.alloc.reset(locs)
        self.start_locs = [locs[v] for v in inputs]
        self.start_label = self.asm.here("start")

    def _bridge_static_inputs(self):
        """Bridge inputs whose refs the code does not own: static or
        constant at the guard."""
        own = self.parent.own
        return {v for v, o in zip(self.trace.inputargs, own) if o == STATIC}

    def _enter_bridge(self):
        """A bridge starts where its guard failed: each input is in the
        place of its fail arg.  Duplicates and constants get a place of
        their own; a duplicated owned ref is increfed."""
        asm, alloc = self.asm, self.alloc
        parent = self.parent
        # the frame may need to grow: rsp = rbp - depth, patched at the end
        self.depth_patch = asm.op_patchable(
            "LEA", (rsp, Mem(rbp, -0x3ABCDEF, size=None)), -0x3ABCDEF)
        bindings = {}
        taken = set()
        later = []
        for v, loc in zip(self.trace.inputargs, parent.locs):
            if type(loc) in (Reg, Slot) and loc not in taken:
                bindings[v] = loc
                taken.add(loc)
                if type(loc) is Slot:
                    alloc.nslots = max(alloc.nslots, loc.index + 1)
            else:
                later.append((v, loc))
        alloc.reset(bindings)
        # a ref the loop only borrowed (liveness.py) becomes the bridge's own:
        # what the bridge runs may release the container that held it
        for v, o in zip(self.trace.inputargs, parent.own):
            if o == BORROWED and v in bindings:
                self.emit_incref(bindings[v], False)
        # the owned refs the guard did not hand over are ours to release
        extra = parent.extra
        for j, (loc, maybe_null) in enumerate(extra):
            keep = [r for r in alloc.content if r in CALLER_SAVED_ALL]
            keep += [l for l, _ in extra[j + 1:] if type(l) is Reg and l in CALLER_SAVED_ALL]
            self.emit_decref(loc, maybe_null, keep)
        for v, loc in later:
            r = alloc.pick(v.kind is FLOAT)
            move(asm, loc, r)
            alloc.content[r] = v
            alloc.reg_of[v] = r
            if v in self.owned:
                self.emit_incref(r, True)       # a second reference, owned
        alloc.end_op()
        final = self.ops[-1] if self.ops else None
        if final is not None and final.opnum == rop.JUMP:
            target = self.backend.label_info(final.descr)
            if target is not None:
                for v, loc in zip(final.args, target.locs):
                    if type(loc) is Reg:
                        alloc.hints.setdefault(v, loc)

    # -- the end ------------------------------------------------------------------------------
    def _layout_frame(self):
        d = frame.depth(self.alloc.nslots, self.alloc.max_outgoing)
        if self.parent is not None:
            d = max(d, self.parent.unit.depth)
            Assembler.patch_imm32(self.depth_patch, -d)
        self.unit.depth = d

    def _emit_entries(self):
        """Entry stubs (cold): `exit = f(io)` builds the frame, loads the
        inputs from io (refs become owned), starts the countdown and jumps
        to the label or the trace start."""
        if self.parent is not None:
            return
        self.entry_labels = []
        targets = [(info.locs, info.kinds, info.asm_label, info) for info in self.unit.labels]
        if self.start_label is not None:
            kinds = [v.kind for v in self.trace.inputargs]
            targets.insert(0, (self.start_locs, kinds, self.start_label, None))
        old = self.cold('entry stubs')
        for locs, kinds, label, info in targets:
            entry = self.asm.here("entry")
            self._emit_entry(locs, kinds, label)
            self.entry_labels.append((entry, info, kinds))
        self.asm.switch(old)

    def _emit_entry(self, locs, kinds, label):
        asm = self.asm
        asm.op("PUSH", rbp)
        asm.op("MOV", rbp, rsp)
        for r in PUSHED:
            asm.op("PUSH", r)
        asm.op("LEA", rsp, Mem(rbp, -self.unit.depth, size=None))
        asm.op("MOV", Mem(rbp, IO_PTR), rdi)
        asm.op("MOV", Mem(rdi, IO_FRAME), rbp)
        asm.op("MOV", Mem(rbp, CALL_SITE), 0)
        asm.op("MOV", COUNTDOWN, Mem(rdi, IO_CHUNK))
        # slots first, through rax; then registers (rdi last: it is io)
        for i, (loc, kind) in enumerate(zip(locs, kinds)):
            if type(loc) is Slot:
                asm.op("MOV", rax, Mem(rdi, 8 * i))
                if kind is REF:
                    self.emit_incref(rax, True)
                asm.op("MOV", loc.mem, rax)
        io_reg_last = None
        for i, (loc, kind) in enumerate(zip(locs, kinds)):
            if type(loc) is Reg:
                if loc is rdi:
                    io_reg_last = (i, kind)
                    continue
                asm.op("MOVSD" if loc.is_xmm else "MOV", loc, Mem(rdi, 8 * i))
                if kind is REF:
                    self.emit_incref(loc, True)
        if io_reg_last is not None:
            i, kind = io_reg_last
            asm.op("MOV", rdi, Mem(rdi, 8 * i))
            if kind is REF:
                self.emit_incref(rdi, True)
        asm.jmp(label)

    def _resolve(self):
        unit, asm = self.unit, self.asm
        base = unit.block.address
        for info in unit.labels:
            info.address = asm.address_of(info.asm_label, base)
            info.slow_address = asm.address_of(info.slow_label, base)
        for info in unit.exits:
            if info.slot is not None:
                info.default_address = self.runtime.generic_exit
                unit.jump_slots[info.slot] = info.default_address
        if self.parent is None:
            for entry, info, kinds in self.entry_labels:
                fn = ENTRY_PROTO(asm.address_of(entry, base))
                if info is None:
                    unit.entry = fn
                    unit.entry_kinds = tuple(kinds)
                else:
                    info.entry = fn
            if unit.entry is None and unit.labels:
                unit.entry = unit.labels[0].entry
                unit.entry_kinds = tuple(unit.labels[0].kinds)
        else:
            unit.entry_kinds = tuple(v.kind for v in self.trace.inputargs)
            self.bridge_address = base


_DISPATCH = dispatch_table(TraceCompiler, "emit_")
_MERGE_POINT = rop.DEBUG_MERGE_POINT
