"""A Brainfuck interpreter annotated with the JIT's hints: the proof that tracer/ is meta.

This module owns Brainfuck: parsing a program into folded instructions
(runs of `+-` and of `><` become one instruction each, `[-]` and `[+]` a
clear), the instruction step, and the plain main loop.  It knows the JIT
only through `tracer.hints`, as pvmx's interpreter does:

- `driver`: greens `pc` and `program` (a position in a program), reds
  `tape` (a list of 30000 ints, one per cell, 0..255) and `ptr` (an int).
  No virtualizable: the runtime boxes both reds at a trace's start and
  hands them back rebuilt when a guard fails.
- `step` calls `driver.jit_merge_point` at each instruction and
  `driver.can_enter_jit` at the back-edge of every loop (a `]` that jumps).
- `jump_target` is `elidable`: bracket matching is precomputed, and in a
  trace the jump target is a constant.
- `put_byte`/`get_byte` are `dont_look_inside`: output and input are one
  residual call each.

Cells wrap modulo 256; `,` at end of input leaves the cell unchanged;
moving the pointer off the tape is an error (BFError).

The wiring to a JIT runtime (backend, parameters) is in `jitsetup.py`; the
command line in `__main__.py`.
"""

import sys

from tracer.hints import (JitDriver, FRAME_LEFT, RAISE, elidable, dont_look_inside)

# Instructions: (opcode, argument).
ADD = 0         # cell += arg (mod 256): a run of + and -
MOVE = 1        # ptr += arg: a run of > and <
CLEAR = 2       # cell = 0: [-] or [+]
OPEN = 3        # [ : to the matching ] + 1 when the cell is 0
CLOSE = 4       # ] : back to the matching [ + 1 when the cell is not 0 (a back-edge)
OUT = 5         # .
IN = 6          # ,
NAMES = ("add", "move", "clear", "open", "close", "out", "in")

TAPE_SIZE = 30000


class BFError(Exception):
    pass


class Program:
    """A parsed program: parallel tuples of opcodes and arguments, and the
    matching bracket of each OPEN/CLOSE.  Compared by identity, so that it
    is a green (a key of the JIT's loop table)."""

    __slots__ = ("ops", "args", "targets", "source_pos", "name")

    def __init__(self, ops, args, targets, source_pos, name="<bf>"):
        self.ops = tuple(ops)
        self.args = tuple(args)
        self.targets = targets          # pc of an OPEN/CLOSE -> pc of its partner
        self.source_pos = tuple(source_pos)
        self.name = name

    def __len__(self):
        return len(self.ops)


def parse(source, name="<bf>"):
    """Source text -> Program.  Characters other than the eight commands are comments."""
    ops, args, pos = [], [], []
    stack = []
    targets = {}
    text = source if isinstance(source, str) else source.decode("latin-1")
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "+-":
            total, start = 0, i
            while i < n and text[i] in "+-\n\r\t ":
                total += {"+": 1, "-": -1}.get(text[i], 0)
                i += 1
            if total % 256:
                ops.append(ADD)
                args.append(total % 256)
                pos.append(start)
            continue
        if c in "><":
            total, start = 0, i
            while i < n and text[i] in "><\n\r\t ":
                total += {">": 1, "<": -1}.get(text[i], 0)
                i += 1
            if total:
                ops.append(MOVE)
                args.append(total)
                pos.append(start)
            continue
        if c == "[":
            inner = text[i + 1:i + 3]
            if inner in ("-]", "+]"):
                ops.append(CLEAR)
                args.append(0)
                pos.append(i)
                i += 3
                continue
            stack.append(len(ops))
            ops.append(OPEN)
            args.append(0)
            pos.append(i)
        elif c == "]":
            if not stack:
                raise BFError(f"{name}: unmatched ] at offset {i}")
            start = stack.pop()
            targets[start] = len(ops)
            targets[len(ops)] = start
            ops.append(CLOSE)
            args.append(0)
            pos.append(i)
        elif c == ".":
            ops.append(OUT)
            args.append(0)
            pos.append(i)
        elif c == ",":
            ops.append(IN)
            args.append(0)
            pos.append(i)
        i += 1
    if stack:
        raise BFError(f"{name}: unmatched [ at offset {pos[stack[-1]]}")
    return Program(ops, args, targets, pos, name)


@elidable
def jump_target(program, pc):
    """The pc of the bracket matching the one at `pc`."""
    return program.targets[pc]


def _printable(pc, program):
    if 0 <= pc < len(program.ops):
        op = NAMES[program.ops[pc]]
        arg = program.args[pc]
        return f"bf;{program.name} #{pc} @{program.source_pos[pc]} {op}" + (
            f" {arg}" if program.ops[pc] in (ADD, MOVE) else "")
    return f"bf;{program.name} #{pc} end"


driver = JitDriver(greens=["pc", "program"], reds=["tape", "ptr"],
                   get_printable_location=_printable, name="bf")


class _IO:
    """Where `.` writes and `,` reads: binary streams, set by `run`."""
    out = None
    inp = None


@dont_look_inside
def put_byte(value):
    _IO.out.write(bytes((value,)))


@dont_look_inside
def get_byte(old):
    data = _IO.inp.read(1) if _IO.inp is not None else b""
    return data[0] if data else old


@dont_look_inside
def off_tape(ptr, pc):
    raise BFError(f"pointer moved off the tape (to {ptr}) at instruction {pc}")


def step(pc, program, tape, ptr):
    """One instruction: the next livevars, or None when the program ends."""
    driver.jit_merge_point(pc=pc, program=program, tape=tape, ptr=ptr)
    op = program.ops[pc]
    if op == ADD:
        tape[ptr] = (tape[ptr] + program.args[pc]) & 255
    elif op == MOVE:
        ptr = ptr + program.args[pc]
        if ptr < 0 or ptr >= len(tape):
            off_tape(ptr, pc)
    elif op == CLEAR:
        tape[ptr] = 0
    elif op == OPEN:
        if tape[ptr] == 0:
            pc = jump_target(program, pc)
    elif op == CLOSE:
        if tape[ptr] != 0:
            pc = jump_target(program, pc) + 1
            r = driver.can_enter_jit(pc=pc, program=program, tape=tape, ptr=ptr)
            if r is not None:
                return _went_on(r)
            return {"pc": pc, "program": program, "tape": tape, "ptr": ptr}
    elif op == OUT:
        put_byte(tape[ptr])
    else:
        tape[ptr] = get_byte(tape[ptr])
    pc += 1
    if pc == len(program.ops):
        return None
    return {"pc": pc, "program": program, "tape": tape, "ptr": ptr}


def _went_on(r):
    """What the JIT ran at a back-edge (a trace recorded, a compiled loop
    until a guard failed): where the interpreter goes on."""
    if r is FRAME_LEFT:
        return None
    exc = r.get(RAISE)
    if exc is not None:
        raise exc
    return {"pc": r["pc"], "program": r["program"], "tape": r["tape"], "ptr": r["ptr"]}


def run(program, out=None, inp=None, tape_size=TAPE_SIZE):
    """Run a Program (or source text); output goes to the binary stream
    `out` (stdout by default).  Returns the tape."""
    if not isinstance(program, Program):
        program = parse(program)
    _IO.out = out if out is not None else sys.stdout.buffer
    _IO.inp = inp
    tape = [0] * tape_size
    live = {"pc": 0, "program": program, "tape": tape, "ptr": 0} if len(program) else None
    try:
        while live is not None:
            live = step(**live)
    finally:
        _IO.out.flush()
    return tape
