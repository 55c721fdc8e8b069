LOG = []
LOG.append("util loaded")
CALLS = 0


def clamp(v, lo, hi):
    global CALLS
    CALLS += 1
    return lo if v < lo else hi if v > hi else v


def module_name():
    return __name__
