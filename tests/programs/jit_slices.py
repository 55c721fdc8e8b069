# Slices in hot loops: bounds that the trace computes, constant bounds,
# steps, negative bounds, slice assignment and deletion, slices of tuples
# and strings, and a slice object kept and used later; `del x[k]` of dict
# keys and through a guest __delitem__, and one that raises.


def rotations(n):
    xs = list(range(10))
    total = 0
    for i in range(n):
        k = i % 10
        xs = xs[k:] + xs[:k]
        total += xs[0] * (i % 7)
    return total, xs


def reversals(n):
    perm = list(range(8))
    flips = 0
    for i in range(n):
        k = (i * 5) % 8
        perm[:k + 1] = perm[k::-1]
        flips += perm[0]
    return flips, perm


def strided(n):
    data = tuple(range(30))
    text = "abcdefghijklmnopqrstuvwxyz"
    total = 0
    pieces = []
    for i in range(n):
        step = 1 + i % 4
        total += sum(data[i % 5::step]) + len(text[-(i % 13) - 1:])
        if i % 500 == 0:
            pieces.append(text[i % 7:i % 7 + 3])
    return total, "".join(pieces)


def deletions(n):
    total = 0
    for i in range(n):
        xs = list(range(12))
        del xs[i % 4:i % 4 + 3]
        s = slice(1, None, 2)
        total += sum(xs[s]) + len(xs[::-1])
    return total


class Recorder:
    def __init__(self):
        self.log = []

    def __delitem__(self, key):
        self.log.append(key)


def dict_deletions(n):
    d = {i: i for i in range(n)}
    o = Recorder()
    for i in range(n):
        del d[i]
        del o[i % 3]
        if i == n - 5:
            try:
                del d[-1]
            except KeyError as e:
                print("KeyError", e)
    return len(d), len(o.log), sum(o.log)


print(rotations(3000))
print(dict_deletions(3000))
print(reversals(3000))
print(strided(3000))
print(deletions(3000))
