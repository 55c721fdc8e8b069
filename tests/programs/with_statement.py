# with statement: __enter__/__exit__, exception info, suppression, multiple managers,
# contextlib helpers.
import contextlib


class Tracker:
    def __init__(self, name, log, suppress=()):
        self.name = name
        self.log = log
        self.suppress = suppress

    def __enter__(self):
        self.log.append("enter " + self.name)
        return self.name.upper()

    def __exit__(self, exc_type, exc, tb):
        self.log.append("exit %s %s %s" % (self.name, exc_type.__name__ if exc_type else None,
                                          exc.args if exc else None))
        return exc_type is not None and issubclass(exc_type, self.suppress)


class Lock:
    def __init__(self):
        self.held = False
        self.count = 0

    def __enter__(self):
        assert not self.held
        self.held = True
        self.count += 1

    def __exit__(self, *args):
        self.held = False


def main():
    log = []
    with Tracker("a", log) as v:
        log.append("body " + v)
    print(log)
    log = []
    with Tracker("s", log, suppress=(KeyError,)):
        raise KeyError("gone")
    log.append("after")
    print(log)
    log = []
    try:
        with Tracker("p", log, suppress=(KeyError,)):
            raise ValueError("kept")
    except ValueError as e:
        log.append("caught " + str(e))
    print(log)
    log = []
    with Tracker("x", log) as x, Tracker("y", log, suppress=(IndexError,)) as y:
        log.append(x + y)
        raise IndexError(1)
    print(log)
    lock = Lock()
    total = 0
    for i in range(5000):
        with lock:
            total += i
    print(total, lock.count, lock.held)
    suppressed = 0
    for i in range(3000):
        with contextlib.suppress(ZeroDivisionError):
            total += 10 // (i % 4)
            continue
        suppressed += 1
    print(total, suppressed)

    @contextlib.contextmanager
    def tag(name, out):
        out.append("<%s>" % name)
        try:
            yield name
        finally:
            out.append("</%s>" % name)
    out = []
    with tag("html", out):
        with tag("body", out) as b:
            out.append(b.upper())
    print("".join(out))
    with contextlib.ExitStack() as stack:
        names = [stack.enter_context(Tracker(str(i), log)) for i in range(3)]
        stack.callback(log.append, "callback")
    print(names, log[-4:])
    # __exit__ receiving the exception and returning a truthy non-bool
    class Truthy:
        def __enter__(self):
            return self

        def __exit__(self, *a):
            return 1
    with Truthy():
        raise RuntimeError
    print("truthy suppressed")
    # with and break/continue/return interplay
    log = []
    for i in range(4):
        with Tracker(str(i), log):
            if i == 1:
                continue
            if i == 3:
                break
    print(log)
    try:
        with 5:
            pass
    except TypeError as e:
        print("TypeError", e)


main()
