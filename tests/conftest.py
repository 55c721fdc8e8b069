"""Settings for the whole test session."""

import os

import pytest


@pytest.fixture(autouse=True, scope="session")
def _session_template_cache(tmp_path_factory):
    """The backend's tests make instruction shapes no program would (random
    registers, offsets and immediates, thousands of them); they go to the
    session's own template cache instead of the user's, which every pvmx
    process loads whole (7 ms once the suite had filled it)."""
    if "PVMX_TEMPLATE_CACHE" not in os.environ:
        os.environ["PVMX_TEMPLATE_CACHE"] = str(tmp_path_factory.mktemp("templates"))
    yield
