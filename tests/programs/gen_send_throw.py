# Generator send(), throw(), close(), GeneratorExit, gi_running-ish behavior.


def accumulator():
    total = 0
    count = 0
    while True:
        try:
            value = yield total
        except ValueError as e:
            total = -1
            yield "reset:%s" % e
            continue
        if value is None:
            break
        total += value
        count += 1
    return (total, count)


def averager():
    total = 0.0
    n = 0
    avg = None
    while True:
        x = yield avg
        total += x
        n += 1
        avg = total / n


def closer(log):
    try:
        while True:
            yield len(log)
    except GeneratorExit:
        log.append("closed")
        raise
    finally:
        log.append("finally")


def stubborn():
    while True:
        try:
            yield 1
        except GeneratorExit:
            yield "no"


def catch_all():
    while True:
        try:
            yield
        except KeyError as e:
            print("caught KeyError", e)
        except Exception as e:
            print("caught", type(e).__name__)
            return "ended"


def main():
    acc = accumulator()
    print(next(acc))
    for i in range(1, 6000):
        r = acc.send(i)
    print(r)
    print(acc.throw(ValueError("bad")))
    print(next(acc))
    print(acc.send(5), acc.send(6))
    try:
        acc.send(None)
    except StopIteration as e:
        print("returned", e.value)
    av = averager()
    next(av)
    last = None
    for i in range(4000):
        last = av.send(i % 17)
    print(round(last, 6))
    log = []
    c = closer(log)
    for _ in range(3):
        next(c)
    c.close()
    print(log)
    c.close()  # closing twice is fine
    print(log)
    try:
        next(c)
    except StopIteration:
        print("closed gen stops")
    s = stubborn()
    next(s)
    try:
        s.close()
    except RuntimeError as e:
        print("RuntimeError", e)
    ca = catch_all()
    next(ca)
    ca.throw(KeyError("k"))
    try:
        ca.throw(ZeroDivisionError)
    except StopIteration as e:
        print("stop", e.value)
    fresh = accumulator()
    try:
        fresh.send(3)
    except TypeError as e:
        print("TypeError", e)
    fresh2 = accumulator()
    try:
        fresh2.throw(IndexError("early"))
    except IndexError as e:
        print("IndexError", e)
    # throw with a type and a value
    g = catch_all()
    next(g)
    g.throw(KeyError, KeyError("pair"))
    # send many values through a chain of generators
    def relay(target):
        while True:
            v = yield
            target.send(v * 2)
    sink_vals = []

    def sink():
        while True:
            v = yield
            sink_vals.append(v)
    sk = sink()
    next(sk)
    rl = relay(sk)
    next(rl)
    for i in range(3000):
        rl.send(i)
    print(len(sink_vals), sum(sink_vals))


main()
