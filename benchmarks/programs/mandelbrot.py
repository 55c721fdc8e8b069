"""Classic: Mandelbrot set by escape time.

A SIZE x SIZE grid over [-2, 0.5] x [-1.25, 1.25], at most 50 steps per
point: a tight float loop with a data-dependent exit.  The checksum, the sum
of the escape counts, is an int, so it is exact on every runner.
"""

from benchlib import main

MAX_STEPS = 50


def escape_time(cr, ci):
    zr = zi = 0.0
    steps = 0
    while steps < MAX_STEPS:
        zr2 = zr * zr
        zi2 = zi * zi
        if zr2 + zi2 > 4.0:
            break
        zi = 2.0 * zr * zi + ci
        zr = zr2 - zi2 + cr
        steps += 1
    return steps


def run(size):
    total = 0
    for row in range(size):
        ci = -1.25 + 2.5 * row / size
        for col in range(size):
            total += escape_time(-2.0 + 2.5 * col / size, ci)
    return str(total)


if __name__ == "__main__":
    main(run, 100)
