"""`pvmx [options] script.py [args...]`, `-m module`, `-c code`: the command line.

Behaves like `python3`: the same `sys.argv`, `sys.path[0]`, exit statuses,
and CPython-format tracebacks of guest frames on stderr.  Wires the
interpreter to the JIT as the options say.
"""

import atexit
import gc
import os
import sys

USAGE = """\
usage: pvmx [option] ... (script.py | -m module | -c cmd | -) [args] ...

Runs a Python 3.11 program in pvmx's interpreter, with a meta-tracing JIT.

options:
  --jit off | key=value,...   JIT parameters: threshold=N, function_threshold=N,
                              trace_eagerness=N, bridge_repeats=N, trace_limit=N,
                              retrace_limit=N, inlining=N, enable_opts=opt:opt:...,
                              backend=auto|x86|executor, off
  --trace-log FILE            write traces, optimized traces, machine code and a
                              summary to FILE ('-' for stderr)
  --jit-summary[=json:FILE]   print a summary of the JIT's work at exit (a table),
                              or write it as JSON to FILE
  --interpret-all             interpret stdlib and site-packages code too, instead
                              of running it natively
  -m module                   run a module as a script
  -c cmd                      run a program passed as a string
  --version                   print pvmx's version and exit
  -h, --help                  print this help and exit
"""


class UsageError(Exception):
    pass


class Options:
    def __init__(self):
        self.jit = None
        self.trace_log = None
        self.jit_summary = None
        self.interpret_all = False
        self.mode = None        # "script" | "module" | "command" | "stdin"
        self.target = None
        self.args = []


def parse_args(argv):
    from tracer import params as jit_params
    o = Options()
    o.jit = jit_params.JitParams()
    i = 0

    def value(flag):
        nonlocal i
        if "=" in argv[i] and argv[i].startswith("--"):
            return argv[i].split("=", 1)[1]
        i += 1
        if i >= len(argv):
            raise UsageError(f"option {flag} needs an argument")
        return argv[i]

    while i < len(argv):
        a = argv[i]
        if a in ("-h", "--help"):
            o.mode = "help"
            return o
        if a == "--version":
            o.mode = "version"
            return o
        if a == "--jit" or a.startswith("--jit="):
            try:
                jit_params.parse(value("--jit"), o.jit)
            except jit_params.ParamError as e:
                raise UsageError(f"--jit: {e}") from None
        elif a == "--trace-log" or a.startswith("--trace-log="):
            o.trace_log = value("--trace-log")
        elif a == "--jit-summary":
            o.jit_summary = "table"
        elif a.startswith("--jit-summary="):
            spec = a.split("=", 1)[1]
            if not spec.startswith("json:") or len(spec) <= 5:
                raise UsageError("--jit-summary takes no value, or json:FILE")
            o.jit_summary = spec
        elif a == "--interpret-all":
            o.interpret_all = True
        elif a == "-m" or (a.startswith("-m") and len(a) > 2):
            o.mode = "module"
            o.target = a[2:] if len(a) > 2 else value("-m")
            o.args = argv[i + 1:]
            return o
        elif a == "-c" or (a.startswith("-c") and len(a) > 2):
            o.mode = "command"
            o.target = a[2:] if len(a) > 2 else value("-c")
            o.args = argv[i + 1:]
            return o
        elif a == "-":
            o.mode = "stdin"
            o.args = argv[i + 1:]
            return o
        elif a.startswith("-"):
            raise UsageError(f"unknown option {a}")
        else:
            o.mode = "script"
            o.target = a
            o.args = argv[i + 1:]
            return o
        i += 1
    o.mode = "stdin" if not sys.stdin.isatty() else "help"
    return o


def _version():
    from importlib import metadata
    try:
        v = metadata.version("pvmx")
    except metadata.PackageNotFoundError:
        v = "0.1.0"
    return f"pvmx {v} (Python {sys.version.split()[0]})"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        opts = parse_args(argv)
    except UsageError as e:
        print(f"pvmx: {e}\n{USAGE.splitlines()[0]}\nTry `pvmx --help' for more information.",
              file=sys.stderr)
        return 2
    if opts.mode == "help":
        sys.stdout.write(USAGE)
        return 0
    if opts.mode == "version":
        print(_version())
        return 0
    return run(opts)


def run(opts):
    # No cyclic collection while pvmx loads: its modules live until exit
    # (frozen below), and walking them would add a tenth to their import.
    collecting = gc.isenabled()
    gc.disable()
    from interp import runner, tb as guest_tb, jitsetup
    # pvmx's own packages stay importable whatever the guest does to sys.path[0].
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if root not in sys.path:
        sys.path.append(root)
    jitsetup.configure(opts)
    from interp import state
    state.raise_stack_limit()
    state.set_recursion_limit(state.DEPTH.limit)
    # pvmx's own startup objects (its modules, the stdlib's) live until exit:
    # out of the collector's sight, every full collection during the run and
    # those at finalization skip them (about 2% of a short JIT run).  Only
    # objects made before the guest starts are frozen, so the guest's cyclic
    # garbage is collected, and finalized, as in CPython.
    gc.freeze()
    if collecting:
        gc.enable()
    # Registered before the guest runs, so it runs after the guest's own
    # exit callbacks (atexit calls the last registered first).
    atexit.register(runner.finalize_guest_modules)
    status = 0
    try:
        if opts.mode == "script":
            sys.argv = [opts.target, *opts.args]
            runner.run_script(opts.target, opts.interpret_all)
        elif opts.mode == "module":
            sys.argv = ["-m", *opts.args]   # runpy puts the module's path here; see run_module
            runner.run_module(opts.target, opts.interpret_all)
        elif opts.mode == "command":
            sys.argv = ["-c", *opts.args]
            runner.run_command(opts.target, opts.interpret_all)
        else:
            sys.argv = ["-", *opts.args] if opts.args else [""]
            runner.run_command(sys.stdin.read(), opts.interpret_all, "<stdin>")
    except runner.ScriptNotFound as e:
        err = e.args[0]
        path = os.path.abspath(opts.target)
        print(f"pvmx: can't open file {path!r}: [Errno {err.errno}] {err.strerror}",
              file=sys.stderr)
        return 2
    except runner.ModuleNotRunnable as e:
        print(f"pvmx: {e}", file=sys.stderr)
        return 1
    except SystemExit as e:
        status = _exit_status(e)
    except KeyboardInterrupt as e:
        _print_exception(e, guest_tb)
        _flush()
        jitsetup.finish()
        _die_of_sigint()
    except BaseException as e:
        _print_exception(e, guest_tb)
        status = 1
    jitsetup.finish()
    if os.environ.get("PVMX_STATS"):
        print(f"pvmx: {runner.Stats.runs} guest frame runs", file=sys.stderr)
    return status


def _exit_status(e):
    code = e.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF if code >= 0 else code & 0xFF
    try:
        sys.stdout.flush()
    except Exception:
        pass
    print(code, file=sys.stderr)
    return 1


def _print_exception(e, guest_tb):
    hook = sys.excepthook
    if hook is not sys.__excepthook__:
        try:
            hook(type(e), e, e.__traceback__)
            return
        except BaseException:
            pass
    _flush()
    sys.stderr.write(guest_tb.format_exception(e))
    sys.stderr.flush()


def _flush():
    try:
        sys.stdout.flush()
    except Exception:
        pass


def _die_of_sigint():
    """Exit as CPython does after an uncaught KeyboardInterrupt: killed by SIGINT (130)."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    import signal       # here: with its enums, a twentieth of pvmx's start-up
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGINT)
    os._exit(130)


def console_main():
    """Entry point of the `pvmx` command and `python -m interp`."""
    from interp import modulecache
    modulecache.install()
    from interp.state import on_big_frame
    try:
        status = on_big_frame(main)
    except KeyboardInterrupt:
        _die_of_sigint()
    try:
        sys.stdout.flush()
    except Exception:
        status = status or 120
    sys.exit(status)
