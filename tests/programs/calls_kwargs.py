# *args, **kwargs and f(*a, **k) call forms.


def collect(*args, **kwargs):
    return len(args), sum(args), sorted(kwargs.items())


def mixed(a, b=2, *rest, key=None, **extra):
    s = a + b + sum(rest)
    if key is not None:
        s += key
    for v in extra.values():
        s += v
    return s


def forward(*args, **kwargs):
    return mixed(*args, **kwargs)


def kw_names(**kw):
    return ",".join(kw)


def main():
    acc = 0
    for i in range(4000):
        args = (i, i + 1, i + 2)
        kw = {"key": i % 3, "z": 1}
        acc += mixed(*args, **kw)
        acc += forward(i, *args[1:], key=2)
        acc += forward(*args, **{"q": 5})
        acc += mixed(i)
        acc += mixed(b=i, a=1)
        n, s, items = collect(*range(i % 6), x=i, **{"y": 2})
        acc += n + s + items[0][1]
        if i % 800 == 0:
            print(i, acc, collect(i, *[1, 2], *(3,), a=1, **{"b": 2}, c=3))
    print("acc", acc)
    print(kw_names(c=1, a=2, b=3), kw_names(**{"zz": 1, "aa": 2}))
    d1 = {"a": 1}
    d2 = {"b": 2}
    print(collect(**d1, **d2))
    try:
        collect(**d1, **{"a": 3})
    except TypeError as e:
        print("TypeError", e)
    try:
        mixed(1, a=2)
    except TypeError as e:
        print("TypeError", e)
    try:
        collect(**{1: 2})
    except TypeError as e:
        print("TypeError", e)
    # args tuple identity/type
    def show(*a, **k):
        return type(a).__name__, type(k).__name__, a, k
    print(show(*[1, 2], **dict(x=1)))
    # generators as star-args
    print(collect(*(x * x for x in range(5))))
    print(mixed(*"\x01\x02".encode()))


main()
