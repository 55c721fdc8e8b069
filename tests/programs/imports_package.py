# Imports a guest package (tests/programs/pkg_demo) whose modules use relative imports.
import sys

import pkg_demo
from pkg_demo import Vector, dot, util as u
from pkg_demo.sub import deep
import pkg_demo.sub.helper as helper

_before = set(globals())
from pkg_demo import *  # noqa: E402,F401,F403
STAR_NAMES = sorted(set(globals()) - _before - {"_before"})


def main():
    print(pkg_demo.VERSION, pkg_demo.INIT_ORDER, u.LOG)
    print(pkg_demo.__name__, pkg_demo.core.__name__, deep.__name__, deep.__package__)
    print(helper.twice(21), u.module_name(), pkg_demo.sub.deep is deep)
    v = Vector(0, 0)
    for i in range(4000):
        v = v + Vector(i % 7, -(i % 3))
    print(v, dot(v, Vector(1, 2)))
    acc = 0
    for i in range(3000):
        acc += dot(Vector(i, 1).scaled(3), Vector(1, i))
    print(acc, u.CALLS)
    print(pkg_demo.deep_value(2000), u.CALLS)
    print(sorted(k for k in sys.modules if k.startswith("pkg_demo")))
    import pkg_demo.util as pu
    print(pu is u, "pkg_demo" in sys.modules)
    print(STAR_NAMES)
    try:
        from pkg_demo import missing_name  # noqa: F401
    except ImportError as e:
        print("ImportError", str(e).split(" (")[0], e.name)
    try:
        import pkg_demo_nonexistent  # noqa: F401
    except ModuleNotFoundError as e:
        print("ModuleNotFoundError", e.name)
    print(pkg_demo.__file__.replace("\\", "/").split("/")[-2:], pkg_demo.__path__[0].endswith("pkg_demo"))


main()
