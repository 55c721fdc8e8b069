# dict operations: construction, get/setdefault/pop/popitem, update, views and set ops
# on views, insertion order, deletion during rebuild, | and |=, comprehension, fromkeys.


def main():
    d = {}
    for i in range(5000):
        k = (i * 7) % 1000
        d[k] = d.get(k, 0) + i
    print(len(d), sum(d.values()), list(d.items())[:4], d[7])
    inv = {}
    for k, v in d.items():
        inv.setdefault(v % 10, []).append(k)
    print(sorted((k, len(v)) for k, v in inv.items()))
    e = dict(a=1, b=2)
    e.update({"c": 3}, d=4)
    e.update([("e", 5)])
    print(e, e.pop("a"), e.pop("zz", "dflt"), e.popitem(), e)
    try:
        e.pop("nope")
    except KeyError as ex:
        print("KeyError", ex)
    try:
        {}.popitem()
    except KeyError as ex:
        print("KeyError", ex)
    keys = e.keys()
    e["x"] = 9
    print(list(keys), "x" in keys, keys & {"b", "x", "q"} == {"b", "x"}, sorted(keys - {"b"}))
    print(list(e.values()), list(e.items()), ("b", 2) in e.items())
    f = {"b": 20, "z": 26}
    print(e | f, f | e, {**e, **f} == e | f)
    g = dict(e)
    g |= f
    print(g, g == e, dict.fromkeys("abc", 0), dict.fromkeys(range(3)))
    order = {}
    for w in "the quick brown fox jumps over the lazy dog".split():
        order[w] = order.get(w, 0) + 1
    del order["quick"]
    order["quick"] = 1
    print(list(order), list(reversed(order)))
    try:
        for k in d:
            d[k + 100000] = 1
    except RuntimeError as ex:
        print("RuntimeError", ex)
    sq = {i: i * i for i in range(100)}
    removed = 0
    for k in list(sq):
        if k % 3:
            del sq[k]
            removed += 1
    print(removed, len(sq), list(sq)[:5])
    nested = {}
    for i in range(3000):
        a, b = i % 5, i % 7
        nested.setdefault(a, {}).setdefault(b, 0)
        nested[a][b] += 1
    print(nested[0], sum(sum(v.values()) for v in nested.values()))
    print({1: "a", 1.0: "b", True: "c"}, {(1, 2): 1}[(1, 2)], len({None: 1, "": 2, 0: 3}))
    print(dict(zip("abc", range(3))), dict([(1, 2), (3, 4)]), {} == dict(), d.get(-1))
    cache = {}
    hits = 0
    for i in range(6000):
        key = (i % 37, i % 3)
        if key in cache:
            hits += 1
        else:
            cache[key] = i
    print(hits, len(cache), cache[(5, 2)])
    c = {"x": [1]}
    c2 = c.copy()
    c2["x"].append(2)
    c2["y"] = 1
    print(c, c2, c == c2, sorted({"b": 1, "a": 2}), max({"b": 1, "a": 2}, key={"b": 1, "a": 2}.get))


main()
