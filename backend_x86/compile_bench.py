"""How long compiling takes: `python -m backend_x86.compile_bench [n_ops]`.

Builds random loops of about n_ops ops (int and float arithmetic, compares
and guards with snapshots of six values, overflow checks, class guards and
list lengths, boxing) and reports CPU time per trace: the first trace of
the process (PeachPy's import, the runtime stubs, the first templates),
the next few, and fresh traces once the template cache is warm.  Not a
test: numbers for people (speed is never asserted in unit tests).
"""

import random
import sys
import time

from tracer.ir import FLOAT, INT, REF, ConstInt, ConstPtr, TextLocation, TraceBuilder


def make_trace(n_ops, seed):
    rnd = random.Random(seed)
    b = TraceBuilder()
    ints = b.inputs(*[INT] * 6)
    floats = b.inputs(*[FLOAT] * 3)
    refs = b.inputs(REF, REF)
    counter = b.input(INT)
    b.label(*ints, *floats, *refs, counter)
    live = {INT: list(ints) + [counter], FLOAT: list(floats), REF: list(refs)}

    def snap():
        pool = live[INT] + live[FLOAT] + live[REF]
        return rnd.sample(pool, min(6, len(pool)))

    b.guard_true(b.int_lt(counter, 1000), snapshot=snap())
    while len(b.ops) < n_ops:
        what = rnd.choice("iiiiffgoxbl")
        if what == "i":
            name = rnd.choice(["int_add", "int_sub", "int_mul", "int_and", "int_xor"])
            live[INT].append(b.emit(name, rnd.choice(live[INT]),
                                    rnd.choice(live[INT] + [ConstInt(3)])))
        elif what == "f":
            name = rnd.choice(["float_add", "float_mul", "float_sub"])
            live[FLOAT].append(b.emit(name, rnd.choice(live[FLOAT]), rnd.choice(live[FLOAT])))
        elif what == "g":
            b.guard_true(b.int_lt(rnd.choice(live[INT]), 1 << 40), snapshot=snap())
        elif what == "o":
            op = b.int_add_ovf(rnd.choice(live[INT]), rnd.choice(live[INT]))
            b.guard_no_overflow(snapshot=snap())
            live[INT].append(op)
        elif what == "x":
            p = rnd.choice(live[REF])
            b.guard_class(p, ConstPtr(list), snapshot=snap())
            live[INT].append(b.len_list(p))
        elif what == "b":
            live[REF].append(b.box_int(rnd.choice(live[INT])))
        else:
            b.debug_merge_point(descr=TextLocation("bench.py:1 #2 OP"))
    b.jump(*[rnd.choice(live[INT]) for _ in ints], *[rnd.choice(live[FLOAT]) for _ in floats],
           *refs, b.int_add(counter, 1))
    return b.build()


def main(n_ops=100):
    from .backend import X86Backend
    be = X86Backend(keep_listing=False)

    def per_trace(traces):
        t0 = time.process_time()
        for t in traces:
            be.compile(t)
        return (time.process_time() - t0) / len(traces) * 1e3

    first = per_trace([make_trace(n_ops, 0)])
    next9 = per_trace([make_trace(n_ops, s) for s in range(1, 10)])
    for s in range(10, 60):                 # warm the template cache
        be.compile(make_trace(n_ops, s))
    warm = per_trace([make_trace(n_ops, s) for s in range(1000, 1030)])
    unit = be.units[-1]
    print(f"{n_ops}-op traces, CPU ms per trace (verify included):")
    print(f"  first of the process  {first:7.2f}   (imports, runtime stubs, templates not yet stored)")
    print(f"  next 9                {next9:7.2f}")
    print(f"  warm, fresh traces    {warm:7.2f}")
    print(f"  last unit: {unit.code_size} bytes, {unit.ninsns} instructions")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
