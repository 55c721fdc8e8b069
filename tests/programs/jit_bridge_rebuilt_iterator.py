# The chaos game (benchmarks/programs/chaos.py, small): a guard fails inside
# an inlined call while that call's list iterator is virtual, so its bridge
# allocates the iterator again and goes on with the loop over it.  The
# bridge's own reads of the iterator's index must see the index it was
# rebuilt with: with a descr per recording they read the field past that
# write (the checksum was wrong once bridges were optimized).


class Vec(object):
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def __sub__(self, other):
        return Vec(self.x - other.x, self.y - other.y)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)

    __rmul__ = __mul__


class Affine(object):
    def __init__(self, a, b, c, d, tx, ty, weight):
        self.a, self.b, self.c, self.d = a, b, c, d
        self.shift = Vec(tx, ty)
        self.weight = weight

    def __matmul__(self, p):
        return Vec(self.a * p.x + self.b * p.y, self.c * p.x + self.d * p.y) + self.shift


FERN = [
    Affine(0.0, 0.0, 0.0, 0.16, 0.0, 0.0, 1),
    Affine(0.85, 0.04, -0.04, 0.85, 0.0, 1.6, 85),
    Affine(0.2, -0.26, 0.23, 0.22, 0.0, 1.6, 7),
    Affine(-0.15, 0.28, 0.26, 0.24, 0.0, 0.44, 7),
]


class Lcg(object):
    def __init__(self, seed):
        self.state = seed

    def below(self, n):
        self.state = (self.state * 1103515245 + 12345) & 0x7FFFFFFF
        return (self.state >> 8) % n


def pick(maps, roll):
    for m in maps:
        if roll < m.weight:
            return m
        roll -= m.weight
    return maps[-1]


def run(n, grid_size=64):
    rng = Lcg(42)
    total_weight = sum(m.weight for m in FERN)
    lower, upper = Vec(-2.75, 0.0), Vec(2.75, 10.0)
    span = upper - lower
    grid = [0] * (grid_size * grid_size)
    p = Vec(0.0, 0.0)
    for _ in range(n):
        p = pick(FERN, rng.below(total_weight)) @ p
        cell = (grid_size - 1) * (p - lower)
        col = int(cell.x / span.x)
        row = int(cell.y / span.y)
        if 0 <= col < grid_size and 0 <= row < grid_size:
            grid[row * grid_size + col] += 1
    checksum = 0
    for k, count in enumerate(grid):
        checksum = (checksum * 31 + count * (k + 1)) % 1000000007
    return sum(grid), checksum


print(run(6000))
