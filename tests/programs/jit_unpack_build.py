# Tuples and lists built and unpacked in hot loops: swaps through tuples,
# unpacking tuples and lists of points, nested unpacking, lists built and
# appended to, and unpacking a sequence of the wrong length inside a traced
# loop (ValueError, both too many and too few values).


def fib_pairs(n):
    a, b = 0, 1
    for i in range(n):
        a, b = b, (a + b) % 1000003
    return a


def rotate(n):
    x, y, z = 1, 2, 3
    for i in range(n):
        x, y, z = y, z, (x + i) % 97
    return x, y, z


def points(n):
    pts = [(i, i * i % 17) for i in range(50)]
    sx = sy = 0
    for i in range(n):
        x, y = pts[i % 50]
        sx += x
        sy -= y
    return sx, sy


def nested(n):
    data = [((i, i + 1), [i * 2, (i * 3, i * 4)]) for i in range(20)]
    acc = 0
    for i in range(n):
        (a, b), [c, (d, e)] = data[i % 20]
        acc += a - b + c - d + e
    return acc


def build(n):
    out = []
    for i in range(n):
        pair = [i % 7, i % 11]
        t = (pair[0], pair[1], i)
        out.append(t[0] + t[1] + t[2])
        lo, hi = sorted(pair)
        out.append(hi - lo)
    return sum(out), len(out)


def wrong_length(n):
    seqs = [(1, 2), [3, 4], (5, 6, 7), (8,)]
    good = bad = 0
    msgs = set()
    for i in range(n):
        s = seqs[0 if i % 500 else (2 if i % 1000 else 3)] if i > 100 else seqs[i % 2]
        try:
            a, b = s
            good += a * b
        except ValueError as e:
            bad += 1
            msgs.add(str(e))
    return good, bad, sorted(msgs)


def unpack_list_changing(n):
    lst = [1, 2]
    total = 0
    for i in range(n):
        a, b = lst
        total += a - b
        if i == n // 2:
            lst.append(3)
            try:
                a, b = lst
            except ValueError as e:
                print("list grew:", e)
            lst.pop(0)
    return total


print("fib pairs", fib_pairs(20000))
print("rotate", rotate(20000))
print("points", points(20000))
print("nested", nested(10000))
print("build", build(10000))
print("wrong length", wrong_length(6000))
print("unpack list changing", unpack_list_changing(6000))
