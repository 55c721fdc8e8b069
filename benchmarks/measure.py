"""Running one program once: wall time, peak RSS, output, with a timeout.

The child's stdout and stderr go to temporary files rather than pipes, so
the parent has nothing to pump while the child runs and can reap it with
`os.wait4`, which returns the child's resource usage: `ru_maxrss` is its
peak resident set size (KiB on Linux).  Wall time is taken around the whole
process (start-up, imports, the warm-up inside the program, exit).
"""

import os
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass

from benchmarks.protocol import ProtocolError, parse_output

OK, ERROR, TIMEOUT = "ok", "error", "timeout"
STDERR_TAIL = 400


@dataclass
class Run:
    """One process execution and what it reported."""
    status: str
    wall: float
    rss_kb: int
    checksum: str = None
    steady: float = None
    iterations: list = None
    reason: str = None

    def to_json(self):
        return dict(self.__dict__)


def _tail(text, limit=STDERR_TAIL):
    text = text.strip()
    return text if len(text) <= limit else "..." + text[-limit:]


def _kill_group(proc):
    # The child runs in its own process group so a timeout also ends
    # anything it started.
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def run_once(command, timeout, cwd=None, env=None):
    """Run `command`; return a Run.  Never raises for a failing program."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=err, cwd=cwd, env=env, start_new_session=True)
        except OSError as e:
            return Run(ERROR, 0.0, 0, reason=f"cannot start: {e}")
        timed_out = threading.Event()

        def expire():
            timed_out.set()
            _kill_group(proc)

        timer = threading.Timer(timeout, expire)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            # Ctrl-C: the child has its own session, so it did not get the
            # signal; end it rather than leave it running.
            _kill_group(proc)
            proc.wait()
            raise
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    rss_kb = usage.ru_maxrss
    if timed_out.is_set():
        return Run(TIMEOUT, wall, rss_kb, reason=f"timeout after {timeout:g} s")
    if proc.returncode != 0:
        detail = _tail(stderr) or _tail(stdout) or "no output"
        return Run(ERROR, wall, rss_kb, reason=f"exit status {proc.returncode}: {detail}")
    try:
        report = parse_output(stdout)
    except ProtocolError as e:
        return Run(ERROR, wall, rss_kb, reason=f"{e}; stdout: {_tail(stdout, 200)!r}")
    return Run(OK, wall, rss_kb, report.checksum, report.steady, report.iterations)
