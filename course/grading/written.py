"""Written answers in the grading loop: which await a grader, their mark schemes, and feedback that is
refreshed for exactly the students whose grades changed since their feedback was written."""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from course.grading.nbfeedback import mark_schemes, numbered_cells

STATE = "feedback-state.json"  # in exports/<assignment>/: student -> fingerprint of the grades feedback shows
SCHEMES = "mark-schemes.html"  # in exports/<assignment>/: every written answer's mark scheme, for graders


def where(notebook: str, position: int | None, grade_id: str) -> str:
    """'a01-two-careers.ipynb cell 18 (grade id a01-written)': how every report names a cell."""
    cell = f" cell {position}" if position else ""
    return f"{notebook}.ipynb{cell} (grade id {grade_id})"


def positions(nb: nbformat.NotebookNode) -> dict[str, int]:
    """grade id -> 1-based position of its cell as the student sees the notebook (mark schemes skipped)."""
    out: dict[str, int] = {}
    for n, cell in numbered_cells(nb):
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid and gid not in out:
            out[gid] = n
    return out


def positions_in(folder: Path, notebook: str) -> dict[str, int]:
    """`positions` of folder/<notebook>.ipynb, or {} when it cannot be read."""
    try:
        return positions(nbformat.read(folder / f"{notebook}.ipynb", as_version=4))
    except (OSError, ValueError):
        return {}


@dataclass(frozen=True)
class Awaiting:
    """One answer a grader still has to mark."""

    notebook: str
    grade_id: str
    position: int | None
    points: float

    def __str__(self) -> str:
        return f"{where(self.notebook, self.position, self.grade_id)}, {self.points:g} points"


def awaiting(gb, root: Path, assignment: str, student: str) -> list[Awaiting]:
    """Grades of a student's submission that nbgrader says need a manual grade."""
    sub = gb.find_submission(assignment, student)
    out = []
    for nb in sub.notebooks:
        pending = [g for g in nb.grades if g.needs_manual_grade]
        if pending:  # the notebook is read for cell positions only when something awaits a grader
            pos = positions_in(root / "submitted" / student / assignment, nb.name)
            out += [Awaiting(nb.name, g.name, pos.get(g.name), float(g.max_score or 0)) for g in pending]
    return out


def fingerprint(gb, assignment: str, student: str) -> str:
    """A hash of everything a student's feedback shows from the gradebook: scores, comments, lateness."""
    sub = gb.find_submission(assignment, student)
    parts: list = [str(sub.timestamp)]
    for nb in sorted(sub.notebooks, key=lambda n: n.name):
        parts.append([nb.name, nb.late_submission_penalty])
        parts += sorted([g.name, g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade] for g in nb.grades)
        parts += sorted([c.name, c.auto_comment, c.manual_comment] for c in nb.comments)
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def load_state(outdir: Path) -> dict[str, str]:
    path = outdir / STATE
    return json.loads(path.read_text()) if path.exists() else {}


def refresh(gb, outdir: Path, assignment: str, students: Iterable[str], fresh: set[str],
            render: Callable[[str], str], missing: frozenset[str] | set[str] = frozenset()) -> tuple[list[str], list[str]]:
    """Re-render the feedback of each student whose gradebook fingerprint changed since their feedback was
    written, or whose feedback is `missing` (those in `fresh` were just rendered: only recorded).
    Returns (refreshed, problems)."""
    state = load_state(outdir)
    refreshed, problems = [], []
    for student in sorted(students):
        now = fingerprint(gb, assignment, student)
        if student not in fresh and (state.get(student) != now or student in missing):
            problem = render(student)
            if problem:
                problems.append(f"{student}: {problem}")
                continue
            refreshed.append(student)
        state[student] = now
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / STATE).write_text(json.dumps(state, indent=1, sort_keys=True) + "\n")
    return refreshed, problems


def write_mark_schemes(source_dir: Path, dest: Path) -> int:
    """An HTML page with every manually graded answer's mark scheme, for graders; how many there are."""
    rows = []
    for path in sorted(source_dir.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        pos = positions(nb)
        for gid, (points, text) in mark_schemes(nb).items():
            rows.append(f"<h2>{html.escape(where(path.stem, pos.get(gid), gid))}: {points:g} points</h2>\n"
                        f"<pre style='white-space: pre-wrap'>{html.escape(text)}</pre>")
    dest.parent.mkdir(parents=True, exist_ok=True)
    title = f"Mark schemes: {source_dir.name} (instructors only)"
    dest.write_text(f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>{title}</title></head><body>\n"
                    f"<h1>{title}</h1>\n" + "\n".join(rows) + "\n</body></html>\n")
    return len(rows)
