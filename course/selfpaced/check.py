"""Self-check: grade the learner's copy exactly as the instructor's autograder would.

The check runs the real `nbgrader autograde` in a throw-away course folder, with the hidden tests,
then reports per question: points, whether it passed, and a hint for each failed check. Only the
checks' messages are shown, never their code, and the learner's notebook is never modified.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from course.selfpaced import progress
from course.selfpaced.paths import assignments_dir, course_root, fingerprint, source_dir
from course.tools.nbgrader_cli import run_nbgrader

LEARNER = "learner"
CACHE_DIR = ".selfcheck"

GENERIC_HINTS = {
    "NotImplementedError": "You have not answered this yet: replace `raise NotImplementedError()` with your answer.",
    "NameError": "A name is not defined. Did you run the cell with your answer, and keep the variable or "
    "function name the question asks for?",
    "SyntaxError": "Python could not read your answer: look for a missing quote, bracket or colon.",
    "TypeError": "A value has the wrong type (for example text where a number is expected, or a missing argument).",
    "AssertionError": "One of the checks did not pass. Re-read the question and try the examples it gives.",
    "KeyError": "A dictionary key your code looks up does not exist: check the spelling of the keys.",
    "IndexError": "Your code reads past the end of a list.",
    "ZeroDivisionError": "Your code divides by zero for one of the cases.",
    "TimeoutError": "The check took too long: look for a loop that never ends.",
}


class SelfCheckError(RuntimeError):
    """The check could not grade the work; the message says why (never a silent 0)."""


@dataclass(frozen=True)
class QuestionResult:
    """One graded check (a test cell) or written answer of the assignment."""

    notebook: str
    grade_id: str
    question: str
    points: float
    max_points: float
    passed: bool | None  # None for written answers, which an instructor grades
    hint: str = ""


@dataclass(frozen=True)
class CheckReport:
    """The result of one self-check."""

    assignment: str
    questions: list[QuestionResult] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(q.points for q in self.questions if q.passed is not None)

    @property
    def max_score(self) -> float:
        return sum(q.max_points for q in self.questions if q.passed is not None)

    def to_text(self) -> str:
        lines = [f"Self-check of {self.assignment}: {self.score:g} / {self.max_score:g} autograded points"]
        for q in self.questions:
            if q.passed is None:
                lines.append(f"  [written] {q.question}: {q.max_points:g} points, graded by a person (see the mark hints in the lesson)")
                continue
            mark = "ok  " if q.passed else "FAIL"
            lines.append(f"  [{mark}] {q.question}: {q.points:g} / {q.max_points:g}")
            if q.hint:
                lines.append(f"         hint: {q.hint}")
        return "\n".join(lines)

    def to_html(self) -> str:
        rows = []
        for q in self.questions:
            if q.passed is None:
                status, pts = "written: graded by a person", f"– / {q.max_points:g}"
            else:
                status, pts = ("passed" if q.passed else "not yet"), f"{q.points:g} / {q.max_points:g}"
            rows.append(
                f"<tr><td>{html.escape(q.question)}</td><td>{pts}</td><td>{status}</td>"
                f"<td>{html.escape(q.hint)}</td></tr>"
            )
        return (
            f"<p><strong>Self-check of {html.escape(self.assignment)}: {self.score:g} / {self.max_score:g} "
            "autograded points</strong></p><table><thead><tr><th scope='col'>Question</th><th scope='col'>Points</th>"
            "<th scope='col'>Result</th><th scope='col'>Hint</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        )


def _nbgrader(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """nbgrader without any class exchange: a self-check never touches one."""
    return run_nbgrader(cwd, *args, env={k: v for k, v in os.environ.items() if k != "NBGRADER_EXCHANGE"})


def _template(assignment: str, root: Path) -> Path:
    """A course folder with the assignment generated into its gradebook, cached by the source's content."""
    source = source_dir(root) / assignment
    if not source.is_dir():
        raise SelfCheckError(f"The course has no source for {assignment!r}, so it cannot be checked here.")
    key = fingerprint(source)[:16]
    template = assignments_dir(root) / CACHE_DIR / f"{assignment}-{key}"
    if (template / "gradebook.db").exists():
        return template
    for stale in (assignments_dir(root) / CACHE_DIR).glob(f"{assignment}-*"):
        shutil.rmtree(stale, ignore_errors=True)
    building = Path(tempfile.mkdtemp(prefix=f"{assignment}-", dir=template.parent if template.parent.exists() else None))
    shutil.copy(root / "nbgrader_config.py", building / "nbgrader_config.py")
    shutil.copytree(source, building / "source" / assignment)
    result = _nbgrader(building, "generate_assignment", assignment, "--force")
    if result.returncode != 0:
        shutil.rmtree(building, ignore_errors=True)
        raise SelfCheckError(f"Preparing the check of {assignment} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    template.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(building), str(template))
    return template


def _question_labels(nb) -> dict[str, str]:
    """grade_id -> a short label: the first line of the markdown cell above the answer."""
    labels, last_text = {}, ""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and not cell.metadata.get("nbgrader", {}).get("solution"):
            first = next((line.strip("# ").strip() for line in cell.source.splitlines() if line.strip()), "")
            last_text = first[:90]
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid and cell.metadata["nbgrader"].get("grade"):
            labels[gid] = f"{last_text} ({gid})" if last_text else gid
    return labels


def _hint(cell) -> str:
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    if not errors:
        return ""
    ename, evalue = errors[-1].get("ename", ""), str(errors[-1].get("evalue", "")).strip()
    generic = GENERIC_HINTS.get(ename, f"Your code raised {ename}.")
    if ename == "AssertionError" and evalue:
        return evalue
    if ename in ("NotImplementedError", "NameError", "SyntaxError"):
        return generic
    return f"{generic} ({ename}: {evalue})" if evalue else generic


def self_check(assignment: str, *, root: Path | None = None, record: bool = True) -> CheckReport:
    """Grade assignments/<assignment> with the hidden tests; the learner's files are only read."""
    root = root or course_root()
    work = assignments_dir(root) / assignment
    if not work.is_dir():
        raise SelfCheckError(f"You have not started {assignment} yet: start it first (make start ASSIGNMENT={assignment}).")
    template = _template(assignment, root)
    with tempfile.TemporaryDirectory(prefix="selfcheck-") as tmp:
        course = Path(tmp) / "course"
        shutil.copytree(template, course)
        submitted = course / "submitted" / LEARNER / assignment
        shutil.copytree(work, submitted, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        result = _nbgrader(course, "autograde", assignment, f"--student={LEARNER}", "--force")
        autograded = course / "autograded" / LEARNER / assignment
        if result.returncode != 0 or not autograded.is_dir():
            reason = _failure_reason(result.stdout + result.stderr)
            raise SelfCheckError(f"Your work could not be graded: {reason}")
        report = _report(assignment, course, autograded)
    if record:
        progress.record_check(assignment, report.score, report.max_score, root)
    return report


def _failure_reason(log: str) -> str:
    for needle, reason in (
        ("does not exist", "a notebook of the assignment is missing or was renamed; keep the original file names."),
        ("NotJSONError", "a notebook file is damaged (not valid notebook JSON)."),
        ("Kernel died", "the notebook's kernel died while running (too much memory, or the code exits the kernel)."),
        ("CellTimeoutError", "a cell ran too long and could not be stopped."),
    ):
        if needle in log:
            return reason
    tail = [line for line in log.splitlines() if "ERROR" in line][-3:]
    return "nbgrader reported an error: " + (" | ".join(tail) if tail else log[-500:])


def _report(assignment: str, course: Path, autograded: Path) -> CheckReport:
    from nbgrader.api import Gradebook

    questions = []
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for nb_path in sorted(autograded.glob("*.ipynb")):
            nb = nbformat.read(nb_path, as_version=4)
            labels = _question_labels(nb)
            for cell in nb.cells:
                meta = cell.metadata.get("nbgrader", {})
                if not meta.get("grade"):
                    continue
                gid = meta["grade_id"]
                grade = gb.find_grade(gid, nb_path.stem, assignment, LEARNER)
                if meta.get("solution"):  # a written answer: a person grades it
                    questions.append(QuestionResult(nb_path.name, gid, labels[gid], 0.0, grade.max_score, None))
                    continue
                points = float(grade.auto_score or 0.0)
                passed = points >= grade.max_score
                questions.append(
                    QuestionResult(nb_path.name, gid, labels[gid], points, grade.max_score, passed,
                                   "" if passed else (_hint(cell) or GENERIC_HINTS["AssertionError"]))
                )
    return CheckReport(assignment, questions)
