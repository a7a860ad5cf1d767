"""`make due ASSIGNMENT=a01 DUE="2026-12-05 17:00"`: set an assignment's due date, and show it to students.

    python -m course.grading.due a01 "2026-12-05 17:00"                  # UTC
    python -m course.grading.due a01 "2026-12-05 17:00 America/Chicago"  # or any IANA time zone
    python -m course.grading.due a01                                     # show it and the extensions

The due date goes where nbgrader reads it (the gradebook's assignment `duedate`), so lateness, the
late policy and nbgrader's own commands all count from it. Students learn it from `DUE.txt`, a file
released with the assignment: written into source/<a>/ (so every `nbgrader generate_assignment`
carries it into release/<a>/), into release/<a>/ now, and into the exchange's released copy when the
assignment is already released. The Assignment panel and `make progress` read it from the student's copy.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from course.grading import late
from course.selfpaced.deadlines import DUE_FILE


def due_text(assignment: str, when: datetime, rule: str) -> str:
    """The file students get: the date, the late policy in words, and a machine-readable line."""
    return (f"{assignment} is due {late.show_due(when)}.\n"
            f"Late work: {rule} (counted from your own due date if you were given an extension).\n"
            f"due: {when.isoformat()}\n")


def set_due(root: Path, assignment: str, when: datetime) -> list[Path]:
    """Store the due date in the gradebook and write DUE.txt where students get it; the files written."""
    from nbgrader.api import Gradebook

    from course.grading.engine import load_config, venv_on_path

    if not (root / "source" / assignment).is_dir():
        raise FileNotFoundError(f"no assignment {assignment!r}: {root / 'source' / assignment} does not exist")
    venv_on_path()
    cfg = load_config(root)
    with Gradebook(cfg.CourseDirectory.db_url, cfg.CourseDirectory.course_id) as gb:
        gb.update_or_create_assignment(assignment, duedate=when.astimezone(UTC).replace(tzinfo=None))
    text = due_text(assignment, when, late.describe(late.policy_from_config(cfg)))
    written = []
    outbound = Path(cfg.Exchange.root) / cfg.CourseDirectory.course_id / "outbound" / assignment
    for folder in (root / "source" / assignment, root / "release" / assignment, outbound):
        if folder.is_dir():
            (folder / DUE_FILE).write_text(text)
            (folder / DUE_FILE).chmod(0o644)  # students read it from the exchange's released copy
            written.append(folder / DUE_FILE)
    return written


def show(root: Path, assignment: str) -> str:
    """The due date in the gradebook and this assignment's extensions."""
    from nbgrader.api import Gradebook, MissingEntry

    from course.grading.engine import load_config, venv_on_path

    venv_on_path()
    cfg = load_config(root)
    with Gradebook(cfg.CourseDirectory.db_url, cfg.CourseDirectory.course_id) as gb:
        try:
            due = late.assignment_due(gb, assignment)
        except MissingEntry:
            due = None
    lines = [f"{assignment}: " + (f"due {late.show_due(due)}" if due else "no due date (make due ASSIGNMENT=... DUE=...)")]
    for student, extra in sorted(late.read_extensions(root / late.EXTENSIONS_FILE, assignment, due).items()):
        new = f" (due {late.show_due(due + extra)})" if due else ""
        lines.append(f"  extension: {student} +{extra.total_seconds() / 60:g} min{new}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m course.grading.due", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("assignment")
    p.add_argument("due", nargs="?", default="", help='e.g. "2026-12-05 17:00" (UTC unless a zone follows)')
    p.add_argument("--root", type=Path, default=Path.cwd(), help="course folder (with nbgrader_config.py)")
    args = p.parse_args(argv)
    try:
        if args.due:
            when = late.parse_due(args.due)
            written = set_due(args.root.resolve(), args.assignment, when)
            print(f"{args.assignment} is due {late.show_due(when)} (gradebook); students see it in "
                  + ", ".join(str(w.relative_to(args.root.resolve())) if w.is_relative_to(args.root.resolve())
                              else str(w) for w in written))
        print(show(args.root.resolve(), args.assignment))
    except (ValueError, FileNotFoundError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
