"""The arithmetic of the results: medians, speedups, geometric means.

A speedup is CPython's time divided by the runner's (2.0 means twice as fast
as CPython).  Every function here returns None rather than a number when its
input is missing, so a failed measurement can never turn into a speed.
"""

import math


def median(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def speedup(reference, value):
    """How many times faster `value` is than `reference` (both times)."""
    if reference is None or value is None or reference <= 0 or value <= 0:
        return None
    return reference / value


def geomean(values):
    values = [v for v in values if v is not None and v > 0]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))
