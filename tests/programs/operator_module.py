# The operator module with guest classes: itemgetter, attrgetter, methodcaller,
# operator functions as keys and reducers, operator.index, in-place operator functions.
import functools
import operator


class Rec:
    def __init__(self, name, score, tags):
        self.name = name
        self.score = score
        self.tags = tags
        self.inner = self

    def bonus(self, k):
        return self.score + k

    def __add__(self, o):
        return Rec(self.name + o.name, self.score + o.score, self.tags + o.tags)

    def __iadd__(self, o):
        self.score += o.score
        return self


def main():
    recs = [Rec("r%d" % i, (i * 37) % 100, ["t%d" % (i % 3)]) for i in range(50)]
    by_score = sorted(recs, key=operator.attrgetter("score"))
    print([r.name for r in by_score[:5]], operator.attrgetter("inner.inner.name")(recs[3]))
    print(operator.attrgetter("name", "score")(recs[7]), operator.methodcaller("bonus", 5)(recs[1]))
    rows = [(i % 5, -i, "x%d" % i) for i in range(3000)]
    rows.sort(key=operator.itemgetter(0, 1))
    print(rows[:3], rows[-1], operator.itemgetter(2)(rows[0]), operator.itemgetter(slice(1, 3))("abcd"))
    print(functools.reduce(operator.add, range(5000)), functools.reduce(operator.mul, range(1, 21)))
    print(functools.reduce(operator.add, recs[:4]).name, functools.reduce(operator.xor, range(3000)))
    r = recs[0]
    r2 = operator.iadd(r, recs[1])
    print(r2 is r, r.score)
    lst = [1]
    print(operator.iadd(lst, [2]) is lst, lst, operator.concat([1], [2]), operator.contains([1, 2], 2))
    print(operator.neg(5), operator.not_(0), operator.truth([]), operator.index(7), operator.pow(2, 10))
    print(operator.lt(1, 2), operator.eq("a", "a"), operator.is_(None, None), operator.floordiv(-7, 2))
    print(list(map(operator.mul, range(5), range(5, 10))), sorted(["b", "A", "c"], key=operator.methodcaller("lower")))
    d = {"k": 1}
    operator.setitem(d, "j", 2)
    operator.delitem(d, "k")
    print(d, operator.getitem(d, "j"), operator.length_hint(iter(range(7))))
    total = 0
    ops = [operator.add, operator.sub, operator.mul, operator.mod, operator.and_, operator.or_]
    for i in range(1, 6000):
        total = ops[i % 6](total, i) % 1000003
    print(total)
    get_score = operator.attrgetter("score")
    s = 0
    for i in range(3000):
        s += get_score(recs[i % 50])
    print(s)


main()
