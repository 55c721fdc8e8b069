"""The text form of traces: print, parse back, compare.

    [i0, i1, p2]                          inputs, each named by its kind:
                                          i int, f float, p ref
    i3 = int_lt(i0, i1)                   an op with a result
    guard_true(i3) [i0, i1, p2]           a guard and its snapshot
    i4 = int_mul_ovf(i0, i0)
    guard_no_overflow() [i0, i1, p2]
    debug_merge_point('loop.py:3 #12 BINARY_OP')
    p5 = getfield_r(p2, descr=next)       descrs by name
    i6 = call_i(i4, 7, descr=helper)
    jump(i4, i1, p2)                      back to the label

Constants: `5`, `-3`, `ConstInt(5)`; `1.5`, `-0.0`, `inf`, `nan`,
`ConstFloat(2.0)`, `ConstFloat(bits=0x7ff8000000000001)`; refs `NULL`,
`ConstPtr(name)` for an object of the namespace (or a builtin: `int`,
`len`, ...), `ConstPtr(<Python literal>)` for e.g. a host int or string,
and a bare namespace name.  `#` starts a comment.

Labels: a text with no label whose jump has no descr gets the implicit
`label(<inputs>)`.  `label(i0, descr=loop)` names a label; a jump with no
descr goes to the last label before it, `jump(..., descr=loop)` to a named
one (a bridge names another trace's label through the namespace).

Descrs: `descr=NAME` looks NAME up in the namespace.  Labels, fields
(their kind from the op) and finish descrs that are not there are created
and added to it; call descrs must be given.  debug_merge_point takes its
location as a string.

Printing renames values in order of definition (i0, i1, p2, ...), so the
printed form is canonical: `format_trace(parse_trace(text))` is `text`
normalized, and two traces equal up to renaming print the same.
"""

from .parser import ParseError, TraceParser, parse_trace
from .printer import TracePrinter, format_op, format_trace


def same_trace(a, b, namespace=None):
    """Are two traces (Trace objects or texts) equal up to value names?"""
    if isinstance(a, str):
        a = parse_trace(a, namespace)
    if isinstance(b, str):
        b = parse_trace(b, namespace)
    return format_trace(a, namespace) == format_trace(b, namespace)


def assert_same_trace(actual, expected, namespace=None):
    """For optimizer tests: fails with both normalized texts side by side."""
    if isinstance(expected, str):
        expected = parse_trace(expected, namespace)
    got = format_trace(actual, namespace)
    want = format_trace(expected, namespace)
    if got != want:
        raise AssertionError(f"traces differ\n--- got:\n{got}\n--- expected:\n{want}")


__all__ = ["ParseError", "TraceParser", "TracePrinter", "assert_same_trace",
           "format_op", "format_trace", "parse_trace", "same_trace"]
