"""Judging one benchmark's runs: which runners succeeded and whose checksum is right.

A runner's cell is OK only if all its runs succeeded, all printed the same
checksum, and that checksum is the reference.  The reference is CPython's
checksum when CPython ran (pvmx promises CPython's semantics); without it,
the checksum most runners agree on.  Anything else is a failure cell with a
reason, and failure cells carry no timing medians, so no table or plot can
show them as a speed.
"""

from collections import Counter

from benchmarks import stats
from benchmarks.measure import OK

MISMATCH = "mismatch"
UNAVAILABLE = "unavailable"
REFERENCE_RUNNER = "cpython"


def runner_checksum(runs):
    """(status, checksum, reason) for one runner's runs, before cross-checking."""
    for run in runs:
        if run.status != OK:
            return run.status, None, run.reason
    if not runs:
        return UNAVAILABLE, None, "no runs"
    checksums = {run.checksum for run in runs}
    if len(checksums) > 1:
        return MISMATCH, None, "runs disagree: " + ", ".join(sorted(checksums))
    return OK, runs[0].checksum, None


def pick_reference(own):
    """The reference checksum given {runner: (status, checksum, reason)}."""
    ref = own.get(REFERENCE_RUNNER)
    if ref is not None and ref[0] == OK:
        return ref[1]
    counts = Counter(checksum for status, checksum, _ in own.values() if status == OK)
    if not counts:
        return None
    # most_common keeps first-seen order among ties: runner order decides.
    return counts.most_common(1)[0][0]


def judge(runs_by_runner, unavailable=None):
    """Cells for one benchmark.

    runs_by_runner: {runner: {"warmup": [Run], "runs": [Run]}} in runner order.
    unavailable: {runner: reason} for runners that could not run it at all.
    Returns (reference_checksum, {runner: cell dict}).
    """
    own = {}
    for name, record in runs_by_runner.items():
        own[name] = runner_checksum(record["warmup"] + record["runs"])
    reference = pick_reference(own)
    cells = {}
    for name, record in runs_by_runner.items():
        status, checksum, reason = own[name]
        if status == OK and checksum != reference:
            status, reason = MISMATCH, f"checksum {checksum!r}, expected {reference!r}"
        cells[name] = make_cell(status, checksum, reason, record)
    for name, reason in (unavailable or {}).items():
        cells[name] = make_cell(UNAVAILABLE, None, reason, {"warmup": [], "runs": []})
    return reference, cells


def make_cell(status, checksum, reason, record):
    runs = record["runs"]
    ok = status == OK
    return {
        "status": status,
        "reason": reason,
        "checksum": checksum,
        "wall": stats.median([r.wall for r in runs]) if ok else None,
        "steady": stats.median([r.steady for r in runs]) if ok else None,
        "rss_mb": stats.median([r.rss_kb / 1024 for r in runs]) if ok else None,
        "runs": [r.to_json() for r in runs],
        "warmup": [r.to_json() for r in record["warmup"]],
    }


def add_speedups(cells):
    """Set each cell's speedups over the CPython cell (None when either failed)."""
    base = cells.get(REFERENCE_RUNNER, {})
    for cell in cells.values():
        cell["speedup"] = stats.speedup(base.get("wall"), cell["wall"])
        cell["steady_speedup"] = stats.speedup(base.get("steady"), cell["steady"])
