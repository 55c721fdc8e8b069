# Integer arithmetic: floor division and modulo with negative operands, divmod, pow
# with modulus, bit operations on negatives, shifts, int() conversions, rounding.


def main():
    vals = [-7, -3, -1, 0, 1, 3, 7]
    for a in (-17, -5, 5, 17):
        row = []
        for b in vals:
            if b == 0:
                row.append("ZD")
                continue
            row.append("%d/%d,%d" % (a // b, a % b, divmod(a, b)[0]))
        print(a, " ".join(row))
    print(-7 / 2, 7 / -2, -7 // 2.0, -7 % 2.5, 7 % -2.5, divmod(-7.5, 2), -0.0 // 1)
    print(pow(3, 200, 1000007), pow(-3, 3), pow(2, -2), pow(5, -1, 7), (-2) ** 2, -2 ** 2)
    print(-5 & 0xFF, -5 | 3, -5 ^ 3, ~5, ~-5, -1 >> 10, -256 >> 4, 1 << 70, -(1 << 65) >> 3)
    print(int("-42"), int("ff", 16), int("0b101", 0), int(" 12 "), int(3.99), int(-3.99), int("1_000"))
    print(round(2.5), round(3.5), round(-2.5), round(1234, -2), round(1250, -2), round(0.125, 2))
    print(abs(-10), (-10).bit_length(), (255).to_bytes(2, "big"), int.from_bytes(b"\x01\x00", "little"))
    print(7 // 7, 0 // 5, -0 % 3, True + True, True * 10, False - 1, 10 % True)
    acc = 0
    h = 0
    for i in range(-6000, 6000):
        acc += i // 7 + i % 7 + (i * 3) // -5 - (i % -11)
        h = (h * 31 + (i ^ (i >> 3))) & 0xFFFFFFFF
    print(acc, h)
    x = 12345
    for i in range(1, 5000):
        q, r = divmod(x * i, 97)
        x = (q - r * 3) % 1000003 - 500000
    print(x)
    for a, b in ((1, 0), (5, 0.0), (0, 0)):
        try:
            a // b
        except ZeroDivisionError as e:
            print("ZeroDivisionError", e)
    try:
        5 % 0
    except ZeroDivisionError as e:
        print("ZeroDivisionError", e)
    try:
        divmod(1, 0)
    except ZeroDivisionError as e:
        print("ZeroDivisionError", e)
    try:
        int("abc")
    except ValueError as e:
        print("ValueError", e)
    try:
        1 << -1
    except ValueError as e:
        print("ValueError", e)
    print(sum(range(-100, 101, 3)), max(-3, -1, -2), min(5, 2, key=lambda v: -v))
    gcd_acc = 0
    for i in range(1, 3000):
        a, b = i * 17, (i * 29) % 1000 + 1
        while b:
            a, b = b, a % b
        gcd_acc += a
    print(gcd_acc)


main()
