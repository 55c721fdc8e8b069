"""`python3 -m tests [pytest args]`: set up the environment if needed, run the suite."""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from interp.setup_env import reexec_in_venv  # noqa: E402

reexec_in_venv("tests", sys.argv[1:])
os.chdir(ROOT)
import pytest  # noqa: E402

status = pytest.main(["-q", "-p", "no:cacheprovider", *sys.argv[1:]])
sys.exit(0 if status == pytest.ExitCode.NO_TESTS_COLLECTED and sys.argv[1:] else int(status))
