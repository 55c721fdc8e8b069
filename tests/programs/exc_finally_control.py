# try/finally with return, break and continue inside; finally overriding returns.


def ret_in_try(log):
    try:
        log.append("try")
        return "try"
    finally:
        log.append("finally")


def finally_overrides():
    try:
        return "try"
    finally:
        return "finally"  # noqa: B012


def finally_swallows():
    try:
        raise ValueError("lost")
    finally:
        return "swallowed"  # noqa: B012


def break_in_try():
    out = []
    for i in range(10):
        try:
            if i == 4:
                break
            out.append(i)
        finally:
            out.append(-i)
    return out


def continue_in_try():
    total = 0
    fin = 0
    for i in range(5000):
        try:
            if i % 2:
                continue
            total += i
        finally:
            fin += 1
    return total, fin


def break_in_finally():
    n = 0
    for i in range(10):
        try:
            if i >= 3:
                raise KeyError(i)
        finally:
            n += 1
            if i == 3:
                break  # noqa: B012
    return n


def continue_in_finally():
    n = 0
    for i in range(3000):
        try:
            if i % 5 == 0:
                raise ValueError
        finally:
            n += 1
            continue  # noqa: B012
    return n


def nested_finally(log):
    for i in range(3):
        try:
            try:
                if i == 1:
                    continue
                if i == 2:
                    return "ret%d" % i
            finally:
                log.append("inner%d" % i)
        finally:
            log.append("outer%d" % i)
    return "end"


def while_return():
    i = 0
    while True:
        try:
            i += 1
            if i > 2500:
                return i
        finally:
            if i % 1000 == 0:
                pass


def counter_with_finally(n):
    total = 0
    for i in range(n):
        try:
            try:
                if i % 3 == 0:
                    raise ValueError
                total += 1
            finally:
                total += 2
        except ValueError:
            total += 3
    return total


def main():
    log = []
    print(ret_in_try(log), log)
    print(finally_overrides(), finally_swallows())
    print(break_in_try(), continue_in_try())
    print(break_in_finally(), continue_in_finally())
    log = []
    print(nested_finally(log), log)
    print(while_return(), counter_with_finally(6000))
    # with + return inside loop
    class CM:
        exits = 0

        def __enter__(self):
            return self

        def __exit__(self, *a):
            CM.exits += 1
            return False

    def find(n):
        for i in range(n):
            with CM():
                if i == n - 1:
                    return i
    print(find(3000), CM.exits)


main()
