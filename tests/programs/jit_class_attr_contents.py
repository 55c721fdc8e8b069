# Class attributes are constants of a trace (read under their class's
# version guard), but the contents of a list, a dict or an instance held
# there are not: they are read by index the trace computes, by constant
# index, and by attribute.  Each is changed while the loop runs (at a fixed
# iteration, and at every iteration through a traced index), so an item read
# as a constant, or a value kept in the recorder's form inside the list,
# gives another total.


class Table:
    weights = [1, 2, 3, 4]
    ring = [10, 20, 30]
    names = ("a", "b", "c", "d")


def mixed(n):
    total = 0
    for i in range(n):
        total += Table.weights[i % 4] * Table.ring[i % 3]
        if i == n // 2:
            Table.weights[1] = 100
            Table.ring[2] = -7
    return total


def ring_writes(n):
    total = 0
    for i in range(n):
        Table.ring[i % 3] = i
        total += Table.ring[(i + 1) % 3] + len(Table.names[i % 4])
    return total


def negative_index(n):
    total = 0
    for i in range(1, n):
        total += Table.weights[-(i % 4) - 1]
        Table.weights[-1] = i % 5
    return total


class Config:
    def __init__(self):
        self.scale = 1


class Holder:
    config = Config()
    counts = {"a": 1}
    pair = ([1, 2], "fixed")


def contents(n):
    total = 0
    for i in range(n):
        total += Holder.config.scale + Holder.counts["a"] + Holder.pair[0][1]
        if i == n // 2:
            Holder.config.scale = 5
            Holder.counts["a"] = 7
            Holder.pair[0][1] = -3
        Holder.counts["b"] = i
    return total


print(mixed(6000), Table.weights, Table.ring)
print(contents(6000), Holder.counts, Holder.pair)
print(ring_writes(6000), Table.ring)
print(negative_index(6000), Table.weights)
try:
    for i in range(3000):
        Table.ring[i % 5] += 1
except IndexError as e:
    print("IndexError", e, i, Table.ring)
