"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.support import ROOT

# Matplotlib must never try to open a window in the tests.
os.environ.setdefault("MPLBACKEND", "Agg")
# nbgrader runs helper programs (alembic, jupyter) by name: the venv's bin must come first on PATH,
# also when pytest is started as .venv/bin/python without activating the venv.
_venv_bin = str(Path(sys.executable).parent)
if os.environ.get("PATH", "").split(os.pathsep)[0] != _venv_bin:
    os.environ["PATH"] = _venv_bin + os.pathsep + os.environ.get("PATH", "")


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository's root folder."""
    return ROOT
