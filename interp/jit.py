"""The interpreter's side of the JIT: where back-edges report to the tracer.

`ENABLED` is read by the back-edge handlers; while it is False the
interpreter pays one global lookup per back-edge and nothing else.
The tracer itself lives in `tracer/` and is wired in by the CLI.
"""

ENABLED = False
_driver = None


def install(driver):
    global ENABLED, _driver
    _driver = driver
    ENABLED = driver is not None


def back_edge(frame, target):
    """A guest loop closes at `target`: count, and maybe trace or run machine code."""
    return _driver.can_enter_jit(frame, target)
