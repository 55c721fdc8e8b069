"""The tables as plain rows of text, shared by the terminal and Markdown views.

The comparison table has one row per benchmark and one column per runner:
CPython's column gives its whole-process time, every other column the
speedup over CPython of the whole process and, in parentheses, of the steady
state.  A failure shows its status instead of a number.  Geometric-mean rows
close each kind of benchmark.  The detail table has one row per cell with
absolute numbers and the reason of each failure.
"""

from benchmarks import stats

REFERENCE = "cpython"
FAIL_PREFIX = "✗ "
NO_VERSION = "n/a"


def fmt_seconds(s):
    if s is None:
        return "–"
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.1f} ms"
    return f"{s * 1e6:.0f} µs"


def fmt_speedup(x):
    if x is None:
        return "–"
    if x >= 100:
        return f"{x:.0f}×"
    if x >= 10:
        return f"{x:.1f}×"
    return f"{x:.2f}×"


def fmt_mb(mb):
    return "–" if mb is None else f"{mb:.0f} MB"


def cell_text(runner, cell):
    if cell is None:
        return NO_VERSION
    if cell["status"] != "ok":
        return FAIL_PREFIX + cell["status"]
    if runner == REFERENCE:
        return fmt_seconds(cell["wall"])
    text = fmt_speedup(cell["speedup"])
    if cell["steady_speedup"] is not None:
        text += f" ({fmt_speedup(cell['steady_speedup'])})"
    return text


def kinds(doc):
    seen = []
    for bench in doc["benchmarks"]:
        if bench["kind"] not in seen:
            seen.append(bench["kind"])
    return seen


def geomean_text(runner, benches):
    cells = [b["cells"].get(runner) for b in benches]
    cells = [c for c in cells if c is not None]
    if runner == REFERENCE or not cells:
        return ""
    ok = [c for c in cells if c["status"] == "ok"]
    text = fmt_speedup(stats.geomean([c["speedup"] for c in ok]))
    steady = stats.geomean([c["steady_speedup"] for c in ok])
    if steady is not None:
        text += f" ({fmt_speedup(steady)})"
    if len(ok) < len(cells):
        text += f" [{len(ok)}/{len(cells)}]"
    return text


def comparison(doc):
    """(headers, rows); a row is (kind, [texts]) where kind is "bench" or "geomean"."""
    runners = doc["runners"]
    headers = ["benchmark", "size"] + [r["label"] for r in runners]
    rows = []
    for kind in kinds(doc):
        benches = [b for b in doc["benchmarks"] if b["kind"] == kind]
        for bench in benches:
            texts = [bench["name"], str(bench["size"])]
            texts += [cell_text(r["name"], bench["cells"].get(r["name"])) for r in runners]
            rows.append(("bench", texts))
        texts = [f"geomean ({kind})", ""] + [geomean_text(r["name"], benches) for r in runners]
        rows.append(("geomean", texts))
    return headers, rows


DETAIL_HEADERS = ["benchmark", "runner", "status", "wall", "steady/iter", "peak RSS",
                  "speedup", "steady speedup", "note"]


def details(doc):
    """(headers, rows) with absolute numbers for every cell."""
    labels = {r["name"]: r["label"] for r in doc["runners"]}
    rows = []
    for bench in doc["benchmarks"]:
        for name, cell in bench["cells"].items():
            rows.append([
                bench["name"], labels.get(name, name), cell["status"],
                fmt_seconds(cell["wall"]), fmt_seconds(cell["steady"]), fmt_mb(cell["rss_mb"]),
                fmt_speedup(cell["speedup"]), fmt_speedup(cell["steady_speedup"]),
                cell["reason"] or "",
            ])
    return DETAIL_HEADERS, rows


def failures(doc):
    """[(benchmark, runner label, status, reason)] for every failed cell."""
    labels = {r["name"]: r["label"] for r in doc["runners"]}
    return [(b["name"], labels.get(n, n), c["status"], c["reason"] or "")
            for b in doc["benchmarks"] for n, c in b["cells"].items() if c["status"] != "ok"]
