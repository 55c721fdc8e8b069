# Operators whose traced form once differed from CPython: an int compared with
# a float (exact in CPython, also beyond 2**53, where a double cannot hold
# every int), and in-place operators (`L += x` extends the list that every
# alias sees; an error names the `op=` operator).


def compare_near_2_53(n):
    counts = [0, 0, 0, 0]
    for i in range(n):
        a = 2**53 + (i % 3)         # 2**53, 2**53 + 1, 2**53 + 2
        x = float(a)
        counts[0] += a == x
        counts[1] += a < x + 1.0
        counts[2] += a > x
        counts[3] += -a <= -x
    return counts


def compare_small(n):
    c = 0
    for i in range(n):
        if i < 2500.5 and i * 1.0 == i:
            c += 1
    return c


def extend_alias(n):
    L = []
    M = L
    for i in range(n):
        L += [i]
        if i % 2:
            L *= 1
    return len(M), L is M, M[-3:]


def inplace_errors(n):
    msgs = set()
    a = 0.5
    for i in range(n):
        try:
            a ^= 1
        except TypeError as e:
            msgs.add(str(e))
    return sorted(msgs)


def set_and_dict_inplace(n):
    s = set()
    alias = s
    for i in range(n):
        s |= {i % 17}
    return len(alias), s is alias


for n in (10, 3000):
    print(compare_near_2_53(n))
    print(compare_small(n))
    print(extend_alias(n))
    print(inplace_errors(n))
    print(set_and_dict_inplace(n))
