"""pvmx's benchmark suite and harness.

`python3 -m benchmarks` runs the programs in `programs/` (and the C versions
in `c/`) under CPython, pvmx with and without its JIT, PyPy and C, and
reports medians and speedups over CPython.  See README.md in this directory.

Importing this package has no side effects: the tests import its modules
directly; only `__main__` re-executes in the project's virtual environment.
"""
