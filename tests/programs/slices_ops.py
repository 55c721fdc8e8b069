# Slicing: get/set/del with steps and negative indices on lists, strings, tuples,
# bytes; slice objects; extended slice assignment errors.


def main():
    a = list(range(20))
    print(a[2:8], a[::3], a[::-1][:5], a[-5:], a[:-15], a[15:3:-2], a[100:], a[-100:2])
    print(a[slice(1, 10, 4)], a[slice(None)], slice(1, 10, 2).indices(7))
    s = "abcdefghijklmnop"
    print(s[::2], s[::-3], s[3:-3], s[-1:-6:-1], s[5:2], s[::-1][::-1] == s)
    t = tuple(range(10))
    print(t[1::2], t[-3:], t[:0])
    b = bytes(range(65, 75))
    print(b[2:6], b[::-2], b[3], bytearray(b)[1:3])
    b2 = a[:]
    b2[2:5] = ["x", "y"]
    print(b2[:8], len(b2))
    b2[::4] = [-1] * len(b2[::4])
    print(b2[:10])
    del b2[::3]
    print(b2, len(b2))
    del b2[1:4]
    print(b2)
    b2[len(b2):] = [100, 101]
    b2[:0] = ["start"]
    print(b2)
    try:
        b2[::2] = [1, 2]
    except ValueError as e:
        print("ValueError", e)
    c = list(range(10))
    c[2:8:2] = "abc"
    print(c)
    c[::-1] = range(10)
    print(c)
    ba = bytearray(b"hello world")
    ba[0:5] = b"HELLO"
    del ba[5:6]
    ba[::2] = ba[::2].upper()
    print(ba)
    total = 0
    data = list(range(200))
    for i in range(3000):
        lo = i % 150
        chunk = data[lo:lo + 10:3]
        total += sum(chunk) + len(data[lo::-7])
    print(total)
    buf = [0] * 100
    for i in range(4000):
        k = i % 90
        buf[k:k + 5] = [i, i, i, i, i]
    print(sum(buf), buf[:6])
    text = "the quick brown fox jumps over the lazy dog" * 3
    acc = 0
    for i in range(3000):
        j = i % len(text)
        acc += len(text[j:j + 7]) + text[j - 1:j + 1].count("o")
    print(acc)
    sl = slice(2, None, -1)
    print(a[sl], sl.start, sl.stop, sl.step, repr(sl))
    class Rec:
        def __getitem__(self, k):
            return k
    r = Rec()
    print(r[1:2], r[::3], r[1:2, ::-1], r[...], r[:])


main()
