# Container protocol on guest classes: __getitem__/__setitem__/__delitem__ with ints,
# slices and tuples, __len__, __bool__, __contains__, __missing__, __index__.


class Grid:
    def __init__(self, w, h):
        self.w, self.h = w, h
        self.cells = [0] * (w * h)

    def _idx(self, key):
        x, y = key
        if not (0 <= x < self.w and 0 <= y < self.h):
            raise IndexError("cell out of range: %r" % (key,))
        return y * self.w + x

    def __getitem__(self, key):
        if isinstance(key, slice):
            return self.cells[key]
        return self.cells[self._idx(key)]

    def __setitem__(self, key, value):
        if isinstance(key, slice):
            self.cells[key] = value
        else:
            self.cells[self._idx(key)] = value

    def __delitem__(self, key):
        self.cells[self._idx(key)] = 0

    def __len__(self):
        return self.w * self.h

    def __contains__(self, v):
        return v in self.cells

    def __bool__(self):
        return any(self.cells)


class DefaultDict(dict):
    def __missing__(self, key):
        v = self[key] = len(key) if isinstance(key, str) else 0
        return v


class Idx:
    def __init__(self, i):
        self.i = i

    def __index__(self):
        return self.i


class Sized:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n


class Truth:
    def __init__(self, v):
        self.v = v

    def __bool__(self):
        return self.v


class SliceLog:
    def __getitem__(self, key):
        if isinstance(key, slice):
            return ("slice", key.start, key.stop, key.step)
        return ("item", key)

    def __setitem__(self, key, value):
        print("set", key, value)

    def __delitem__(self, key):
        print("del", key)


def main():
    g = Grid(30, 20)
    for i in range(5000):
        x, y = i % 30, (i // 30 + i) % 20
        g[x, y] += (i // 3) % 5 + 1
    print(g[0, 0], g[29, 19], len(g), sum(g[:30]), g[5:50:9], 3 in g, 999 in g)
    del g[0, 0]
    print(g[0, 0], bool(g), bool(Grid(2, 2)))
    g[0:3] = [7, 8, 9]
    print(g[:4])
    try:
        g[30, 0]
    except IndexError as e:
        print("IndexError", e)
    dd = DefaultDict()
    total = 0
    words = ["alpha", "be", "gamma", "d"] * 800
    for w in words:
        total += dd[w]
    print(total, dict(sorted(dd.items())), dd.get("zzz"), "zzz" in dd)
    lst = list(range(10))
    print(lst[Idx(3)], lst[Idx(1):Idx(8):Idx(2)], [0] * Idx(3), hex(Idx(255)), range(Idx(4)))
    print(len(Sized(7)), bool(Sized(0)), bool(Sized(2)), bool(Truth(False)), not Truth(True))
    n = 0
    objs = [Sized(i % 3) for i in range(3000)]
    for o in objs:
        if o:
            n += 1
    print(n)
    n = 0
    for i in range(3000):
        if Truth(i % 4 == 0) and Sized(i % 2):
            n += 1
        n += 1 if Truth(i % 3 == 1) or Sized(0) else 0
    print(n)
    try:
        bool(Sized(-1))
    except ValueError as e:
        print("ValueError", e)
    try:
        bool(type("B", (), {"__bool__": lambda s: 1})())
    except TypeError as e:
        print("TypeError", e)
    sl = SliceLog()
    print(sl[1], sl[1:2], sl[::-1], sl[1:2, 3], sl["k"])
    sl[1:3] = "ab"
    del sl[::2]


main()
