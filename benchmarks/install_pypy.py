"""Installing PyPy with the system's package manager, when asked to.

PyPy is only a reference point, so the harness never installs it silently:
`--install-pypy` (and `--publish`, whose table needs the PyPy anchor) call
`ensure_pypy`, which uses apt-get on Debian-like systems and says what to do
elsewhere.
"""

import shutil
import subprocess

PACKAGE = "pypy3"


def ensure_pypy(say=print):
    """Make `pypy3` available if possible; return whether it is."""
    if shutil.which("pypy3"):
        return True
    if not shutil.which("apt-get"):
        say("pypy3 is missing and apt-get is not available: install PyPy 3 by hand")
        return False
    say(f"installing {PACKAGE} with apt-get")
    install = ["apt-get", "install", "-y", "-q", PACKAGE]
    if subprocess.run(install, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode != 0:
        # Fresh machines have no package lists yet.
        subprocess.run(["apt-get", "update", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        result = subprocess.run(install, capture_output=True, text=True)
        if result.returncode != 0:
            say(f"apt-get install {PACKAGE} failed: {result.stderr.strip()[-300:]}")
            return False
    return bool(shutil.which("pypy3"))
