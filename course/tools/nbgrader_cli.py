"""Run an `nbgrader` command from Python the same way everywhere (release tool, self-check, tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path


def run_nbgrader(cwd: Path, *args: str, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python -m nbgrader ARGS` in `cwd` with this interpreter, capturing its output.

    `env` replaces the process environment (default: os.environ). Either way this interpreter's bin
    folder comes first on PATH: nbgrader runs helper programs such as alembic by name, and they must be
    the venv's even when Python was started without activating it.
    """
    full_env = dict(os.environ if env is None else env)
    full_env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + full_env.get("PATH", "")
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=full_env, capture_output=True, text=True
    )
