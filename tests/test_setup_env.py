"""The setup's byte-compilation (interp/setup_env.py): a `.pyc` the importer
would reject is made again, one it accepts is left alone."""

import importlib.util
import os

from interp.setup_env import fresh_bytecode


def _write(path, text, mtime):
    with open(path, "w") as f:
        f.write(text)
    os.utime(path, (mtime, mtime))


def test_a_pyc_stale_only_by_size_is_compiled_again(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    source = str(pkg / "mod.py")
    _write(source, "X = 1\n", 1_700_000_000)
    assert fresh_bytecode(("pkg",), root=str(tmp_path)) == 1
    assert fresh_bytecode(("pkg",), root=str(tmp_path)) == 0

    # Edited within the same second: compileall's mtime check calls the old
    # .pyc fresh, the importer (which also compares sizes) would not.
    _write(source, "X = 12345\n", 1_700_000_000)
    assert fresh_bytecode(("pkg",), root=str(tmp_path)) == 1
    with open(importlib.util.cache_from_source(source), "rb") as f:
        header = f.read(16)
    assert int.from_bytes(header[12:16], "little") == len("X = 12345\n")
    assert fresh_bytecode(("pkg",), root=str(tmp_path)) == 0
