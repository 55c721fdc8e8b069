"""pvmx's files kept between processes: where they live, and reading and
writing them so that a missing, corrupt, stale or unwritable file only ever
means computing again.

The directory is $PVMX_CACHE_DIR, else $XDG_CACHE_HOME/pvmx, else
~/.cache/pvmx; PVMX_CACHE_DIR=off turns every pvmx cache off.  A file holds
one marshal value, `(stamp, payload)`: marshal loads plain data and code
objects without running code, and it is fast.  The stamp says what the
payload was made from (format, Python, the sources it depends on); a file
whose stamp differs from the reader's is ignored, and overwritten when the
reader saves.  Writes go to a temporary file renamed over the old one, so a
concurrent reader sees the old file or the new one, never half.

Files whose names carry a tag (`x86-templates-<tag>.marshal`: one per
PeachPy installation, `modules-<tag>`: one per checkout) would pile up, one
more per clone or virtual environment.  A read marks its file used (its
mtime, at most once a day); a write removes the folder's `.marshal` files
(and temporary files of crashed writers) unused for UNUSED_DAYS.

Users (tracer/recording/twincode.py, backend_x86/encoder.py) count their
hits and misses in `COUNTS`; PVMX_CACHE_STATS=1 prints them at exit (tests
read it to see that a cache was used).
"""

import marshal
import os
import sys
import time

COUNTS = {}         # "what.event" -> count, for PVMX_CACHE_STATS and tests

_OFF = ("off", "0", "no", "none")

UNUSED_DAYS = 30
_DAY = 86400


def count(name, n=1):
    COUNTS[name] = COUNTS.get(name, 0) + n


def digest(data):
    """A 16-byte digest of `data` (bytes), for keys and stamps."""
    try:
        from _blake2 import blake2b     # builtin; hashlib would load OpenSSL's
    except ImportError:                 # pragma: no cover
        from hashlib import blake2b
    return blake2b(data, digest_size=16).digest()


def cache_dir(override=None):
    """The cache directory, or None when caching is off.  `override`: the
    value of a cache's own variable (a directory, or off), which wins."""
    for where in (override, os.environ.get("PVMX_CACHE_DIR")):
        if where:
            return None if where.lower() in _OFF else where
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "pvmx")


def load(path, stamp):
    """The payload saved at `path` under `stamp`, or None (missing,
    unreadable, corrupt or stale)."""
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            data = f.read()
            mark_used(path, os.fstat(f.fileno()))
        got, payload = marshal.loads(data)
    except Exception:       # any damage: as if there were no file
        return None
    return payload if got == stamp else None


def save(path, stamp, payload):
    """Write `payload` under `stamp`, atomically; False when it could not be."""
    if path is None:
        return False
    try:
        data = marshal.dumps((stamp, payload))
    except Exception:       # unmarshallable: the next process computes
        return False
    return write(path, [data])


def write(path, parts):
    """Write the bytes `parts` to `path` atomically (a reader that opened the
    old file keeps it), then prune the folder; False when it could not be."""
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as f:
            f.writelines(parts)
        os.replace(tmp, path)
    except Exception:       # unwritable, full: the next process computes
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
    prune(path)
    return True


def mark_used(path, st):
    """Move `path`'s mtime to now if it is a day old (`st`: its stat), so
    that mtime tells when the file was last used."""
    now = time.time()
    if now - st.st_mtime > _DAY:
        try:
            os.utime(path, (now, now))
        except OSError:
            pass


def prune(path, now=None):
    """Remove the cache files beside `path` (`*.marshal`, and temporary
    files of crashed writers) unused for UNUSED_DAYS."""
    folder, name = os.path.split(path)
    cutoff = (time.time() if now is None else now) - UNUSED_DAYS * _DAY
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for e in entries:
        if e.name == name or not (e.name.endswith(".marshal")
                                  or (".marshal." in e.name and e.name.endswith(".tmp"))):
            continue
        try:
            if e.stat().st_mtime < cutoff:
                os.unlink(e.path)
        except OSError:
            pass


def _print_counts():
    items = " ".join(f"{k}={v}" for k, v in sorted(COUNTS.items()))
    print(f"pvmx cache: {items or 'unused'}", file=sys.stderr)


if os.environ.get("PVMX_CACHE_STATS"):
    import atexit
    atexit.register(_print_counts)
