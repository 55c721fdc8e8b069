"""x86 backend parts on their own: the encoder's templates (checked with
capstone), parallel moves (run on the machine), object layouts, executable
memory, the backend selector."""

import ctypes
import random
import struct

import pytest

from backend_x86 import supported

pytestmark = pytest.mark.skipif(not supported(), reason="no x86-64 backend on this host")

from tracer.params import JitParams  # noqa: E402
from tracer.textform import parse_trace  # noqa: E402


# --- the encoder ------------------------------------------------------------------------

def _compile_a_variety():
    """Compile traces that use most of the backend's instruction shapes."""
    from backend_x86.backend import X86Backend
    from tests.test_backend_loops import SUM_LOOP
    be = X86Backend()
    texts = [SUM_LOOP, """
    [i0, i1, f2, p3]
    i4 = int_py_div(i0, i1)
    i5 = int_py_mod(i0, 7)
    i6 = int_lshift(i0, i1)
    i7 = int_rshift(i0, 3)
    i8 = uint_rshift(i1, i0)
    i9 = int_mul(i0, 200)
    f10 = float_mul(f2, 1.5)
    f11 = float_neg(f10)
    f17 = float_sqrt(f11)
    i12 = cast_float_to_int(f17)
    p13 = box_float(f10)
    p14 = new_tuple(p3, p13)
    i15 = len_tuple(p14)
    guard_class(p3, ConstPtr(tuple)) [p3]
    i16 = int_lshift_ovf(i0, i1)
    guard_no_overflow() [i0]
    finish(i4, i5, i6, i7, i8, i9, i12, i15, i16, p14)
    """]
    for t in texts:
        be.compile(parse_trace(t))


def test_exit_stub_bytes_are_the_encoders():
    """The guard failure path the assembler writes as bytes is what the
    encoder (PeachPy) makes of the same four instructions."""
    from backend_x86.assembler import Assembler
    from backend_x86.encoder import Mem, Rip
    from backend_x86.registers import SCRATCH as r11
    # (the encoder would take a shorter form for an address below 2**31;
    # the stub always takes the imm64 one, which holds any address)
    for slot in (0x7F0012345678, 2 ** 32, 2 ** 63 + 5):
        by_hand, encoded = Assembler(), Assembler()
        by_hand.op("NOP")
        encoded.op("NOP")
        by_hand.exit_stub(by_hand.const(b"descriptor"), slot)
        c = encoded.const(b"descriptor")
        encoded.op("LEA", r11, Rip(c, 8))
        encoded.op("PUSH", r11)
        encoded.op("MOV", r11, slot)
        encoded.op("JMP", Mem(r11, 0))
        assert by_hand.finalize() == encoded.finalize()
        assert by_hand.ninsns == encoded.ninsns == 5
        assert [m for _, m, _ in by_hand.hot.listing] == ["NOP", "LEA", "PUSH", "MOV", "JMP"]


def _random_value(cls, rng):
    ranges = {"b+": (1, 127), "b-": (-128, -1), "d+": (128, 2 ** 31 - 1),
              "d-": (-2 ** 31, -129), "u": (2 ** 31, 2 ** 32 - 1),
              "q+": (2 ** 32, 2 ** 63 - 1), "q-": (-2 ** 63, -2 ** 31 - 1)}
    lo, hi = ranges[cls]
    return rng.choice([lo, hi, rng.randint(lo, hi)])


def test_every_template_encodes_what_it_says():
    """Each cached template, with numbers of its size class written in,
    decodes (capstone) to the same registers and numbers."""
    capstone = pytest.importorskip("capstone")
    from backend_x86.encoder import ENCODER, Mem
    from backend_x86.registers import _by_name
    _compile_a_variety()
    md = capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)
    md.detail = True
    rng = random.Random(5)
    checked = 0
    for key, (data, fields, rip_pos) in list(ENCODER.templates.items()):
        if rip_pos is not None:
            continue
        mnemonic, shapes = key[0], key[1:]
        for _ in range(3):
            ops = []
            for shape in shapes:
                if isinstance(shape, tuple):        # memory: size, base, index, scale, class
                    size, base, index, scale, cls = shape
                    disp = 0 if cls == "z" else _random_value(cls, rng)
                    ops.append(Mem(_reg(base), disp, _reg(index), scale, size))
                elif _is_number_class(shape):       # an immediate of a size class
                    ops.append(0 if shape == "z" else _random_value(shape, rng))
                else:
                    ops.append(_by_name(shape))
            encoded, _ = ENCODER._encode(mnemonic, tuple(ops))
            insn = next(md.disasm(bytes(encoded), 0x1000))
            assert insn.size == len(encoded), (mnemonic, ops, insn)
            decoded = insn.operands
            assert len(decoded) == len(ops) or mnemonic in ("CQO",), (mnemonic, ops, insn)
            for op, d in zip(ops, decoded):
                if isinstance(op, int):
                    assert d.type == capstone.x86.X86_OP_IMM
                    # (as wide as the operand: capstone shows a byte's unsigned)
                    bits = 8 * d.size if d.size else 64
                    assert d.imm % 2 ** bits == op % 2 ** bits, (mnemonic, ops, insn.op_str)
                elif isinstance(op, Mem):
                    assert d.type == capstone.x86.X86_OP_MEM
                    assert d.mem.disp == op.disp, (mnemonic, ops, insn.op_str)
                    base = insn.reg_name(d.mem.base) if d.mem.base else None
                    assert base == (op.base.name if op.base else None)
                    if op.index is not None:
                        assert insn.reg_name(d.mem.index) == op.index.name
                        assert d.mem.scale == op.scale
                else:
                    assert d.type == capstone.x86.X86_OP_REG
                    assert _by_name(insn.reg_name(d.reg)) is op, (mnemonic, ops, insn.op_str)
            checked += 1
    assert checked > 100


def test_peachpy_imul_imm8_bug_is_avoided():
    from backend_x86.encoder import ENCODER
    from backend_x86.registers import rcx, rdx
    for v in (128, 200, 255):
        data, _ = ENCODER.encode("IMUL", (rcx, rdx, v))
        assert data[-4:] == struct.pack("<i", v)     # imm32, not a sign-extended imm8


# --- parallel moves -----------------------------------------------------------------------

def _run_moves(moves, gprs, xmms, slots):
    """Machine code: load registers and slots from io, do the parallel
    move, store them back; returns the final contents."""
    from backend_x86 import frame
    from backend_x86.assembler import Assembler
    from backend_x86.encoder import Mem
    from backend_x86.memory import CodeBlock
    from backend_x86.moves import parallel_move, slot
    from backend_x86.registers import PUSHED, rbp, rdi, rsp
    asm = Assembler()
    asm.op("PUSH", rbp)
    asm.op("MOV", rbp, rsp)
    for r in PUSHED:
        asm.op("PUSH", r)
    asm.op("LEA", rsp, Mem(rbp, -frame.depth(len(slots), 0), size=None))
    asm.op("MOV", Mem(rbp, frame.IO_PTR), rdi)
    locs = list(gprs) + list(xmms) + [slot(k) for k in slots]
    for i, loc in enumerate(locs):
        if hasattr(loc, "mem"):
            asm.op("PUSH", Mem(rdi, 8 * i))
            asm.op("POP", loc.mem)
    for i, loc in enumerate(locs):
        if not hasattr(loc, "mem"):
            asm.op("MOVSD" if loc.is_xmm else "MOV", loc, Mem(rdi, 8 * i))
    parallel_move(asm, moves)
    asm.op("MOV", rdi, Mem(rbp, frame.IO_PTR))
    for i, loc in enumerate(locs):
        if hasattr(loc, "mem"):
            asm.op("PUSH", loc.mem)
            asm.op("POP", Mem(rdi, 8 * i))
        else:
            asm.op("MOVSD" if loc.is_xmm else "MOV", Mem(rdi, 8 * i), loc)
    asm.op("LEA", rsp, Mem(rbp, -frame.SAVED_REGS_BYTES, size=None))
    for r in reversed(PUSHED):
        asm.op("POP", r)
    asm.op("POP", rbp)
    asm.op("RET")
    block = CodeBlock(asm.finalize())
    io = (ctypes.c_int64 * len(locs))(*range(1000, 1000 + len(locs)))
    ctypes.CFUNCTYPE(None, ctypes.c_void_p)(block.address)(ctypes.addressof(io))
    block.free()
    return dict(zip(locs, io)), dict(zip(locs, range(1000, 1000 + len(locs))))


@pytest.mark.parametrize("seed", range(40))
def test_parallel_moves_permute_like_simultaneous_assignment(seed):
    from backend_x86.moves import slot
    from backend_x86.registers import ALLOC_GPRS, XMMS
    from tracer.ir import ConstInt
    rng = random.Random(seed)
    gprs = [r for r in ALLOC_GPRS if r.name != "rdi"][:rng.randint(2, 12)]     # rdi: io
    xmms = list(XMMS[:rng.randint(0, 6)])
    slots = list(range(rng.randint(0, 6)))
    gp_locs = gprs + [slot(k) for k in slots]
    moves = []
    dsts = rng.sample(gp_locs, rng.randint(1, len(gp_locs)))
    for d in dsts:      # sources anywhere, repeated or constant
        src = rng.choice(gp_locs + [ConstInt(rng.randint(-5, 5)), ConstInt(1 << 40)])
        moves.append((src, d))
    if len(xmms) > 1:
        xdst = rng.sample(xmms, rng.randint(1, len(xmms)))
        for d in xdst:
            moves.append((rng.choice(xmms), d))
    after, before = _run_moves(moves, gprs, xmms, slots)
    want = dict(before)
    for src, dst in moves:
        want[dst] = before[src] if src in before else src.value
    assert after == want


# --- layouts, memory, selector ----------------------------------------------------------------

def test_object_layouts_were_checked_at_import():
    from backend_x86 import layout
    assert layout.LAYOUT_OK, layout.LAYOUT_PROBLEM

    class Slotted:
        __slots__ = ("a", "b")
    assert layout.slot_offset(Slotted, "b") == layout.slot_offset(Slotted, "a") + 8
    assert layout.slot_offset(Slotted, "nope") is None
    assert layout.slot_offset(object, "a") is None


def test_code_blocks_are_mapped_executable_and_unmapped_when_freed():
    from backend_x86.memory import CodeBlock, protection_of
    block = CodeBlock(b"\xc3" * 5000)
    assert block.size == 8192 and protection_of(block.address) == "r-xp"
    assert block.read(0, 3) == b"\xc3\xc3\xc3"
    address = block.address
    block.free()
    assert protection_of(address) is None
    block.free()            # twice is harmless


def test_the_selector_picks_x86_here_and_the_executor_on_request():
    from backend_x86 import select_backend
    from backend_x86.backend import X86Backend
    from tracer.executor.backend import ExecutorBackend
    assert isinstance(select_backend(JitParams()), X86Backend)
    assert isinstance(select_backend(JitParams(backend="x86")), X86Backend)
    assert isinstance(select_backend(JitParams(backend="executor")), ExecutorBackend)


def test_compile_statistics_are_kept():
    from backend_x86.backend import X86Backend
    be = X86Backend()
    be.compile(parse_trace("[i0]\ni1 = int_add(i0, 1)\njump(i1)"))
    st = be.stats.as_dict()
    assert st["loops"] == 1 and st["code_bytes"] > 0 and st["instructions"] > 0
    assert 0 < st["time_encoding"] <= st["time_compiling"]


def test_templates_are_stored_between_processes(tmp_path, monkeypatch):
    from backend_x86.encoder import ENCODER, Encoder, TemplateStore
    monkeypatch.setenv("PVMX_TEMPLATE_CACHE", str(tmp_path))
    _compile_a_variety()
    store = TemplateStore()
    store.save(ENCODER.templates)
    assert TemplateStore().load() == ENCODER.templates and len(ENCODER.templates) > 50
    # a fresh encoder takes every shape from the store: no template made
    fresh = Encoder(TemplateStore())
    for key in ENCODER.templates:
        ops = _ops_of_shape(key)
        assert fresh._encode(key[0], ops) == ENCODER._encode(key[0], ops)
    assert fresh.misses == 0 and fresh.templates == ENCODER.templates
    monkeypatch.setenv("PVMX_TEMPLATE_CACHE", "off")
    assert TemplateStore().load() == {}


def _ops_of_shape(key):
    """Operands of a template's shape, its numbers the first sentinels of their class."""
    from backend_x86.encoder import Mem, Rip, _SENTINELS
    ops = []
    for shape in key[1:]:
        if isinstance(shape, tuple) and shape[0] == "rip":
            ops.append(Rip("target", shape[1]))
        elif isinstance(shape, tuple):
            size, base, index, scale, cls = shape
            ops.append(Mem(_reg(base), 0 if cls == "z" else _SENTINELS[cls][0], _reg(index),
                           scale, size))
        elif _is_number_class(shape):
            ops.append(0 if shape == "z" else _SENTINELS[shape][0])
        else:
            ops.append(_reg(shape))
    return tuple(ops)


def _is_number_class(shape):
    from backend_x86.encoder import _SENTINELS
    return shape == "z" or shape in _SENTINELS


def _reg(name):
    """The register a shape key names (keys hold names, None for no register)."""
    from backend_x86.registers import _by_name
    return None if name is None else _by_name(name)


def test_damaged_or_stale_templates_are_made_anew(tmp_path, monkeypatch):
    from backend_x86.encoder import ENCODER, Encoder, TemplateStore
    from tracer import diskcache
    monkeypatch.setenv("PVMX_TEMPLATE_CACHE", str(tmp_path))
    _compile_a_variety()
    store = TemplateStore()
    store.save(ENCODER.templates)
    key = next(k for k, t in ENCODER.templates.items() if t[1])     # one with a field
    ops = _ops_of_shape(key)
    want = ENCODER._encode(key[0], ops)
    stored = store.load_stored()
    # a template that unmarshals but is not one, and one with a field out of its bytes
    damaged = {k: (b"\x90", ((0, 8, 5),), None) for k in stored}
    store.write(damaged)
    fresh = Encoder(TemplateStore())
    assert fresh._encode(key[0], ops) == want and fresh.misses == 1
    # bytes that are not marshal data at all
    with open(store.path, "wb") as f:
        f.write(b"\x00garbage" * 10)
    assert TemplateStore().load() == {}
    fresh = Encoder(TemplateStore())
    assert fresh._encode(key[0], ops) == want and fresh.misses == 1
    # templates of another PeachPy (another stamp) are not taken
    store.save(ENCODER.templates)
    assert diskcache.load(store.path, store.stamp)
    assert diskcache.load(store.path, store.stamp[:-1] + (store.stamp[-1] + 1,)) is None


def test_a_process_unpacks_only_the_stored_groups_of_its_shapes(tmp_path, monkeypatch):
    # a store the tests filled holds thousands of MOVs; the first MOV a
    # process emits must not unpack them all
    from backend_x86.encoder import Encoder, Mem, TemplateStore
    from backend_x86.registers import _by_name
    monkeypatch.setenv("PVMX_TEMPLATE_CACHE", str(tmp_path))
    maker = Encoder(None)
    names = ["rax", "rcx", "rdx", "rbx", "rsi", "rdi", "r8", "r9", "r10", "r12"]
    for dst in names:
        for src in names:
            maker._encode("MOV", (_by_name(dst), _by_name(src)))
            maker._encode("MOV", (_by_name(dst), Mem(_by_name(src), 8, None, 1, 8)))
    assert len(maker.templates) == 200
    TemplateStore().write(maker.templates)
    fresh = Encoder(TemplateStore())
    rax, rcx = _by_name("rax"), _by_name("rcx")
    assert fresh.encode("MOV", (rax, rcx)) == maker.encode("MOV", (rax, rcx))
    # only the group of `MOV rax, ...` was unpacked (20 shapes, one taken);
    # the nine other groups are still marshalled
    assert len(fresh.templates) == 1 and len(fresh._stored) == 19
    assert len(fresh._shards) == len(names) - 1


def test_code_of_a_dropped_backend_is_unmapped():
    import gc
    from backend_x86.backend import X86Backend
    from backend_x86.memory import CodeBlock
    gc.collect()
    before = CodeBlock.live_blocks
    be = X86Backend()
    for _ in range(5):
        be.compile(parse_trace("[i0]\ni1 = int_add(i0, 1)\nfinish(i1)"))
    assert CodeBlock.live_blocks == before + 5
    del be
    gc.collect()
    assert CodeBlock.live_blocks == before


def test_the_runtime_block_is_kept_between_processes(tmp_path, monkeypatch):
    # A kept block, with this process's addresses filled in, is the block
    # this process assembles, byte for byte; a damaged or stale file, or none,
    # is assembled anew.
    from backend_x86.backend import X86Backend
    from backend_x86.runtime import Runtime, RuntimeStore
    from tracer import diskcache
    monkeypatch.setenv("PVMX_TEMPLATE_CACHE", str(tmp_path))
    store = RuntimeStore()
    assert store.load() is None
    made = Runtime(store)
    assert store.load() is not None
    hits = diskcache.COUNTS.get("runtime.hit", 0)
    loaded = Runtime(RuntimeStore())
    assert diskcache.COUNTS.get("runtime.hit", 0) == hits + 1

    def code(rt):
        return ctypes.string_at(rt.block.address, rt.block.used)
    fresh = bytearray(made.assemble()[0])
    for name, offset in made.assemble()[1].items():     # this process's addresses
        fresh[offset:offset + 8] = made._resolve(name).to_bytes(8, "little")
    assert code(made) == bytes(fresh)
    rebased = bytearray(code(loaded))
    for name, offset in loaded.assemble()[1].items():   # the other block's own counters
        rebased[offset:offset + 8] = made._resolve(name).to_bytes(8, "little")
    assert bytes(rebased) == bytes(fresh)
    assert loaded.poll - loaded.block.address == made.poll - made.block.address
    # it runs: a loop polls through the loaded block's poll, and exits through
    # its generic exit
    be = X86Backend()
    be._runtime = loaded
    unit = be.compile(parse_trace("[i0]\nlabel(i0)\ni1 = int_add(i0, 1)\njump(i1)"))
    n, values = be.run(unit, [0], max_iterations=5000)
    assert values == (5000,)
    # damaged, stale: made anew
    diskcache.save(store.path, store._stamp(), (b"\x90", {"PyErr_Fetch": 9}, {}))
    assert RuntimeStore().load() is None
    diskcache.save(store.path, ("other",), made.assemble())
    assert RuntimeStore().load() is None
    monkeypatch.setenv("PVMX_TEMPLATE_CACHE", "off")
    assert RuntimeStore().path is None and RuntimeStore().load() is None
