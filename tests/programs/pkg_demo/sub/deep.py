from .. import util
from ..util import clamp
from . import helper


def deep_value(n):
    total = 0
    for i in range(n):
        total += clamp(helper.twice(i), 0, 1000)
    return total


util.LOG.append("deep loaded from " + __name__ + " in " + __package__)
