"""Finalizers of objects that hot loops free: counts a `__del__` keeps, the
order of what finalizers and the loop print, objects dropped from locals,
list items, `__slots__` fields and instance attributes, and callbacks of
`weakref.finalize`.  Compiled code runs such code at its next call or exit
(backend_x86/deferred.py), never in the middle of an iteration whose
values it keeps in registers; an object with a finalizer is never
virtual."""

import weakref

live = [0]


class Counted:
    __slots__ = ("n",)

    def __init__(self, n):
        self.n = n
        live[0] += 1

    def __del__(self):
        live[0] -= 1


class Loud:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        if self.n % 250 == 1:
            print("finalized", self.n)


class Holder:
    __slots__ = ("item",)

    def __init__(self):
        self.item = None


class Box:
    pass


def rebind_local(n):
    t = None
    for i in range(n):
        t = Counted(i)
    return t


def replace_items(n):
    slots = [None] * 8
    for i in range(n):
        slots[i % 8] = Counted(i)
    return slots


def replace_slot_field(n):
    h = Holder()
    for i in range(n):
        h.item = Counted(i)
    return h


def replace_attribute(n):
    b = Box()
    for i in range(n):
        b.item = Counted(i)
    return b


class Tally:
    __slots__ = ("n",)

    def __init__(self):
        self.n = 0


tally = Tally()


class Plain:
    pass


def forget():
    tally.n -= 1


def drop_watched(items):
    for i in range(len(items)):
        items[i] = None         # its weakref.finalize callback runs
        tally.n += 1


def print_in_order(n):
    total = 0
    for i in range(n):
        total += Loud(i).n      # freed at once: its finalizer prints first
        if i % 250 == 0:
            print("at", i)
    print("loop done", total)


keep = rebind_local(3000)
print("local:", live[0])
keep = None
print("after drop:", live[0])
keep = replace_items(3000)
print("items:", live[0])
keep = None
keep = replace_slot_field(3000)
print("slot field:", live[0])
keep = None
keep = replace_attribute(3000)
print("attribute:", live[0])
keep = None
print("all gone:", live[0])
watched = [Plain() for _ in range(3000)]
for item in watched:
    weakref.finalize(item, forget)
del item
drop_watched(watched)
print("weakref callbacks:", tally.n)
print_in_order(1200)
