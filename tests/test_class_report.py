"""End to end: `make grade`'s engine on a small class of a01 writes what the class got wrong (items.csv,
objectives.csv, items.png, items.txt) and the class progress (progress.csv) with exact values; after a
written answer is graded (as the Formgrader does, through nbgrader's Gradebook), the report command
(`make report`: python -m course.grading.class_report) refreshes them.

The class (fictitious ids): s1 hands in every answer and a written answer; s2 the partial answers of
tests/partial_submissions/a01.json; s3 nothing; s4 the role and order answers and a patient_share that
returns None; s5 never submits; s6 hands in a malformed notebook (grading fails). Every expected value
below is worked out by hand from those (each autograded test cell is worth 2 points, all or nothing).
"""

from __future__ import annotations

import csv
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import nbformat
import pytest

from course.grading import class_report
from course.grading import classroom as cl
from course.grading.engine import Options, run
from tests.nbgrader_helpers import partial_spec
from tests.support import ROOT

pytestmark = pytest.mark.slow

AID = "a01"
NB = "a01-two-careers.ipynb"
DUE = datetime(2026, 9, 14, 17, 0, tzinfo=UTC)
ITEMS = ["a01-roles-test-1", "a01-roles-test-2", "a01-order-test-coder", "a01-order-test-full",
         "a01-patient-share-test", "a01-next-step-test", "a01-written"]


def _read(path: Path) -> list[dict]:
    with path.open(newline="") as fh:
        return list(csv.DictReader(fh))


def _class(course: Path) -> None:
    from nbgrader.api import Gradebook

    full = cl.answered(course, AID, NB, None)
    for cell in full.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "a01-written":
            cell.source = "A coder works with records and codes; a biller works with claims and payments."
    s4 = cl.answered(course, AID, NB, ["a01-roles", "a01-order"])
    for cell in s4.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "a01-patient-share":
            cell.source = "def patient_share(allowed, plan_paid):\n    allowed - plan_paid\n"
    work = {
        "s1": full,
        "s2": cl.answered(course, AID, NB, partial_spec(AID).answers),
        "s3": cl.answered(course, AID, NB, []),
        "s4": s4,
        "s6": "{ not a notebook",
    }
    for student, nb in work.items():
        cl.submit(course, student, AID, {NB: nb}, DUE - timedelta(hours=1))
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "medical-coding-billing") as gb:
        gb.update_or_create_student("s5")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = cl.new_course(tmp_path_factory.mktemp("report") / "course", ROOT / "source" / AID, AID, DUE)
    _class(course)
    lines: list[str] = []
    run(course, AID, Options(workers=2, feedback=False, progress=lines.append))
    out = course / "exports" / AID
    snapshot = {name: (out / name).read_text() for name in ("items.csv", "objectives.csv", "items.txt")}
    for name in ("progress.csv", "progress.txt"):
        snapshot[name] = (course / "exports" / name).read_text()
    return course, lines, snapshot


def _rows(text: str, key: str) -> dict[str, dict]:
    return {r[key]: r for r in csv.DictReader(text.splitlines())}


def test_make_grade_writes_the_item_analysis(graded):
    course, lines, snap = graded
    out = course / "exports" / AID
    assert any(line.startswith("item analysis: ") for line in lines), lines
    assert (out / "items.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the failing checks quote hidden tests' messages: no other account may read these files
    for path in [*(out / n for n in class_report.REPORT_FILES), *(course / "exports").glob("progress.*")]:
        assert path.stat().st_mode & 0o777 == 0o600, path
    items = _rows(snap["items.csv"], "item")
    assert list(items) == ITEMS  # in notebook order
    got = {i: (r["n"], r["pending"], r["share_full"], r["share_partial"], r["share_zero"], r["mean"], r["item_rest_r"])
           for i, r in items.items()}
    # scores (s1, s2, s3, s4): roles 2,2,0,2; order 2,0,0,2; patient 2,2,0,0; next 2,0,0,0; written -,0,0,0
    # rest = the other six autograded items (written is not complete: s1's awaits grading)
    assert got == {
        "a01-roles-test-1": ("4", "0", "0.7500", "0.0000", "0.2500", "1.5000", f"{10 / math.sqrt(156):.4f}"),
        "a01-roles-test-2": ("4", "0", "0.7500", "0.0000", "0.2500", "1.5000", f"{10 / math.sqrt(156):.4f}"),
        "a01-order-test-coder": ("4", "0", "0.5000", "0.0000", "0.5000", "1.0000", f"{10 / math.sqrt(204):.4f}"),
        "a01-order-test-full": ("4", "0", "0.5000", "0.0000", "0.5000", "1.0000", f"{10 / math.sqrt(204):.4f}"),
        "a01-patient-share-test": ("4", "0", "0.5000", "0.0000", "0.5000", "1.0000", f"{6 / math.sqrt(236):.4f}"),
        "a01-next-step-test": ("4", "0", "0.2500", "0.0000", "0.7500", "0.5000", f"{8 / math.sqrt(168):.4f}"),
        "a01-written": ("3", "1", "0.0000", "0.0000", "1.0000", "0.0000", ""),
    }
    assert items["a01-roles-test-1"]["item_rest_r"] == "0.8006"
    assert items["a01-written"]["note"] == "discrimination undefined: every student has the same score on this item"
    assert items["a01-written"]["kind"] == "written" and items["a01-roles-test-1"]["kind"] == "auto"
    fails = {i: (r["top_failure"], r["top_failure_count"], r["failed_checks"]) for i, r in items.items()}
    assert fails == {
        "a01-roles-test-1": ("NameError: name 'task_1' is not defined", "1", "1"),
        "a01-roles-test-2": ("NameError: name 'task_4' is not defined", "1", "1"),
        "a01-order-test-coder": ("NameError: name 'visit_order' is not defined", "2", "2"),
        "a01-order-test-full": ("NameError: name 'visit_order' is not defined", "2", "2"),
        # s3: NotImplementedError; s4: the visible test's message. A 1-1 tie: the alphabetically first.
        "a01-patient-share-test": ("AssertionError: patient_share gave None: did you forget `return`?", "1", "2"),
        "a01-next-step-test": ("NotImplementedError (no message)", "3", "3"),
        "a01-written": ("", "0", "0"),
    }
    source = (ROOT / "source" / AID / NB).read_text()
    assert "patient_share gave None: did you forget `return`?" in source  # the message is the course's own


def test_objectives_and_summary(graded):
    _, _, snap = graded
    obj = _rows(snap["objectives.csv"], "objective")
    assert {o: (r["items"], r["max_points"], r["n"], r["mean_share"], r["weakest_item"]) for o, r in obj.items()} == {
        "00.4": ("a01-patient-share-test", "2", "4", "0.5000", "a01-patient-share-test"),
        "00.6": ("a01-patient-share-test a01-next-step-test", "4", "4", "0.3750", "a01-next-step-test"),
        "01.1": ("a01-written", "3", "3", "0.0000", "a01-written"),
        "01.2": ("a01-written", "3", "3", "0.0000", "a01-written"),
        "01.3": ("a01-roles-test-1 a01-roles-test-2", "4", "4", "0.7500", "a01-roles-test-1"),
        "01.4": ("a01-order-test-coder a01-order-test-full", "4", "4", "0.5000", "a01-order-test-coder"),
    }
    assert obj["01.3"]["text"] == "sort everyday tasks into coder, biller or both"
    text = snap["items.txt"]
    assert "4 graded submissions; 2 students without one (left out, not counted as 0; 1 of them failed grading)." in text
    assert "discrimination: item-rest correlation" in text
    assert "awaiting grading: a01-written (1)" in text
    assert "  a01-written: mean 0/3 (0%), zero 100%" in text
    assert "  a01-next-step-test: mean 0.5/2 (25%), zero 75%; most common failing check (3x): " \
           "NotImplementedError (no message)" in text


def test_progress_across_assignments(graded):
    _, _, snap = graded
    rows = {r["student_id"]: (r["assignment"], r["status"], r["score"], r["max_score"], r["minutes_late"])
            for r in csv.DictReader(snap["progress.csv"].splitlines())}
    assert rows == {
        "s1": (AID, "awaiting grading", "12", "15", ""),
        "s2": (AID, "graded", "6", "15", ""),
        "s3": (AID, "graded", "0", "15", ""),
        "s4": (AID, "graded", "8", "15", ""),
        "s5": (AID, "missing", "", "15", ""),
        "s6": (AID, "failed", "", "15", ""),
    }
    assert snap["progress.txt"] == (
        "== the class across assignments ==\na01: 3 graded, 1 awaiting grading, 1 failed, 1 missing, 0 late\n")


def test_report_after_the_written_answer_is_graded(graded, capsys):
    from nbgrader.api import Gradebook

    course, _, _ = graded
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "medical-coding-billing") as gb:
        grade = gb.find_grade("a01-written", NB.removesuffix(".ipynb"), AID, "s1")
        grade.manual_score, grade.needs_manual_grade = 2.0, False  # what the Formgrader's Save does
        gb.db.commit()
    assert class_report.main([AID, "--root", str(course)]) == 0
    assert "== what the class got wrong: a01 ==" in capsys.readouterr().out
    items = {r["item"]: r for r in _read(course / "exports" / AID / "items.csv")}
    w = items["a01-written"]
    # written 2,0,0,0 of 3 vs rest (six autograded) 12,6,0,8: cov 11, Sxx 3, Syy 75 -> r = 11/15
    assert (w["n"], w["pending"], w["share_partial"], w["share_zero"], w["mean"], w["item_rest_r"]) == (
        "4", "0", "0.2500", "0.7500", "0.5000", f"{11 / 15:.4f}")
    # roles-test-1 vs rest now including written: 12,4,0,6 -> cov 11, Sxx 3, Syy 75
    assert items["a01-roles-test-1"]["item_rest_r"] == f"{11 / 15:.4f}"
    obj = {r["objective"]: r for r in _read(course / "exports" / AID / "objectives.csv")}
    assert obj["01.1"]["mean_share"] == f"{2 / 12:.4f}"
    progress = {r["student_id"]: r for r in _read(course / "exports" / "progress.csv")}
    assert (progress["s1"]["status"], progress["s1"]["score"]) == ("graded", "14")
    assert "awaiting grading" not in (course / "exports" / AID / "items.txt").read_text()


def test_report_before_grading_says_so(tmp_path, capsys):
    course = cl.new_course(tmp_path / "course", ROOT / "tests" / "fixtures" / "grading" / "source" / "t01", "t01")
    assert class_report.main(["t02", "--root", str(course)]) == 2
    assert "t02 is not in the gradebook yet" in capsys.readouterr().out
    # an assignment nobody has handed in yet: every figure empty, said so, nothing unmapped hidden
    assert class_report.main(["t01", "--root", str(course)]) == 0
    items = _read(course / "exports" / "t01" / "items.csv")
    assert [(r["item"], r["n"], r["mean"], r["objectives"], r["note"]) for r in items] == [
        ("q1_tests", "0", "", "(no objective mapped)", "discrimination undefined: 0 students with a score (needs 2)"),
        ("q2_tests", "0", "", "(no objective mapped)", "discrimination undefined: 0 students with a score (needs 2)"),
    ]
    assert "0 graded submissions; 0 students without one" in (course / "exports" / "t01" / "items.txt").read_text()


def test_bench_section_measures_the_analysis_against_the_export(monkeypatch):
    from bench import bench_items

    monkeypatch.setenv("BENCH_ITEMS_N", "5")
    monkeypatch.delenv("BENCH_GRADING_ASSIGNMENT", raising=False)
    figures = bench_items.run()
    assert [f.name for f in figures] == ["`make report` 5 x a01 (CSV + PNG + text + progress)",
                                         "item analysis 5 x a01, in-process"]
    assert all(f.value > 0 and f.baseline > 0 and not f.skipped for f in figures), figures
    assert "2 copied into the gradebook with nbgrader's Gradebook API" in figures[0].note


def test_report_without_a_gradebook_creates_none(tmp_path, capsys):
    (tmp_path / "nbgrader_config.py").write_text((ROOT / "nbgrader_config.py").read_text())
    assert class_report.main([AID, "--root", str(tmp_path)]) == 2
    assert "error: no gradebook at" in capsys.readouterr().out
    assert not (tmp_path / "gradebook.db").exists()


def test_instructor_notebook_is_committed_clean_and_opens_the_exports(graded, monkeypatch):
    from nbclient import NotebookClient

    course, _, _ = graded
    path = ROOT / "instructor" / "class-report.ipynb"
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code), "commit it without outputs"
    monkeypatch.setenv("COURSE_REPORT_ROOT", str(course))
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    shown = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/html", "")) for c in nb.cells
                      for o in c.get("outputs", []))
    assert "== what the class got wrong: a01 ==" in shown
    assert "a01-next-step-test" in shown and "NotImplementedError (no message)" in shown
    assert 'alt="Bar chart. Left: for each of the 7 questions of a01' in shown
    assert "<th>s5</th>\n      <td>missing</td>" in shown and "<th>s6</th>\n      <td>failed</td>" in shown


def test_two_notebooks_that_share_grade_ids_stay_apart(tmp_path):
    """nbgrader's grade ids are unique per notebook only: the items are then named <notebook>/<grade id>."""
    from nbgrader.api import Gradebook

    src = tmp_path / "src"
    src.mkdir()
    fixture = ROOT / "tests" / "fixtures" / "grading" / "source" / "t01" / "t01-tiny.ipynb"
    for name in ("part-a", "part-b"):
        (src / f"{name}.ipynb").write_text(fixture.read_text())
    course = cl.new_course(tmp_path / "course", src, "t03")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "medical-coding-billing") as gb:
        for student, (a, b) in {"x": (2, 0), "y": (0, 3)}.items():
            gb.update_or_create_student(student)
            gb.add_submission("t03", student)
            for (gid, nb), score in {("q1_tests", "part-a"): a, ("q1_tests", "part-b"): 0,
                                     ("q2_tests", "part-a"): 3, ("q2_tests", "part-b"): b}.items():
                grade = gb.find_grade(gid, nb, "t03", student)
                grade.auto_score, grade.needs_manual_grade = score, False  # as nbgrader's autograde leaves them
        gb.db.commit()
    class_report.write(course, "t03")
    items = {r["item"]: (r["notebook"], r["mean"]) for r in _read(course / "exports" / "t03" / "items.csv")}
    assert items == {"part-a/q1_tests": ("part-a", "1.0000"), "part-a/q2_tests": ("part-a", "3.0000"),
                     "part-b/q1_tests": ("part-b", "0.0000"), "part-b/q2_tests": ("part-b", "1.5000")}
