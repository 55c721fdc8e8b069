"""The IR executor behind the interface the JIT runtime uses for any backend.

    compile(trace) -> compiled     run(compiled, args) -> (exit_number, values)
    exit_op(exit_number) -> guard  iterations (loop iterations run so far)
    grab_exception() -> the exception behind a failed guard_no_exception
    take_exception() -> the same, called by a bridge from that guard
"""

import _signal
import _thread
import signal
import threading

from .executor import CAP_EXIT, Executor


_MAIN_THREAD = threading.main_thread().ident


class ExecutorBackend:
    name = "executor"

    def __init__(self):
        self.executor = Executor()

    def compile(self, trace):
        return self.executor.compile(trace)

    def redirect_call_assembler(self, descr, compiled):
        """Calls through `descr` run `compiled` from now on (the executor
        calls by the descr's general path, which runs the entry's code)."""
        descr.compiled = compiled

    def attach_bridge(self, guard, bridge):
        """Compile `bridge` and make `guard` continue into it from now on."""
        return self.executor.attach_bridge(guard, bridge)

    def run(self, compiled, args):
        """Ctrl-C while the generated code runs only marks the run state; the
        loop leaves through its CAP exit at the next back-edge, with the values
        of that iteration, and grab_exception() then runs the Python handler
        there (KeyboardInterrupt by default), as machine code's poll does.
        Without this the interrupt would unwind out of the generated function
        mid-iteration and the loop's state would be lost."""
        # (_signal's and _thread's: signal.py's and threading's are Python
        # code, which a guest's trace function would see)
        handler = _signal.getsignal(signal.SIGINT)
        if not callable(handler) or _thread.get_ident() != _MAIN_THREAD:
            return self.executor.run(compiled, args)
        st = self.executor.state
        def interrupt(signum, frame):
            st.interrupted = st.signalled = True
        _signal.signal(signal.SIGINT, interrupt)
        try:
            number, values = self.executor.run(compiled, args)
        finally:
            _signal.signal(signal.SIGINT, handler)
        if st.interrupted:
            st.interrupted = st.signalled = False
            if number == CAP_EXIT:
                try:
                    handler(signal.SIGINT, None)
                except BaseException as e:      # KeyboardInterrupt: raised at the loop header
                    st.exception = e
            else:
                # It came after the last back-edge: the interpreter gets it at once.
                _signal.raise_signal(signal.SIGINT)
        return number, values

    def request_leave(self):
        """Loops leave at their next back-edge (as X86Backend.request_leave)."""
        self.executor.state.signalled = True

    def call_sites(self):
        """For each run now active, outermost first: [(guard, values)], the
        guard_no_exception after the call its code is making and the values
        its snapshot refers to, or None (as X86Backend.call_sites)."""
        return [None if c is None else [c] for c in self.executor.state.calls]

    def exit_op(self, number):
        return self.executor.exits[number]

    def release_deferred(self):
        """Free the objects with finalizers the code held (RunState.held)."""
        self.executor.state.release_held()

    @property
    def stopped_at(self):
        """The label of the last CAP exit."""
        return getattr(self.executor, "stopped_at", None)

    def grab_exception(self):
        """The exception a failing guard_no_exception saw (once)."""
        return self.executor.grab_exception()

    def take_exception(self):
        """Called by a bridge from a guard_no_exception, at its start: the
        exception the guard's call raised (kept by the run, once)."""
        return self.executor.grab_exception()

    @property
    def iterations(self):
        return self.executor.iterations
