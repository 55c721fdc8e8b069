# Float special values: inf, nan, -0.0, repr/str of floats, rounding, conversions,
# comparisons involving nan, math functions at edges.
import math


def main():
    inf = float("inf")
    nan = float("nan")
    print(inf, -inf, nan, -0.0, 0.0, inf + 1, inf - inf, inf * 0, -inf < 0 < inf)
    print(nan == nan, nan != nan, nan < 1, nan > 1, math.isnan(nan), math.isinf(-inf), inf == inf)
    print(-0.0 == 0.0, math.copysign(1.0, -0.0), 1 / inf, -1 / inf, str(-0.0), repr(0.0 * -1))
    print(repr(0.1), repr(0.1 + 0.2), repr(1 / 3), repr(2 / 3), repr(1e22), repr(1e23), repr(1.5e-310))
    print(repr(123456789012345678.0), repr(1e16), repr(9999999999999998.0), repr(0.000001), repr(0.0000001))
    print(float("1e308") * 10, -float("1e308") * 10, 5e-324, 5e-324 / 2, 2.2250738585072014e-308)
    print(float("  -1.5  "), float("infinity"), float("-Inf"), float("nan") != 0, float(10 ** 20))
    print(round(2.675, 2), round(1e300, -300), round(-0.5), round(0.5), round(1.5), round(-1.5))
    print(int(1e18), math.floor(-0.5), math.trunc(-1.9), math.ceil(1e-300), (7.0).is_integer())
    print((0.1).as_integer_ratio(), (0.5).hex(), float.fromhex("0x1.8p1"), (3.75).hex())
    print(max(nan, 1), max(1, nan), min(inf, nan), sorted([3.0, -0.0, 0.0, -inf, inf]))
    print(math.fmod(-7, 3), -7 % 3.0, math.fmod(7, -3), 7 % -3.0)
    print(math.hypot(3, 4), math.sqrt(-0.0), math.exp(-1000), math.log(1e-320), math.atan2(0.0, -0.0))
    for bad in (lambda: math.sqrt(-1), lambda: math.log(0), lambda: float("abc"), lambda: int(inf),
                lambda: int(nan), lambda: 1.0 / 0, lambda: 10.0 ** 400, lambda: math.exp(1000)):
        try:
            print("no error", bad())
        except (ValueError, ZeroDivisionError, OverflowError) as e:
            print(type(e).__name__, e)
    # a hot loop that walks into inf and nan
    x = 1.0
    first_inf = None
    for i in range(3000):
        x *= 1.5
        if first_inf is None and math.isinf(x):
            first_inf = i
    print(x, first_inf, x - x, x * 0)
    # underflow to zero and denormals
    y = 1.0
    steps = 0
    while y > 0:
        y /= 2
        steps += 1
    print(steps, y, repr(y), math.copysign(1, y))
    z = -1e-300
    for i in range(2000):
        z *= 0.5
    print(z, math.copysign(1, z), z == 0)
    # summing values with cancellation
    s = 0.0
    for i in range(10000):
        s += 0.1 if i % 2 == 0 else -0.1
    print(repr(s), repr(math.fsum([0.1, -0.1] * 5000)))
    vals = [1e308, 1e308, -1e308]
    print(sum(vals), math.fsum([1e308, -1e308, 1.0]))
    print(float("0.25"), f"{nan:.2f} {inf:e} {-inf:g} {-0.0:.1f}")
    print(hash(0.0) == hash(-0.0), hash(1.0) == hash(1), hash(inf), {0.0: "a", -0.0: "b"})


main()
