# Default arguments are evaluated once, at def time.

counter = 0


def next_id():
    global counter
    counter += 1
    return counter


def make(x, seen=[], stamp=next_id()):
    seen.append(x)
    return len(seen), stamp


def make_fresh(x, seen=None):
    if seen is None:
        seen = []
    seen.append(x)
    return len(seen)


def factories():
    fs = []
    for i in range(5):
        fs.append(lambda i=i: i * i)
    late = [lambda: i for i in range(5)]
    return [f() for f in fs], [f() for f in late]


def main():
    total = 0
    for i in range(5000):
        n, stamp = make(i)
        total += n + stamp + make_fresh(i)
    print(total, len(make.__defaults__[0]), make.__defaults__[1], counter)
    print(factories())
    # redefining re-evaluates defaults
    results = []
    for j in range(3):
        def g(v=next_id() * 10):
            return v
        results.append(g())
    print(results, counter)
    # defaults referencing mutable state captured at def time
    base = {"k": 1}

    def h(d=base):
        return d["k"]
    base["k"] = 42
    print(h())
    base = {"k": 7}
    print(h())


main()
