"""Build course notebooks with the right nbgrader metadata, from Python.

Authors write a small script that calls these helpers and `write()`; the notebook it writes is the
file that is committed (without outputs). Cell kinds follow nbgrader's schema version 3:

- `md`, `code`: ordinary cells (no nbgrader metadata).
- `readonly_md`, `readonly_code`: locked cells students cannot change (questions, set-up).
- `answer`: an autograded answer cell (solution region replaced by a stub in release/).
- `tests`: an autograder test cell with points (hidden region removed in release/).
- `written`: a manually graded markdown answer with points; its solution region holds the model
  answer and the mark scheme, both removed in release/.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def _clean(text: str) -> str:
    return dedent(text).strip("\n")


def _meta(grade_id: str, *, grade: bool, solution: bool, locked: bool, points: float = 0) -> dict:
    meta = {
        "schema_version": 3,
        "grade": grade,
        "solution": solution,
        "locked": locked,
        "task": False,
        "grade_id": grade_id,
    }
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def md(text: str) -> nbformat.NotebookNode:
    """A plain markdown cell."""
    return new_markdown_cell(_clean(text))


def code(src: str) -> nbformat.NotebookNode:
    """A plain code cell."""
    return new_code_cell(_clean(src))


def readonly_md(grade_id: str, text: str) -> nbformat.NotebookNode:
    """A locked markdown cell (a question students cannot edit)."""
    return new_markdown_cell(_clean(text), metadata=_meta(grade_id, grade=False, solution=False, locked=True))


def readonly_code(grade_id: str, src: str) -> nbformat.NotebookNode:
    """A locked code cell (set-up or data students must not change)."""
    return new_code_cell(_clean(src), metadata=_meta(grade_id, grade=False, solution=False, locked=True))


def answer(grade_id: str, src: str) -> nbformat.NotebookNode:
    """An autograded answer cell; put the reference answer between BEGIN/END SOLUTION markers."""
    return new_code_cell(_clean(src), metadata=_meta(grade_id, grade=False, solution=True, locked=False))


def tests(grade_id: str, points: float, src: str) -> nbformat.NotebookNode:
    """An autograder test cell worth `points`; hide real cases between BEGIN/END HIDDEN TESTS."""
    return new_code_cell(
        _clean(src), metadata=_meta(grade_id, grade=True, solution=False, locked=True, points=points)
    )


def written(grade_id: str, points: float, model_answer: str, mark_scheme: str) -> nbformat.NotebookNode:
    """A manually graded written answer; model answer and mark scheme never reach release/."""
    body = (
        "### BEGIN SOLUTION\n"
        f"**Model answer.** {_clean(model_answer)}\n\n"
        f"**Mark scheme ({points:g} points).**\n{_clean(mark_scheme)}\n"
        "### END SOLUTION"
    )
    return new_markdown_cell(body, metadata=_meta(grade_id, grade=True, solution=True, locked=False, points=points))


def notebook(cells: list[nbformat.NotebookNode]) -> nbformat.NotebookNode:
    """A notebook with the course's kernel and language metadata."""
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def write(path: str | Path, cells: list[nbformat.NotebookNode]) -> Path:
    """Validate and write a notebook without outputs; returns its path."""
    nb = notebook(cells)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"c{i:03d}-" + cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "cell")[:40]
    nbformat.validate(nb)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path
