"""Your own copies of the lessons, in assignments/lessons/: what you type there is yours.

The course's lessons (course/lessons/) are tracked by git and never opened by students, so
`git pull` always works. `sync_lessons()` (run by `make lab`) keeps the copies up to date:

- a lesson with no copy is copied;
- when the course changed a lesson since your copy was made (the manifest keeps the hash of the
  version each copy came from), a copy whose cell sources you never changed is replaced (outputs are
  not your work); a copy you edited is first backed up to assignments/.backups/lessons-<date-time>/,
  then replaced, and the message says where the backup is;
- saved practice widgets, which cannot come back after JupyterLab restarts ("model not found"), are
  replaced by a note that says to run the cell again.

Nothing you typed is ever deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from course.selfpaced.paths import assignments_dir, course_root

COPIES = "lessons"
MANIFEST = ".course-versions.json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
RERUN_HINT = (
    "This interactive part is not running now: it comes back when its cell runs again. Click in this cell "
    "and press Shift+Enter. If Python then says a name is not defined, first use Run > Run All Above "
    "Selected Cell."
)
RERUN_OUTPUT: dict[str, Any] = {
    "output_type": "display_data",
    "metadata": {},
    "data": {
        "text/plain": RERUN_HINT,
        "text/html": f'<p role="note" class="course-rerun-hint">{RERUN_HINT}</p>',
    },
}


def lessons_dir(root: Path | None = None) -> Path:
    """The course's own lessons (tracked by git; students open their copies instead)."""
    return (root or course_root()) / "course" / "lessons"


def copies_dir(root: Path | None = None) -> Path:
    """assignments/lessons/: the student's copies of the lessons."""
    return assignments_dir(root) / COPIES


def copy_path(lesson: str, root: Path | None = None) -> Path:
    """Where the student's copy of `lesson` (a file name such as 00-start-here.ipynb) lives."""
    return copies_dir(root) / lesson


def sources_digest(nb: dict[str, Any]) -> str:
    """A hash of what a person typed in a notebook: each cell's type and source (no outputs).

    Empty cells do not count (Shift+Enter on the last cell adds one).
    """
    digest = hashlib.sha256()
    for cell in nb.get("cells", []):
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        if not text.strip():
            continue
        digest.update(cell.get("cell_type", "").encode() + b"\0" + text.encode() + b"\0\0")
    return digest.hexdigest()


def without_widget_views(nb: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The notebook with every saved widget view replaced by RERUN_OUTPUT; and how many were replaced.

    Sources are never touched. Saved widget state (notebook metadata "widgets") goes too: it belonged
    to the replaced views.
    """
    replaced = 0
    cells = []
    for cell in nb.get("cells", []):
        outputs = cell.get("outputs")
        if outputs and any(WIDGET_MIME in out.get("data", {}) for out in outputs):
            kept = [out for out in outputs if WIDGET_MIME not in out.get("data", {})]
            replaced += len(outputs) - len(kept)
            cell = {**cell, "outputs": kept + [json.loads(json.dumps(RERUN_OUTPUT))]}
        cells.append(cell)
    metadata = nb.get("metadata", {})
    if replaced or "widgets" in metadata:
        metadata = {k: v for k, v in metadata.items() if k != "widgets"}
    return {**nb, "cells": cells, "metadata": metadata}, replaced


@dataclass(frozen=True)
class LessonSync:
    """What `sync_lessons` did, in words a learner understands."""

    root: Path
    copied: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    backups: dict[str, Path] = field(default_factory=dict)
    widgets_reset: list[str] = field(default_factory=list)

    def message(self) -> str:
        """A few lines for the terminal (empty when nothing happened)."""
        lines = []
        if self.copied:
            lines.append(f"Your own copies of the lessons are in {self._shown(copies_dir(self.root))}/ "
                         f"(new: {', '.join(self.copied)}).")
        if self.updated:
            lines.append("The course updated these lessons; your copies now have the new version: "
                         + ", ".join(self.updated) + ".")
        for lesson, backup in self.backups.items():
            lines.append(f"You had typed in {lesson}: your copy is kept in {self._shown(backup)} (open it in "
                         "JupyterLab with File > Open from Path...); the lesson now has the course's new version.")
        return "\n".join(lines)

    def _shown(self, path: Path) -> str:
        """`path` relative to the course folder when it is inside it."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)


def _read(path: Path) -> dict[str, Any] | None:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return nb if isinstance(nb, dict) and isinstance(nb.get("cells"), list) else None


def _write_bytes(path: Path, data: bytes) -> None:
    """Write atomically: a crash never leaves half a notebook."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Write a notebook or the manifest atomically, in the layout Jupyter writes."""
    _write_bytes(path, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))


def _backup_folder(root: Path | None, now: datetime) -> Path:
    base = assignments_dir(root) / ".backups" / f"lessons-{now:%Y%m%d-%H%M%S}"
    folder, n = base, 1
    while folder.exists():
        n += 1
        folder = base.with_name(f"{base.name}-{n}")
    return folder


def load_manifest(root: Path | None = None) -> dict[str, Any]:
    """{"lessons": {lesson file name: {"upstream": hash of the course's file it was copied from,
    "sources": hash of that file's cell sources}}, "last_backups": {lesson: backup path relative to
    the course folder}} (the backups the last update made)."""
    try:
        data = json.loads((copies_dir(root) / MANIFEST).read_text())
    except (OSError, ValueError):
        data = {}
    data = data if isinstance(data, dict) else {}
    for key in ("lessons", "last_backups"):
        if not isinstance(data.get(key), dict):
            data[key] = {}
    return data


def last_backups(root: Path | None = None) -> dict[str, str]:
    """The lessons whose edited copies the last update backed up, and where (relative paths)."""
    return dict(load_manifest(root)["last_backups"])


def sync_lessons(root: Path | None = None, *, now: datetime | None = None) -> LessonSync:
    """Bring assignments/lessons/ up to date with course/lessons/ without losing anything typed."""
    root = root or course_root()
    now = now or datetime.now()
    result = LessonSync(root)
    data = load_manifest(root)
    manifest = data["lessons"]
    backup_folder: Path | None = None
    for upstream in sorted(lessons_dir(root).glob("*.ipynb")):
        name = upstream.name
        raw = upstream.read_bytes()
        course_nb = json.loads(raw)
        entry = {"upstream": hashlib.sha256(raw).hexdigest(), "sources": sources_digest(course_nb)}
        target = copy_path(name, root)
        known = manifest.get(name)
        copy = _read(target) if target.exists() else None
        if not target.exists():
            result.copied.append(name)
        elif copy is not None and known is None:
            # a copy without a record (the manifest was deleted): keep it as it is; recording the
            # course's version means any typing in it counts as the student's at the next update
            manifest[name] = entry
            _refresh_widgets(target, copy, name, result)
            continue
        elif copy is not None and known.get("upstream") == entry["upstream"]:
            _refresh_widgets(target, copy, name, result)
            continue
        elif copy is not None and sources_digest(copy) == known.get("sources"):
            result.updated.append(name)
        else:  # edited by the student (or unreadable): keep it as a backup first
            backup_folder = backup_folder or _backup_folder(root, now)
            backup_folder.mkdir(parents=True, exist_ok=True)
            shutil.copy2(target, backup_folder / name)
            result.backups[name] = backup_folder / name
            result.updated.append(name)
        _write_bytes(target, raw)
        manifest[name] = entry
    if result.updated:
        data["last_backups"] = {name: str(path.relative_to(root)) for name, path in result.backups.items()}
    _write_json(copies_dir(root) / MANIFEST, data)
    return result


def _refresh_widgets(target: Path, nb: dict[str, Any], name: str, result: LessonSync) -> None:
    cleaned, replaced = without_widget_views(nb)
    if replaced or cleaned["metadata"] != nb.get("metadata", {}):
        _write_json(target, cleaned)
        result.widgets_reset.append(name)
