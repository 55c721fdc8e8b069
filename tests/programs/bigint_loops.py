# Integers crossing machine-word boundaries (2**63, 2**64) inside hot loops, and back.


def main():
    # grows past 2**63 in the middle of the loop
    x = 1
    crossed_at = None
    for i in range(3000):
        x = x * 3 + 1
        if crossed_at is None and x >= 2 ** 63:
            crossed_at = i
        if i % 500 == 0:
            print(i, x.bit_length(), x % 1000000007)
    print("crossed", crossed_at, x.bit_length(), x % 998244353)
    # additions that overflow int64 exactly at the boundary
    v = 2 ** 63 - 5000
    for i in range(10000):
        v += 1
    print(v, v - 2 ** 63, type(v).__name__)
    # negative boundary
    n = -(2 ** 63) + 3000
    for i in range(6000):
        n -= 1
    print(n, n + 2 ** 63)
    # multiplication overflow then shrink back to small
    big = 1
    for i in range(1, 2001):
        big *= i
        if big > 2 ** 100:
            big //= 2 ** 90
    print(big, big.bit_length())
    # mixing big and small in a sum, result shrinks
    s = 0
    for i in range(5000):
        s += 2 ** 64 if i % 2 == 0 else -(2 ** 64)
        s += i
    print(s)
    # hashing-style arithmetic with masking at 64 bits
    h = 0xCBF29CE484222325
    for i in range(20000):
        h ^= i & 0xFF
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    print(h, hex(h))
    # unmasked: grows without bound
    acc = 1
    for i in range(2000):
        acc = acc * 2 + (i & 1)
    print(acc.bit_length(), acc % 10 ** 12, str(acc)[:20])
    # fib with big results and comparisons across the boundary
    a, b = 0, 1
    count_big = 0
    for i in range(4000):
        a, b = b, a + b
        if a > 9223372036854775807:
            count_big += 1
    print(count_big, len(str(a)), a % 10 ** 9)
    print(2 ** 63 - 1 + 1, -(2 ** 63) - 1, (2 ** 64) // 3, (2 ** 64) % 1000, -(2 ** 70) // 7, -(2 ** 70) % 7)
    print((2 ** 63) * (2 ** 63), 2 ** 127 - 1 == (1 << 127) - 1, abs(-(2 ** 64)), (2 ** 64) >> 1, -(2 ** 64) >> 63)
    print(int(2.0 ** 70), float(2 ** 70), 2 ** 64 == 2.0 ** 64, 2 ** 53 + 1 == float(2 ** 53 + 1))
    print(divmod(-(10 ** 30), 7 ** 20), pow(7, 10 ** 5, 2 ** 64 + 13), (10 ** 40) // (10 ** 20))
    # shift loops
    y = 1
    for i in range(200):
        y <<= 1
        if y.bit_length() > 150:
            y >>= 100
    print(y)


main()
