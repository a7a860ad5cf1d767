"""nbgrader preprocessors the course's nbgrader_config.py installs, so every route is safe and honest.

- `SafeFeedback` (in `GenerateFeedback.preprocessors`, after nbgrader's GetGrades): whatever renders the
  feedback (`make grade`, plain `nbgrader generate_feedback`, the Formgrader's button) drops the graders'
  mark-scheme cells, strips hidden tests and any output quoting a hidden test or solution
  (`redact.sanitize_notebook`), and shows a written answer nobody has graded yet as awaiting grading,
  with the notebook's total marked provisional, instead of "0.0 / 3.0".
- `MarkSchemeCells` (at the end of `Autograde.autograde_preprocessors`): puts each manually graded
  answer's mark scheme (from source/) in a cell right under the answer in the autograded notebook,
  which is what the Formgrader shows the grader.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import nbformat
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from course.grading.redact import sanitize_notebook, secret_lines_of

MARK_KEY = "course_mark_scheme"  # cell metadata key of an inserted mark-scheme cell (its value: grade id)
SOLUTION = re.compile(r"^[ \t]*### BEGIN SOLUTION[^\n]*\n(.*?)^[ \t]*### END SOLUTION", re.S | re.M)
AWAITING = "awaiting grading"


def source_folder(config, assignment: str) -> Path:
    """source/<assignment> of the course these settings describe."""
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=config)
    return Path(coursedir.format_path(coursedir.source_directory, ".", assignment))


def is_mark_scheme(cell) -> bool:
    return MARK_KEY in cell.get("metadata", {})


def numbered_cells(nb: nbformat.NotebookNode) -> Iterator[tuple[int, nbformat.NotebookNode]]:
    """(1-based position, cell) as the student sees the notebook: inserted mark schemes are skipped."""
    n = 0
    for cell in nb.cells:
        if not is_mark_scheme(cell):
            n += 1
            yield n, cell


def drop_mark_schemes(nb: nbformat.NotebookNode) -> int:
    """Remove inserted mark-scheme cells; how many there were."""
    before = len(nb.cells)
    nb.cells = [c for c in nb.cells if not is_mark_scheme(c)]
    return before - len(nb.cells)


def mark_schemes(source_nb: nbformat.NotebookNode) -> dict[str, tuple[float, str]]:
    """grade id -> (points, mark scheme text) for every manually graded cell of an instructor notebook."""
    out = {}
    for cell in source_nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        manual = (meta.get("grade") and meta.get("solution")) or meta.get("task")
        if not manual:
            continue
        found = SOLUTION.search(cell.source)
        text = (found.group(1) if found else cell.source).strip()
        out[meta["grade_id"]] = (float(meta.get("points", 0) or 0), text)
    return out


def mark_scheme_cell(grade_id: str, points: float, text: str) -> nbformat.NotebookNode:
    head = (f"**Mark scheme for `{grade_id}` ({points:g} points)**: for the grader only; feedback never "
            "shows this cell.")
    cell = nbformat.v4.new_markdown_cell(f"{head}\n\n{text}")
    cell.metadata[MARK_KEY] = grade_id
    return cell


def insert_mark_schemes(nb: nbformat.NotebookNode, schemes: dict[str, tuple[float, str]]) -> int:
    """Put each scheme right under its answer cell (once); how many were inserted."""
    drop_mark_schemes(nb)
    cells, n = [], 0
    for cell in nb.cells:
        cells.append(cell)
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in schemes:
            cells.append(mark_scheme_cell(gid, *schemes[gid]))
            n += 1
    nb.cells = cells
    return n


def awaiting_note(points: float) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(
        f"**Written answer: {AWAITING} ({points:g} points).** Your instructor has not graded this answer "
        "yet; the score above is provisional and this feedback is updated once it is graded."
    )


def mark_awaiting(nb: nbformat.NotebookNode, awaiting: set[str]) -> float:
    """Cells in `awaiting` lose their score line and get a note instead; returns their points."""
    cells, points = [], 0.0
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade_id") in awaiting and (meta.get("grade") or meta.get("task")):
            pts = float(meta.get("points", 0) or 0)
            points += pts
            meta["grade"] = False  # nbgrader's template then shows no "0.0 / 3.0" for it
            meta["task"] = False
            meta["solution"] = True  # still framed as the student's answer (with the grader's comment)
            cells.append(awaiting_note(pts))
        cells.append(cell)
    nb.cells = cells
    return points


def provisional_title(notebook: str, count: int, points: float) -> str:
    s = "" if count == 1 else "s"
    return f"{notebook}: provisional score, {count} written answer{s} worth {points:g} points {AWAITING}"


class SafeFeedback(Preprocessor):
    """Feedback fit for a student, whichever nbgrader route renders it (runs after GetGrades)."""

    enabled = Bool(True)  # nbgrader registers its preprocessors without enabling them

    def preprocess(self, nb, resources):
        info = resources.get("nbgrader", {})
        assignment = info.get("assignment")
        drop_mark_schemes(nb)
        secrets: set[str] = set()
        folder = source_folder(self.config, assignment) if assignment else None
        if folder is not None and folder.is_dir():
            secrets = secret_lines_of(folder)
        sanitize_notebook(nb, secrets)
        awaiting = self._awaiting(info)
        if awaiting:
            points = mark_awaiting(nb, awaiting)
            info["notebook"] = provisional_title(info["notebook"], len(awaiting), points)
        return nb, resources

    def _awaiting(self, info: dict) -> set[str]:
        from nbgrader.api import Gradebook, MissingEntry

        if not info.get("db_url") or not info.get("student"):
            return set()
        try:
            with Gradebook(info["db_url"]) as gb:
                sub = gb.find_submission_notebook(info["notebook"], info["assignment"], info["student"])
                return {g.name for g in sub.grades if g.needs_manual_grade}
        except MissingEntry:
            return set()


class MarkSchemeCells(Preprocessor):
    """The mark scheme under each manually graded answer of an autograded notebook (for the Formgrader)."""

    enabled = Bool(True)

    def preprocess(self, nb, resources):
        info = resources.get("nbgrader", {})
        if not info.get("assignment") or not info.get("notebook"):
            return nb, resources
        path = source_folder(self.config, info["assignment"]) / f"{info['notebook']}.ipynb"
        try:
            schemes = mark_schemes(nbformat.read(path, as_version=4))
        except OSError:  # source/ not readable here: grade without the schemes
            return nb, resources
        insert_mark_schemes(nb, schemes)
        return nb, resources
