# raise ... from ..., implicit chaining via __context__, __suppress_context__, with_traceback-free checks.


class ParseError(Exception):
    pass


def parse(s):
    try:
        return int(s)
    except ValueError as e:
        raise ParseError("cannot parse %r" % s) from e


def implicit(s):
    try:
        return int(s)
    except ValueError:
        raise ParseError("implicit " + s)


def suppressed(s):
    try:
        return int(s)
    except ValueError:
        raise ParseError("suppressed " + s) from None


def chain_len(e):
    n = 0
    while e is not None:
        n += 1
        e = e.__cause__ or e.__context__
    return n


def deep(n):
    if n == 0:
        raise KeyError("root")
    try:
        deep(n - 1)
    except Exception as e:
        raise RuntimeError("level %d" % n) from (e if n % 2 else None)


def in_finally():
    try:
        raise ValueError("first")
    finally:
        try:
            raise TypeError("second")
        except TypeError as t:
            return repr(t.__context__)


def main():
    ok = bad = 0
    for i in range(3000):
        s = str(i) if i % 4 else "x%d" % i
        try:
            ok += parse(s)
        except ParseError as e:
            bad += 1
            assert isinstance(e.__cause__, ValueError)
            assert e.__context__ is e.__cause__
    print(ok, bad)
    for fn in (parse, implicit, suppressed):
        try:
            fn("zz")
        except ParseError as e:
            print(fn.__name__, repr(e), repr(e.__cause__), repr(e.__context__),
                  e.__suppress_context__, chain_len(e))
    try:
        deep(5)
    except RuntimeError as e:
        trail = []
        while e is not None:
            trail.append((str(e), e.__cause__ is not None, e.__suppress_context__))
            e = e.__context__
        print(trail)
    print(in_finally())
    e1 = ValueError("v")
    e2 = TypeError("t")
    e2.__cause__ = e1
    print(e2.__suppress_context__, repr(e2.__cause__))
    try:
        raise e2
    except TypeError as caught:
        print(caught is e2, repr(caught.__cause__))
    try:
        try:
            1 / 0
        except ZeroDivisionError as z:
            raise z
    except ZeroDivisionError as z2:
        print("re-raised same", z2.__context__)
    try:
        raise ValueError("a") from KeyError
    except ValueError as v:
        print(type(v.__cause__).__name__)
    try:
        raise ValueError("bad cause") from 5
    except TypeError as t:
        print("TypeError", t)


main()
