# Allocation patterns in hot loops: temporary objects and tuples that never escape,
# objects that escape only occasionally, boxed floats and big ints, lists built and
# discarded, instances whose attributes change type.


class P:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, o):
        return P(self.x + o.x, self.y + o.y)


class Box:
    def __init__(self, v):
        self.v = v


def main():
    acc = P(0, 0)
    step = P(1, 2)
    for i in range(6000):
        acc = acc.add(step)  # one temporary per iteration
    print(acc.x, acc.y)
    kept = []
    p = P(0.0, 0.0)
    for i in range(5000):
        p = P(p.x + 0.5, p.y - 0.25)
        if i % 1000 == 0:
            kept.append(p)  # escapes occasionally
    print([(k.x, k.y) for k in kept], p.x, p.y)
    t = 0
    for i in range(5000):
        a, b = divmod(i, 7)  # tuple unpacked immediately
        pair = (a, b)
        t += pair[0] * pair[1]
    print(t)
    fl = 1.0
    for i in range(4000):
        fl = fl * 1.0001 + 0.5 / (i + 1)
    print(repr(fl))
    b = Box(0)
    for i in range(6000):
        if i == 2000:
            b.v = float(b.v)
        elif i == 4000:
            b.v = str(b.v)
        if isinstance(b.v, str):
            b.v = b.v[-10:] + str(i % 10)
        else:
            b.v += 1
    print(b.v)
    total = 0
    for i in range(3000):
        tmp = [i, i + 1, i + 2]
        tmp2 = {"k": tmp}
        total += sum(tmp2["k"]) + len(tmp)
    print(total)
    big = []
    for i in range(3000):
        v = (2 ** 64 + i) * 3
        if i % 750 == 0:
            big.append(v)
    print(big)
    chain = None
    for i in range(2500):
        chain = (i, chain)
    n = 0
    while chain is not None:
        n += chain[0]
        chain = chain[1]
    print(n)
    boxes = [Box(i) for i in range(100)]
    s = 0
    for i in range(5000):
        bx = boxes[i % 100]
        bx.v = bx.v + 1
        s += bx.v
    print(s, sum(x.v for x in boxes))


main()
