# Containers that are class attributes (constants of a trace, under the
# class's version guard) read and written with traced keys and values in hot
# code: the container's contents are never taken as constants, and the
# recorder's boxes never reach them.  Also super() in hot methods.


class Interned:
    _cache = {}
    inits = 0

    def __new__(cls, key):
        if key in cls._cache:
            return cls._cache[key]
        obj = super().__new__(cls)
        obj.key = key
        cls._cache[key] = obj
        return obj

    def __init__(self, key):
        Interned.inits += 1


class Table:
    counts = {}
    log = []

    @classmethod
    def bump(cls, k):
        cls.counts[k] = cls.counts.get(k, 0) + 1
        if len(cls.log) < 5:
            cls.log.append(k)
        return cls.counts[k]


class Base:
    def __init__(self, x):
        self.x = x

    def value(self):
        return self.x * 2


class Derived(Base):
    def __init__(self, x):
        super().__init__(x + 1)

    def value(self):
        return super().value() + 3


for i in range(3000):
    Interned(i % 10)
print(Interned.inits, sorted(Interned._cache), [o.key for o in Interned._cache.values()])
total = 0
for i in range(4000):
    total += Table.bump(i % 7)
print(total, sorted(Table.counts.items()), Table.log)
acc = 0
for i in range(5000):
    acc += Derived(i).value()
print(acc)
