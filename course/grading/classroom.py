"""Build a throw-away course with synthetic students' submissions (for the demo, the bench and the tests)."""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import nbformat

from course.tools.release import ROOT, generate

STAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"
MARKER = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[^\n]*\n?", re.M)


def stamp(when: datetime) -> str:
    """A timestamp the way nbgrader writes timestamp.txt."""
    return when.astimezone(UTC).strftime(STAMP_FORMAT)


def new_course(dest: Path, source: Path, assignment: str, duedate: datetime | None = None) -> Path:
    """A course folder at `dest` with the repository's nbgrader config, one assignment, its release."""
    from nbgrader.api import Gradebook

    from course.grading.engine import ensure_assignment, load_config, venv_on_path

    venv_on_path()
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "nbgrader_config.py", dest / "nbgrader_config.py")
    shutil.copytree(source, dest / "source" / assignment, dirs_exist_ok=True)
    generate(assignment, root=dest)
    if duedate is not None:
        with Gradebook(f"sqlite:///{dest / 'gradebook.db'}", "medical-coding-billing") as gb:
            gb.update_or_create_assignment(assignment, duedate=duedate.astimezone(UTC).replace(tzinfo=None))
    ensure_assignment(dest, load_config(dest), assignment)  # notebooks and grade cells, as stock nbgrader needs
    return dest


def notebook_names(course: Path, assignment: str) -> list[str]:
    return sorted(p.name for p in (course / "release" / assignment).glob("*.ipynb"))


def answered(course: Path, assignment: str, name: str, answers: Iterable[str] | None) -> nbformat.NotebookNode:
    """The released notebook with the answer cells in `answers` (None: all) filled from the solution."""
    release = nbformat.read(course / "release" / assignment / name, as_version=4)
    source = nbformat.read(course / "source" / assignment / name, as_version=4)
    solutions = {
        c.metadata["nbgrader"]["grade_id"]: MARKER.sub("", c.source)
        for c in source.cells
        if c.get("metadata", {}).get("nbgrader", {}).get("solution") and c.cell_type == "code"
    }
    for cell in release.cells:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in solutions and (answers is None or gid in answers):
            cell.source = solutions[gid]
    return release


def submit(course: Path, student: str, assignment: str, files: dict[str, str | nbformat.NotebookNode],
           when: datetime) -> Path:
    """Lay out a submission in submitted/<student>/<assignment>/ as nbgrader collect does."""
    folder = course / "submitted" / student / assignment
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    _write(folder, files, when)
    return folder


def submit_to_exchange(exchange: Path, student: str, assignment: str,
                       files: dict[str, str | nbformat.NotebookNode], when: datetime,
                       uid: int | None = None, course_id: str = "medical-coding-billing") -> Path:
    """Put a submission in the exchange's inbound folder as `nbgrader submit` does (optionally owned by `uid`)."""
    inbound = exchange / course_id / "inbound"
    inbound.mkdir(parents=True, exist_ok=True)
    folder = inbound / f"{student}+{assignment}+{stamp(when)}+{uuid.uuid4().hex[:8]}"
    folder.mkdir()
    _write(folder, files, when)
    if uid is not None:
        for path in [folder, *folder.iterdir()]:
            os.chown(path, uid, uid)
    return folder


def _write(folder: Path, files: dict[str, str | nbformat.NotebookNode], when: datetime) -> None:
    for name, content in files.items():
        if isinstance(content, str):
            (folder / name).write_text(content)
        else:
            nbformat.write(content, folder / name)
    (folder / "timestamp.txt").write_text(stamp(when))


def before(due: datetime, hours: float) -> datetime:
    return due - timedelta(hours=hours)
