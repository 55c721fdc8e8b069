# isinstance/issubclass with ABCs (collections.abc, abc.ABC, register,
# __subclasshook__), and __class_getitem__.
import abc
from collections.abc import Iterable, Sized, Mapping, Sequence, Hashable, Callable


class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self):
        ...

    def describe(self):
        return "%s:%s" % (type(self).__name__, self.area())


class Sq(Shape):
    def __init__(self, s):
        self.s = s

    def area(self):
        return self.s * self.s


class Incomplete(Shape):
    pass


class Duck:
    def __len__(self):
        return 3


class Quacker(abc.ABC):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is Quacker:
            return any("quack" in B.__dict__ for B in C.__mro__)
        return NotImplemented


class Mallard:
    def quack(self):
        return "quack"


class Virtual:
    pass


Shape.register(Virtual)


class Box:
    def __class_getitem__(cls, item):
        return "Box[%s]" % (item.__name__ if isinstance(item, type) else item)


class Typed:
    def __class_getitem__(cls, params):
        if not isinstance(params, tuple):
            params = (params,)
        return (cls.__name__, len(params))


def main():
    print(isinstance([], Iterable), isinstance(5, Iterable), isinstance({}, Mapping))
    print(issubclass(list, Sequence), issubclass(dict, Sequence), isinstance(Duck(), Sized))
    print(isinstance([], Hashable), isinstance((), Hashable), isinstance(len, Callable))
    print(isinstance(Mallard(), Quacker), issubclass(Duck, Quacker), issubclass(Virtual, Shape))
    try:
        Incomplete()
    except TypeError as e:
        print("TypeError", e)
    try:
        Shape()
    except TypeError as e:
        print("TypeError", e)
    total = 0
    items = [Sq(i % 7) for i in range(30)] + [Duck(), Mallard(), Virtual(), 5, "s", [1]]
    for i in range(4000):
        x = items[i % len(items)]
        if isinstance(x, Shape):
            total += 1
        if isinstance(x, (Sized, int)):
            total += 10
        if isinstance(x, Quacker):
            total += 100
        if issubclass(type(x), Iterable):
            total += 1000
    print(total)
    print(Sq(4).describe(), isinstance(Virtual(), Shape), Virtual.__mro__[-1].__name__)
    print(Box[int], Box["x"], Typed[int, str], Typed[int])
    print(list[int], dict[str, list[int]], tuple[int, ...])
    print(isinstance(True, int), issubclass(bool, int), isinstance(1, (str, (bytes, int))))
    print(issubclass(Sq, (Shape, int)), isinstance(Sq, type), isinstance(Shape, abc.ABCMeta))


main()
