"""Micro: a polymorphic call site that sees three classes in turn.

`shape.weight(i)` is one call site in the bytecode; the receiver's class
cycles through three classes, so a JIT needs a guard per class (or a bridge
per class) rather than one monomorphic path.  SIZE counts calls.
"""

from benchlib import main


class Small(object):
    def weight(self, x):
        return x & 7


class Medium(object):
    def weight(self, x):
        return (x & 15) + 1


class Large(object):
    def weight(self, x):
        return (x & 31) + 2


def run(n):
    shapes = [Small(), Medium(), Large()] * 100
    total = 0
    for i in range(n // len(shapes)):
        for shape in shapes:
            total += shape.weight(i)
    return str(total)


if __name__ == "__main__":
    main(run, 1000000)
