# Float arithmetic in hot loops: numerical integration, Newton iterations, a tiny
# n-body step, mixed int/float operations, formatting of results.
import math


def integrate(f, a, b, n):
    h = (b - a) / n
    s = 0.5 * (f(a) + f(b))
    for i in range(1, n):
        s += f(a + i * h)
    return s * h


def newton_sqrt(v, iters):
    x = v if v > 1 else 1.0
    for _ in range(iters):
        x = 0.5 * (x + v / x)
    return x


def nbody(steps):
    bodies = [
        [0.0, 0.0, 0.0, 0.0, 10.0],
        [1.0, 0.0, 0.0, 3.0, 0.1],
        [-2.0, 0.0, 0.0, -2.2, 0.2],
        [0.0, 3.5, 1.6, 0.0, 0.05],
    ]
    dt = 0.001
    for _ in range(steps):
        for i in range(len(bodies)):
            bi = bodies[i]
            for j in range(i + 1, len(bodies)):
                bj = bodies[j]
                dx = bj[0] - bi[0]
                dy = bj[1] - bi[1]
                d2 = dx * dx + dy * dy + 0.01
                inv = 1.0 / (d2 * math.sqrt(d2))
                bi[2] += dx * bj[4] * inv * dt
                bi[3] += dy * bj[4] * inv * dt
                bj[2] -= dx * bi[4] * inv * dt
                bj[3] -= dy * bi[4] * inv * dt
        for b in bodies:
            b[0] += b[2] * dt
            b[1] += b[3] * dt
    return bodies


def main():
    print("%.12f" % integrate(math.sin, 0.0, math.pi, 5000))
    print("%.12f" % integrate(lambda x: x * x, 0.0, 3.0, 4000))
    print([newton_sqrt(v, 30) for v in (2.0, 10.0, 0.25, 1e10)])
    bodies = nbody(600)
    for b in bodies:
        print(" ".join("%.9f" % v for v in b))
    acc = 0.0
    for i in range(1, 6000):
        acc += (i % 7) / i - (i // 3) * 1e-4 + i ** 0.5 / 100
    print(repr(acc))
    mixed = 0
    for i in range(4000):
        mixed = mixed + i * 0.5  # int + float -> float
        mixed -= i // 2
    print(repr(mixed), type(mixed).__name__)
    print(0.1 * 3, 1.1 + 2.2, 3.0 * 1.1, 1e-10 + 1, 2.0 ** 0.5, 10 ** -3, 7.0 // 2, 7.5 % 2)
    print(math.pi * 1e10, math.e ** 20, 1 / 7, 22 / 7 - math.pi, float(1 << 60) + 1.0)
    lo, hi = 0.0, 2.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if mid * mid < 2:
            lo = mid
        else:
            hi = mid
    print(repr(lo), repr(hi), lo == math.sqrt(2))
    # Kahan summation vs naive
    naive = 0.0
    comp = 0.0
    total = 0.0
    for i in range(20000):
        v = 1.0 / (i + 1)
        naive += v
        y = v - comp
        t = total + y
        comp = (t - total) - y
        total = t
    print(repr(naive), repr(total), repr(math.fsum(1.0 / (i + 1) for i in range(20000))))


main()
