"""Micro: float accumulation.

Isolates float multiply/add on a loop-carried float; the counter is an int.
Every operation is exact-order IEEE double arithmetic, so CPython, PyPy and C
agree to the last bit (the checksum prints 12 significant digits anyway).
"""

from benchlib import main


def run(n):
    x = 0.0
    total = 0.0
    for i in range(n):
        total += x * x
        x += 0.5
    return "%.12g" % total


if __name__ == "__main__":
    main(run, 1000000)
