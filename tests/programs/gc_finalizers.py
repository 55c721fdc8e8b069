"""Finalizers: of cyclic garbage collected by gc.collect(), of cycles made
in a hot loop (all of them finalized once collected: when the collector
runs on its own is the implementation's business), and of objects alive at
exit, in CPython's order: pvmx finalizes the guest's modules itself
(interp/runner.py), and freezes only its own startup objects."""

import gc


class Node:
    def __init__(self, name, log, quiet=False):
        self.name = name
        self.log = log
        self.quiet = quiet
        self.other = None

    def __del__(self):
        self.log.append(self.name)
        if not self.quiet:
            print("finalized", self.name)


class Plain:
    """No cycle: finalized when the last reference goes."""

    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("finalized plain", self.name, "sees", helper_name())


def helper_name():
    return "globals intact"


def make_cycle(name, log, quiet=False):
    a, b = Node(name + "a", log, quiet), Node(name + "b", log, quiet)
    a.other, b.other = b, a
    return a


log = []
make_cycle("explicit-", log)
print("before collect:", sorted(log))
print("collected something:", gc.collect() > 0)
print("after collect:", sorted(log))

# Garbage cycles made in a hot loop: the collector's own runs free them.
log.clear()
total = 0
for i in range(20000):
    if i % 1000 == 0:
        make_cycle("loop%d-" % i, log, quiet=True)
    total += i * i
gc.collect()
print("loop total", total, "finalized:", len(log), sorted(log)[:4])

# Referenced from a global until exit, then a cycle when the module is
# torn down; and one cycle already unreachable at exit.
kept = make_cycle("kept-", [])
make_cycle("dropped-", [])
first = Plain("first")
_private = Plain("_private")
last = Plain("last")
print("end of program")
