# for-loops over lists and tuples (pvmx's ListIter, the index in a register
# inside traces): constant tuples in nested loops (a fresh iterator each
# time), lists that grow or shrink while iterated, break/else, mixed item
# types, the loop variable rebinding the list, and iterators in generators.


def neighbours(cells, w, h):
    counts = {}
    for (x, y) in cells:
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                if dx or dy:
                    k = ((x + dx) % w, (y + dy) % h)
                    counts[k] = counts.get(k, 0) + 1
    return counts


cells = sorted({(x, y) for y in range(20) for x in range(24) if (x * 7 + y * 13) % 5 == 0})
for rnd in range(6):
    c = neighbours(cells, 24, 20)
    print("neighbours", rnd, len(c), sum(c.values()))


def grow(n):
    items = [0, 1, 2]
    total = 0
    for x in items:
        total += x
        if len(items) < n:
            items.append(x + 1)
    return total, len(items)


def shrink(n):
    items = list(range(n))
    seen = 0
    for x in items:
        seen += x
        if x % 3 == 0 and items:
            items.pop()
    return seen, len(items)


print("grow", grow(6000), "shrink", shrink(6000))


def first_big(items, limit):
    for i, x in enumerate(items):
        if x > limit:
            break
    else:
        return None
    return i, x


data = [(k * 37) % 1001 for k in range(5000)]
print("break", first_big(data, 999), first_big(data, 2000))


def kinds(items):
    out = {}
    for x in items:
        name = type(x).__name__
        out[name] = out.get(name, 0) + 1
    return sorted(out.items())


mixed = [1, 2.5, "s", None, (1,), [2], True, 2 ** 70] * 700
print("kinds", kinds(mixed))


def sums(rows):
    total = 0.0
    for row in rows:
        for v in row:
            total += v
    return total


rows = [[i * 0.5, i, -i] for i in range(3000)]
print("nested", sums(rows), sums(tuple(tuple(r) for r in rows[:100])))


def rebinding(n):
    xs = list(range(n))
    total = 0
    for x in xs:
        total += x
        xs = [0]            # the loop keeps iterating the first list
    return total, xs


print("rebinding", rebinding(5000))


def gen(items):
    for x in items:
        yield x * 2


print("generator", sum(gen(list(range(4000)))), sum(x for x in data if x % 2))
print("zip", sum(a * b for a, b in zip(data, data[1:])))
empty = 0
for x in []:
    empty += 1
for x in ():
    empty += 1
print("empty", empty)

it = iter([1, 2, 3])
print("host iter", list(it), list(it))
