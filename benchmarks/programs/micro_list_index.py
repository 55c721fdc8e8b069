"""Micro: list indexing `a[i]` and item stores `a[i] = x`.

A list of 1000 small ints is swept repeatedly; each step reads two items and
writes one.  SIZE counts item stores.
"""

from benchlib import main

LENGTH = 1000


def run(n):
    a = [i & 255 for i in range(LENGTH)]
    for _ in range(n // (LENGTH - 1)):
        for i in range(1, LENGTH):
            a[i] = (a[i - 1] + a[i]) & 1023
    return str(sum(a))


if __name__ == "__main__":
    main(run, 1000000)
