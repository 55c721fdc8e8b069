"""The JIT's tunable parameters: names, defaults, and parsing of `--jit key=value,...`.

One table, as PyPy's `rpython.rlib.jit.PARAMETERS`; the CLI and the
summaries read it, so a parameter is added here and nowhere else.
"""

# The optimizer passes, in chain order; `enable_opts` picks a subset.
ALL_OPTS = ("fold", "guards", "intbounds", "cse", "heap", "virtualize", "unroll", "dce")

# name -> default; the order is the order of --help and of the summaries.
# Thresholds: PyPy's (1039, 1619, 200) suit an interpreter about as fast as
# CPython; pvmx's runs 30-50 times slower, so every iteration spent waiting
# for a loop to become hot, and every guard failure before a bridge, costs
# 30-50 times more against the same compile time.  Five times lower (LuaJIT,
# with a fast compiler, uses 56 and 10): over 12 classic benchmarks, in two
# sweeps of 1039/500/300/200/100, whole-process geomean 1342 -> 1072 ms and
# 1448 -> 1188 ms, steady state 103 -> 84 ms and 115 -> 93 ms.
DEFAULTS = {
    "threshold": 200,               # back-edge count before a loop is traced
    "function_threshold": 300,      # calls before a function entry is traced
    "trace_eagerness": 50,          # guard failures before a bridge is traced
    "bridge_repeats": 4,            # bridges from one place in one chain of bridges
    "trace_limit": 6000,            # recorded ops before tracing aborts
    "retrace_limit": 3,             # more versions of a loop, for other classes at entry
    "inlining": 8,                  # depth of guest calls inlined into a trace
    "enable_opts": ALL_OPTS,
    "backend": "auto",              # auto | x86 | executor
    "off": False,
}


class JitParams:
    """One setting of every parameter.  A plain class, not a dataclass: the
    dataclasses module (with inspect) would be a tenth of pvmx's startup."""

    __slots__ = tuple(DEFAULTS)

    def __init__(self, **values):
        for name, default in DEFAULTS.items():
            setattr(self, name, values.pop(name, default))
        if values:
            raise TypeError(f"unknown JIT parameters: {', '.join(values)}")

    def __eq__(self, other):
        return type(other) is JitParams and all(
            getattr(self, n) == getattr(other, n) for n in DEFAULTS)

    def __repr__(self):
        return "JitParams(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in DEFAULTS) + ")"


_INT_PARAMS = {"threshold": 1, "function_threshold": 1, "trace_eagerness": 1, "bridge_repeats": 1,
               "trace_limit": 1, "retrace_limit": 0, "inlining": 0}
_BACKENDS = ("auto", "x86", "executor")


class ParamError(ValueError):
    pass


def parse(text, params=None):
    """`off` or `key=value,...` -> JitParams.  Raises ParamError with a message for people."""
    params = params or JitParams()
    text = text.strip()
    if text == "off":
        params.off = True
        return params
    if text == "on":
        params.off = False
        return params
    known = list(DEFAULTS)
    for item in filter(None, (s.strip() for s in text.split(","))):
        key, eq, value = item.partition("=")
        key = key.strip()
        value = value.strip()
        if key not in known:
            raise ParamError(f"unknown JIT parameter '{key}' (known: {', '.join(known)})")
        if key == "off" and not eq:
            params.off = True
            continue
        if not eq:
            raise ParamError(f"JIT parameter '{key}' needs a value ({key}=...)")
        if key in _INT_PARAMS:
            try:
                n = int(value)
            except ValueError:
                raise ParamError(f"JIT parameter {key} takes an integer, not '{value}'") from None
            if n < _INT_PARAMS[key]:
                raise ParamError(f"JIT parameter {key} must be at least {_INT_PARAMS[key]}, "
                                 f"not {n}")
            setattr(params, key, n)
        elif key == "enable_opts":
            opts = tuple(o for o in value.split(":") if o) if value not in ("all", "") \
                else (ALL_OPTS if value == "all" else ())
            for o in opts:
                if o not in ALL_OPTS:
                    raise ParamError(f"unknown optimization '{o}' in enable_opts "
                                     f"(known: {':'.join(ALL_OPTS)}, or all)")
            params.enable_opts = opts
        elif key == "backend":
            if value not in _BACKENDS:
                raise ParamError(f"JIT backend must be one of {', '.join(_BACKENDS)}, "
                                 f"not '{value}'")
            params.backend = value
        elif key == "off":
            if value.lower() not in ("0", "1", "true", "false", "yes", "no"):
                raise ParamError(f"JIT parameter off takes a boolean, not '{value}'")
            params.off = value.lower() in ("1", "true", "yes")
    return params
