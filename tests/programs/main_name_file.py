# __name__ == "__main__", __file__ basename, __doc__, module-level dunders, sys.modules.
"""Module docstring: comments before it do not count."""
import os
import sys


def helper():
    return __name__


if __name__ == "__main__":
    print("running as main", helper())
    print(os.path.basename(__file__), os.path.splitext(os.path.basename(__file__))[1])
    print(__doc__ is None or __doc__[:20])
    mod = sys.modules[__name__]
    print(mod.helper is helper, type(mod).__name__, "helper" in dir(mod))
    print(__builtins__ is not None, "print" in dir(__builtins__) or hasattr(__builtins__, "print"))
    acc = 0
    for i in range(5000):
        if __name__ == "__main__":
            acc += 1
    print(acc)
    print(sorted(k for k in globals() if k.startswith("__") and k in ("__name__", "__file__", "__doc__")))
else:
    print("imported")
