"""Reading what a benchmark program printed (the protocol of programs/benchlib.py).

A program prints `checksum: <text>`, `iterations: <seconds> ...` and
`steady: <seconds>` lines; anything else it prints is ignored.  Only the
checksum is required: a C program or an older script without timing lines
still yields a whole-process measurement.
"""

from dataclasses import dataclass, field


class ProtocolError(ValueError):
    """The output does not follow the protocol (no checksum, a bad number)."""


@dataclass
class ProgramReport:
    checksum: str
    steady: float = None
    iterations: list = field(default_factory=list)


def parse_output(text):
    """Parse a program's stdout into a ProgramReport; raise ProtocolError."""
    values = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key in ("checksum", "steady", "iterations"):
            if key in values:
                raise ProtocolError(f"{key!r} printed twice")
            values[key] = value.strip()
    if "checksum" not in values:
        raise ProtocolError("no 'checksum:' line in the output")
    report = ProgramReport(values["checksum"])
    try:
        if "steady" in values:
            report.steady = float(values["steady"])
        if "iterations" in values:
            report.iterations = [float(t) for t in values["iterations"].split()]
    except ValueError as e:
        raise ProtocolError(f"bad number in the output: {e}") from None
    return report
