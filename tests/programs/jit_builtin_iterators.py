# Hot loops over builtin iterators: enumerate, zip, dicts and their views,
# strings, sets, map, reversed, and guest generators.  A generator that
# raises in the middle, one left unfinished by a break, and a dict changed
# while iterated (RuntimeError) are in it too; and a dict that is empty in
# the first calls and not later: an iterator step that a trace guards on
# must not be taken twice when the guard fails (an item was skipped once).


def gen(n, fail_at=-1):
    i = 0
    while i < n:
        if i == fail_at:
            raise ValueError("generator failed at %d" % i)
        yield i * 3
        i += 1


def builtin_iterators(n):
    xs = list(range(50))
    d = {i: i * i for i in range(40)}
    s = {1, 5, 9}
    total = 0
    for k in range(n):
        for i, x in enumerate(xs[:5], k % 3):
            total += i * x
        for a, b in zip(xs, xs[1:4]):
            total += a - b
        for key in d:
            total += key
        for key, v in d.items():
            total ^= v
        for v in d.values():
            total += v & 1
        for ch in "abc":
            total += ord(ch)
        for v in s:
            total += v
        for v in map(abs, (-1, -2, k)):
            total += v
        for v in reversed(xs[:3]):
            total -= v
    return total


def generators(n):
    total = 0
    for v in gen(n * 10):
        total += v
    for v in gen(n):
        if v > 300:
            break
        total += v
    try:
        for v in gen(n, fail_at=n // 2):
            total += v
    except ValueError as e:
        print("ValueError", e)
    return total


def changed_while_iterated(n):
    d = {i: i for i in range(5)}
    seen = 0
    try:
        for k in range(n):
            for key in d:
                seen += key
                if k == n - 2 and key == 3:
                    d[99] = 0
    except RuntimeError as e:
        print("RuntimeError", e, seen)


def keyword_sum(a, **extra):
    s = a
    for v in extra.values():
        s += v
    return s


def empty_then_not(n):
    acc = 0
    for i in range(n):
        acc += keyword_sum(i) if i < n // 2 else keyword_sum(i, x=i % 3, y=1)
    return acc


print(builtin_iterators(2000))
print(empty_then_not(4000))
print(generators(2000))
changed_while_iterated(2000)
