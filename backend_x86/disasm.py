"""Disassembly of a unit for the trace log: machine code under the IR op
it came from.

capstone disassembles the bytes in memory when it is installed; without
it the assembler's own listing (the instructions as they were given to the
encoder) stands in.  The hot section (the ops) comes first, then the cold
section (failure paths, slow paths, exit and entry stubs).
"""

from tracer.textform.printer import TracePrinter


def _op_texts(unit):
    printer = TracePrinter()
    for v in unit.trace.inputargs:
        printer.define(v)
    return [printer.format_op(op) for op in unit.trace.ops]


def _capstone():
    try:
        import capstone
    except ImportError:
        return None
    return capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)


def disassemble(unit, use_capstone=True):
    texts = _op_texts(unit)
    kind = "bridge" if unit.is_bridge else "loop" if unit.trace.is_loop else "trace"
    head = (f"# {kind} at {unit.address:#x}: {unit.code_size} bytes, {unit.ninsns} "
            f"instructions, frame {unit.depth} bytes, compiled in "
            f"{unit.time_total * 1e3:.2f} ms")
    lines = [head]
    md = _capstone() if use_capstone else None
    if md is None and not any(listing for *_, listing in unit.sections):
        lines.append("# (no capstone and no listing kept: X86Backend(keep_listing=True))")
    for name, base, length, sec_marks, listing in unit.sections:
        lines.append(f"# -- {name} --")
        marks = {}
        for off, k in sec_marks:
            marks.setdefault(off, []).append(k)
        if md is not None:
            code = unit.block.read(base, length)
            insns = ((i.address - unit.address - base, f"{i.mnemonic} {i.op_str}".strip())
                     for i in md.disasm(code, unit.address + base))
        else:
            insns = ((off, f"{mn.lower()} {', '.join(map(str, ops))}".strip())
                     for off, mn, ops in listing)
        for off, text in insns:
            for k in marks.pop(off, ()):
                lines.append(f"  # {texts[k]}" if isinstance(k, int) else f"  # {k}")
            lines.append(f"  {unit.address + base + off:#x}: {text}")
    return "\n".join(lines)
