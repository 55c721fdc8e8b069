"""Micro: a generator consumed by a for loop.

Each iteration resumes the generator frame, runs to the next `yield`, and
suspends it again: the cost of generators as iterators.
"""

from benchlib import main


def evens(n):
    i = 0
    while i < n:
        yield i + i
        i += 1


def run(n):
    total = 0
    for v in evens(n):
        total += v
    return str(total)


if __name__ == "__main__":
    main(run, 1000000)
