"""`python -m interp ...`: pvmx from a checkout, setting up `.venv` on first use."""

import os
import sys

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from interp.setup_env import reexec_in_venv
    reexec_in_venv("interp", sys.argv[1:])
    from interp.cli import console_main
    console_main()
