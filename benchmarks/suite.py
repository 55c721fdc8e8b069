"""Running the suite: which process runs when, and collecting the runs.

For each benchmark, every runner runs it `warmup + runs` times.  Runners
alternate: each repetition runs every runner once, and the order rotates
from one repetition to the next, so slow drifts of a shared, noisy machine
(another job starting, the CPU clocking down) fall on all runners alike
instead of on whichever ran last.  A runner whose run fails (error, timeout)
is not run again on that benchmark: its cell is a failure either way.
"""

from dataclasses import dataclass, field

from benchmarks import measure, verdict
from benchmarks.runners import C, ROOT


@dataclass
class Settings:
    runs: int = 5
    warmup: int = 1
    iterations: int = None      # None: each benchmark's own (catalog.Benchmark.iterations)
    timeout: float = 120.0
    quick: bool = False
    sizes: dict = field(default_factory=dict)

    def size_for(self, bench):
        if bench.name in self.sizes:
            return self.sizes[bench.name]
        return bench.quick_size if self.quick else bench.size

    def iterations_for(self, bench):
        return self.iterations or bench.iterations

    def to_json(self):
        return dict(self.__dict__)


def schedule(runners, repetitions):
    """(repetition, runner) pairs: round-robin, rotated by one each repetition."""
    order = []
    for rep in range(repetitions):
        k = rep % len(runners) if runners else 0
        for runner in runners[k:] + runners[:k]:
            order.append((rep, runner))
    return order


def count_runs(benchmarks, runners, settings):
    """How many processes a suite run starts at most (for the progress bar)."""
    per_cell = settings.warmup + settings.runs
    return sum(per_cell for b in benchmarks for r in runners if r.has_version(b))


def _failed(record):
    return any(run.status != measure.OK for run in record["warmup"] + record["runs"])


def run_benchmark(bench, runners, settings, binaries=None, build_failures=None,
                  unavailable=None, on_run=None, run_once=measure.run_once):
    """Run one benchmark under every runner; return its result entry.

    on_run(bench, runner, run) is called after each process, with run=None
    for a run skipped because the runner already failed.
    """
    size = settings.size_for(bench)
    commands, skipped = {}, {}
    for runner in runners:
        if not runner.has_version(bench):
            continue  # no C version of this program: no cell at all
        reason = (unavailable or {}).get(runner.name)
        if reason is None and runner.kind == C:
            reason = (build_failures or {}).get(bench.name)
        if reason:
            skipped[runner.name] = reason
        else:
            commands[runner.name] = runner.command(bench, size, settings.iterations_for(bench), binaries)
    repetitions = settings.warmup + settings.runs
    if on_run:  # skipped runners' share of the progress bar, at once
        for runner in runners:
            for _ in range(repetitions if runner.name in skipped else 0):
                on_run(bench, runner, None)
    active = [r for r in runners if r.name in commands]
    records = {r.name: {"warmup": [], "runs": []} for r in active}
    for rep, runner in schedule(active, repetitions):
        record = records[runner.name]
        if _failed(record):
            run = None
        else:
            run = run_once(commands[runner.name], settings.timeout, cwd=ROOT)
            record["warmup" if rep < settings.warmup else "runs"].append(run)
        if on_run:
            on_run(bench, runner, run)
    reference, cells = verdict.judge(records, skipped)
    verdict.add_speedups(cells)
    ordered = {r.name: cells[r.name] for r in runners if r.name in cells}
    return {
        "name": bench.name,
        "kind": bench.kind,
        "size": size,
        "iterations": settings.iterations_for(bench),
        "reference": reference,
        "cells": ordered,
    }
