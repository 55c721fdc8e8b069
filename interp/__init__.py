"""pvmx's interpreter: loader, frames, opcode handlers, object protocol, calls,
generators, exceptions, imports and the command line.

Knows Python's semantics.  Imports from `tracer` only its hints API.
"""
