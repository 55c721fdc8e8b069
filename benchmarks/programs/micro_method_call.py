"""Micro: a monomorphic method call in a loop.

The method body is trivial so the cost measured is the call: attribute lookup
of a method, frame setup, argument passing, return.
"""

from benchlib import main


class Doubler(object):
    def twice(self, x):
        return x + x


def run(n):
    d = Doubler()
    total = 0
    for i in range(n):
        total += d.twice(i)
    return str(total)


if __name__ == "__main__":
    main(run, 1000000)
