"""`python3 -m benchmarks [options]`: re-run inside .venv, then run the harness."""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from interp.setup_env import reexec_in_venv  # noqa: E402

reexec_in_venv("benchmarks", sys.argv[1:])

from benchmarks.cli import main  # noqa: E402

sys.exit(main(sys.argv[1:]))
