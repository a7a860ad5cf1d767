"""Deadlines: the course's late policy (an nbgrader LateSubmissionPlugin) and per-student extensions.

The policy is set in nbgrader_config.py (`c.AssignLatePenalties.plugin_class` and `c.LatePolicy.*`),
so stock `nbgrader autograde` and `make grade` apply the same rule. Extensions live in
`extensions.csv` in the course folder, which the instructor edits; `make grade` writes them into the
gradebook (nbgrader's own per-submission `extension`), so lateness counts from the student's own due date.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Float

EXTENSIONS_FILE = "extensions.csv"
EXTENSION_COLUMNS = ["student", "assignment", "new_due", "extra_minutes"]
DAY = 86400.0


class ExtensionsError(ValueError):
    """extensions.csv has a row that cannot be read (grading does not start: fix the named line)."""


def started_days(seconds_late: float) -> int:
    """Days late, counting every started day of 24 hours (1 second late = 1 day)."""
    return math.ceil(seconds_late / DAY) if seconds_late > 0 else 0


def minutes_late(seconds_late: float) -> int:
    """Minutes late, counting every started minute."""
    return math.ceil(seconds_late / 60) if seconds_late > 0 else 0


def penalty(score: float, seconds_late: float, percent_per_day: float, max_percent: float) -> float:
    """Points taken off `score`: `percent_per_day` % of it per started day late, at most `max_percent` %."""
    share = min(max_percent, percent_per_day * started_days(seconds_late)) / 100.0
    return round(max(0.0, min(score, score * share)), 4)


class LatePolicy(LateSubmissionPlugin):
    """The course's late penalty: a share of the score earned, per started day late, up to a cap."""

    percent_per_day = Float(10.0, help="percent of the score taken off per started day (24 h) late").tag(config=True)
    max_percent = Float(100.0, help="the most that is taken off, in percent of the score").tag(config=True)

    def late_submission_penalty(self, student_id: str, score: float, total_seconds_late: float) -> float:
        """nbgrader's interface: the penalty for one notebook of a submission this many seconds late."""
        return penalty(score or 0.0, total_seconds_late, self.percent_per_day, self.max_percent)

    def describe(self) -> str:
        """The rule in words (shown in the export, the summary and the feedback)."""
        return (f"{self.percent_per_day:g}% of the score per started day late, "
                f"at most {self.max_percent:g}%")


def policy_from_config(cfg) -> LateSubmissionPlugin:
    """The late-submission plugin nbgrader_config.py chose, configured as nbgrader would configure it."""
    from traitlets.utils.importstring import import_item

    cls = LateSubmissionPlugin
    if "AssignLatePenalties" in cfg and "plugin_class" in cfg.AssignLatePenalties:
        cls = cfg.AssignLatePenalties.plugin_class
        if isinstance(cls, str):
            cls = import_item(cls)
    return cls(config=cfg)


def describe(policy: LateSubmissionPlugin) -> str:
    """Any plugin's rule in words."""
    if hasattr(policy, "describe"):
        return policy.describe()
    return "no late penalty" if getattr(policy, "penalty_method", "none") == "none" else "late work scores 0"


def parse_due(text: str) -> datetime:
    """'2026-12-05 17:00' (UTC), '2026-12-05 17:00 America/Chicago' or ISO with an offset -> aware UTC time."""
    text = text.strip()
    zone = UTC
    head, _, tail = text.rpartition(" ")
    if head and ("/" in tail or tail.upper() == "UTC"):
        try:
            zone = UTC if tail.upper() == "UTC" else ZoneInfo(tail)
        except (ZoneInfoNotFoundError, ValueError) as err:
            raise ValueError(f"unknown time zone {tail!r} in {text!r}") from err
        text = head
    try:
        when = datetime.fromisoformat(text)
    except ValueError as err:
        raise ValueError(f"not a date and time: {text!r} (write it like 2026-12-05 17:00)") from err
    if when.tzinfo is None:
        when = when.replace(tzinfo=zone)
    return when.astimezone(UTC)


def show_due(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True)
class Extension:
    """One student's extension for one assignment, as nbgrader stores it (time added to the due date)."""

    student: str
    assignment: str
    extra: timedelta


def read_extensions(path: Path, assignment: str, due: datetime | None) -> dict[str, timedelta]:
    """{student: time added to the due date} for `assignment`, from extensions.csv (none if no file).

    Each row gives either `new_due` (a date and time, like the due date) or `extra_minutes`. A row that
    cannot be read raises ExtensionsError naming its line, so a typo never silently grants nothing.
    """
    if not path.exists():
        return {}
    out: dict[str, timedelta] = {}
    with path.open(newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ("student", "assignment") if c not in (reader.fieldnames or [])]
        if missing:
            raise ExtensionsError(f"{path.name}: the header must have {', '.join(EXTENSION_COLUMNS)} (missing {missing})")
        for line, row in enumerate(reader, start=2):
            if (row.get("assignment") or "").strip() != assignment:
                continue
            student = (row.get("student") or "").strip()
            new_due, extra = (row.get("new_due") or "").strip(), (row.get("extra_minutes") or "").strip()
            if not student or bool(new_due) == bool(extra):
                raise ExtensionsError(f"{path.name} line {line}: give a student and either new_due or extra_minutes")
            if extra:
                try:
                    out[student] = timedelta(minutes=float(extra))
                except ValueError as err:
                    raise ExtensionsError(f"{path.name} line {line}: extra_minutes {extra!r} is not a number") from err
            else:
                if due is None:
                    raise ExtensionsError(f"{path.name} line {line}: {assignment} has no due date to extend (make due)")
                try:
                    out[student] = parse_due(new_due) - due.astimezone(UTC)
                except ValueError as err:
                    raise ExtensionsError(f"{path.name} line {line}: {err}") from err
            if out[student] <= timedelta(0):
                raise ExtensionsError(f"{path.name} line {line}: the extension must move the due date later")
    return out


def assignment_due(gb, assignment: str) -> datetime | None:
    """The assignment's due date from the gradebook (aware, UTC), or None."""
    due = gb.find_assignment(assignment).duedate
    return due.replace(tzinfo=UTC) if due is not None else None


def apply_extensions(gb, assignment: str, students: list[str], extensions: dict[str, timedelta]) -> dict[str, float]:
    """Write each submitting student's extension (or none) into the gradebook; {student: minutes added}."""
    applied = {}
    for student in students:
        extra = extensions.get(student)
        gb.update_or_create_student(student)
        sub = gb.update_or_create_submission(assignment, student)
        sub.extension = extra
        applied[student] = extra.total_seconds() / 60 if extra else 0.0
    gb.db.commit()
    return applied


def reapply(gb, assignment: str, student: str, policy: LateSubmissionPlugin) -> float:
    """Recompute each notebook's penalty from its current score and lateness (after manual grading or a
    new extension), as nbgrader's AssignLatePenalties would; returns the submission's total penalty."""
    sub = gb.find_submission(assignment, student)
    seconds = sub.total_seconds_late
    total = 0.0
    for nb in sub.notebooks:
        value = None
        if seconds > 0:
            value = policy.late_submission_penalty(student, nb.score, seconds)
            if value is not None:
                value = max(0.0, min(float(value), nb.score))
        nb.late_submission_penalty = value
        total += value or 0.0
    gb.db.commit()
    return total


def note(seconds_late: float, extension_minutes: float, points: float, rule: str) -> str:
    """'300 min late (1 started day; extension 120 min): -0.2 points (10% of the score ...)' or ''."""
    if seconds_late <= 0:
        return ""
    ext = f"; extension {extension_minutes:g} min" if extension_minutes else ""
    days = started_days(seconds_late)
    return (f"{minutes_late(seconds_late)} min late ({days} started day{'s' if days != 1 else ''}{ext}): "
            f"-{points:g} points ({rule})")


def feedback_cell_text(db_url: str, assignment: str, student: str, notebook: str, rule: str) -> str:
    """Markdown for the top of a late submission's feedback: minutes late, extension, penalty ('' if on time)."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url) as gb:
        try:
            sub = gb.find_submission(assignment, student)
            nb = gb.find_submission_notebook(notebook, assignment, student)
        except MissingEntry:
            return ""
        seconds = sub.total_seconds_late or 0.0
        if seconds <= 0:
            return ""
        ext = sub.extension.total_seconds() / 60 if sub.extension else 0.0
        due = sub.duedate.replace(tzinfo=UTC)
        return (f"**Late submission.** Due {show_due(due)}"
                f"{f' (with your extension of {ext:g} min)' if ext else ''}; submitted "
                f"{note(seconds, ext, round(nb.late_submission_penalty or 0.0, 4), rule)}. "
                "Your score is net of it.")
