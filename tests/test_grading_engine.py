"""`python -m course.grading`: checks, redaction, exports, and a small class graded end to end."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import nbformat
import pytest

from course.grading import classroom as cl
from course.grading import export, sandbox
from course.grading.__main__ import main as cli
from course.grading.checks import CellSpec, check_submission
from course.grading.engine import Options, SandboxMissing, run
from course.grading.redact import REDACTED, sanitize_notebook, secret_lines, strip_hidden
from course.grading.suspicious import scan_source
from tests.support import ROOT, require

FIXTURE = ROOT / "tests" / "fixtures" / "grading" / "source" / "t01"
NB = "t01-tiny.ipynb"
DUE = datetime(2026, 11, 1, 12, tzinfo=UTC)


def _spec() -> dict[str, dict[str, CellSpec]]:
    """What the gradebook would hold for the fixture (built from its source notebook)."""
    cells = {}
    for c in nbformat.read(FIXTURE / NB, as_version=4).cells:
        m = c.metadata.get("nbgrader")
        if m:
            cells[m["grade_id"]] = CellSpec(m["grade_id"], m["grade"], m["solution"], m["locked"],
                                            float(m.get("points", 0)), c.source if m["locked"] else None)
    return {"t01-tiny": cells}


def _write(folder: Path, nb, name: str = NB) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(nb, str):
        (folder / name).write_text(nb)
    else:
        nbformat.write(nb, folder / name)
    return folder


def _student_nb():
    nb = nbformat.read(FIXTURE / NB, as_version=4)
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"]["solution"]:
            c.source = strip_hidden(c.source).replace("# (hidden tests run here; their code is not shown)", "")
    return nb


def test_an_untouched_notebook_has_no_flags(tmp_path):
    assert check_submission(_write(tmp_path, _student_nb()), _spec()).flags == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda nb: nb.cells.pop(2), "deleted cell(s) in t01-tiny.ipynb: grade id q1_tests"),
        (lambda nb: setattr(nb.cells[2], "source", "assert True"),
         "edited locked/test cell(s) in t01-tiny.ipynb: cell 3 (grade id q1_tests)"),
        (lambda nb: nb.cells[4].metadata["nbgrader"].update(points=50),
         "altered grading metadata in t01-tiny.ipynb: cell 5 (grade id q2_tests)"),
        (lambda nb: nb.cells.append(nbformat.v4.new_code_cell("import os\nos.system('ls')")),
         "suspicious code in t01-tiny.ipynb cell 7 (a cell the student added): imports os"),
        (lambda nb: nb.cells.insert(3, nb.cells[2]),
         "duplicated cell(s) in t01-tiny.ipynb: cell 3 and cell 4 (grade id q1_tests)"),
    ],
)
def test_tampering_is_flagged(tmp_path, change, expected):
    nb = _student_nb()
    change(nb)
    check = check_submission(_write(tmp_path, nb), _spec())
    assert not check.fatal and any(expected in f for f in check.flags), check.flags


def test_a_deleted_cell_is_placed_by_its_position_in_the_released_notebook(tmp_path):
    nb = _student_nb()
    nb.cells.pop(2)
    # the fixture's source and release have the same cells in the same order
    check = check_submission(_write(tmp_path, nb), _spec(), release=FIXTURE)
    assert check.flags == ["deleted cell(s) in t01-tiny.ipynb: cell 3 of the released notebook (grade id q1_tests) "
                           "(restored from the gradebook)"]


def test_malformed_and_renamed_notebooks_are_fatal(tmp_path):
    assert "malformed notebook t01-tiny.ipynb" in check_submission(_write(tmp_path / "a", "{nope"), _spec()).fatal
    fatal = check_submission(_write(tmp_path / "b", _student_nb(), "mine.ipynb"), _spec()).fatal
    assert fatal == "missing notebook t01-tiny.ipynb (found mine.ipynb: renamed?)"
    assert check_submission(tmp_path / "empty", _spec()).fatal.startswith("missing notebook")


def test_suspicious_code_scan():
    assert scan_source('dx_code = "E11.9"\nimport math\nfrom course import plots') == []
    assert scan_source("import subprocess\nopen('/etc/passwd')") == ["calls open()", "imports subprocess"]
    assert scan_source("!cat ../../../gradebook.db") == ["uses a shell or magic command"]
    assert scan_source("x = __builtins__") == ["touches __builtins__"]


def test_feedback_redaction_keeps_the_hint_and_hides_the_code():
    src = 'assert f(1) == 1, "visible"\n### BEGIN HIDDEN TESTS\nassert f(2) == 4, "square it"  # secret\n### END HIDDEN TESTS'
    secrets = secret_lines([src])
    assert secrets == {'assert f(2) == 4, "square it"  # secret'}
    test = nbformat.v4.new_code_cell(src, metadata={"nbgrader": {"grade": True, "solution": False, "grade_id": "t"}})
    test.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="square it",
                                           traceback=["Traceback", 'assert f(2) == 4, "square it"  # secret'])]
    other = nbformat.v4.new_code_cell("print(cheat)")
    other.outputs = [nbformat.v4.new_output("stream", name="stdout", text='x assert f(2) == 4, "square it"  # secret')]
    nb = nbformat.v4.new_notebook(cells=[test, other])
    assert sanitize_notebook(nb, secrets) == 1
    assert "f(2)" not in test.source and 'assert f(1) == 1, "visible"' in test.source
    assert test.outputs[0]["traceback"] == ["AssertionError: square it"]
    assert other.outputs[0]["text"].strip() == REDACTED


def test_protection_levels_say_what_is_in_force():
    weak = sandbox.Protection("limits", ("not running as root",))
    assert "CAN read source/" in weak.describe() and "not running as root" in weak.describe()
    assert "FULL sandbox" in sandbox.Protection("full").describe()


def test_a_required_sandbox_that_is_missing_is_an_error(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(sandbox, "detect", lambda enabled=True: sandbox.Protection("limits", ("no bwrap",)))
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    assert cli(["t01", "--root", str(tmp_path)]) == 2 and "no assignment 't01'" in capsys.readouterr().err
    (tmp_path / "source" / "t01").mkdir(parents=True)
    with pytest.raises(SandboxMissing, match="no bwrap"):
        run(tmp_path, "t01", Options(require_sandbox=True, progress=lambda _: None))
    monkeypatch.setenv(sandbox.REQUIRE_ENV, "1")
    assert cli(["t01", "--root", str(tmp_path)]) == 2
    assert "full sandbox is required" in capsys.readouterr().err


# ---- a small class, end to end (nbgrader for real) ----

CLASS = {  # student: (answers filled, hours after the due date, how the notebook is spoiled)
    "full": (None, -2, ""),
    "partial": (["q1_answer"], 5, ""),
    "blank": ([], -1, ""),
    "broken": (None, -1, "malformed"),
    "deleter": (None, -1, "delete"),
}
EXPECTED = {"full": ("5.0", "graded"), "partial": ("1.8", "graded"), "blank": ("0.0", "graded"),  # partial: 5 h late, -10%
            "broken": ("", "failed"), "deleter": ("5.0", "flagged")}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    prot = sandbox.detect()
    require(not prot.refused, "as root, a sandbox that hides source/ and the gradebook (bubblewrap, or "
            f"util-linux unshare): {prot.describe()}")
    course = cl.new_course(tmp_path_factory.mktemp("pristine") / "course", FIXTURE, "t01", DUE)
    for student, (answers, hours, spoil) in CLASS.items():
        nb = cl.answered(course, "t01", NB, answers)
        if spoil == "delete":
            nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "q2_tests"]
        cl.submit(course, student, "t01", {NB: "{ broken" if spoil else nb} if spoil == "malformed" else {NB: nb},
                  DUE + timedelta(hours=hours))
    return course


def _copy(pristine: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "course"
    shutil.copytree(pristine, dest)
    os.environ["NBGRADER_EXCHANGE"] = str(tmp_path / "exchange")
    return dest


def _grades(course: Path) -> dict[str, tuple[str, str]]:
    with (course / "exports" / "t01" / "grades.csv").open() as fh:
        return {r["student_id"]: (r["score"], r["status"]) for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def graded(pristine, tmp_path_factory):
    course = _copy(pristine, tmp_path_factory.mktemp("parallel"))
    lines: list[str] = []
    report = run(course, "t01", Options(workers=2, progress=lines.append))
    return course, report, lines


@pytest.mark.slow
def test_class_grades_statuses_and_exports(graded):
    course, report, lines = graded
    assert _grades(course) == EXPECTED
    assert report.outcomes["partial"].late_seconds == 5 * 3600
    assert report.outcomes["broken"].reason == "malformed notebook t01-tiny.ipynb: NotJSONError"
    assert "q2_tests" in report.outcomes["deleter"].flags[0]
    header = (course / "exports" / "t01" / "grades.csv").read_text().splitlines()[0].split(",")
    assert header == export.NBGRADER_COLUMNS + export.EXTRA_COLUMNS
    canvas = list(csv.reader((course / "exports" / "t01" / "canvas.csv").open()))
    assert canvas[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert ["broken", "", "broken", "broken", "", ""] in canvas  # failed: blank, never 0
    assert any(line.startswith("[5/") or line.startswith("[4/") for line in lines)  # progress shown
    assert "LATE:" in report.summary
    assert "partial: 300 min late (1 started day): -0.2 points (10% of the score per started day late, at most " \
           "100%)" in report.summary
    assert sorted(p.parent.name for p in (course / "feedback").glob("*/t01")) == ["blank", "deleter", "full", "partial"]
    assert list(course.glob("gradebook.db.*.bak"))


@pytest.mark.slow
def test_serial_without_sandbox_gives_identical_grades(graded, pristine, tmp_path):
    course = _copy(pristine, tmp_path)
    run(course, "t01", Options(workers=1, sandbox=False, progress=lambda _: None))
    assert _grades(course) == _grades(graded[0])


@pytest.mark.slow
def test_stock_nbgrader_gives_the_same_scores_to_honest_work(graded, pristine, tmp_path):
    course = _copy(pristine, tmp_path)
    nbg = [sys.executable, "-m", "nbgrader"]
    subprocess.run([*nbg, "autograde", "t01"], cwd=course, capture_output=True)
    subprocess.run([*nbg, "export", "--to", "stock.csv"], cwd=course, capture_output=True, check=True)
    with (course / "stock.csv").open() as fh:
        stock = {r["student_id"]: r["score"] for r in csv.DictReader(fh)}
    ours = _grades(graded[0])
    assert {s: stock[s] for s in ("full", "partial", "blank")} == {s: ours[s][0] for s in ("full", "partial", "blank")}
    assert stock["broken"] == "0.0" and ours["broken"] == ("", "failed")  # stock hides the failure


@pytest.mark.slow
def test_rerun_is_idempotent_and_a_broken_resubmission_never_keeps_a_stale_score(graded, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(graded[0], course)
    before = _grades(course)
    lines: list[str] = []
    run(course, "t01", Options(progress=lines.append))
    assert _grades(course) == before
    assert any("0 to grade" in line for line in lines), lines
    cl.submit(course, "full", "t01", {NB: "{ oops"}, DUE + timedelta(hours=1))
    run(course, "t01", Options(progress=lambda _: None))
    assert _grades(course)["full"] == ("", "failed")
    assert not (course / "autograded" / "full" / "t01").exists()


@pytest.mark.slow
def test_a_submission_past_the_hard_limit_is_killed_and_failed(pristine, tmp_path, monkeypatch):
    course = _copy(pristine, tmp_path)
    for student in ("partial", "blank", "broken", "deleter"):
        shutil.rmtree(course / "submitted" / student)
    nb = cl.answered(course, "t01", NB, None)
    nb.cells.insert(1, nbformat.v4.new_code_cell("import time\ntime.sleep(25)"))
    cl.submit(course, "sleeper", "t01", {NB: nb}, DUE)
    monkeypatch.setenv("COURSE_GRADING_SUBMISSION_SECONDS", "6")
    report = run(course, "t01", Options(progress=lambda _: None))
    assert report.outcomes["sleeper"].status == "failed"
    assert report.outcomes["sleeper"].reason == ("still running after 6 s: killed (a timeout that could not "
                                                 "interrupt the kernel) in t01-tiny.ipynb cell 2 (a cell the "
                                                 "student added)")
    assert "sleeper: still running after 6 s" in report.summary and "ask the student to resubmit" in report.summary
    assert _grades(course)["full"] == ("5.0", "graded")  # the others are still graded
