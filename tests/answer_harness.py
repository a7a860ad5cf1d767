"""Run a source notebook's cells in one kernel and see which grade cells pass, answer by answer.

Fast stand-in for `nbgrader autograde` in the fairness tests: the source notebook holds the
solutions and the hidden tests, so executing its cells in order is what autograding the reference
solution does. `try_answer` then runs an alternative answer (code run after the answer cell, so it
redefines what the student would have written), re-runs that question's grade cells and restores
the reference answer. `tests/test_fairness.py` proves per assignment that this agrees with nbgrader.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat
from jupyter_client.manager import start_new_kernel

CELL_TIMEOUT = 30


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_answer(cell) -> bool:
    """An autograded answer cell: code the student writes (not a written answer in markdown)."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and bool(meta.get("solution")) and not meta.get("grade")


def is_grade(cell) -> bool:
    """An autograder test cell (code, with points, not a solution)."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def questions(nb) -> dict[str, list[str]]:
    """Each autograded answer cell's grade_id -> the grade cells after it, up to the next answer cell."""
    result: dict[str, list[str]] = {}
    current: str | None = None
    for cell in nb.cells:
        if is_answer(cell):
            current = nbgrader_meta(cell)["grade_id"]
            result[current] = []
        elif is_grade(cell) and current is not None:
            result[current].append(nbgrader_meta(cell)["grade_id"])
    return result


@dataclass(frozen=True)
class Outcome:
    """One cell's run: did it finish without an error, and the error's one-line summary."""

    ok: bool
    error: str = ""


class NotebookRunner:
    """One kernel executing one source notebook's cells; start with `run_all`, close with `close`."""

    def __init__(self, notebook: Path):
        self.nb = nbformat.read(notebook, as_version=4)
        self.cells = {nbgrader_meta(c)["grade_id"]: c for c in self.nb.cells if nbgrader_meta(c).get("grade_id")}
        self.questions = questions(self.nb)
        self.km, self.kc = start_new_kernel(kernel_name="python3", cwd=str(notebook.parent))

    def close(self) -> None:
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def run(self, code: str) -> Outcome:
        """Execute code in the kernel; an exception raised by it is an error outcome, as nbgrader counts it."""
        errors: list[str] = []

        def hook(msg):
            if msg["header"]["msg_type"] == "error":
                errors.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")

        reply = self.kc.execute_interactive(code, timeout=CELL_TIMEOUT, output_hook=hook, allow_stdin=False)
        ok = reply["content"]["status"] == "ok" and not errors
        return Outcome(ok, "; ".join(errors) or reply["content"].get("evalue", ""))

    def run_all(self, nb=None) -> dict[str, Outcome]:
        """Run every code cell in order (going on after errors, as nbgrader does); grade cells' outcomes."""
        outcomes = {}
        for cell in (nb or self.nb).cells:
            if cell.cell_type != "code":
                continue
            outcome = self.run(cell.source)
            if is_grade(cell):
                outcomes[nbgrader_meta(cell)["grade_id"]] = outcome
        return outcomes

    def try_answer(self, answer_id: str, code: str) -> dict[str, Outcome]:
        """The outcome of each grade cell of this question with `code` as the answer, then restore."""
        try:
            answered = self.run(code)
            if not answered.ok:
                raise AssertionError(f"the alternative answer itself failed: {answered.error}")
            return {gid: self.run(self.cells[gid].source) for gid in self.questions[answer_id]}
        finally:
            restored = self.run(self.cells[answer_id].source)
            assert restored.ok, f"restoring the reference answer {answer_id} failed: {restored.error}"
