"""examples/bf: a second interpreter gets a JIT from tracer/ unchanged.

The Brainfuck interpreter's output is compared with a plain evaluator
written here (no hints, no JIT), with the JIT off, on at default
thresholds and in stress mode, on the x86 backend and the IR executor;
the runtime's statistics show that loops were traced, compiled and run.
"""

import ast
import io
import os

import pytest

from backend_x86.select import supported
from examples.bf import bf, jitsetup, mandelgen
from tracer.params import parse as parse_params

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

BACKENDS = ["executor"] + (["x86"] if supported() else [])
DEFAULT = ""                                    # the JIT's default parameters
STRESS = "threshold=2,trace_eagerness=2"        # every loop and hot guard compiles


def reference(source, inp=b""):
    """A straightforward Brainfuck evaluator: one command at a time, 30000
    wrapping 8-bit cells, ',' at end of input leaves the cell unchanged."""
    code = [c for c in (source if isinstance(source, str) else source.decode("latin-1"))
            if c in "+-<>[].,"]
    match, stack = {}, []
    for i, c in enumerate(code):
        if c == "[":
            stack.append(i)
        elif c == "]":
            j = stack.pop()
            match[i], match[j] = j, i
    tape, p, i, out, k = [0] * 30000, 0, 0, bytearray(), 0
    while i < len(code):
        c = code[i]
        if c == "+":
            tape[p] = (tape[p] + 1) % 256
        elif c == "-":
            tape[p] = (tape[p] - 1) % 256
        elif c == ">":
            p += 1
        elif c == "<":
            p -= 1
        elif c == ".":
            out.append(tape[p])
        elif c == ",":
            if k < len(inp):
                tape[p] = inp[k]
                k += 1
        elif c == "[" and tape[p] == 0:
            i = match[i]
        elif c == "]" and tape[p] != 0:
            i = match[i]
        i += 1
    return bytes(out)


def run_bf(source, jit=None, backend="executor", inp=b""):
    """Output of examples/bf (and its JIT runtime, or None with the JIT off)."""
    ws = None
    if jit is not None:
        ws = jitsetup.install(parse_params(",".join(filter(None, [jit, f"backend={backend}"]))))
    try:
        out = io.BytesIO()
        bf.run(source, out=out, inp=io.BytesIO(inp))
    finally:
        jitsetup.uninstall()
    return out.getvalue(), ws


def table_program(n=12, d=3):
    """Nested loops with unary multiplication and branches: row a, column b
    prints chr(40 + a*b // d)."""
    g = mandelgen.Emitter()
    a, b, q, t = g.var(), g.var(), g.var(), g.var()
    g.set(a, n)

    def row():
        g.add(a, -1)
        g.set(b, n)

        def col():
            g.add(b, -1)
            g.mul_div(a, b, q, d)
            g.copy(q, t)
            g.add(t, 40)
            g.at(t)
            g.emit(".")
            g.clear(t)
            g.clear(q)
        g.loop(b, col)
        g.out_char("\n")
    g.loop(a, row)
    return g.text()


MANDEL = (4, 8, 1, 2)       # scale, maxiter, xstep, ystep: 11 x 5 pixels, ~0.3 M steps
# cells 70, 100, 30, 10 by one loop, then each letter from the nearest
HELLO = ("++++++++++[>+++++++>++++++++++>+++>+<<<<-]"
         ">++.>+.+++++++..+++.>++.<<+++++++++++++++.>.+++.------.--------.>+.>.")


# -- the interpreter alone ---------------------------------------------------------------
def test_parse_folds_runs_and_matches_brackets():
    p = bf.parse("+++-- >>><< [-] [>+<-] comment.")
    assert [bf.NAMES[o] for o in p.ops] == ["add", "move", "clear", "open", "move", "add",
                                           "move", "add", "close", "out"]
    assert p.args[0] == 1 and p.args[1] == 1 and p.args[5] == 1 and p.args[7] == 255
    assert bf.jump_target(p, 3) == 8 and bf.jump_target(p, 8) == 3
    with pytest.raises(bf.BFError):
        bf.parse("[[]")
    with pytest.raises(bf.BFError):
        bf.parse("[]]")


@pytest.mark.parametrize("source,inp", [
    (HELLO, b""),
    ("-.+[-.]", b""),                               # wrapping below 0, 255 iterations
    (",[.,]", b"echo \x00 through ,"),              # a zero byte stops the cat
    (",>,>,<<.>.>.,.", b"ab"),                      # end of input leaves the cell as it was
])
def test_plain_interpreter_matches_reference(source, inp):
    got, _ = run_bf(source, inp=inp)
    assert got == reference(source, inp)
    assert got          # each prints something


def test_hello_world():
    assert run_bf(HELLO)[0] == b"Hello World!\n"


def test_generated_mandelbrot_draws_its_model():
    # The generator's program, run by the reference evaluator, prints what
    # the generator's Python model computes: the .b program is right.
    src = mandelgen.generate(*MANDEL)
    picture = reference(src).decode()
    assert picture == mandelgen.model(*MANDEL)
    assert "#" in picture and "." in picture and picture.count("\n") == 5


def test_pointer_off_the_tape_is_an_error():
    with pytest.raises(bf.BFError):
        run_bf("<")


def test_tracer_knows_neither_interpreter():
    """tracer/ imports nothing of pvmx's interpreter, of the example, or of a backend."""
    bad = []
    for dirpath, _, files in os.walk(os.path.join(ROOT, "tracer")):
        for name in files:
            if not name.endswith(".py"):
                continue
            path = os.path.join(dirpath, name)
            with open(path) as f:
                tree = ast.parse(f.read())
            for node in ast.walk(tree):
                mods = []
                if isinstance(node, ast.Import):
                    mods = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    mods = [node.module or ""]
                bad += [(path, m) for m in mods
                        if m.split(".")[0] in ("interp", "examples", "backend_x86")]
    assert bad == []


# -- with the JIT ------------------------------------------------------------------------
@pytest.mark.parametrize("backend", BACKENDS)
def test_mandelbrot_with_the_jit_at_default_thresholds(backend):
    src = mandelgen.generate(*MANDEL)
    want = reference(src)
    got, ws = run_bf(src, DEFAULT, backend)
    assert got == want
    s = ws.stats
    assert s.traces_started >= 1 and s.loops >= 1
    assert s.loop_entries >= 1 and s.iterations > 1000
    assert s.guard_failures >= 1        # loops end through a guard: deopt rebuilt tape and ptr
    assert ws.backend.name == backend


@pytest.mark.parametrize("backend", BACKENDS)
def test_nested_loops_in_stress_mode(backend):
    src = table_program()
    want = reference(src)
    got, ws = run_bf(src, STRESS, backend)
    assert got == want
    s = ws.stats
    assert s.loops >= 3 and s.bridges >= 1
    assert s.iterations > 1000
    assert not s.aborts, dict(s.aborts)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("jit", [DEFAULT, STRESS])
def test_input_and_output_in_a_traced_loop(backend, jit):
    # ',[.,]' copies its input up to a zero byte: the loop body is two residual calls
    data = bytes((i * 7) % 255 + 1 for i in range(3000))
    got, ws = run_bf(",[.,]", jit, backend, inp=data + b"\0")
    assert got == data == reference(",[.,]", data + b"\0")
    assert ws.stats.loops == 1 and ws.stats.iterations > 1000


@pytest.mark.parametrize("backend", BACKENDS)
def test_error_raised_from_a_compiled_loop(backend):
    # the loop walks right until the pointer leaves the tape: the bounds
    # guard fails in compiled code and the interpreter raises at the move
    ws = jitsetup.install(parse_params(f"threshold=5,backend={backend}"))
    try:
        with pytest.raises(bf.BFError, match="off the tape"):
            bf.run("+[>+]", out=io.BytesIO())
    finally:
        jitsetup.uninstall()
    assert ws.stats.loops == 1 and ws.stats.iterations > 20000


def test_trace_log_names_brainfuck_locations(tmp_path):
    from tracer.jitlog import JitLog
    log_path = tmp_path / "trace.log"
    log = JitLog(str(log_path))
    ws = jitsetup.install(parse_params("threshold=20,backend=executor"), log)
    try:
        bf.run(bf.parse("+" * 200 + "[>+<-]>.", "t.b"), out=io.BytesIO())
    finally:
        jitsetup.uninstall()
        log.close()
    text = log_path.read_text()
    assert ws.stats.loops == 1
    loop = text.split("[jit-log-optimized]")[1]
    assert "debug_merge_point('bf;t.b #" in loop
    assert "setitem_list(" in loop and "jump(" in loop
    assert "tape=" in loop and "ptr=" in loop          # snapshots hold the two reds


# -- both kinds of reds in one driver ----------------------------------------------------
# A toy register machine whose frame is a virtualizable (its registers live in
# registers of the trace, as pvmx's locals do) next to a plain int red `acc`:
# the layout of inputs, snapshots and deoptimization must keep the two apart.
from tracer.hints import JitDriver, FRAME_LEFT  # noqa: E402


class ToyFrame:
    _virtualizable_ = ("regs[*]",)
    __slots__ = ("regs",)

    def __init__(self, regs):
        self.regs = list(regs)


toy_driver = JitDriver(greens=["pc", "prog"], reds=["frame", "acc"], virtualizables=["frame"],
                       name="toy")


def toy_step(pc, prog, frame, acc):
    """prog: tuple of (op, a, b); 'add' acc += regs[a]; 'mul' acc = acc * regs[a] mod
    1000003; 'inc' regs[a] += b; 'store' regs[a] = acc; 'loop' regs[a] -= 1 and back
    to b while it is not 0."""
    op, a, b = prog[pc]
    if op == "add":
        acc = acc + frame.regs[a]
    elif op == "mul":
        acc = acc * frame.regs[a] % 1000003
    elif op == "inc":
        frame.regs[a] = frame.regs[a] + b
    elif op == "store":
        frame.regs[a] = acc
    else:
        frame.regs[a] = frame.regs[a] - 1
        if frame.regs[a] != 0:
            r = toy_driver.can_enter_jit(pc=b, prog=prog, frame=frame, acc=acc)
            if r is FRAME_LEFT:
                return None
            if r is not None:
                return {"pc": r["pc"], "prog": prog, "frame": r["frame"], "acc": r["acc"]}
            return {"pc": b, "prog": prog, "frame": frame, "acc": acc}
    if pc + 1 == len(prog):
        return None
    return {"pc": pc + 1, "prog": prog, "frame": frame, "acc": acc}


TOY = (("inc", 0, 3000),                      # r0 = 3000: the loop's count
       ("add", 1, 0), ("inc", 1, 7),          # loop: acc += r1; r1 += 7
       ("mul", 2, 0), ("inc", 2, -1),         # acc = acc * r2 % p; r2 -= 1 (goes negative)
       ("add", 0, 0),
       ("loop", 0, 1),
       ("store", 3, 0))                       # r3 = acc


def toy_run(regs):
    frame = ToyFrame(regs)
    live = {"pc": 0, "prog": TOY, "frame": frame, "acc": 1}
    while live is not None:
        live = toy_step(**live)
    return frame.regs


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("jit", [DEFAULT, STRESS])
def test_a_virtualizable_and_a_plain_red_together(backend, jit):
    from tracer.warmspot import WarmSpot
    from backend_x86 import select_backend
    want = toy_run([0, 5, 1500, 0])
    params = parse_params(",".join(filter(None, [jit, f"backend={backend}"])))
    ws = WarmSpot(toy_driver, params, toy_step, (__name__,), backend=select_backend(params))
    try:
        got = toy_run([0, 5, 1500, 0])
    finally:
        toy_driver.warmspot = None
    assert got == want and want[3] != 0
    assert ws.stats.loops >= 1 and ws.stats.iterations > 1000
    assert ws.stats.guard_failures >= 1         # the loop ends through a guard
