"""Structural pattern matching (`match` statements)."""

from interp.handlers.registry import opcode
from interp.protocol import attrs

_TPFLAGS_SEQUENCE = 1 << 5
_TPFLAGS_MAPPING = 1 << 6
_TPFLAGS_MATCH_SELF = 1 << 22
_MISSING = object()


@opcode
def MATCH_MAPPING(frame, stack, arg, pc):
    stack.append(bool(type(stack[-1]).__flags__ & _TPFLAGS_MAPPING))
    return pc


@opcode
def MATCH_SEQUENCE(frame, stack, arg, pc):
    stack.append(bool(type(stack[-1]).__flags__ & _TPFLAGS_SEQUENCE))
    return pc


@opcode
def MATCH_KEYS(frame, stack, arg, pc):
    keys = stack[-1]
    subject = stack[-2]
    values = []
    seen = set()
    get = subject.get
    for k in keys:
        if k in seen:
            raise ValueError(f"mapping pattern checks duplicate key ({k!r})")
        seen.add(k)
        v = get(k, _MISSING)
        if v is _MISSING:
            stack.append(None)
            return pc
        values.append(v)
    stack.append(tuple(values))
    return pc


@opcode
def MATCH_CLASS(frame, stack, arg, pc):
    names = stack.pop()
    cls = stack.pop()
    subject = stack[-1]
    stack[-1] = _match_class(frame, subject, cls, arg, names)
    return pc


def _match_class(frame, subject, cls, nargs, names):
    if not isinstance(cls, type):
        raise TypeError("called match pattern must be a type")
    if not isinstance(subject, cls):
        return None
    seen = set()
    out = []
    if nargs:
        match_self = False
        try:
            match_args = cls.__match_args__
        except AttributeError:
            match_args = ()
            match_self = bool(cls.__flags__ & _TPFLAGS_MATCH_SELF)
        if type(match_args) is not tuple:
            raise TypeError(f"{cls.__name__}.__match_args__ must be a tuple "
                            f"(got {type(match_args).__name__})")
        allowed = 1 if match_self else len(match_args)
        if allowed < nargs:
            plural = "" if allowed == 1 else "s"
            raise TypeError(f"{cls.__name__}() accepts {allowed} positional "
                            f"sub-pattern{plural} ({nargs} given)")
        if match_self:
            out.append(subject)
        else:
            for name in match_args[:nargs]:
                if type(name) is not str:
                    raise TypeError(f"__match_args__ elements must be strings "
                                    f"(got {type(name).__name__})")
                v = _attr(frame, subject, cls, name, seen)
                if v is _MISSING:
                    return None
                out.append(v)
    for name in names:
        v = _attr(frame, subject, cls, name, seen)
        if v is _MISSING:
            return None
        out.append(v)
    return tuple(out)


def _attr(frame, subject, cls, name, seen):
    if name in seen:
        raise TypeError(f"{cls.__name__}() got multiple sub-patterns for attribute {name!r}")
    seen.add(name)
    try:
        return attrs.getattribute(frame, subject, name)
    except AttributeError:
        return _MISSING
