"""What the JIT did: counters and times, for the trace log and `--jit-summary`."""

from collections import Counter


class JitStats:
    def __init__(self):
        self.traces_started = 0
        self.loops = 0
        self.bridges = 0
        self.aborts = Counter()         # reason -> count
        self.guard_failures = 0
        self.loop_entries = 0
        self.iterations = 0
        self.time_tracing = 0.0
        self.time_optimizing = 0.0
        self.time_compiling = 0.0

    def abort(self, reason):
        self.aborts[reason] += 1

    def as_dict(self):
        return {
            "loops": self.loops,
            "bridges": self.bridges,
            "traces_started": self.traces_started,
            "aborts": dict(self.aborts),
            "guard_failures": self.guard_failures,
            "loop_entries": self.loop_entries,
            "iterations_in_traces": self.iterations,
            "time_tracing_s": round(self.time_tracing, 6),
            "time_optimizing_s": round(self.time_optimizing, 6),
            "time_compiling_s": round(self.time_compiling, 6),
        }
