"""Due dates a student's copy knows: `DUE.txt`, released with an assignment by the instructor's `make due`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from course.selfpaced.paths import assignments_dir, release_dir

DUE_FILE = "DUE.txt"


def read_due(path: Path) -> datetime | None:
    """The due date in a DUE.txt (its `due:` line, aware), or None when there is none or it is unreadable."""
    try:
        lines = path.read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith("due:"):
            try:
                when = datetime.fromisoformat(line.removeprefix("due:").strip())
            except ValueError:
                return None
            return when if when.tzinfo else when.replace(tzinfo=UTC)
    return None


def places(assignment: str, root: Path | None = None) -> list[Path]:
    """Where a student's copy of the assignment may be: started here, released here, fetched into the home."""
    return [assignments_dir(root) / assignment, release_dir(root) / assignment, Path.home() / assignment]


def due_date(assignment: str, root: Path | None = None) -> datetime | None:
    """The assignment's due date from the first copy that has a DUE.txt, or None (no deadline: self-paced)."""
    for folder in places(assignment, root):
        when = read_due(folder / DUE_FILE)
        if when is not None:
            return when
    return None


def due_text(when: datetime, now: datetime | None = None) -> str:
    """'due 2026-12-05 17:00 UTC (in 6 days)', or '... (past due: late work loses points)'."""
    now = now or datetime.now(UTC)
    left = (when - now).total_seconds()
    stamp = when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if left <= 0:
        return f"due {stamp} (past due: late work loses points)"
    days, hours = int(left // 86400), int(left % 86400 // 3600)
    return f"due {stamp} (in {f'{days} day' + ('s' if days != 1 else '') if days else f'{hours} h'})"
