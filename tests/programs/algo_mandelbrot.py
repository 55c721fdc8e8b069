# Mandelbrot set with floats and with complex numbers, ASCII output.


def mandel_float(cx, cy, limit):
    x = y = 0.0
    for i in range(limit):
        x2, y2 = x * x, y * y
        if x2 + y2 > 4.0:
            return i
        y = 2.0 * x * y + cy
        x = x2 - y2 + cx
    return limit


def mandel_complex(c, limit):
    z = 0j
    for i in range(limit):
        z = z * z + c
        if abs(z) > 2.0:
            return i
    return limit


def main():
    w, h, limit = 48, 20, 40
    total = 0
    rows = []
    for j in range(h):
        cy = -1.2 + 2.4 * j / (h - 1)
        line = []
        for i in range(w):
            cx = -2.1 + 2.8 * i / (w - 1)
            n = mandel_float(cx, cy, limit)
            total += n
            line.append(" .:-=+*#%@"[min(n, limit - 1) * 10 // limit])
        rows.append("".join(line))
    print("\n".join(rows))
    print(total)
    ctotal = 0
    diffs = 0
    for j in range(15):
        for i in range(30):
            c = complex(-2.0 + 2.5 * i / 29, -1.0 + 2.0 * j / 14)
            a = mandel_complex(c, 30)
            b = mandel_float(c.real, c.imag, 30)
            ctotal += a
            diffs += a != b
    print(ctotal, diffs)
    z = complex(1, 2)
    print(z * z, z.conjugate(), abs(3 + 4j), z / (1 - 1j), (1j) ** 2, complex("1+2j"), z.real, z.imag)


main()
