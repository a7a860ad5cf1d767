"""Hostile submissions through `python -m course.grading`: the sandbox holds and nothing is silent.

Issue 12: each family of tests/hostile/families.py (always-equal objects, input transformers and other
IPython hooks, shadowed builtins, tracing, monkeypatched helpers and modules, reading instructor files,
and borrowing a forbidden toolkit) on every assignment in source/, graded with the checker: it earns
nothing and is flagged.

Needs root and a view of its own for each kernel (bubblewrap, or util-linux unshare without it): the full
sandbox. Skipped on a laptop without them, fails in CI.
"""

from __future__ import annotations

import csv
import os
import pwd
import re
import shutil
import socket
import sqlite3
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import nbformat
import pytest

from course.grading import checker, sandbox
from course.grading import classroom as cl
from course.grading.checker.forbidden import forbidden_packages
from course.grading.engine import Options, run
from course.grading.launch import RUN_ENV
from tests.hostile.cases import CASES, NOTEBOOK
from tests.hostile.families import FAMILIES, assignments, hostile, targeted_by_forbidden
from tests.support import ROOT, require

pytestmark = pytest.mark.slow
FIXTURE = ROOT / "tests" / "fixtures" / "grading" / "source" / "t01"
DUE = datetime(2026, 11, 1, 12, tzinfo=UTC)
HONEST = {"honest_full": None, "honest_partial": ["q1_answer"], "honest_blank": []}
BOUND_SECONDS = 240


@pytest.fixture(scope="module")
def limits(tmp_path_factory):
    """Small limits and timeouts so the hostile run stays short."""
    saved = dict(os.environ)
    os.environ.update({
        "COURSE_GRADING_MEMORY_MB": "1024", "COURSE_GRADING_CPU_SECONDS": "8",
        "COURSE_GRADING_SUBMISSION_SECONDS": "90", "JUPYTERHUB_API_TOKEN": "fake-token-for-the-test",
    })
    yield
    os.environ.clear()
    os.environ.update(saved)


def _course(template: Path, dest: Path) -> Path:
    shutil.copytree(template, dest, dirs_exist_ok=True)
    os.environ["NBGRADER_EXCHANGE"] = str(dest / "exchange")
    return dest


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    course = cl.new_course(tmp_path_factory.mktemp("template"), FIXTURE, "t01", DUE)
    with (course / "nbgrader_config.py").open("a") as fh:
        fh.write("\nc.Execute.timeout = 3\n")
    return course


def _honest(course: Path) -> None:
    for student, answers in HONEST.items():
        cl.submit(course, student, "t01", {NOTEBOOK: cl.answered(course, "t01", NOTEBOOK, answers)},
                  DUE - timedelta(hours=2))


def _scores(course: Path) -> dict[str, str]:
    with (course / "exports" / "t01" / "grades.csv").open() as fh:
        return {r["student_id"]: (r["score"], r["status"]) for r in csv.DictReader(fh)}


def _sandbox_processes(run_id: str) -> list[str]:
    """This run's processes (zombies included) owned by a sandbox user, read from /proc (no `ps` needed).

    Another grading run on the machine uses the same sandbox users: a process is this run's when its
    environment carries the run's marker (COURSE_GRADING_RUN, which every kernel and its children inherit),
    or when it is a zombie this process (the grader) never reaped.
    """
    uids = {u.pw_uid for u in pwd.getpwall() if u.pw_name.startswith(sandbox.USER_PREFIX)}
    marker = f"{RUN_ENV}={run_id}".encode()
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
            if int(fields.get("Uid", "-1").split()[0]) not in uids:
                continue
            env = (status.parent / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        zombie_of_ours = fields.get("State", "").startswith("Z") and fields.get("PPid", "").strip() == str(os.getpid())
        if marker in env or zombie_of_ours:  # a zombie has no environment left: its parent tells
            found.append(f"{status.parent.name} {fields.get('Name', '').strip()} {fields.get('State', '').strip()}")
    return found


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory, limits, template):
    prot = sandbox.detect()
    require(prot.level == "full", f"the full grading sandbox (root + bubblewrap): {prot.describe()}")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.setblocking(False)
    port = listener.getsockname()[1]

    base = _course(template, tmp_path_factory.mktemp("baseline"))
    _honest(base)
    run(base, "t01", Options(progress=lambda _: None))

    course = _course(template, tmp_path_factory.mktemp("hostile"))
    _honest(course)
    for case in CASES:
        nb = cl.answered(course, "t01", NOTEBOOK, [])
        if case.code:
            next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "q1_answer").source = (
                case.code.replace("{port}", str(port)))
        if case.transform:
            case.transform(nb)
        files = {case.filename: case.raw or nb}
        if case.owner_uid is not None:
            cl.submit_to_exchange(Path(os.environ["NBGRADER_EXCHANGE"]), case.student, "t01", files,
                                  DUE - timedelta(hours=1), uid=case.owner_uid)
        else:
            cl.submit(course, case.student, "t01", files, DUE - timedelta(hours=1))
    lines: list[str] = []
    start = time.monotonic()
    report = run(course, "t01", Options(progress=lines.append))
    elapsed = time.monotonic() - start
    (course / "run.log").write_text("\n".join(lines))
    try:
        conn, _ = listener.accept()
        leaked = conn.recv(100)
    except BlockingIOError:
        leaked = b""
    listener.close()
    return {"base": base, "course": course, "report": report, "elapsed": elapsed, "leaked": leaked,
            "lines": lines}


def test_run_finishes_within_bound(hostile_run):
    assert hostile_run["elapsed"] < BOUND_SECONDS, hostile_run["lines"]


def test_honest_grades_equal_a_run_without_hostile_ones(hostile_run):
    base, hostile = _scores(hostile_run["base"]), _scores(hostile_run["course"])
    assert {s: base[s] for s in HONEST} == {s: hostile[s] for s in HONEST}, hostile_run["lines"]
    assert base["honest_full"] == ("5.0", "graded") and base["honest_blank"] == ("0.0", "graded")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_hostile_submission_is_flagged_with_its_reason(hostile_run, case):
    outcome = hostile_run["report"].outcomes[case.student]
    text = "; ".join([outcome.reason, *outcome.flags])
    assert outcome.label in ("failed", "flagged"), (case.name, outcome)
    assert re.search(case.expect, text), (case.name, text)
    row = _scores(hostile_run["course"])[case.student]
    if outcome.status == "failed":
        assert row == ("", "failed"), "a failed submission must never export a score"
    else:
        assert row[1] == "flagged" and float(row[0]) <= 2.0, row  # nothing gained by the attack


def test_gradebook_intact(hostile_run):
    course = hostile_run["course"]
    con = sqlite3.connect(course / "gradebook.db")
    assert con.execute("pragma integrity_check").fetchone() == ("ok",)
    assert con.execute("select count(*) from grade where auto_score = 99").fetchone() == (0,)
    con.close()
    assert list(course.glob("gradebook.db.*.bak")), "the gradebook must be backed up before the run"


def test_no_hidden_tests_or_solutions_reach_students(hostile_run):
    course = hostile_run["course"]
    pages = list((course / "feedback").glob("*/t01/*.html"))
    assert len(pages) >= len(HONEST)
    for page in pages:
        text = page.read_text()
        assert "HIDDEN-MARKER" not in text, page
        if not any(who in str(page) for who in ("honest_full", "honest_partial", "hostile_hook_leak")):
            assert "SOLUTION-MARKER" not in text, page  # only students who wrote the answer show it
    leak_page = next((course / "feedback" / "hostile_hook_leak" / "t01").glob("*.html")).read_text()
    if checker.enabled():  # the test cells never reach the kernel: its hook has nothing to print
        assert "HIDDEN-MARKER" not in leak_page
    else:
        assert "output hidden" in leak_page, "the hook printed the hidden tests: feedback must hide that output"
    for case in ("read_source", "read_others", "read_gradebook"):
        for nb_path in (course / "autograded" / f"hostile_{case}" / "t01").glob("*.ipynb"):
            nb = nbformat.read(nb_path, as_version=4)
            answer = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "q1_answer"]
            # what the code printed (tracebacks echo the student's own code; test cells' hold hidden tests)
            outputs = "".join(o.get("text", "") for o in answer[0].outputs if o.output_type == "stream")
            assert "MARKER" not in outputs and "GRADEBOOK-BYTES" not in outputs, case


def test_no_home_directories_source_or_shared_folders_in_view(hostile_run):
    nb_path = hostile_run["course"] / "autograded" / "hostile_look_around" / "t01" / NOTEBOOK
    cell = next(c for c in nbformat.read(nb_path, as_version=4).cells if c.get("outputs"))
    assert "".join(o.get("text", "") for o in cell.outputs).strip() == "SEES []"


def test_the_graders_environment_does_not_reach_student_code(hostile_run):
    nb_path = hostile_run["course"] / "autograded" / "hostile_read_env" / "t01" / NOTEBOOK
    cell = next(c for c in nbformat.read(nb_path, as_version=4).cells if c.get("outputs"))
    assert "".join(o.get("text", "") for o in cell.outputs).strip() == "ENV []"


def test_no_network_and_no_writes_outside(hostile_run):
    assert hostile_run["leaked"] == b""
    assert not list(hostile_run["course"].rglob("PWNED.txt"))


def test_student_code_runs_unprivileged_and_bwrap_needs_no_user_namespace(hostile_run):
    nb_path = hostile_run["course"] / "autograded" / "hostile_privileges" / "t01" / NOTEBOOK
    cell = next(c for c in nbformat.read(nb_path, as_version=4).cells if c.get("outputs"))
    out = "".join(o.get("text", "") for o in cell.outputs).split()
    assert out[0] == "PRIV", out
    uid, eff, prm, bnd, no_new_privs, userns = out[1:]
    assert int(uid) in {u.pw_uid for u in pwd.getpwall() if u.pw_name.startswith(sandbox.USER_PREFIX)}
    assert (eff, prm, bnd, no_new_privs) == ("0" * 16, "0" * 16, "0" * 16, "1"), "capabilities or new privileges"
    assert userns == os.readlink("/proc/self/ns/user"), "bwrap runs as root: it must not need a user namespace"


def test_grading_works_when_the_temporary_folder_is_private(template, limits, tmp_path, monkeypatch):
    """A 0700 folder above the kernels' staging (as `mktemp -d` gives) is no obstacle: bwrap runs as root."""
    prot = sandbox.detect()
    require(prot.level == "full", f"the full grading sandbox (root + bubblewrap): {prot.describe()}")
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    os.chmod(private, 0o700)
    (private / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(private / "tmp"))
    course = _course(template, tmp_path / "course")
    cl.submit(course, "honest_full", "t01", {NOTEBOOK: cl.answered(course, "t01", NOTEBOOK, None)}, DUE)
    lines: list[str] = []
    run(course, "t01", Options(workers=1, feedback=False, progress=lines.append))
    assert _scores(course)["honest_full"] == ("5.0", "graded"), lines


def test_no_sandboxed_process_outlives_the_run(hostile_run):
    assert hostile_run["report"].run_id
    assert _sandbox_processes(hostile_run["report"].run_id) == []


def test_another_runs_processes_are_not_this_runs(tmp_path):
    """A sandbox-user process of another run (another marker) is not counted; one with this run's is."""
    require(os.geteuid() == 0, "root (to start a process as a sandbox user)")
    user = pwd.getpwnam(sandbox.ensure_user(0))
    ours, theirs = "ours-123", "theirs-456"
    procs = [subprocess.Popen(["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups",
                               "sleep", "30"], env={"PATH": "/usr/bin:/bin", RUN_ENV: run}) for run in (ours, theirs)]
    try:
        time.sleep(0.3)
        assert any(line.split()[0] == str(procs[0].pid) for line in _sandbox_processes(ours))
        assert not any(line.split()[0] == str(procs[1].pid) for line in _sandbox_processes(ours))
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


# ---- issue 12: every hostile family on every assignment, through `make grade` with the checker ----

CHECKER_ASSIGNMENTS = assignments(ROOT)
FAMILY_CASES = [(aid, fam) for aid in CHECKER_ASSIGNMENTS for fam in FAMILIES]
TOOLKIT_CASES = [aid for aid in CHECKER_ASSIGNMENTS if forbidden_packages(ROOT / "source" / aid)]


def _question_scores(course: Path, aid: str) -> dict[str, dict[str, float] | None]:
    """student -> {grade_id: auto score} of the autograded questions (None: the submission failed)."""
    from nbgrader.api import Gradebook, MissingEntry

    out: dict[str, dict[str, float] | None] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "medical-coding-billing") as gb:
        for student in gb.students:
            try:
                sub = gb.find_submission(aid, student.id)
            except MissingEntry:
                out[student.id] = None
                continue
            out[student.id] = {g.name: g.auto_score or 0.0 for nb in sub.notebooks for g in nb.grades
                               if g.cell.cell_type == "code"}
    return out


@pytest.fixture(scope="module")
def checker_runs(tmp_path_factory, limits):
    """Each assignment graded by `make grade`'s engine with the checker on: honest work and each family."""
    prot = sandbox.detect()
    require(prot.level == "full", f"the full grading sandbox (root + bubblewrap): {prot.describe()}")
    saved = os.environ.get(checker.ENV)
    os.environ[checker.ENV] = "1"
    runs = {}
    try:
        for aid in CHECKER_ASSIGNMENTS:
            base = tmp_path_factory.mktemp(f"checker-{aid}")
            os.environ["NBGRADER_EXCHANGE"] = str(base / "exchange")
            course = cl.new_course(base / "course", ROOT / "source" / aid, aid, DUE)
            names = cl.notebook_names(course, aid)
            when = DUE - timedelta(hours=1)
            cl.submit(course, "honest", aid, {n: cl.answered(course, aid, n, None) for n in names}, when)
            families = [*FAMILIES, *(["forbidden_toolkit"] if aid in TOOLKIT_CASES else [])]
            for fam in families:
                files = {n: hostile(course / "release" / aid / n, course / "source" / aid / n, fam, course)
                         for n in names}
                cl.submit(course, f"hostile_{fam}", aid, files, when)
            lines: list[str] = []
            report = run(course, aid, Options(progress=lines.append, feedback=False))
            runs[aid] = {"scores": _question_scores(course, aid), "report": report, "lines": lines,
                         "max": {g: p for g, p in _max_points(course, aid).items()}}
    finally:
        if saved is None:
            os.environ.pop(checker.ENV, None)
        else:
            os.environ[checker.ENV] = saved
    return runs


def _max_points(course: Path, aid: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "medical-coding-billing") as gb:
        return {g.name: g.max_score for nb in gb.find_assignment(aid).notebooks for g in nb.grade_cells
                if g.cell_type == "code"}


@pytest.mark.parametrize("aid", CHECKER_ASSIGNMENTS)
def test_honest_work_earns_every_point_with_the_checker(checker_runs, aid):
    got = checker_runs[aid]
    assert got["scores"]["honest"] == got["max"], got["lines"]


@pytest.mark.parametrize(("aid", "family"), FAMILY_CASES, ids=[f"{a}-{f}" for a, f in FAMILY_CASES])
def test_each_hostile_family_earns_nothing_with_the_checker(checker_runs, aid, family):
    scores = checker_runs[aid]["scores"][f"hostile_{family}"]
    earned = {g: s for g, s in (scores or {}).items() if s}
    assert earned == {}, (family, earned, checker_runs[aid]["lines"])


@pytest.mark.parametrize("aid", TOOLKIT_CASES)
def test_borrowing_a_forbidden_toolkit_earns_nothing_where_it_is_forbidden(checker_runs, aid):
    """The kernel cannot reach the package at all: deleting it from sys.modules fakes nothing."""
    scores = checker_runs[aid]["scores"]["hostile_forbidden_toolkit"] or {}
    targeted = targeted_by_forbidden(ROOT / "source" / aid)
    assert targeted and {g: scores.get(g, 0.0) for g in targeted} == dict.fromkeys(targeted, 0.0)


@pytest.mark.parametrize(("aid", "family"), FAMILY_CASES, ids=[f"{a}-{f}" for a, f in FAMILY_CASES])
def test_each_hostile_family_is_flagged(checker_runs, aid, family):
    outcome = checker_runs[aid]["report"].outcomes[f"hostile_{family}"]
    assert outcome.flags or outcome.status == "failed", (family, outcome)


def test_refused_values_are_reported_by_name(checker_runs):
    outcome = checker_runs["a01"]["report"].outcomes["hostile_always_equal"]
    assert any("not plain data" in f and "a01-roles-test-1" in f for f in outcome.flags), outcome.flags
    outcomes = checker_runs["a01"]["report"].outcomes
    for family, what in (("input_transformer", "an input transformer"), ("ipython_hooks", "an AST transformer"),
                         ("tracing", "sys.settrace"), ("monkeypatch", "a replaced builtin"),
                         ("shadowed_builtins", "shadow builtins")):
        assert any(what in f for f in outcomes[f"hostile_{family}"].flags), (family, outcomes[f"hostile_{family}"])


@pytest.mark.parametrize("without", ["", "bwrap"], ids=["bwrap-view", "unshare-view"])
def test_a_forbidden_package_is_absent_from_the_kernels_view(tmp_path, limits, monkeypatch, without):
    """a04 forbids course.billing: with the checker on, its folder is empty in the kernel's view."""
    monkeypatch.setenv(checker.ENV, "1")
    monkeypatch.setenv("COURSE_GRADING_WITHOUT", without)
    prot = sandbox.detect()
    require(prot.level == "full", f"the full grading sandbox ({without or 'bwrap'} view): {prot.describe()}")
    monkeypatch.setenv("NBGRADER_EXCHANGE", str(tmp_path / "exchange"))
    course = cl.new_course(tmp_path / "course", ROOT / "source" / "a04", "a04", DUE)
    name = cl.notebook_names(course, "a04")[0]
    nb = cl.answered(course, "a04", name, [])
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution"))
    folder = ROOT / "course" / "billing"
    cell.source = f"import os\nprint('SEES', len(os.listdir({str(folder)!r})))\nimport course.billing.npi"
    cl.submit(course, "probe", "a04", {name: nb}, DUE - timedelta(hours=1))
    run(course, "a04", Options(workers=1, feedback=False, progress=lambda _: None))
    graded = nbformat.read(course / "autograded" / "probe" / "a04" / name, as_version=4)
    outputs = next(c for c in graded.cells if c.metadata.get("nbgrader", {}).get("solution")).outputs
    assert "SEES 0" in "".join(o.get("text", "") for o in outputs)
    assert any(o.get("ename") == "ModuleNotFoundError" for o in outputs)
