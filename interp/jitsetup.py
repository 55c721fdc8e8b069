"""Wiring the interpreter to the JIT as the command line asks, and the summary at exit."""

import sys

_opts = None


def configure(opts):
    global _opts
    _opts = opts
    if opts.trace_log and opts.trace_log != "-":
        try:
            open(opts.trace_log, "w").close()
        except OSError as e:
            print(f"pvmx: cannot write trace log {opts.trace_log!r}: {e.strerror}",
                  file=sys.stderr)
            sys.exit(2)


def finish():
    pass
