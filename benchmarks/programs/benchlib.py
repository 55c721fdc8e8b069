"""The protocol every benchmark program follows: arguments, timing, output.

    python PROGRAM.py SIZE [ITERATIONS]

A program defines `run(size)`, which does one iteration of its work and
returns the checksum as a string, and calls `main(run, ...)`.  `main` runs
`run(SIZE)` ITERATIONS times, checks that every iteration gave the same
checksum, and prints three lines:

    checksum: <the string run returned>
    iterations: <seconds of each iteration, in order>
    steady: <median seconds of the iterations after the first half>

The first half of the iterations (rounded down) is the program's own warm-up:
a JIT compiles during it, so `steady` is the speed after compilation and the
whole-process wall time that the harness measures carries the warm-up cost.

Runs unchanged on CPython 3.9+ (PyPy 3.9 included) and under pvmx: plain
code, and only `sys` and `time` from the stdlib.
"""

import sys
import time


def median(values):
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2.0


def parse_args(argv, default_size, default_iterations):
    if len(argv) > 2:
        raise SystemExit("usage: PROGRAM SIZE [ITERATIONS]")
    size = int(argv[0]) if argv else default_size
    iterations = int(argv[1]) if len(argv) > 1 else default_iterations
    if iterations < 1:
        raise SystemExit("ITERATIONS must be at least 1")
    return size, iterations


def main(run, default_size, default_iterations=3):
    size, iterations = parse_args(sys.argv[1:], default_size, default_iterations)
    times = []
    checksum = None
    for k in range(iterations):
        start = time.perf_counter()
        result = run(size)
        times.append(time.perf_counter() - start)
        if checksum is None:
            checksum = result
        elif result != checksum:
            # A program whose iterations disagree is broken (or the VM is):
            # never let it report a speed.
            raise SystemExit("iteration %d gave checksum %r, the first gave %r"
                             % (k, result, checksum))
    print("checksum: %s" % checksum)
    print("iterations: " + " ".join("%.6f" % t for t in times))
    print("steady: %.6f" % median(times[iterations // 2:]))
