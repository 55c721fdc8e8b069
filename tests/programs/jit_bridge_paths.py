# Bridges that are other paths through one iteration of their loop enter
# the loop's body (its loop label) through the short preamble, not its
# preamble: what the loop assumed of its values on the path it was traced
# on (the class of the previous item, a range, an invariant computed once,
# an overflow that could not happen) must hold, or be checked, on every
# path that enters it.


class Small:
    def weight(self, x):
        return x & 7


class Medium:
    def weight(self, x):
        return (x & 15) + 1


class Large:
    def weight(self, x):
        return (x & 31) + 2


class Huge:
    def weight(self, x):
        return x * 4611686018427387904     # overflows int64 for x >= 2


def polymorphic(shapes, n):
    total = 0
    for i in range(n):
        for shape in shapes:
            total += shape.weight(i)
    return total


mixed = [Small(), Medium(), Large()] * 20
print(polymorphic(mixed, 200))
# the paths change once they are compiled: a class never seen, a big int
print(polymorphic(mixed + [Huge()] + mixed, 40))
print(polymorphic([Large(), Small()] * 30, 100))


def invariant_class(items, marker):
    # `marker` does not change in the loop: its class, checked once in the
    # preamble, decides each iteration's branch
    t = 0
    for it in items:
        if type(marker) is int:
            t += it
        elif type(marker) is float:
            t -= it
        else:
            t += 2 * it
        if it % 3 == 0:
            t ^= 1
    return t


values = list(range(500))
for marker in (1, 2.5, "s", 7, None, 3.0):
    print(invariant_class(values, marker))


def accumulators(rows):
    # an int and a float accumulated on paths taken in turn
    count = 0
    acc = 0.0
    for k, r in enumerate(rows):
        if type(r) is int:
            count += r
        elif type(r) is float:
            acc += r
        else:
            count -= len(r)
        if k % 7 == 0:
            acc *= 0.5
    return count, round(acc, 6)


rows = [1, 2.5, "ab", 4, 0.25, (1, 2, 3)] * 80
print(accumulators(rows))
print(accumulators(rows[3:] + [2 ** 62, 2 ** 62, 1.5]))


def nested(n):
    # the outer loop's next turn enters the inner loop from outside
    out = 0
    for i in range(n):
        for j in range(i % 5, 12):
            if j % 4 == 0:
                out += i
            else:
                out -= j
    return out


print(nested(400))
