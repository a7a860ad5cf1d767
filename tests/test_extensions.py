"""The plain install enables nbgrader's Lab and server extensions and the ipywidgets extension."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT


def _jupyter(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "jupyter", *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)


def test_lab_extensions_enabled():
    listing = _jupyter("labextension", "list")
    for ext in ("@jupyter/nbgrader", "@jupyter-widgets/jupyterlab-manager"):
        assert re.search(re.escape(ext) + r" v[\d.]+ enabled OK", listing), f"{ext} is not enabled:\n{listing}"


def test_nbgrader_server_extensions_enabled():
    listing = _jupyter("server", "extension", "list")
    for ext in ("formgrader", "assignment_list", "course_list", "validate_assignment"):
        assert re.search(rf"nbgrader\.server_extensions\.{ext} enabled", listing), f"{ext} not enabled:\n{listing}"


def test_lab_starts_the_kernel_without_asking_and_stays_offline():
    """`make` installs the course's JupyterLab defaults into the environment the course runs in."""
    import json

    installed = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert installed.exists(), "run `make venv`: the course's JupyterLab settings are not installed"
    settings = json.loads(installed.read_text())
    assert settings == json.loads((ROOT / "course" / "tools" / "lab_overrides.json").read_text())
    assert settings["@jupyterlab/notebook-extension:tracker"]["autoStartDefaultKernel"] is True
