"""The speedup plot (PNG): one horizontal bar per benchmark and runner, log scale.

Bars start at CPython (1×) and end at the whole-process speedup; a diamond
marks the steady-state speedup; a red cross at 1× marks a failed cell, so a
failure is visible but never drawn as a speed.  Needs matplotlib, an
optional extra of the benchmarks only (the project's `bench` extra);
`--publish` installs it into the virtual environment when it is missing.
"""

import importlib
import subprocess
import sys

REFERENCE = "cpython"
COLOURS = {"pvmx-nojit": "#9e9e9e", "pvmx-noopt": "#9ecae1", "pvmx": "#1f77b4",
           "pypy": "#2ca02c", "c": "#d62728"}


def have_matplotlib():
    try:
        importlib.import_module("matplotlib")
    except ImportError:
        return False
    return True


def ensure_matplotlib(say=print):
    """Install matplotlib with pip into the running environment if missing."""
    if have_matplotlib():
        return True
    if sys.prefix == sys.base_prefix:
        say("matplotlib is missing (not installing into the system Python)")
        return False
    say("installing matplotlib into the virtual environment (the plot needs it)")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    "matplotlib"], stdout=subprocess.DEVNULL)
    importlib.invalidate_caches()
    return have_matplotlib()


def plot(doc, path):
    import matplotlib
    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    benches = doc["benchmarks"]
    runners = [r for r in doc["runners"] if r["name"] != REFERENCE]
    height = 0.8 / max(1, len(runners))
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(benches) + 2))
    failed_label = "failed"
    for k, runner in enumerate(runners):
        offset = (k - (len(runners) - 1) / 2) * height
        ys, widths, steady_x, steady_y = [], [], [], []
        for i, bench in enumerate(benches):
            cell = bench["cells"].get(runner["name"])
            y = i + offset
            if cell is None:
                continue
            if cell["speedup"] is None:
                ax.plot(1, y, "x", color="red", markersize=5, label=failed_label)
                failed_label = None  # one legend entry for all failures
                continue
            ys.append(y)
            widths.append(cell["speedup"] - 1)
            if cell["steady_speedup"] is not None:
                steady_x.append(cell["steady_speedup"])
                steady_y.append(y)
        colour = COLOURS.get(runner["name"])
        ax.barh(ys, widths, left=1, height=height * 0.9, color=colour, label=runner["label"])
        ax.plot(steady_x, steady_y, "D", color=colour, markeredgecolor="black",
                markersize=3.5, linestyle="none")
    ax.plot([], [], "D", color="white", markeredgecolor="black", markersize=3.5,
            label="steady state")
    ax.axvline(1, color="black", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_yticks(range(len(benches)))
    ax.set_yticklabels([b["name"] for b in benches])
    ax.set_ylim(len(benches) - 0.5, -0.5)  # first benchmark on top
    ax.set_xlabel("speedup over CPython (log scale; bars: whole process)")
    ax.grid(axis="x", which="both", alpha=0.3)
    ax.set_title(f"pvmx benchmarks, {doc['created'][:10]}"
                 + (" (--quick)" if doc["settings"]["quick"] else ""))
    ax.legend(loc="lower right", fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
