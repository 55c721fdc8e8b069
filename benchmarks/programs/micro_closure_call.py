"""Micro: calling a closure that reads a free variable.

Isolates calls of a nested function object and the cell read (LOAD_DEREF).
"""

from benchlib import main


def make_adder(k):
    def add(x):
        return x + k
    return add


def run(n):
    add = make_adder(3)
    total = 0
    for i in range(n):
        total += add(i)
    return str(total)


if __name__ == "__main__":
    main(run, 1000000)
