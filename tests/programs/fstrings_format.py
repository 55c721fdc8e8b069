# f-strings: format specs, conversions, nested replacement fields, = specifier,
# str.format and %-formatting for comparison.


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __format__(self, spec):
        if spec == "short":
            return "$%d" % (self.cents // 100)
        return "$" + format(self.cents / 100, spec or ".2f")

    def __repr__(self):
        return "Money(%d)" % self.cents

    def __str__(self):
        return "%d cents" % self.cents


def main():
    x = 3.14159265
    n = 1234567
    s = "pvmx"
    print(f"{x:.3f} {x:10.2f}| {x:<10.1f}| {x:^10.4}| {x:e} {x:g} {x:%}")
    print(f"{n:,} {n:_} {n:x} {n:X} {n:o} {n:b} {n:#x} {n:#o} {n:+d} {-n:d} {n:010d}")
    print(f"{s!r} {s!s} {s!a} {'ünï'!a} {s:>8} {s:*<8} {s:.2}")
    m = Money(12345)
    print(f"{m} {m!r} {m:short} {m:.1f} {m!s:>12}")
    width, prec = 12, 3
    print(f"[{x:{width}.{prec}f}] [{s:{'^'}{width}}] [{n:{width},}]")
    print(f"{x=} {n = :,} {s=!s}")
    print(f"{'nested ' + f'{n:x}'} {{literal braces}} {[i * 2 for i in range(3)]}")
    d = {"k": 5, "j": [1, 2]}
    print(f"{d['k']} {d['j'][1]} {len(d)}")
    print(f"{3 + 4} {'yes' if n > 5 else 'no'} {(lambda v: v * 2)(21)}")
    print(f"{1e20} {1e-7} {0.1 + 0.2} {2 ** 70} {-0.0} {float('inf')} {float('nan')}")
    print(f"{255:08b} {255:#010b} {-255:x} {1.5:08.3f} {-1.5:+.1e} {65:c}{0x263a:c}")
    print("{} {:>5} {name} {{}}".format(1, 2, name="n"), "{1}{0}{1}".format("a", "b"), "%5.2f|%-5d|%s|%r|%x" % (x, 7, s, s, 255))
    print(format(1234.5678, ",.2f"), format(0.000123, ".2e"), format(12, "n"), format(True, "d"))
    lines = []
    total = 0
    for i in range(3000):
        line = f"{i:05d}|{i * 1.5:8.2f}|{i % 7!r}|{hex(i)[2:]:>4}"
        total += len(line)
        if i % 750 == 0:
            lines.append(line)
    print(total, lines)
    acc = []
    for i in range(2000):
        acc.append(f"{i}")
    print(len("".join(acc)), acc[-1])
    print(f"{'a':{'>' if total > 0 else '<'}{3}}|", f"{3.0:.0f}", f"{2.5:.0f}", f"{1/3:.20f}")
    print(f"{10**20:,}", f"{123456789:.3e}", f"{-0.0:+}", f"{0.5:.0%}")


main()
