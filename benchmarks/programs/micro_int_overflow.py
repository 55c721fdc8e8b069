"""Micro: the sum of squares of micro_int_sum, crossing 2**63 halfway.

The running total starts just low enough that it passes 2**63 when i reaches
n // 2: the first half runs on machine ints, then an add overflows and the
rest must run on big ints.  This is the path a JIT takes when
`guard_no_overflow` fails.
"""

from benchlib import main


def squares_below(k):
    """Sum of i*i for 0 <= i < k, in closed form."""
    return (k - 1) * k * (2 * k - 1) // 6


def run(n):
    total = 2 ** 63 - squares_below(n // 2)
    for i in range(n):
        total += i * i
    return str(total)


if __name__ == "__main__":
    main(run, 1000000)
