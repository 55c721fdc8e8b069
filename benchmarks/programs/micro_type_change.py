"""Micro: a loop whose variable changes type every 10000 iterations.

`acc` alternates between int and float in blocks of 10000 iterations, so a
trace specialised on one type sees its guard fail at every block boundary:
this measures how a JIT copes (bridges, or retracing) rather than the speed
of one type.  All values stay below 2**53, so the float path is exact.
"""

from benchlib import main

BLOCK = 10000


def run(n):
    acc = 0
    for i in range(n):
        if i % BLOCK == 0:
            acc = float(acc) if type(acc) is int else int(acc)
        acc = acc + (i & 3)
    return "%s %d" % (type(acc).__name__, acc)


if __name__ == "__main__":
    main(run, 1000000)
