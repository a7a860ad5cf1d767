"""Grade exports: nbgrader's CSV columns plus a status, a Canvas gradebook import file, and the summary."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from course.grading import late as lateness
from course.grading.advice import action, actions

NBGRADER_COLUMNS = [
    "assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
    "raw_score", "late_submission_penalty", "score", "max_score",
]
EXTRA_COLUMNS = ["status", "late_seconds", "reason", "minutes_late", "late_note", "action", "provisional"]
COMPLETE = "_complete"  # not a column: every cell of the submission has its grade (canvas.csv posts it)


@dataclass
class Outcome:
    """One student's result in this run (or carried over from an earlier run)."""

    student: str
    status: str  # "graded", "failed" or "missing" (on the class list, nothing submitted)
    timestamp: str = ""
    reason: str = ""
    flags: list[str] = field(default_factory=list)
    score: float | None = None
    max_score: float = 0.0
    late_seconds: float = 0.0
    new: bool = False
    late_note: str = ""  # minutes late, extension, penalty and rule (set by rows())
    awaiting: list[str] = field(default_factory=list)  # answers a grader has still to mark (written.Awaiting)

    @property
    def label(self) -> str:
        if self.status == "graded" and self.flags:
            return "flagged"
        return self.status


def rows(gb, assignment: str, outcomes: dict[str, Outcome], late_rule: str = "",
         extension_minutes: dict[str, float] | None = None, missing: str = "blank") -> list[dict]:
    """One row per student in the gradebook: nbgrader's export fields, blank scores where grading failed.

    A student on the class list with no submission is "missing": no score, or 0 when `missing` is
    "zero" (c.CourseExport.missing in nbgrader_config.py). A late submission's row names its minutes
    late and the penalty under `late_rule` (the score is already net of it, as nbgrader's export).
    """
    if missing not in ("blank", "zero"):
        raise ValueError(f"c.CourseExport.missing must be 'blank' or 'zero', not {missing!r}")
    a = gb.find_assignment(assignment)
    out = []
    for student in gb.students:
        o = outcomes.get(student.id) or Outcome(student.id, "missing", reason="no submission", max_score=a.max_score)
        row = {
            "assignment": a.name, "duedate": a.duedate or "", "timestamp": "",
            "student_id": student.id, "last_name": student.last_name or "",
            "first_name": student.first_name or "", "email": student.email or "",
            "raw_score": "", "late_submission_penalty": "", "score": "", "max_score": a.max_score,
            "status": o.label, "late_seconds": f"{o.late_seconds:.0f}" if o.late_seconds else "",
            "reason": "; ".join(([o.reason] if o.reason else []) + o.flags),
            "action": actions(([o.reason] if o.reason else []) + o.flags),
            "provisional": ("yes: awaiting grading: " + "; ".join(o.awaiting)) if o.awaiting else "",
            "minutes_late": "", "late_note": "", COMPLETE: False,
        }
        if o.status == "graded":
            sub = gb.find_submission(assignment, student.id)
            penalty = sub.late_submission_penalty or 0.0
            row.update(timestamp=sub.timestamp or "", raw_score=sub.score, late_submission_penalty=penalty,
                       score=max(0.0, sub.score - penalty), **{COMPLETE: not sub.needs_manual_grade})
            seconds = sub.total_seconds_late or 0.0
            if seconds > 0:
                ext = (extension_minutes or {}).get(student.id, 0.0)
                row.update(minutes_late=lateness.minutes_late(seconds),
                           late_note=lateness.note(seconds, ext, round(penalty, 4), late_rule))
                o.late_note = row["late_note"]
        elif o.status == "missing" and missing == "zero":
            row.update(raw_score=0.0, late_submission_penalty=0.0, score=0.0, **{COMPLETE: True})
        out.append(row)
    return out


def write_csv(path: Path, table: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as fh:
        w = csv.DictWriter(fh, NBGRADER_COLUMNS + EXTRA_COLUMNS, extrasaction="ignore")
        w.writeheader()
        w.writerows(table)


def write_canvas(path: Path, assignment: str, table: list[dict]) -> None:
    """Canvas "Import" gradebook CSV: students matched by SIS Login ID, out of the assignment's full points.

    A score is posted only once every cell of the submission is graded (written answers too), net of
    the late penalty; failed, still-to-grade and missing submissions are left blank, never 0 (missing
    ones are 0 only when c.CourseExport.missing = "zero").
    """
    col = f"{assignment} (autograded)"
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", col])
        w.writerow(["Points Possible", "", "", "", "", table[0]["max_score"] if table else ""])
        for r in table:
            name = ", ".join(x for x in (r["last_name"], r["first_name"]) if x) or r["student_id"]
            w.writerow([name, "", r["student_id"], r["student_id"], "", r["score"] if r.get(COMPLETE) else ""])


def summary_text(assignment: str, outcomes: list[Outcome], protection: str, elapsed: float) -> str:
    """The end-of-run summary for the instructor."""
    graded = [o for o in outcomes if o.status == "graded"]
    failed = [o for o in outcomes if o.status == "failed"]
    flagged = [o for o in graded if o.flags]
    late = [o for o in outcomes if o.late_seconds > 0]
    new = [o for o in outcomes if o.new]
    lines = [
        f"== grading summary: {assignment} ({elapsed:.1f} s) ==",
        f"protection: {protection}",
        f"submissions: {len(outcomes)} ({len(new)} graded in this run) | graded: {len(graded)} | "
        f"failed: {len(failed)} | flagged: {len(flagged)} | late: {len(late)}",
    ]
    if failed:
        lines.append("FAILED (no score exported):")
        for o in failed:
            lines.append(f"  {o.student}: {o.reason} -> {action(o.reason)}")
            lines += [f"    also: {f} -> {action(f)}" for f in o.flags]
    if flagged:
        lines.append("FLAGGED (graded; each with what to do):")
        lines += [f"  {o.student}: {f} -> {action(f)}" for o in flagged for f in o.flags]
    waiting = [o for o in graded if o.awaiting]
    if waiting:
        n = sum(len(o.awaiting) for o in waiting)
        lines.append(f"WRITTEN ANSWERS AWAITING GRADING: {n} from {len(waiting)} students (scores provisional); "
                     f"grade them in the Formgrader (Manual Grading: the mark scheme is under each answer; all "
                     f"of them in exports/{assignment}/mark-schemes.html), then re-run make grade to refresh "
                     "their feedback:")
        lines += [f"  {o.student}: {w}" for o in waiting for w in o.awaiting]
    if late:
        lines.append("LATE:")
        lines += [f"  {o.student}: {o.late_note or f'{o.late_seconds / 3600:.1f} h late'}" for o in late]
    return "\n".join(lines)


def deadline_text(table: list[dict]) -> str:
    """The summary's lines on students of the class list who submitted nothing ('' when none)."""
    missing = [r["student_id"] for r in table if r["status"] == "missing"]
    if not missing:
        return ""
    zero = any(r[COMPLETE] for r in table if r["status"] == "missing")
    how = "0 in the exports (c.CourseExport.missing = 'zero')" if zero else "blank in canvas.csv, status missing"
    return f"\nMISSING (on the class list, nothing submitted; {how}): {', '.join(missing)}"
