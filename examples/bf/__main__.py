"""`python3 -m examples.bf FILE`: run a Brainfuck program, JIT-compiled by tracer/.

Options as pvmx's: `--jit off` or `--jit key=value,...` (tracer/params.py:
threshold, trace_eagerness, backend=x86|executor, ...), `--jit-summary`
(a table on stderr, or `--jit-summary=json:FILE`), `--trace-log FILE`.
Like `python3 -m interp`, it runs itself in the project's `.venv` (where
PeachPy is) when it can.
"""

import argparse
import os
import sys


def main(argv=None):
    from tracer.params import parse as parse_params, ParamError
    from examples.bf import bf, jitsetup

    ap = argparse.ArgumentParser(prog="python3 -m examples.bf",
                                 description="Run a Brainfuck program with a tracing JIT.")
    ap.add_argument("file", help="a Brainfuck program ('-' for standard input)")
    ap.add_argument("--jit", default="on", metavar="off|key=value,...",
                    help="JIT parameters, as pvmx's --jit")
    ap.add_argument("--jit-summary", nargs="?", const="table", default=None,
                    metavar="json:FILE", help="what the JIT did, at exit")
    ap.add_argument("--trace-log", metavar="FILE", help="traces and aborts ('-': stderr)")
    a = ap.parse_args(argv)
    try:
        params = parse_params(a.jit)
    except ParamError as e:
        ap.error(str(e))
    if a.jit_summary not in (None, "table") and not a.jit_summary.startswith("json:"):
        ap.error("--jit-summary takes no value or json:FILE")
    if a.file == "-":
        source, name = sys.stdin.buffer.read(), "<stdin>"
    else:
        with open(a.file, "rb") as f:
            source, name = f.read(), os.path.basename(a.file)

    log = None
    if a.trace_log:
        from tracer.jitlog import JitLog
        log = JitLog(a.trace_log)
    ws = None if params.off else jitsetup.install(params, log)
    status = 0
    try:
        program = bf.parse(source, name)
        bf.run(program, inp=sys.stdin.buffer if a.file != "-" else None)
    except bf.BFError as e:
        print(f"bf: {e}", file=sys.stderr)
        status = 1
    except BrokenPipeError:
        # the reader went away (`| head`): stop quietly, as CPython's tools do
        sys.stdout = None
        status = 1
    finally:
        jitsetup.uninstall()
        if ws is not None:
            if log:
                log.summary(ws.stats)
            if a.jit_summary == "table":
                from tracer.jitlog import print_summary_table
                print_summary_table(ws.stats)
            elif a.jit_summary:
                from tracer.jitlog import write_summary_json
                write_summary_json(ws.stats, a.jit_summary[5:])
        if log:
            log.close()
    return status


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    from interp.setup_env import reexec_in_venv     # the project's environment, not pvmx's interpreter
    reexec_in_venv("examples.bf", sys.argv[1:])
    sys.exit(main())
