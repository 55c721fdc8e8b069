"""The benchmark programs: names, kinds, sizes and where their files are.

Sizes are each program's SIZE argument.  On the project's machines `size`
makes one CPython iteration take 35-75 ms (it was meant to be about
0.15 s; the sizes were kept when that was measured, so that results stay
comparable).  A classic program runs 4 iterations per process (0.15-0.3 s
of CPython, start-up included); a micro loop runs 40 (about 2-3 s),
because it isolates one mechanism, and in a short process its
whole-process time would mostly measure start-up and warm-up instead (both
stay visible: the steady-state figure is reported beside it).  `quick_size` makes an
iteration take about 5 ms of CPython, small enough that `--quick` stays
under two minutes with an interpreter a hundred times slower than CPython;
at that size start-up dominates the whole-process time, so quick numbers
are for checking, not for claims.
"""

import fnmatch
import os
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.join(HERE, "programs")
C_SOURCES = os.path.join(HERE, "c")

CLASSIC = "classic"
MICRO = "micro"


@dataclass(frozen=True)
class Benchmark:
    name: str
    kind: str
    size: int
    quick_size: int
    what: str
    iterations: int = 4     # per process, unless --iterations or --quick says otherwise

    @property
    def script(self):
        return os.path.join(PROGRAMS, self.name + ".py")

    @property
    def c_source(self):
        """The C version's source file, or None if this program has none."""
        path = os.path.join(C_SOURCES, self.name + ".c")
        return path if os.path.exists(path) else None


BENCHMARKS = [
    Benchmark("nbody", CLASSIC, 20000, 800, "float loops over lists, pairs of bodies"),
    Benchmark("spectral_norm", CLASSIC, 130, 25, "nested float loops, a call per element"),
    Benchmark("fannkuch", CLASSIC, 8, 6, "list slicing and permutations"),
    Benchmark("richards", CLASSIC, 20000, 800, "OS scheduler: objects, polymorphic methods"),
    Benchmark("float_objects", CLASSIC, 100000, 4000, "__slots__ instances and math"),
    Benchmark("chaos", CLASSIC, 50000, 1500, "operator overloading, an LCG"),
    Benchmark("raytrace", CLASSIC, 80, 14, "vector objects, recursion, polymorphism"),
    Benchmark("nqueens", CLASSIC, 9, 6, "recursive generators, yield from"),
    Benchmark("deltablue", CLASSIC, 300, 12, "properties, super(), polymorphic dispatch"),
    Benchmark("pystone", CLASSIC, 50000, 1800, "globals, records, small functions"),
    Benchmark("fib", CLASSIC, 29, 21, "recursive calls"),
    Benchmark("mandelbrot", CLASSIC, 200, 35, "escape-time float loop"),
    Benchmark("go", CLASSIC, 16, 1, "Go playouts: branchy search, flood fills"),
    Benchmark("micro_int_sum", MICRO, 1500000, 50000, "int sum of squares within int64", 40),
    Benchmark("micro_int_overflow", MICRO, 1500000, 50000, "the same, crossing 2**63 halfway", 40),
    Benchmark("micro_float_sum", MICRO, 1500000, 50000, "float accumulation", 40),
    Benchmark("micro_list_index", MICRO, 1500000, 50000, "a[i] reads and a[i] = x stores", 40),
    Benchmark("micro_attr", MICRO, 1500000, 50000, "instance attribute read/write", 40),
    Benchmark("micro_method_call", MICRO, 1500000, 50000, "monomorphic method call", 40),
    Benchmark("micro_poly_call", MICRO, 1500000, 50000, "call site seeing 3 classes", 40),
    Benchmark("micro_closure_call", MICRO, 1500000, 50000, "closure call, cell read", 40),
    Benchmark("micro_generator", MICRO, 1500000, 50000, "generator driven by a for loop", 40),
    Benchmark("micro_type_change", MICRO, 1500000, 50000, "variable flips int/float every 10000", 40),
    Benchmark("micro_str_build", MICRO, 1000000, 30000, "str(i) pieces joined", 40),
]

BY_NAME = {b.name: b for b in BENCHMARKS}


def select(patterns=None, kind=None, benchmarks=BENCHMARKS):
    """Benchmarks matching comma-separated names or globs, and `kind` if given."""
    chosen = list(benchmarks)
    if kind:
        chosen = [b for b in chosen if b.kind == kind]
    if patterns:
        wanted = [p.strip() for p in patterns.split(",") if p.strip()]
        for p in wanted:
            if not any(fnmatch.fnmatchcase(b.name, p) for b in benchmarks):
                raise ValueError(f"no benchmark matches {p!r}")
        chosen = [b for b in chosen if any(fnmatch.fnmatchcase(b.name, p) for p in wanted)]
    return chosen
