"""The Markdown report and its place in the README.

`render` writes the stamp, the comparison table, the plot and (folded) the
detail table.  `splice` puts a rendered report between the markers

    <!-- pvmx-bench:start -->
    <!-- pvmx-bench:end -->

of a README, replacing what was there; any README that carries the markers
(benchmarks/README.md does; the top-level one may) is kept current by
`python3 -m benchmarks --publish`.
"""

import os

from benchmarks import summary

START = "<!-- pvmx-bench:start -->"
END = "<!-- pvmx-bench:end -->"
NOTE_LIMIT = 160


def _escape(text):
    return text.replace("|", "\\|").replace("\n", " ")


def _table(headers, rows):
    lines = ["| " + " | ".join(headers) + " |",
             "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(_escape(t) for t in row) + " |" for row in rows]
    return lines


def stamp_lines(doc):
    env = doc["environment"]
    m = env["machine"]
    s = doc["settings"]
    versions = [v for v in env["versions"].values() if v]
    mode = " (--quick: small sizes, not for claims)" if s["quick"] else ""
    return [
        f"Measured {doc['created'][:10]} on {m['cpu']} ({m['cores']} cores, "
        f"{m['memory_gb']} GB, {m['os']}){mode}.",
        "Runners: " + " · ".join(dict.fromkeys(versions)) + ".",
        f"Medians of {s['runs']} runs after {s['warmup']} warm-up run(s), runners alternating; "
        f"each process runs {_iterations(doc)} of its program.",
    ]


def _iterations(doc):
    """'4 iterations', or per kind when benchmarks ran different counts."""
    if doc["settings"].get("iterations"):
        return f"{doc['settings']['iterations']} iterations"
    by_kind = {}
    for b in doc["benchmarks"]:
        by_kind.setdefault(b["kind"], set()).add(b["iterations"])
    parts = [f"{'/'.join(str(n) for n in sorted(ns))} iterations ({kind})"
             for kind, ns in by_kind.items()]
    return ", ".join(parts) or "its default iterations"


LEGEND = ("Speedup over CPython of the whole process (start-up and warm-up "
          "included); in parentheses, of the steady state (median time per "
          "iteration after the program's own warm-up iterations). The CPython "
          "column is its whole-process time. ✗ marks a failure (error, timeout, "
          "checksum mismatch, runner unavailable): no speed is shown for it; "
          "n/a: no version of the program for that runner. Geomean rows: "
          "[ok/total] when some cells failed.")


def render(doc, image=None):
    """The Markdown report; `image` is the plot's path relative to the README."""
    headers, rows = summary.comparison(doc)
    texts = []
    for kind, row in rows:
        texts.append([f"**{t}**" if kind == "geomean" and t else t for t in row])
    lines = stamp_lines(doc) + ["", LEGEND, ""] + _table(headers, texts)
    if image:
        lines += ["", f"![Speedup over CPython per benchmark and runner, log scale]({image})"]
    d_headers, d_rows = summary.details(doc)
    for row in d_rows:
        if len(row[-1]) > NOTE_LIMIT:
            row[-1] = row[-1][:NOTE_LIMIT] + "…"
    lines += ["", "<details><summary>Absolute numbers, memory and failure reasons</summary>", ""]
    lines += _table(d_headers, d_rows) + ["", "</details>"]
    return "\n".join(lines) + "\n"


def splice(text, block):
    """`text` with the part between the markers replaced by `block`."""
    start = text.find(START)
    end = text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the markers {START} ... {END} are missing")
    return text[:start + len(START)] + "\n" + block + text[end:]


def update_readme(path, doc, image_file):
    """Splice the report into the README at `path` if it has the markers.

    The image link is made relative to the README's own directory, so the
    same plot shows from benchmarks/README.md and from the top-level README.
    Returns whether the file was changed.
    """
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return False
    if START not in text:
        return False
    image = os.path.relpath(image_file, os.path.dirname(os.path.abspath(path))) if image_file else None
    new = splice(text, render(doc, image))
    if new != text:
        with open(path, "w") as f:
            f.write(new)
    return True
