# ExceptionGroup and except*.


def make_group(i):
    excs = []
    if i % 2 == 0:
        excs.append(ValueError(i))
    if i % 3 == 0:
        excs.append(TypeError(i))
    if i % 5 == 0:
        excs.append(ExceptionGroup("inner", [KeyError(i), ValueError(-i)]))
    if not excs:
        excs.append(OSError(i))
    return ExceptionGroup("g%d" % i, excs)


def handle(i, counts):
    try:
        raise make_group(i)
    except* ValueError as eg:
        counts["V"] += len(eg.exceptions)
        counts["Vleaf"] += sum(1 for _ in leaves(eg))
    except* TypeError as eg:
        counts["T"] += len(eg.exceptions)
    except* (KeyError, OSError) as eg:
        counts["KO"] += len(eg.exceptions)


def leaves(eg):
    for e in eg.exceptions:
        if isinstance(e, BaseExceptionGroup):
            yield from leaves(e)
        else:
            yield e


def main():
    counts = {"V": 0, "Vleaf": 0, "T": 0, "KO": 0}
    for i in range(2500):
        handle(i, counts)
    print(counts)
    eg = make_group(30)
    print(repr(eg))
    print(str(eg), len(eg.exceptions))
    match, rest = eg.split(ValueError)
    print(repr(match), repr(rest))
    print(repr(eg.subgroup(lambda e: isinstance(e, KeyError))))
    try:
        try:
            raise ExceptionGroup("mix", [ValueError(1), TypeError(2)])
        except* ValueError:
            print("handled the ValueError part")
    except ExceptionGroup as rest_eg:
        print("unhandled rest:", repr(rest_eg))
    try:
        raise ValueError("naked")
    except* ValueError as eg2:
        print("naked wrapped:", repr(eg2))
    try:
        try:
            raise ExceptionGroup("x", [KeyError("k")])
        except* KeyError:
            raise RuntimeError("from handler")
    except ExceptionGroup as g:
        print(repr(g), repr(g.exceptions[0].__context__))
    except RuntimeError as r:
        print("RuntimeError", r)
    beg = BaseExceptionGroup("b", [KeyboardInterrupt(), ValueError()])
    print(type(beg).__name__)
    eg3 = BaseExceptionGroup("c", [ValueError(), TypeError()])
    print(type(eg3).__name__)
    try:
        ExceptionGroup("bad", [])
    except ValueError as e:
        print("ValueError", e)
    derived = eg.derive([ValueError("d")])
    print(repr(derived))


main()
