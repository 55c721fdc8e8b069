from .util import clamp, LOG

LOG.append("core loaded")


class Vector:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y)

    def scaled(self, k):
        return Vector(clamp(self.x * k, -10**6, 10**6), clamp(self.y * k, -10**6, 10**6))

    def __repr__(self):
        return "Vector(%r, %r)" % (self.x, self.y)


def dot(a, b):
    return a.x * b.x + a.y * b.y
