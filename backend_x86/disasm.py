"""Disassembly of a unit for the trace log: machine code under the IR op
it came from.

capstone disassembles the bytes in memory when it is installed; without
it the assembler's own listing (the instructions as they were given to the
encoder, kept when capstone is missing) stands in.  The hot section (the
ops) comes first: each block of instructions is headed by the IR ops it
was selected for (several when one block does them together, e.g. a
comparison and the guard that tests its flags; a debug_merge_point, which
makes no code, heads the block of the guest instruction it starts).  Then
the cold sections (failure paths, slow paths, the poll, exit and entry
stubs), each headed by the ops of the block that jumps into it: found from
the code's own jumps, so the heading is where control really comes from.
"""

from tracer.textform.printer import TracePrinter

_CS = []        # the capstone decoder, made once (or None: not installed)


def _capstone():
    if not _CS:
        try:
            import capstone
            _CS.append(capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64))
        except ImportError:
            _CS.append(None)
    return _CS[0]


def _op_texts(unit):
    """The text of each op, and of the inputs line (as the trace log prints them)."""
    printer = TracePrinter()
    inputs = "[" + ", ".join(printer.define(v) for v in unit.trace.inputargs) + "]"
    return [printer.format_op(op) for op in unit.trace.ops], inputs


# -- decoding: (offset in the block, text, jump target offset or None) ----------------

def _decode_capstone(md, unit, base, length):
    code = unit.block.read(base, length)
    start = unit.address + base
    out = []
    pos = 0
    while pos < length:
        for address, size, mnemonic, op_str in md.disasm_lite(code[pos:], start + pos):
            target = None
            if (mnemonic[0] == "j" or mnemonic == "call") and op_str.startswith("0x"):
                target = int(op_str, 16) - unit.address
            out.append((address - unit.address, f"{mnemonic} {op_str}".strip(), target))
            pos = address - start + size
        if pos < length:
            # a byte capstone cannot decode: shown as data, decoding goes on after it
            out.append((base + pos, f".byte {code[pos]:#04x}", None))
            pos += 1
    return out


def _operand_text(o, unit):
    from .assembler import Const, Label
    from .encoder import Rip
    if type(o) is Label:
        return f"{unit.address + o.section.base + o.offset:#x}"
    if type(o) is Rip:
        t = o.target
        where = t.offset if type(t) is Const else t.section.base + t.offset
        width = {4: "dword", 8: "qword", 16: "oword"}[o.size]
        return f"{width}[rip -> {unit.address + where:#x}]"
    if type(o) is int:
        return str(o) if -256 < o < 256 else hex(o)
    return str(o)


def _decode_listing(listing, unit, base):
    from .assembler import Label
    out = []
    for off, mnemonic, ops in listing:
        target = None
        if ops and type(ops[0]) is Label:
            target = ops[0].section.base + ops[0].offset
        operands = ", ".join(_operand_text(o, unit) for o in ops)
        out.append((base + off, f"{mnemonic.lower()} {operands}".strip(), target))
    return out


# -- the text ------------------------------------------------------------------------------

def disassemble(unit, use_capstone=True):
    texts, inputs = _op_texts(unit)
    kind = "bridge" if unit.is_bridge else "loop" if unit.trace.is_loop else "trace"
    name = str(unit.trace.name or "")
    what = name if name.startswith(kind) else f"{kind} {name}".strip()
    head = (f"# {what} at {unit.address:#x}: {unit.code_size} bytes, {unit.ninsns} "
            f"instructions, frame {unit.depth} bytes, compiled in "
            f"{unit.time_total * 1e3:.2f} ms")
    lines = [head]
    md = _capstone() if use_capstone and not unit.freed else None
    if md is None and not any(listing for *_, listing in unit.sections):
        lines.append("# (the code was freed)" if unit.freed else
                     "# (no capstone and no listing kept: X86Backend(keep_listing=True))")
        return "\n".join(lines)

    # the ops each mark heads: from it to the next mark (ops done together
    # by one block have one mark, at the first of them)
    starts = sorted({k for sec in unit.sections for _, k in sec[3] if isinstance(k, int)})
    group = {k: range(k, end) for k, end in zip(starts, starts[1:] + [len(texts)])}

    decoded = []
    for name_, base, length, marks, listing in unit.sections:
        insns = (_decode_capstone(md, unit, base, length) if md is not None
                 else _decode_listing(listing, unit, base))
        decoded.append((name_, base, marks, insns))

    # which ops each cold section comes from: the block that jumps to its start
    origin = {}
    cold = {base for _, base, _, _ in decoded[1:]}     # the first is the hot section
    for _ in range(2):          # a cold section may jump to one laid out before it
        for _, base, marks, insns in decoded:
            current = origin.get(base, ())
            by_offset = _marks_by_offset(marks, base)
            for off, _text, target in insns:
                for k in by_offset.get(off, ()):
                    if isinstance(k, int):
                        current = group[k]
                if (target in cold and target != base and current
                        and target not in origin):
                    origin[target] = current

    for name_, base, marks, insns in decoded:
        lines.append(f"# -- {name_} --")
        lines.extend(f"  # from: {texts[k]}" for k in origin.get(base, ()))
        by_offset = _marks_by_offset(marks, base)
        if base == 0 and insns and (not marks or insns[0][0] < min(by_offset)):
            # code before the first op: a bridge takes its inputs over from
            # where its guard left them (moves, releases, a bigger frame)
            lines.append(f"  # {inputs}" + (" from the guard" if unit.is_bridge else ""))
        for off, text, _target in insns:
            for k in by_offset.pop(off, ()):
                lines.extend(_heading(k, group, texts))
            lines.append(f"  {unit.address + off:#x}: {text}")
        for off in sorted(by_offset):       # ops after the last instruction (no code)
            for k in by_offset[off]:
                lines.extend(_heading(k, group, texts))
    return "\n".join(lines)


def _marks_by_offset(marks, base):
    out = {}
    for off, k in marks:
        out.setdefault(base + off, []).append(k)
    return out


def _heading(k, group, texts):
    if isinstance(k, int):
        return [f"  # {texts[j]}" for j in group[k]]
    return [f"  # {k}"]
