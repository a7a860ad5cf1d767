"""Self-check: grade the learner's copy exactly as the instructor's autograder would.

The check runs nbgrader's own Autograde converter (the code behind `nbgrader autograde`: locked and
test cells overwritten from the source, hidden tests included, execution, grades saved) in this Python
process, in a throw-away course folder whose gradebook is built once per version of the source and
cached. Skipping the nbgrader command line's start-up (about 2.5 s) and importing nbgrader ahead of
time (`warm_up`, which the panel starts when it appears) is what makes it fast. It reports per
question: points, whether it passed, and a hint for each failed check. Only the checks' messages are
shown, never their code, and the learner's notebook is never modified. The test cells are judged by
the same checker as `make grade` (course/grading/checker), outside the learner's kernel.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from course.grading import checker
from course.selfpaced import progress, sandboxed
from course.selfpaced.labels import question_labels
from course.selfpaced.paths import assignments_dir, available_assignments, course_root, fingerprint, source_dir

LEARNER = "learner"
CACHE_DIR = ".selfcheck"
# What the panel, `make selfcheck` and the README promise, in seconds on a laptop (`make bench` measures
# both against a bare `nbgrader autograde`); a cell may run up to nbgrader's 30 s timeout.
PANEL_SECONDS = (1, 3)
# The grading kernel's own log (ipykernel warns on the terminal that its local TCP is not encrypted, and
# in the sandbox, started without a Jupyter parent, prints its console banner) stays quiet; its outputs,
# which the grades come from, are untouched.
QUIET_KERNEL = ("--IPKernelApp.log_level=CRITICAL",)
COMMAND_SECONDS = (2, 5)


def promise(seconds: tuple[int, int]) -> str:
    """The promise in words, e.g. "usually 1 to 3 seconds"."""
    return f"usually {seconds[0]} to {seconds[1]} seconds"

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
    "NotData": "Your answer must be plain data (text, numbers, True/False, dates, lists, sets or dictionaries "
    "of them) or a function that returns such data.",
}


def _code_marks(text: str) -> str:
    """`code` in a hint as <code>code</code> (the hint is already HTML-escaped)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", text)


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
    note: str = ""  # one sentence when the learner's kernel ran without the sandbox

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
                if q.hint:
                    lines.append(f"         hint: {q.hint}")
                continue
            mark = "ok  " if q.passed else "FAIL"
            lines.append(f"  [{mark}] {q.question}: {q.points:g} / {q.max_points:g}")
            if q.hint:
                lines.append(f"         hint: {q.hint}")
        if self.note:
            lines.append(self.note)
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
                f"<td>{_code_marks(html.escape(q.hint))}</td></tr>"
            )
        return (
            f"<p><strong>Self-check of {html.escape(self.assignment)}: {self.score:g} / {self.max_score:g} "
            "autograded points</strong></p><table><thead><tr><th scope='col'>Question</th><th scope='col'>Points</th>"
            "<th scope='col'>Result</th><th scope='col'>Hint</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
            + (f"<p>{html.escape(self.note)}</p>" if self.note else "")
        )


class _Capture(logging.Handler):
    """Keeps nbgrader's log lines, to explain a failure (nothing is printed)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"[{record.levelname}] {record.getMessage()}")


class _Failed(Exception):
    """nbgrader failed; `lines` is its log."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


# The kernel that runs the check inherits this process's environment: not the lesson's session name
# (its code must not count as lesson practice) nor a class exchange (a self-check never uses one).
_HIDDEN_ENV = ("JPY_SESSION_NAME", "NBGRADER_EXCHANGE")
_LOCK = threading.RLock()  # one nbgrader run at a time in this process (the panel's warm-up and a check)


def _venv_on_path() -> None:
    """nbgrader runs `alembic` by name when it creates a gradebook: this venv's programs come first."""
    bindir = str(Path(sys.executable).parent)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


@contextlib.contextmanager
def _kernel_env(hide: bool, env: dict[str, str] | None = None) -> Iterator[None]:
    """While nbgrader runs: the lesson's variables hidden from the kernel it starts (if `hide`), `env` set."""
    env = env or {}
    saved = {name: os.environ[name] for name in (*_HIDDEN_ENV, *env) if (hide or name in env) and name in os.environ}
    for name in saved:
        del os.environ[name]
    os.environ.update(env)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SQLAlchemy's notes about nbgrader's sessions
            yield
    finally:
        for name in env:
            os.environ.pop(name, None)
        os.environ.update(saved)


def _convert(converter: str, course: Path, assignment: str, env: dict[str, str] | None = None,
             **settings: object) -> list[str]:
    """Run one nbgrader converter in-process on `course`, configured as its command would be.

    `settings` are extra traits as Section__name=value; `env` is set while it runs. Returns nbgrader's
    log lines; raises _Failed.
    """
    from nbgrader import converters
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    capture = _Capture()
    log = logging.getLogger(f"course.selfcheck.{converter}.{id(capture)}")
    log.propagate, log.handlers = False, [capture]
    log.setLevel(logging.INFO)
    try:
        _venv_on_path()
        with _LOCK, _kernel_env(hide=converter == "Autograde", env=env):
            cfg = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
            cfg.CourseDirectory.root = str(course)
            cfg.CourseDirectory.db_url = f"sqlite:///{course / 'gradebook.db'}"
            cfg.CourseDirectory.assignment_id = assignment
            cfg.BaseConverter.force = True
            for dotted, value in settings.items():
                section, name = dotted.split("__")
                setattr(getattr(cfg, section), name, value)
            getattr(converters, converter)(coursedir=CourseDirectory(config=cfg), config=cfg, log=log).start()
    except Exception as exc:  # noqa: BLE001  nbgrader raises NbGraderException, or whatever broke below it
        raise _Failed([*capture.lines, f"{type(exc).__name__}: {exc}"]) from exc
    finally:
        logging.Logger.manager.loggerDict.pop(log.name, None)
    return capture.lines


def _empty_gradebook(cache: Path) -> Path:
    """An empty gradebook, made once: a new one costs nbgrader an `alembic` process (1-2 s) each time."""
    empty = cache / "empty-gradebook.db"
    if not empty.exists():
        from nbgrader.api import Gradebook

        fd, tmp = tempfile.mkstemp(prefix=".empty-", suffix=".db", dir=cache)
        os.close(fd)
        os.unlink(tmp)
        _venv_on_path()
        with _LOCK, _kernel_env(hide=False), Gradebook(f"sqlite:///{tmp}"):
            pass
        os.replace(tmp, empty)
    return empty


def _template(assignment: str, root: Path) -> Path:
    """A course folder with the assignment generated into its gradebook, cached by source and config."""
    source = source_dir(root) / assignment
    if not source.is_dir():
        raise SelfCheckError(f"The course has no source for {assignment!r}, so it cannot be checked here.")
    config = (root / "nbgrader_config.py").read_bytes()
    key = hashlib.sha256(fingerprint(source).encode() + config).hexdigest()[:16]
    cache = assignments_dir(root) / CACHE_DIR
    template = cache / f"{assignment}-{key}"
    if (template / "gradebook.db").exists():
        return template
    for stale in cache.glob(f"{assignment}-*"):
        if stale != template:
            shutil.rmtree(stale, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{assignment}-", dir=cache))
    try:
        (building / "nbgrader_config.py").write_bytes(config)
        shutil.copy(_empty_gradebook(cache), building / "gradebook.db")
        shutil.copytree(source, building / "source" / assignment, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        _convert("GenerateAssignment", building, assignment, GenerateAssignment__create_assignment=True)
        shutil.rmtree(building / "release", ignore_errors=True)
        os.rename(building, template)  # atomic: a half-built template is never used
    except _Failed as failed:
        raise SelfCheckError(f"Preparing the check of {assignment} failed:\n" + "\n".join(failed.lines[-20:])) from None
    except OSError:
        if not (template / "gradebook.db").exists():
            raise
        # another check built the same template at the same moment: use theirs
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return template


_IMPORTING = threading.Lock()


def import_nbgrader() -> None:
    """Import nbgrader's converters and gradebook once, one thread at a time.

    The panel's warm-up thread and a check pressed meanwhile would otherwise import the same modules at
    once, and one of them can meet `nbgrader.api` half initialised ("cannot import name 'Gradebook'").
    """
    with _IMPORTING:
        import nbgrader.api  # noqa: F401
        import nbgrader.converters  # noqa: F401  the slow part: about 1.5 s of imports, paid once per process


def warm_up(root: Path | None = None, assignments: list[str] | None = None) -> None:
    """Import nbgrader and build the cached templates now, so that the first check is as fast as the next.

    `assignments` defaults to those the learner has started. Errors are left for the check to report.
    """
    import_nbgrader()
    sandboxed.warm_up()

    root = root or course_root()
    if assignments is None:
        assignments = [a for a in available_assignments(root) if (assignments_dir(root) / a).is_dir()]
    with contextlib.suppress(OSError):
        (assignments_dir(root) / CACHE_DIR).mkdir(parents=True, exist_ok=True)
        _empty_gradebook(assignments_dir(root) / CACHE_DIR)
    for assignment in assignments:
        with contextlib.suppress(SelfCheckError, OSError):
            _template(assignment, root)


def warm_up_in_background(root: Path | None = None, assignments: list[str] | None = None) -> threading.Thread:
    """`warm_up` in a daemon thread: the panel starts it when it appears and when an assignment starts."""
    thread = threading.Thread(target=warm_up, args=(root, assignments), name="selfcheck-warm-up", daemon=True)
    thread.start()
    return thread


def _error(cell) -> tuple[str, str] | None:
    """The (name, message) of the last error a code cell showed, if any."""
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    return (errors[-1].get("ename", ""), str(errors[-1].get("evalue", "")).strip()) if errors else None


def _unanswered_above(cells: list, index: int) -> bool:
    """Whether an answer cell of the same question (the code cells up to the markdown above the test cell
    at `index`) still raised NotImplementedError: not answered yet, so the test only sees an undefined name."""
    for cell in reversed(cells[:index]):
        if cell.cell_type == "markdown":
            return False
        if cell.metadata.get("nbgrader", {}).get("solution") and (_error(cell) or ("",))[0] == "NotImplementedError":
            return True
    return False


def _hint(cells: list, index: int) -> str:
    """What to do about the failed test cell `cells[index]`, from the error it showed (and the answer cells
    above it)."""
    error = _error(cells[index])
    if error is None:
        return ""
    ename, evalue = error
    if ename == "NameError" and _unanswered_above(cells, index):
        ename = "NotImplementedError"
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
    sandboxed.warm_up_in_background()  # the sandbox's probes run while nbgrader is imported
    import_nbgrader()
    template = _template(assignment, root)
    with tempfile.TemporaryDirectory(prefix="selfcheck-") as tmp:
        course = Path(tmp) / "course"
        shutil.copytree(template, course)
        submitted = course / "submitted" / LEARNER / assignment
        shutil.copytree(work, submitted, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        autograded = course / "autograded" / LEARNER / assignment
        kernels = sandboxed.kernels_folder()
        try:
            # the learner's kernel in make grade's sandbox view where this machine has one (sandboxed.py)
            kernel = sandboxed.plan(course / "source" / assignment, kernels)
            extra = {"Autograde__autograde_preprocessors": checker.autograde_preprocessors()} if checker.enabled() else {}
            _convert("Autograde", course, assignment, env=kernel.env, CourseDirectory__student_id=LEARNER,
                     Autograde__create_student=True, Execute__extra_arguments=list(QUIET_KERNEL),
                     **extra, **kernel.settings)
        except _Failed as failed:
            raise SelfCheckError(f"Your work could not be graded: {_failure_reason(chr(10).join(failed.lines))}") from None
        finally:
            shutil.rmtree(kernels, ignore_errors=True)
        if not any(autograded.glob("*.ipynb")):
            raise SelfCheckError("Your work could not be graded: nbgrader graded no notebook.")
        report = _report(assignment, course, autograded, kernel.note)
    if record:
        progress.record_check(assignment, report.score, report.max_score, root)
    return report


def _failure_reason(log: str) -> str:
    for needle, reason in (
        ("No submitted file", "a notebook of the assignment is missing or was renamed; keep the original file names."),
        ("does not exist", "a notebook of the assignment is missing or was renamed; keep the original file names."),
        ("NotJSONError", "a notebook file is damaged (not valid notebook JSON)."),
        ("Kernel died", "the notebook's kernel died while running (too much memory, or the code exits the kernel)."),
        ("CellTimeoutError", "a cell ran too long and could not be stopped."),
    ):
        if needle in log:
            return reason
    tail = [line for line in log.splitlines() if "ERROR" in line][-3:]
    return "nbgrader reported an error: " + (" | ".join(tail) if tail else log[-500:])


NOT_WRITTEN = "You have not written this answer yet: replace YOUR ANSWER HERE with your own words."
MISSING_CELL = "This check's cell is missing from your notebook: Start over, or copy your answers into a fresh copy."


def _written(nb) -> set[str]:
    """grade_ids of the written answers (graded by a person) of a source notebook."""
    return {c.metadata["nbgrader"]["grade_id"] for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade") and c.metadata["nbgrader"].get("solution")}


def _report(assignment: str, course: Path, autograded: Path, note: str = "") -> CheckReport:
    """Per question, in the assignment's order: the points nbgrader recorded in the gradebook."""
    import nbformat
    from nbgrader.api import Gradebook

    questions = []
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        submission = {nb.name: nb for nb in gb.find_submission(assignment, LEARNER).notebooks}
        for src_path in sorted((course / "source" / assignment).glob("*.ipynb")):
            source = nbformat.read(src_path, as_version=4)
            written = _written(source)
            graded = autograded / src_path.name
            ordered = nbformat.read(graded, as_version=4).cells if graded.exists() else []
            cells = {c.metadata.get("nbgrader", {}).get("grade_id"): i for i, c in enumerate(ordered)}
            grades = {g.name: g for g in submission[src_path.stem].grades}
            for gid, label in question_labels(source.cells).items():
                grade = grades[gid]
                if gid in written:  # nbgrader gives 0 to an untouched written answer, else leaves it to a person
                    hint = NOT_WRITTEN if grade.auto_score == 0 and not grade.needs_manual_grade else ""
                    questions.append(QuestionResult(src_path.name, gid, label, 0.0, grade.max_score, None, hint))
                    continue
                points = float(grade.auto_score or 0.0)
                passed = points >= grade.max_score
                hint = ""
                if not passed:
                    hint = (_hint(ordered, cells[gid]) if gid in cells else MISSING_CELL) or GENERIC_HINTS["AssertionError"]
                questions.append(QuestionResult(src_path.name, gid, label, points, grade.max_score, passed, hint))
    return CheckReport(assignment, questions, note)
