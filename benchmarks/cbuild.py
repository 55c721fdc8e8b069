"""Compiling the C versions with gcc -O2 into a scratch directory.

Built fresh on every harness run (each takes well under a second), so a
binary never outlives the source it was built from.
"""

import os
import subprocess

CFLAGS = ["-O2"]


def compile_program(source, outdir):
    """Build `source`; return (binary_path, None) or (None, reason)."""
    name = os.path.splitext(os.path.basename(source))[0]
    binary = os.path.join(outdir, name)
    command = ["gcc", *CFLAGS, "-o", binary, source, "-lm"]
    try:
        result = subprocess.run(command, capture_output=True, text=True)
    except OSError as e:
        return None, f"cannot run gcc: {e}"
    if result.returncode != 0:
        return None, "gcc failed: " + result.stderr.strip()[-300:]
    return binary, None


def compile_all(benchmarks, outdir):
    """{name: binary} and {name: reason} for the benchmarks that have a C version."""
    binaries, failures = {}, {}
    for bench in benchmarks:
        if bench.c_source is None:
            continue
        binary, reason = compile_program(bench.c_source, outdir)
        if binary:
            binaries[bench.name] = binary
        else:
            failures[bench.name] = reason
    return binaries, failures
