"""Your progress, kept in assignments/.progress.json (git-ignored, so course updates never touch it)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from course.selfpaced.deadlines import due_date
from course.selfpaced.paths import assignments_dir, available_assignments, course_root

FILE_NAME = ".progress.json"
LESSON_NAME = re.compile(r"^\d\d-[a-z0-9-]+$")
# Held around every load-change-save of the file in this kernel: an exam's timer thread keeps its answers
# while the student practises elsewhere, and neither write may lose the other's.
LOCK = threading.RLock()


def progress_file(root: Path | None = None) -> Path:
    return assignments_dir(root) / FILE_NAME


def load(root: Path | None = None) -> dict[str, Any]:
    """The stored progress (empty if there is none yet, or if the file is unreadable)."""
    path = progress_file(root)
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        data = {}
    data.setdefault("lessons", {})
    data.setdefault("assignments", {})
    data.setdefault("started", {})
    return data


def save(data: dict[str, Any], root: Path | None = None) -> None:
    """Write progress atomically (a crash never leaves half a file)."""
    path = progress_file(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".progress-", suffix=".tmp")
    with os.fdopen(fd, "w") as fh:
        json.dump(data, fh, indent=2, sort_keys=True)
    os.replace(tmp, path)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def record_practice(lesson: str, exercise: str, root: Path | None = None) -> None:
    """Note that a practice exercise of a lesson was answered correctly.

    `exercise` names one question (a quiz's question, a drill's item), so a lesson's count is the
    number of different exercises answered right, however often each was answered.
    """
    with LOCK:
        data = load(root)
        entry = data["lessons"].setdefault(lesson, {"exercises": [], "first": _now()})
        if exercise not in entry["exercises"]:
            entry["exercises"].append(exercise)
            entry["last"] = _now()
            save(data, root)


def lesson_from_session() -> str | None:
    """The lesson whose kernel this is, from the path Jupyter gives its kernels (JPY_SESSION_NAME)."""
    session = os.environ.get("JPY_SESSION_NAME", "")
    path = Path(session)
    if path.suffix == ".ipynb" and path.parent.name == "lessons" and LESSON_NAME.match(path.stem):
        return path.stem
    return None


def record_practice_in_session(exercise: str) -> None:
    """Record a correct practice answer for the lesson open in JupyterLab; does nothing elsewhere."""
    lesson = lesson_from_session()
    if lesson is None or os.environ.get("NBGRADER_EXECUTION"):
        return
    with contextlib.suppress(OSError):  # progress is a convenience: never break a lesson over it
        record_practice(lesson, exercise)


def record_check(assignment: str, score: float, max_score: float, root: Path | None = None) -> dict[str, Any]:
    """Store one self-check result; keeps the best score and a short history. Returns the entry."""
    with LOCK:
        data = load(root)
        entry = data["assignments"].setdefault(assignment, {"best": 0.0, "max": max_score, "history": []})
        entry["max"] = max_score
        entry["best"] = max(float(entry.get("best", 0.0)), score)
        entry["history"] = (entry.get("history", []) + [{"at": _now(), "score": score, "max": max_score}])[-20:]
        save(data, root)
    return entry


@dataclass(frozen=True)
class Summary:
    """What the progress view shows."""

    lessons: list[tuple[str, int]]  # (lesson, number of practice exercises answered correctly)
    assignments: list[tuple[str, float | None, float | None]]  # (id, best score or None, max or None)
    due: dict[str, datetime] = field(default_factory=dict)  # due dates the student's copies know (DUE.txt)


def exercises_right(count: int) -> str:
    """"1 exercise right", "11 exercises right": how the progress views say a lesson's count."""
    return f"{count} exercise{'' if count == 1 else 's'} right"


def lesson_names(root: Path | None = None) -> list[str]:
    folder = (root or course_root()) / "course" / "lessons"
    return sorted(p.stem for p in folder.glob("*.ipynb")) if folder.is_dir() else []


def summary(root: Path | None = None) -> Summary:
    """Every lesson and assignment of the course, with what the learner has done."""
    data = load(root)
    lessons = [(name, len(data["lessons"].get(name, {}).get("exercises", []))) for name in lesson_names(root)]
    assignments = []
    for aid in available_assignments(root):
        entry = data["assignments"].get(aid)
        assignments.append((aid, entry["best"], entry["max"]) if entry else (aid, None, None))
    due = {aid: when for aid, *_ in assignments if (when := due_date(aid, root)) is not None}
    return Summary(lessons, assignments, due)
