"""A Brainfuck interpreter that gets a JIT from tracer/ unchanged (see README.md)."""
