# Exceptions raised and caught inside hot loops: EAFP dict access, StopIteration,
# conversion failures, exceptions escaping nested loops.


def safe_div(a, b):
    try:
        return a // b
    except ZeroDivisionError:
        return None


def main():
    d = {}
    misses = 0
    for i in range(6000):
        k = i % 50
        try:
            d[k] += 1
        except KeyError:
            misses += 1
            d[k] = 1
    print(misses, sum(d.values()), d[7])
    nones = 0
    acc = 0
    for i in range(-2000, 2000):
        r = safe_div(1000, i % 10)
        if r is None:
            nones += 1
        else:
            acc += r
    print(nones, acc)
    tokens = ["12", "x", "3.5", "-7", "", "1e3", "42"] * 500
    ints = floats = fails = 0
    for t in tokens:
        try:
            ints += int(t)
        except ValueError:
            try:
                floats += float(t)
            except ValueError:
                fails += 1
    print(ints, floats, fails)
    # manual iteration with StopIteration
    it = iter(range(3000))
    s = 0
    while True:
        try:
            s += next(it)
        except StopIteration:
            break
    print(s)
    # exception escaping nested loops
    found = None
    try:
        for a in range(100):
            for b in range(100):
                if a * b == 3431:
                    raise LookupError((a, b))
    except LookupError as e:
        found = e.args[0]
    print(found)
    # raise in a loop, catch outside each iteration, with else/finally counting
    counts = [0, 0, 0]
    for i in range(5000):
        try:
            if i % 3 == 0:
                raise ValueError
        except ValueError:
            counts[0] += 1
        else:
            counts[1] += 1
        finally:
            counts[2] += 1
    print(counts)
    # attribute errors in a loop
    objs = [1, "s", [1], None, 2.5] * 600
    has = 0
    for o in objs:
        try:
            o.real
            has += 1
        except AttributeError:
            pass
    print(has)
    # IndexError-driven loop termination
    data = list(range(2500))
    i = 0
    total = 0
    try:
        while True:
            total += data[i]
            i += 1
    except IndexError as e:
        print(total, i, e)


main()
