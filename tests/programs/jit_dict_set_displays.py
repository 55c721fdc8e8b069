# Dict and set displays and comprehensions' adds inside hot loops: the
# containers are built from values the trace computes; keys with a guest
# __hash__ and __eq__, duplicate keys (the later wins), constant-key dicts,
# and an unhashable key that raises TypeError in the middle of the loop.


class Key:
    def __init__(self, v):
        self.v = v

    def __hash__(self):
        return self.v % 7

    def __eq__(self, other):
        return isinstance(other, Key) and other.v % 7 == self.v % 7


def displays(n):
    total = 0
    for i in range(n):
        d = {"a": i, "b": i * 2, i % 3: "x"}
        e = {i % 4: 1, i % 2: 2}            # equal keys for even i: the later wins
        s = {i % 5, i % 3, 7}
        total += d["b"] + len(d) + sum(e.values()) + len(s)
    return total


def comprehensions(n):
    t = 0
    for i in range(n):
        sq = {j: j * i for j in range(i % 5)}
        mods = {j % 3 for j in range(i % 6)}
        keyed = {Key(j): j for j in range(i % 9)}
        t += sum(sq.values()) + len(mods) + len(keyed)
    return t


def unhashable(n):
    seen = 0
    for i in range(n):
        try:
            s = {i, [i] if i == n - 3 else i + 1}
            seen += len(s)
        except TypeError as e:
            print("TypeError", e, i)
    return seen


print(displays(4000))
print(comprehensions(4000))
print(unhashable(4000))
