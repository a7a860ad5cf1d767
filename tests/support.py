"""Helpers shared by the test modules."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
IN_CI = bool(os.environ.get("CI"))


def require(condition: bool, reason: str) -> None:
    """Skip when a prerequisite is missing on a developer's machine; fail loudly in CI."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI must provide this, but: {reason}")
    pytest.skip(reason)


def lesson_kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lesson: str) -> Path:
    """A course checkout with one lesson, and this process made a kernel that runs it (so practices record);
    returns the checkout's root."""
    root = tmp_path / "course"
    (root / "course" / "lessons").mkdir(parents=True)
    (root / "course" / "lessons" / f"{lesson}.ipynb").write_text("{}")
    monkeypatch.setenv("COURSE_ROOT", str(root))
    monkeypatch.setenv("JPY_SESSION_NAME", f"course/lessons/{lesson}.ipynb")
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    return root
