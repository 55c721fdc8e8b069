# yield from: delegation, return values, send/throw passing through, nesting.


def inner(n):
    got = []
    for i in range(n):
        x = yield i
        if x is not None:
            got.append(x)
    return sum(got)


def middle(n):
    r1 = yield from inner(n)
    r2 = yield from inner(n)
    return r1 * 1000 + r2


def outer():
    total = yield from middle(3)
    yield "total=%d" % total


def flatten(obj):
    if isinstance(obj, list):
        for x in obj:
            yield from flatten(x)
    else:
        yield obj


def tree(depth):
    if depth == 0:
        yield depth
        return 1
    a = yield from tree(depth - 1)
    b = yield from tree(depth - 1)
    return a + b


def thrower():
    try:
        yield from inner(10)
    except KeyError as e:
        yield "outer caught %s" % e


def delegating_close(log):
    def sub():
        try:
            yield 1
            yield 2
        finally:
            log.append("sub closed")
    try:
        yield from sub()
    finally:
        log.append("outer closed")


def main():
    g = outer()
    vals = [next(g)]
    try:
        i = 0
        while True:
            vals.append(g.send(i * 10))
            i += 1
    except StopIteration:
        pass
    print(vals)
    nested = [1, [2, [3, [4, [5]]], 6], [[7], 8], list(range(9, 15))]
    print(list(flatten(nested)))
    t = tree(11)
    count = 0
    try:
        while True:
            next(t)
            count += 1
    except StopIteration as e:
        print(count, e.value)
    th = thrower()
    print(next(th), next(th))
    print(th.throw(KeyError("x")))
    log = []
    dc = delegating_close(log)
    next(dc)
    dc.close()
    print(log)
    # yield from non-generator iterables
    def chain(*its):
        for it in its:
            yield from it
    s = 0
    for v in chain(range(3000), [1, 2, 3], "abc", {7: 1}, (x * 2 for x in range(2000))):
        if isinstance(v, int):
            s += v
    print(s)
    # return value of yield from over an exhausted iterator is None
    def ret_none():
        r = yield from []
        return r
    try:
        next(ret_none())
    except StopIteration as e:
        print("value", e.value)
    # deep delegation chain in a hot loop
    def level(k):
        if k == 0:
            for i in range(5000):
                yield i
        else:
            yield from level(k - 1)
    print(sum(level(8)))


main()
