"""`make grade`: collect, check, autograde in parallel (sandboxed), feed back, export, summarise."""

from __future__ import annotations

import contextlib
import copy
import json
import os
import shutil
import sqlite3
import sys
import time
import uuid
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from course.grading import export, late, preflight, sandbox, written
from course.grading.checks import check_submission, expected_cells
from course.grading.collect import collect
from course.grading.redact import secret_lines_of
from course.grading.worker import Result, autograde_one, feedback_one, make_execute_class, running_file

SCRATCH = ".grading-tmp"


class SandboxMissing(RuntimeError):
    """The full sandbox was required but this machine cannot provide it."""


class SandboxRefused(SandboxMissing):
    """As root with no filesystem view: submissions could read source/ and the gradebook."""


PreflightFailed = preflight.PreflightFailed


@dataclass
class Options:
    """How to run: workers (default: all cores), sandbox on/off/required, where progress goes."""

    workers: int = 0
    sandbox: bool = True
    require_sandbox: bool = field(default_factory=lambda: os.environ.get(sandbox.REQUIRE_ENV, "") not in ("", "0"))
    allow_weak: bool = field(default_factory=lambda: os.environ.get(sandbox.ALLOW_WEAK_ENV, "") not in ("", "0"))
    feedback: bool = True
    progress: Callable[[str], None] = print


@dataclass
class Report:
    """What a run did: per-student outcomes, where the files are, the protection in force."""

    assignment: str
    outcomes: dict[str, export.Outcome]
    protection: sandbox.Protection
    backup: Path | None
    exports: Path
    summary: str
    run_id: str = ""  # in every kernel's environment (COURSE_GRADING_RUN): this run's processes

    @property
    def graded(self) -> int:
        """Submissions with a score now (graded in this run or unchanged since the last)."""
        return sum(1 for o in self.outcomes.values() if o.status == "graded")


def venv_on_path() -> None:
    """nbgrader runs `alembic` by name when it creates a gradebook: make this venv's bin/ findable."""
    bindir = os.path.dirname(sys.executable)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


def load_config(root: Path) -> Config:
    """The course's nbgrader_config.py, as nbgrader itself would read it."""
    return PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()


def _db_path(cfg: Config) -> Path:
    url = cfg.CourseDirectory.db_url
    if not url.startswith("sqlite:///"):
        raise ValueError(f"only a SQLite gradebook is supported, not {url}")
    return Path(url.removeprefix("sqlite:///"))


def sqlite_copy(src: Path, dest: Path) -> None:
    """A consistent copy of a SQLite database (the backup API, safe while others read it)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(src) as a, sqlite3.connect(dest) as b:
        a.backup(b)
    a.close()
    b.close()


def backup(db: Path) -> Path | None:
    """Copy the gradebook to gradebook.db.<UTC time>.bak before anything changes it."""
    if not db.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    dest = db.with_name(f"{db.name}.{stamp}.bak")
    sqlite_copy(db, dest)
    return dest


def ensure_assignment(root: Path, cfg: Config, assignment: str) -> None:
    """Record the assignment's notebooks and grade cells in the gradebook if they are not there yet."""
    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory

    with Gradebook(cfg.CourseDirectory.db_url, cfg.CourseDirectory.course_id) as gb:
        try:
            if gb.find_assignment(assignment).notebooks:
                return
        except MissingEntry:
            pass
    out = root / SCRATCH / "release"
    c = copy.deepcopy(cfg)
    c.CourseDirectory.assignment_id = assignment
    c.CourseDirectory.release_directory = str(out)
    c.GenerateAssignment.create_assignment = True
    c.BaseConverter.force = True
    GenerateAssignment(coursedir=CourseDirectory(config=c), config=c).start()
    shutil.rmtree(out, ignore_errors=True)


def _timestamp(folder: Path) -> str:
    path = folder / "timestamp.txt"
    return path.read_text().strip() if path.exists() else ""


def _score(res: Result) -> float:
    return sum(g["auto_score"] or 0.0 for g in res.grades)


def merge(gb, assignment: str, res: Result) -> None:
    """Write one worker result into the real gradebook (the parent is its only writer)."""
    kwargs = {"timestamp": res.timestamp} if res.timestamp else {}
    gb.update_or_create_student(res.student)
    gb.update_or_create_submission(assignment, res.student, **kwargs)
    for g in res.grades:
        grade = gb.find_grade(g["id"], g["nb"], assignment, res.student)
        grade.auto_score, grade.needs_manual_grade = g["auto_score"], g["manual"]
    for c in res.comments:
        gb.find_comment(c["id"], c["nb"], assignment, res.student).auto_comment = c["auto_comment"]
    for nb_name, penalty in res.penalties.items():
        gb.find_submission_notebook(nb_name, assignment, res.student).late_submission_penalty = penalty
    gb.db.commit()


def forget(root: Path, gb, assignment: str, student: str) -> None:
    """Drop a failed submission's stale scores and files so nothing shows an old or a plain 0 score."""
    from nbgrader.api import MissingEntry

    with contextlib.suppress(MissingEntry):
        gb.remove_submission(assignment, student)
    for step in ("autograded", "feedback"):
        shutil.rmtree(root / step / student / assignment, ignore_errors=True)


def _hard_limit(cfg: Config, expected: dict) -> float:
    if os.environ.get("COURSE_GRADING_SUBMISSION_SECONDS"):
        return float(os.environ["COURSE_GRADING_SUBMISSION_SECONDS"])
    timeout = (cfg.Execute.timeout if "timeout" in cfg.Execute else 30) or 30
    cells = sum(len(cells) for cells in expected.values()) or 1
    return float(timeout) * cells + 60.0


def run(root: Path, assignment: str, opts: Options | None = None) -> Report:
    """Grade every new submission of `assignment` in the course at `root`; never stops at one bad one."""
    from nbgrader.api import Gradebook

    opts = opts or Options()
    warnings.filterwarnings("ignore", module="nbgrader")  # SQLAlchemy chatter from nbgrader's own code
    say = opts.progress
    t0 = time.perf_counter()
    root = root.resolve()
    venv_on_path()
    cfg = load_config(root)
    cfg.CourseDirectory.root = str(root)
    course_id = cfg.CourseDirectory.course_id
    db_url = cfg.CourseDirectory.db_url
    if not (root / "source" / assignment).is_dir():
        raise FileNotFoundError(f"no assignment {assignment!r}: {root / 'source' / assignment} does not exist")
    prot = sandbox.detect(opts.sandbox)
    if opts.require_sandbox and prot.level != "full":
        raise SandboxMissing(prot.describe())
    if prot.refused and not opts.allow_weak:
        raise SandboxRefused(prot.describe())
    say(prot.describe())
    saved = backup(_db_path(cfg))
    if saved:
        say(f"gradebook backed up to {saved.name}")
    ensure_assignment(root, cfg, assignment)
    say(f"gradebook ready ({time.perf_counter() - t0:.1f} s)")

    exchange = Path(cfg.Exchange.root)
    identity, error, found = collect(root, assignment, exchange, course_id)
    if found:
        say(f"collected {found} students' latest submissions from the exchange ({time.perf_counter() - t0:.1f} s)")
    if error:
        say("nbgrader collect reported an error (grading what is in submitted/):\n" + error)
    folders = sorted(p.parent for p in (root / "submitted").glob(f"*/{assignment}") if p.is_dir())
    outdir = root / "exports" / assignment
    status_path = outdir / "status.json"
    previous = json.loads(status_path.read_text()) if status_path.exists() else {}
    policy = late.policy_from_config(cfg)
    extended: dict[str, float] = {}

    with Gradebook(db_url, course_id) as gb:
        expected = expected_cells(gb, assignment)
        extensions = late.read_extensions(root / late.EXTENSIONS_FILE, assignment, late.assignment_due(gb, assignment))
        extended = late.apply_extensions(gb, assignment, [f.name for f in folders], extensions)
        outcomes: dict[str, export.Outcome] = {}
        tasks: list[str] = []
        for folder in folders:
            student = folder.name
            sub = folder / assignment
            ts = _timestamp(sub)
            check = check_submission(sub, expected, root / "release" / assignment)
            flags = ([identity[student]] if student in identity else []) + check.flags
            prev = previous.get(student)
            gb.update_or_create_student(student)
            graded_before = (root / "autograded" / student / assignment / "timestamp.txt").exists()
            if check.fatal:
                forget(root, gb, assignment, student)
                outcomes[student] = export.Outcome(student, "failed", ts, check.fatal, flags, new=True)
                continue
            same_extension = prev and prev.get("extension_minutes", 0.0) == extended[student]
            if prev and prev["timestamp"] == ts and prev["status"] == "graded" and graded_before and same_extension:
                outcomes[student] = export.Outcome(student, "graded", ts, "", prev["flags"])
                continue
            outcomes[student] = export.Outcome(student, "pending", ts, "", flags, new=True)
            tasks.append(student)

    say(f"{len(folders)} submissions: {len(tasks)} to grade, "
        f"{sum(1 for o in outcomes.values() if o.status == 'graded')} unchanged since the last run, "
        f"{sum(1 for o in outcomes.values() if o.status == 'failed')} unusable")
    run_id = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
    if tasks:
        try:
            _grade(root, assignment, cfg, prot, opts, tasks, outcomes, expected, run_id)
        except PreflightFailed:
            shutil.rmtree(root / SCRATCH, ignore_errors=True)
            raise

    with Gradebook(db_url, course_id) as gb:
        a = gb.find_assignment(assignment)
        for o in outcomes.values():
            o.max_score = a.max_score
            if o.status == "graded":
                sub = gb.find_submission(assignment, o.student)
                late.reapply(gb, assignment, o.student, policy)  # current scores (manual grades too), extensions
                o.score = sub.score
                o.late_seconds = sub.total_seconds_late or 0.0
                o.awaiting = [str(w) for w in written.awaiting(gb, root, assignment, o.student)]
            elif o.status == "failed":
                forget(root, gb, assignment, o.student)
        refreshed = _refresh_feedback(root, cfg, gb, assignment, outcomes, tasks, opts) if opts.feedback else []
        table = export.rows(gb, assignment, outcomes, late.describe(policy), extended,
                            cfg.CourseExport.missing if "CourseExport" in cfg and "missing" in cfg.CourseExport
                            else "blank")
    if refreshed:
        say(f"feedback refreshed (grades changed since it was written, or it was missing): {', '.join(refreshed)}")
    written.write_mark_schemes(root / "source" / assignment, outdir / written.SCHEMES)
    export.write_csv(outdir / "grades.csv", table)
    export.write_canvas(outdir / "canvas.csv", assignment, table)
    status = {o.student: {"timestamp": o.timestamp, "status": o.status, "reason": o.reason, "flags": o.flags,
                          "extension_minutes": extended.get(o.student, 0.0)}
              for o in outcomes.values()}
    outdir.mkdir(parents=True, exist_ok=True)
    status_path.write_text(json.dumps(status, indent=1, sort_keys=True))
    text = export.summary_text(assignment, list(outcomes.values()), prot.describe(), time.perf_counter() - t0)
    text += export.deadline_text(table)
    (outdir / "summary.txt").write_text(text + "\n")
    say(text)
    say(f"exports: {outdir / 'grades.csv'}, {outdir / 'canvas.csv'}; feedback in feedback/")
    _item_analysis(root, assignment, db_url, course_id, say)
    shutil.rmtree(root / SCRATCH, ignore_errors=True)
    return Report(assignment, outcomes, prot, saved, outdir, text, run_id)


def _item_analysis(root: Path, assignment: str, db_url: str, course_id: str, say: Callable[[str], None]) -> None:
    """What the class got wrong (course/grading/class_report.py); its failure never loses the grades above."""
    from course.grading import class_report

    try:
        class_report.write(root, assignment, db_url, course_id)
    except Exception as err:  # noqa: BLE001  grades and exports are written already: say why, do not stop
        say(f"item analysis failed ({type(err).__name__}: {err}); run: make report ASSIGNMENT={assignment}")
        return
    say(f"item analysis: {root / 'exports' / assignment / 'items.txt'} (items.csv, objectives.csv, items.png); "
        f"class progress: {root / 'exports' / 'progress.csv'}")


def _refresh_feedback(root: Path, cfg: Config, gb, assignment: str, outcomes: dict[str, export.Outcome],
                      tasks: list[str], opts: Options) -> list[str]:
    """Feedback of graded students whose grades changed since it was written (e.g. a written answer graded
    in the Formgrader) is rendered again; those graded in this run already have fresh feedback."""
    graded = [s for s, o in outcomes.items() if o.status == "graded"]
    fresh = {s for s in tasks if outcomes[s].status == "graded"
             and not any(f.startswith("feedback failed") for f in outcomes[s].flags)}
    secrets = secret_lines_of(root / "source" / assignment)

    def render(student: str) -> str:
        return feedback_one(cfg, root, assignment, student, cfg.CourseDirectory.db_url, secrets)

    missing = {s for s in graded if not any((root / "feedback" / s / assignment).glob("*.html"))}
    refreshed, problems = written.refresh(gb, root / "exports" / assignment, assignment, graded, fresh, render,
                                          missing)
    for line in problems:
        opts.progress(f"feedback not refreshed for {line}")
    return refreshed


SOCKET_PATH_MAX = 107  # bytes in a Unix socket's path (sun_path), where the kernels' sockets live


def kernels_folder() -> Path:
    """This run's folder for kernelspecs, staging and sockets: under TMPDIR, or /tmp when TMPDIR is so
    deep that a kernel's socket path would pass the Unix limit (a kernel could not start there)."""
    base = Path(os.environ.get("TMPDIR", "/tmp")) / f"course-grading-{os.getpid()}"
    if len(str(base / "w99" / "ipc" / "k-99")) > SOCKET_PATH_MAX:
        base = Path("/tmp") / f"course-grading-{os.getpid()}"
    return base


def _grade(root: Path, assignment: str, cfg: Config, prot: sandbox.Protection, opts: Options,
           tasks: list[str], outcomes: dict[str, export.Outcome], expected: dict, run_id: str) -> None:
    from nbgrader.api import Gradebook

    from course.grading.pool import become_subreaper, reap, run_pool

    n = opts.workers or os.cpu_count() or 1
    n = max(1, min(n, len(tasks)))
    scratch = root / SCRATCH
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    run_base = kernels_folder()
    km = {}
    from course.grading.checker.forbidden import hidden_folders

    hidden = hidden_folders(root / "source" / assignment)  # with the checker on: forbidden toolkit packages
    try:
        if prot.level != "off":
            for slot in range(n):
                km[slot] = sandbox.install_kernelspec(prot, slot, run_base / f"w{slot}", run_id, hidden)
            # pre-flight, before the first kernel: the sandbox user can start one on a real submission
            problem = preflight.check(sandbox.settings_path(run_base / "w0"), root / "submitted" / tasks[0] / assignment)
            if problem:
                raise PreflightFailed(problem)
            opts.progress("pre-flight: the sandboxed interpreter starts, imports the course and reads a submission")
    except BaseException:
        shutil.rmtree(run_base, ignore_errors=True)
        raise
    secrets = secret_lines_of(root / "source" / assignment)
    db_main = _db_path(cfg)
    total, done = len(tasks), [0]
    limit = _hard_limit(cfg, expected)

    def target(conn: Connection, slot: int) -> None:
        os.setsid()
        become_subreaper()
        wcfg = copy.deepcopy(cfg)
        wcfg.OverwriteCells.add_missing_cells = True  # a deleted test cell is put back (and flagged)
        wcfg.Autograde.autograde_preprocessors = [
            make_execute_class() if pp.__name__ == "Execute" else pp for pp in _autograde_pps(cfg)
        ]
        if slot in km:
            os.environ["JUPYTER_PATH"] = os.pathsep.join(
                [str(run_base / f"w{slot}" / "jupyter"), os.environ.get("JUPYTER_PATH", "")]
            ).rstrip(os.pathsep)
            wcfg.Execute.kernel_name = sandbox.KERNEL_NAME
            wcfg.KernelManager.transport = km[slot]["transport"]
            wcfg.KernelManager.ip = km[slot]["ip"]
        db = scratch / f"gradebook-w{slot}-{os.getpid()}.db"
        sqlite_copy(db_main, db)
        url = f"sqlite:///{db}"
        quiet = os.open(os.devnull, os.O_WRONLY)  # kernels' chatter; nbgrader's log goes to our capture
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        while True:
            student = conn.recv()
            if student is None:
                break
            res = autograde_one(wcfg, root, assignment, student, url)
            if res.ok and opts.feedback:
                problem = feedback_one(wcfg, root, assignment, student, url, secrets)
                if problem:
                    res.flags.append(problem)
            for leftover in (run_base / f"w{slot}" / "staging").glob("kernel-*"):
                if leftover.is_dir():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    leftover.unlink(missing_ok=True)
            reap()  # no kernel is running now: collect what a killed sandbox left behind
            conn.send(res)

    with Gradebook(cfg.CourseDirectory.db_url, cfg.CourseDirectory.course_id) as gb:

        def on_result(student: str, res: Result | None) -> None:
            done[0] += 1
            o = outcomes[student]
            if res is None:
                res = Result(student, False, "the grading worker crashed while running this submission")
            if res.ok:
                merge(gb, assignment, res)
                o.status, o.flags = "graded", o.flags + res.flags
                msg = f"{_score(res):g} points"
            else:
                o.status, o.reason, o.flags = "failed", res.reason, o.flags + res.flags
                forget(root, gb, assignment, student)
                msg = f"FAILED: {res.reason}"
            flag = f" [flagged: {'; '.join(o.flags)}]" if o.flags else ""
            opts.progress(f"[{done[0]}/{total}] {student}: {msg} ({res.seconds:.1f} s){flag}")

        def on_timeout(student: str) -> Result:
            try:
                cell = running_file(root, student).read_text()
            except OSError:
                cell = ""
            return Result(student, False, f"still running after {limit:.0f} s: killed (a timeout that could "
                          f"not interrupt the kernel){cell}", limit)

        try:
            run_pool(tasks, n, target, limit, on_result, on_timeout)
        finally:
            shutil.rmtree(run_base, ignore_errors=True)


def _autograde_pps(cfg: Config) -> list:
    """The course's autograde preprocessors (nbgrader_config.py), else nbgrader's defaults."""
    from nbgrader.converters import Autograde

    if "autograde_preprocessors" in cfg.Autograde:
        return list(cfg.Autograde.autograde_preprocessors)
    return list(Autograde.class_traits()["autograde_preprocessors"].default())
