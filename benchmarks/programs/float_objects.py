"""Classic: float arithmetic on many small objects with __slots__ and math.

SIZE points are created from sin/cos of their index, normalised in place,
and folded into a component-wise maximum: allocation of slotted instances,
attribute traffic, calls into `math`.
"""

import math

from benchlib import main


class Point(object):
    __slots__ = ("x", "y", "z")

    def __init__(self, i):
        self.x = x = math.sin(i)
        self.y = math.cos(i) * 3.0
        self.z = (x * x) / 2.0

    def normalize(self):
        norm = math.sqrt(self.x * self.x + self.y * self.y + self.z * self.z)
        self.x /= norm
        self.y /= norm
        self.z /= norm

    def maximize(self, other):
        if other.x > self.x:
            self.x = other.x
        if other.y > self.y:
            self.y = other.y
        if other.z > self.z:
            self.z = other.z
        return self


def run(n):
    points = [Point(i) for i in range(n)]
    for p in points:
        p.normalize()
    best = points[0]
    for p in points[1:]:
        best = best.maximize(p)
    return "%.9f %.9f %.9f" % (best.x, best.y, best.z)


if __name__ == "__main__":
    main(run, 100000)
