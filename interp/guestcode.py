"""Which code is guest code: CPython code objects that pvmx compiled, and their decoded form.

Guest functions stay real `function` objects; the interpreter recognises
them by their `__code__`, which maps here to pvmx's decoded `Code`.
Decoding is lazy: a code object is registered when its module is
compiled and decoded on its first interpreted call.
"""

import types

from interp import loader
from tracer.hints import elidable

_registered = {}        # CPython code object -> pvmx Code or None (not decoded yet)
_bind = None            # set by interp.handlers: Code -> binds (handler, arg) per instruction


def set_binder(fn):
    global _bind
    _bind = fn


def register(co):
    """Mark `co` and every code object nested in it as guest code."""
    stack = [co]
    while stack:
        c = stack.pop()
        if c in _registered:
            continue
        _registered[c] = None
        stack.extend(k for k in c.co_consts if isinstance(k, types.CodeType))


@elidable
def lookup(co):
    """The decoded Code for a guest code object, or None for host code."""
    try:
        code = _registered[co]
    except KeyError:
        return None
    if code is None:
        code = _registered[co] = loader.load(co)
        _bind(code)
    return code


def is_guest(co):
    return co in _registered


def get(co):
    """Decoded Code for any code object, registering it as guest code if needed."""
    register(co)
    return lookup(co)
