# try/except/else/finally ordering, exception matching, re-raise, bare except, attributes.


class AppError(Exception):
    def __init__(self, code, msg):
        super().__init__(msg)
        self.code = code


class SubError(AppError):
    pass


def risky(i):
    if i % 5 == 0:
        raise SubError(i, "sub %d" % i)
    if i % 7 == 0:
        raise AppError(i, "app %d" % i)
    if i % 11 == 0:
        raise KeyError(i)
    if i % 13 == 0:
        return 1 // 0
    return i


def classify(i, log):
    try:
        r = risky(i)
    except SubError as e:
        log.append("S")
        return -e.code
    except AppError as e:
        log.append("A")
        return -e.code * 2
    except (KeyError, ZeroDivisionError) as e:
        log.append(type(e).__name__[0])
        return 0
    else:
        log.append("e")
        return r
    finally:
        log.append("f")


def reraise(i):
    try:
        risky(i)
    except Exception:
        raise


def main():
    log = []
    total = 0
    for i in range(1, 3000):
        total += classify(i, log)
    print(total, len(log), "".join(log[:40]))
    counts = {}
    for ch in log:
        counts[ch] = counts.get(ch, 0) + 1
    print(sorted(counts.items()))
    try:
        reraise(5)
    except AppError as e:
        print(type(e).__name__, e.code, e.args, str(e))
    try:
        try:
            raise TypeError("inner")
        finally:
            print("cleanup runs")
    except TypeError as e:
        print("caught", e)
    e = None
    try:
        raise ValueError("x")
    except ValueError as e:
        pass
    try:
        print(e)
    except NameError as ne:
        print("NameError: the except target is deleted:", ne)
    try:
        raise IndexError
    except:  # noqa: E722
        print("bare except")
    try:
        try:
            raise KeyError("a")
        except KeyError:
            raise ValueError("b")
    except ValueError as ve:
        print(repr(ve), repr(ve.__context__))
    try:
        raise AppError(3, "m") from None
    except AppError as ae:
        print(ae.__cause__, ae.__suppress_context__, ae.code)
    x = 0
    for i in range(4000):
        try:
            x += 1
        finally:
            x += 1
    print(x)
    print(repr(ValueError()), repr(ValueError(1, 2)), str(KeyError("k")), str(OSError(2, "No such")))
    ex = RuntimeError("a", "b")
    print(ex.args, str(ex), len(ex.args))
    print(issubclass(SubError, Exception), isinstance(SubError(1, "m"), AppError))


main()
