# Loops entered again and again with other classes in their variables: each
# class at a loop's entry may get its own version of the loop (retrace_limit),
# phase changes are bridges from one version into another, and past the limit
# the loop is entered as it is.  Results must not depend on which version ran.


class Meters:
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        return Meters(self.v + (other.v if isinstance(other, Meters) else other))

    def __repr__(self):
        return f"Meters({self.v})"


class Feet(Meters):
    def __repr__(self):
        return f"Feet({self.v})"


def phases(n, block):
    # int and float take turns every `block` iterations
    acc = 0
    seen = []
    for i in range(n):
        if i % block == 0:
            acc = float(acc) if type(acc) is int else int(acc)
            seen.append(type(acc).__name__[0])
        acc = acc + (i & 3)
    return acc, "".join(seen[:12]), len(seen)


def many_classes(n, block):
    # more classes than versions: int, float, bool-made int, str, tuple, Meters, Feet
    makers = [int, float, lambda v: v > 0, lambda v: str(v)[:3], lambda v: (v,),
              Meters, Feet]
    acc = 0
    out = []
    for i in range(n):
        if i % block == 0:
            k = (i // block) % len(makers)
            base = acc if isinstance(acc, (int, float)) else 1
            acc = makers[k](base if k < 2 else int(base) % 1000)
        if type(acc) in (int, float):
            acc = acc + (i & 1)
        elif type(acc) is bool:
            acc = not acc
        elif type(acc) is str:
            acc = (acc + "ab")[-6:]
        elif type(acc) is tuple:
            acc = acc[-3:] + (i,)
        else:
            acc = acc + 1
        if i % block == block - 1:
            out.append(repr(acc))
    return out


def nested(rows, cols):
    # the inner loop's accumulator starts as an int on even rows and as a float
    # on odd rows: its entry sees both classes, row after row
    totals = []
    for r in range(rows):
        s = 0 if r % 2 == 0 else 0.5
        for c in range(cols):
            s = s + c * r
        totals.append(s)
    return totals[:4], totals[-2:], sum(totals)


def while_versions(n):
    # a while loop whose counter turns into a float halfway, then back
    i = 0
    x = 1
    trail = []
    while i < n:
        if i == n // 3:
            x = x / 2
        elif i == 2 * n // 3:
            x = int(x) % 1000003
        x = x * 3 % 1000003 if type(x) is int else (x * 3) % 1000003.0
        if i % (n // 6) == 0:
            trail.append((i, type(x).__name__, x if type(x) is int else round(x, 3)))
        i += 1
    return trail


def class_flip(objs, rounds):
    # the same variable holds a Meters or a Feet, switching every round
    out = []
    for r in range(rounds):
        m = objs[r % 2](0)
        for k in range(300):
            m = m + k
        out.append(repr(m))
    return out[:4], len(out)


print(phases(30000, 1000))
print(phases(30000, 37))
print(phases(500, 1))
print(many_classes(21000, 500))
print(nested(60, 400))
print(while_versions(12000))
print(class_flip([Meters, Feet], 40))
