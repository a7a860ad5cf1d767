"""Start an assignment: copy it from release/ into assignments/, never over work in progress."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from course.selfpaced import progress
from course.selfpaced.paths import assignments_dir, available_assignments, fingerprint, release_dir


@dataclass(frozen=True)
class StartResult:
    """What `start_assignment` did, in words a learner understands."""

    assignment: str
    folder: Path
    created: bool
    backup: Path | None
    message: str


def _check_known(assignment: str, root: Path | None) -> Path:
    source = release_dir(root) / assignment
    if not source.is_dir():
        known = ", ".join(available_assignments(root)) or "none"
        raise ValueError(f"There is no assignment called {assignment!r}. Available: {known}.")
    return source


def start_assignment(assignment: str, *, fresh: bool = False, root: Path | None = None) -> StartResult:
    """Copy release/<assignment> to assignments/<assignment> for the learner to work in.

    If a copy already exists it is left alone. With `fresh=True` the old copy is first moved to
    assignments/.backups/<assignment>-<date-time>/ and a new copy is made.
    """
    source = _check_known(assignment, root)
    target = assignments_dir(root) / assignment
    backup = None
    if target.exists():
        if not fresh:
            return StartResult(
                assignment, target, False, None,
                f"You already started {assignment}: your work is in {_shown(target, root)} and was left as it is. "
                f"To start over, press Start over (or make start ASSIGNMENT={assignment} FRESH=1): your "
                "current copy is kept as a dated backup first.",
            )
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = assignments_dir(root) / ".backups" / f"{assignment}-{stamp}"
        suffix = 1
        while backup.exists():
            suffix += 1
            backup = backup.with_name(f"{assignment}-{stamp}-{suffix}")
        backup.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(target), str(backup))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    with progress.LOCK:
        data = progress.load(root)
        data["started"][assignment] = {"release_fingerprint": fingerprint(source)}
        progress.save(data, root)
    notebooks = ", ".join(sorted(p.name for p in target.glob("*.ipynb")))
    message = (f"Started {assignment}: in the file browser on the left, open the assignments folder, then "
               f"{target.name}/{notebooks} (assignments/{target.name}/{notebooks}).")
    if backup is not None:
        message += f" Your previous copy is kept in {_shown(backup, root)}."
    return StartResult(assignment, target, True, backup, message)


def _shown(path: Path, root: Path | None) -> str:
    """`path` relative to the course folder (what the learner sees in the file browser)."""
    try:
        return str(path.relative_to(assignments_dir(root).parent))
    except ValueError:
        return str(path)


def changed_assignments(root: Path | None = None) -> list[str]:
    """Assignments you started whose released version has changed since (e.g. after `git pull`)."""
    started = progress.load(root)["started"]
    changed = []
    for aid, info in sorted(started.items()):
        source = release_dir(root) / aid
        if source.is_dir() and fingerprint(source) != info.get("release_fingerprint"):
            changed.append(aid)
    return changed


def updates_message(root: Path | None = None) -> str:
    """What to tell a learner about assignments the course changed since they started them ("" if none)."""
    changed = changed_assignments(root)
    if not changed:
        return ""
    return (
        "The course has updated these assignments since you started them: " + ", ".join(changed) + ".\n"
        "Your copies in assignments/ were not touched. To switch to the new version, use Start over in "
        "lesson 00's Assignment panel (or make start ASSIGNMENT=... FRESH=1): your current copy is kept "
        "as a dated backup in assignments/.backups/."
    )
