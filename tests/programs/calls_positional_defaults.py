# Parameter kinds: positional-only, defaults, keyword-only, mixed call forms.


def posonly(a, b, /, c, d=10, *, e, f=20):
    return a * 1000 + b * 100 + c * 10 + d + e * 7 + f * 3


def only_kw(*, x, y=2):
    return x - y


def defaults(a, b=1, c=2, d=3):
    return (a, b, c, d)


def posonly_defaults(a, b=5, /):
    return a * b


def main():
    total = 0
    for i in range(3000):
        total += posonly(i, 2, 3, e=i % 7)
        total += posonly(1, i, c=4, d=i % 5, e=1, f=i % 3)
        total += only_kw(x=i)
        total += only_kw(y=i, x=3)
        total += posonly_defaults(i)
        total += posonly_defaults(i, 3)
        if i % 500 == 0:
            print(i, total, defaults(i), defaults(i, c=i + 1), defaults(d=0, a=i))
    print("total", total)

    # errors from bad calls
    bad_calls = [
        lambda: posonly(a=1, b=2, c=3, e=4),
        lambda: posonly(1, 2, 3, 4, 5, e=1),
        lambda: posonly(1, 2, 3),
        lambda: only_kw(1),
        lambda: only_kw(x=1, z=2),
        lambda: defaults(),
        lambda: defaults(1, a=2),
        lambda: posonly_defaults(1, 2, 3),
    ]
    for k, bad in enumerate(bad_calls):
        try:
            bad()
        except TypeError as e:
            print(k, "TypeError", e)

    # introspection of defaults
    print(posonly.__defaults__, posonly.__kwdefaults__)
    print(defaults.__defaults__, only_kw.__kwdefaults__)
    print(posonly.__code__.co_posonlyargcount, posonly.__code__.co_kwonlyargcount,
          posonly.__code__.co_argcount)


main()
