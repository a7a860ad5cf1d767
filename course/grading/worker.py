"""One grading worker: autogrades and renders feedback for one submission at a time, in-process.

A worker owns a private copy of the gradebook (so parallel workers never contend for SQLite locks) and
its own sandbox kernelspec. It reports each submission's scores to the parent, which is the only writer
of the real gradebook.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import os
import re
import shutil
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from traitlets.config import Config

from course.grading.checker import execute_class
from course.grading.checker.execute import FINDINGS
from course.grading.nbfeedback import numbered_cells
from course.grading.redact import sanitize_notebook

OUTPUT_CAP = 2_000_000  # characters of output kept per cell; beyond this the rest is dropped and flagged


def make_execute_class():
    """nbgrader's Execute with a cap on output kept per cell (a flood cannot exhaust the grader's memory)."""
    from nbgrader.preprocessors import Execute

    class CappedExecute(Execute):
        flooded: set[int]

        def preprocess_cell(self, cell, resources, cell_index):  # noqa: D102
            RUNNING[:] = [resources.get("nbgrader", {}).get("notebook", ""), cell_index + 1,
                          cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")]
            if RUNNING_FILE:  # for the parent, should it have to kill this worker mid-cell
                with contextlib.suppress(OSError):
                    Path(RUNNING_FILE[0]).write_text(running_cell())
            out = super().preprocess_cell(cell, resources, cell_index)
            RUNNING.clear()
            return out

        def output(self, outs, msg, display_id, cell_index):  # noqa: D102
            if not hasattr(self, "_sizes"):
                self._sizes, self.flooded = {}, set()
            size = len(str(msg.get("content", "")))
            self._sizes[cell_index] = self._sizes.get(cell_index, 0) + size
            if self._sizes[cell_index] > OUTPUT_CAP:
                if cell_index not in self.flooded:
                    self.flooded.add(cell_index)
                    FLOODED.add(cell_index)
                return None
            return super().output(outs, msg, display_id, cell_index)

    return execute_class(CappedExecute)  # test cells judged outside the kernel when the setting is on


FLOODED: set[int] = set()
RUNNING: list = []  # [notebook, 1-based cell position, grade id] of the cell executing now, while one is
RUNNING_FILE: list[str] = []  # where this worker writes `running_cell()` as each cell starts (one path, or none)


def running_file(root: Path, student: str) -> Path:
    """Where a worker grading `student` leaves the cell it is running (read when the worker is killed)."""
    return root / ".grading-tmp" / "running" / student


def running_cell() -> str:
    """' in a01-two-careers.ipynb cell 7 (grade id a01_q3)' for the cell that was running, or ''."""
    if not RUNNING:
        return ""
    nb, pos, gid = RUNNING
    return f" in {nb}.ipynb cell {pos}" + (f" (grade id {gid})" if gid else " (a cell the student added)")


@dataclass
class Result:
    """What a worker reports for one submission."""

    student: str
    ok: bool
    reason: str = ""
    seconds: float = 0.0
    timestamp: str | None = None
    grades: list[dict] = field(default_factory=list)
    comments: list[dict] = field(default_factory=list)
    penalties: dict[str, float] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        line = f"[{record.levelname}] {record.getMessage()}"
        self.lines.append(line)
        if record.levelno >= logging.ERROR:
            self.errors.append(line)


def failure_reason(log_lines: list[str], exc: BaseException | None) -> str:
    """A short, specific reason from nbgrader's log and the exception."""
    text = "\n".join(log_lines) + ("\n" + "".join(traceback.format_exception(exc)) if exc else "")
    checks = [
        ("UnresponsiveKernelError", "kernel did not respond and could not be interrupted"),
        ("DeadKernelError", "kernel died (crash, memory or CPU limit, or killed itself)"),
        ("Kernel died", "kernel died (crash, memory or CPU limit, or killed itself)"),
        ("CellTimeoutError", "a cell timed out and could not be interrupted"),
        ("TimeoutError", "timed out waiting for the kernel"),
        ("NotJSONError", "malformed notebook (not valid JSON)"),
        ("NotebookValidationError", "malformed notebook (fails the notebook schema)"),
        ("SchemaTooOldError", "notebook metadata too old"),
        ("MissingEntry", "notebook does not match the assignment in the gradebook"),
        ("Invalid Signature", "the kernel sent corrupted messages (output flood or out of memory)"),
        ("AF_UNIX path too long", "the kernel's socket path is too long (use a shorter TMPDIR)"),
        ("File name too long", "a path is too long for this system (use a shorter TMPDIR)"),
    ]
    for needle, reason in checks:
        if needle in text:
            return reason
    raised = re.findall(r"^([\w.]+(?:Error|Exception): .*)$", text, re.M)
    if raised:
        return "nbgrader failed: " + raised[-1][:200]
    last = [line for line in log_lines if line.strip() and "see the the above traceback" not in line] or log_lines
    return ("nbgrader failed: " + last[-1][:200]) if last else f"nbgrader failed: {exc!r}"[:200]


def autograde_one(config: Config, root: Path, assignment: str, student: str, db_url: str) -> Result:
    """Autograde one submission into `db_url` and render its feedback; never raises."""
    from nbgrader.api import Gradebook
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory

    start = time.perf_counter()
    FLOODED.clear()
    RUNNING.clear()
    where = running_file(root, student)
    with contextlib.suppress(OSError):
        where.parent.mkdir(parents=True, exist_ok=True)
        where.unlink(missing_ok=True)
        RUNNING_FILE[:] = [str(where)]
    FINDINGS.clear()
    cfg = copy.deepcopy(config)
    cfg.CourseDirectory.db_url = db_url
    cfg.CourseDirectory.assignment_id = assignment
    cfg.CourseDirectory.student_id = student
    cfg.CourseDirectory.root = str(root)
    cfg.Autograde.create_student = True
    cfg.BaseConverter.force = True
    capture = _Capture()
    log = logging.getLogger(f"grading.{student}")
    log.propagate = False
    log.setLevel(logging.INFO)
    log.handlers[:] = [capture]
    exc: BaseException | None = None
    try:
        coursedir = CourseDirectory(config=cfg)
        app = Autograde(coursedir=coursedir, config=cfg, log=log)
        app.start()
    except BaseException as err:  # noqa: BLE001  nbgrader raises NbGraderException or anything below it
        exc = err
    dest = root / "autograded" / student / assignment
    failed = exc is not None or not any(dest.glob("*.ipynb"))
    if failed:
        shutil.rmtree(dest, ignore_errors=True)
        logs = root / "exports" / assignment / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        (logs / f"{student}.log").write_text("\n".join(capture.lines) + "\n")
        res = Result(student, False, failure_reason(capture.errors, exc) + running_cell(),
                     time.perf_counter() - start)
        if FLOODED:
            res.flags.append("output flood: cell output beyond the cap was dropped")
        return res

    res = Result(student, True, seconds=0.0)
    with Gradebook(db_url, coursedir.course_id) as gb:
        sub = gb.find_submission(assignment, student)
        res.timestamp = sub.timestamp.isoformat() if sub.timestamp else None
        for nb in sub.notebooks:
            res.penalties[nb.name] = nb.late_submission_penalty or 0.0
            for g in nb.grades:
                res.grades.append(
                    {"nb": nb.name, "id": g.name, "auto_score": g.auto_score, "manual": g.needs_manual_grade}
                )
            for c in nb.comments:
                res.comments.append({"nb": nb.name, "id": c.name, "auto_comment": c.auto_comment})
    res.flags += notebook_flags(dest)
    if FINDINGS:
        res.flags.append("kernel hooks the checker kept away from the tests: " + "; ".join(FINDINGS))
    if FLOODED and not any(f.startswith("output flood") for f in res.flags):
        res.flags.append("output flood: cell output beyond the cap was dropped")
    res.seconds = time.perf_counter() - start
    return res


def notebook_flags(folder: Path) -> list[str]:
    """Problems visible in an autograded notebook: timed-out cells, errors raised by nbgrader itself."""
    flags = []
    not_data: dict[str, list[str]] = {}
    example = ""
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for n, cell in numbered_cells(nb):
            gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            here = f"{path.name} cell {n}" + (f" (grade id {gid})" if gid else " (a cell the student added)")
            for out in cell.get("outputs", []):
                if "... Output truncated ..." in str(out.get("text", "")):
                    flags.append(f"output flood in {here} (truncated)")
                if out.get("output_type") != "error":
                    continue
                if out.get("ename") == "CellTimeoutError":
                    flags.append(f"timeout in {here} (interrupted)")
                elif out.get("ename") == "NotData":  # the checker refused a value: an object of the student's own
                    not_data.setdefault(path.name, []).append(gid or f"cell {n}")
                    example = example or str(out.get("evalue", "")).split(", not plain data")[0][:80]
                elif out.get("ename") == "KernelSilent":
                    flags.append(f"the kernel would not answer the checker in {here}")
                elif out.get("ename") == "MemoryError":
                    flags.append(f"ran out of memory in {here} (the sandbox's memory limit)")
    for name, gids in not_data.items():
        flags.append(f"answers that are not plain data in {name}: {', '.join(gids)} (e.g. {example})")
    return flags


def late_feedback(config: Config, db_url: str, assignment: str, student: str, notebook: str) -> str:
    """The late note for one notebook's feedback: minutes late, extension, penalty and rule ('' if on time)."""
    from course.grading import late

    return late.feedback_cell_text(db_url, assignment, student, notebook, late.describe(late.policy_from_config(config)))


def feedback_one(config: Config, root: Path, assignment: str, student: str, db_url: str,
                 secrets: set[str]) -> str:
    """Render one student's feedback HTML from a sanitized copy of the autograded notebook; '' or an error."""
    from nbgrader.converters import GenerateFeedback
    from nbgrader.coursedir import CourseDirectory

    src = root / "autograded" / student / assignment
    tmp = root / ".grading-tmp" / f"feedback-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / student).mkdir(parents=True)
    shutil.copytree(src, tmp / student / assignment)
    for path in (tmp / student / assignment).glob("*.ipynb"):
        os.chmod(path, 0o644)
        nb = nbformat.read(path, as_version=4)
        sanitize_notebook(nb, secrets)
        lateness = late_feedback(config, db_url, assignment, student, path.stem)
        if lateness:
            nb.cells.insert(0, nbformat.v4.new_markdown_cell(lateness))
        nbformat.write(nb, path)
    cfg = copy.deepcopy(config)
    cfg.CourseDirectory.db_url = db_url
    cfg.CourseDirectory.assignment_id = assignment
    cfg.CourseDirectory.student_id = student
    cfg.CourseDirectory.root = str(root)
    cfg.CourseDirectory.autograded_directory = str(tmp)
    cfg.BaseConverter.force = True
    capture = _Capture()
    log = logging.getLogger(f"feedback.{student}")
    log.propagate = False
    log.handlers[:] = [capture]
    try:
        GenerateFeedback(coursedir=CourseDirectory(config=cfg), config=cfg, log=log).start()
    except BaseException as err:  # noqa: BLE001
        return f"feedback failed: {failure_reason(capture.errors, err)}"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return ""
