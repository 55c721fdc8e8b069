# Attribute reads and writes in hot loops while the classes and instances they
# depend on change: a class attribute rebound (the type's version changes), a
# method replaced and deleted, an instance attribute appearing and disappearing
# in front of a class attribute, attributes added to a base class, a class
# attribute read through the class, and a module's attribute rebound.

import types


class Config:
    scale = 3
    offset = 1


class Point:
    kind = "point"

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)


class Point3(Point):
    def __init__(self, x, y, z):
        Point.__init__(self, x, y)
        self.z = z

    def norm1(self):
        return Point.norm1(self) + abs(self.z)


def class_attr_rebound():
    total = 0
    for i in range(6000):
        total += i * Config.scale + Config.offset
        if i == 2000:
            Config.scale = 5
        if i == 4000:
            Config.offset = -2
            del Config.scale
            Config.scale = 7
    print("class attr rebound", total, Config.scale, Config.offset)


def instance_shadows_class():
    p = Point(1, 2)
    seen = []
    for i in range(5000):
        seen.append(p.kind)
        if i == 1500:
            p.kind = "shadowed"         # the instance dict now shadows the class
        if i == 3000:
            del p.kind                  # and the class attribute shows again
        if i == 4000:
            Point.kind = "renamed"
    print("instance shadows class", [(k, seen.count(k)) for k in sorted(set(seen))])


def attribute_appears():
    p = Point(3, 4)
    total = 0
    misses = 0
    for i in range(4000):
        try:
            total += p.w
        except AttributeError as e:
            misses += 1
            if misses == 1:
                print("miss:", e)
        if i == 1000:
            p.w = 10
        if i == 2500:
            del p.w
        if i == 3000:
            Point.w = 100               # found on the class from now on
    print("attribute appears", total, misses)
    del Point.w


def method_replaced():
    pts = [Point(i, -i) for i in range(10)] + [Point3(i, i, -i) for i in range(10)]
    total = 0
    for i in range(6000):
        p = pts[i % 20]
        total += p.norm1()
        if i == 2000:
            Point.norm1 = lambda self: self.x * 2
        if i == 4000:
            del Point3.norm1            # Point3 now inherits the replaced method
    print("method replaced", total)


def writes_in_loop():
    p = Point(0, 0)
    for i in range(8000):
        p.x = p.x + i
        p.y = p.y - p.x % 7
        if i == 5000:
            p.__dict__["x"] = -1        # the dict written behind the attribute's back
    print("writes in loop", p.x, p.y, sorted(vars(p)))


def base_gains_attribute():
    q = Point3(1, 2, 3)
    out = 0
    for i in range(4000):
        out += getattr(q, "extra", 0) + q.z
        if i == 2000:
            Point.extra = 5             # a base class changes: the subclass's version goes too
    print("base gains attribute", out)
    del Point.extra


def module_attribute():
    m = types.ModuleType("m")
    m.factor = 2
    total = 0
    for i in range(5000):
        total += m.factor * i
        if i == 2500:
            m.factor = 3
    print("module attribute", total)


def many_objects():
    objs = [Point(i, i * 2) for i in range(50)]
    total = 0
    for i in range(10000):
        o = objs[i % 50]
        total += o.x - o.y
        o.x += 1
    print("many objects", total, objs[0].x, objs[49].x)


class_attr_rebound()
instance_shadows_class()
attribute_appears()
method_replaced()
writes_in_loop()
base_gains_attribute()
module_attribute()
many_objects()
