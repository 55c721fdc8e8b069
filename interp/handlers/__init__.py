"""Opcode handlers, grouped by what they touch; `registry` holds the table."""

from interp.handlers import (  # noqa: F401  (importing registers the handlers)
    stack, names, arith, build, control, calls, exceptions, generators, match)
from interp.handlers.registry import HANDLERS, bind  # noqa: F401
