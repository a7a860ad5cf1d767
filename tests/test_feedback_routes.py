"""Feedback is safe by every route, honest about written answers not graded yet, and refreshed for exactly
the students whose grades changed; the grader sees the mark scheme; failures name the cell and the action.

The routes: `make grade` (course.grading), plain `nbgrader generate_feedback`, and the Formgrader's
"generate feedback" button (its REST call on a running Lab started as `make lab INSTRUCTOR=1` starts it).
Checked on a01 with its own hidden tests and mark scheme (read out of source/, not retyped here).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import nbformat
import pytest

from course.grading import advice, export
from course.grading import classroom as cl
from course.grading.engine import Options, run
from course.grading.nbfeedback import (
    MARK_KEY,
    drop_mark_schemes,
    insert_mark_schemes,
    mark_awaiting,
    mark_schemes,
    provisional_title,
)
from course.grading.redact import REGION
from course.grading.written import positions, where
from tests.support import ROOT

AID = "a01"
NB = "a01-two-careers"
WRITTEN = "a01-written"
DUE = datetime(2026, 11, 1, 12, tzinfo=UTC)
ANSWER = "A coder reads what doctors wrote and turns it into codes; a biller gets the practice paid. ANA-OWN-WORDS"
COMMENT = "Good contrast of the two jobs; name a shared duty for the third point. GRADER-COMMENT-1"


def _source() -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "source" / AID / f"{NB}.ipynb", as_version=4)


def hidden_test_lines() -> set[str]:
    """Distinctive lines of a01's hidden tests (source/), which no student may ever see."""
    lines = set()
    for cell in _source().cells:
        for m in REGION.finditer(cell.source):
            if m.group(1) == "HIDDEN TESTS":
                lines |= {line.strip() for line in m.group(2).splitlines() if len(line.strip()) >= 12}
    assert len(lines) >= 5, lines
    return lines


def mark_scheme_lines() -> set[str]:
    points, text = mark_schemes(_source())[WRITTEN]
    assert points == 3
    return {line.strip() for line in text.splitlines() if line.startswith("- ") and len(line) > 20}


def solution_lines() -> set[str]:
    lines = set()
    for cell in _source().cells:
        for m in REGION.finditer(cell.source):
            if m.group(1) == "SOLUTION":
                lines |= {line.strip() for line in m.group(2).splitlines() if len(line.strip()) >= 12}
    return lines


# ---- pure functions


def test_mark_schemes_come_from_the_written_answers_solution_region():
    schemes = mark_schemes(_source())
    assert list(schemes) == [WRITTEN]
    assert "**Mark scheme (3 points).**" in schemes[WRITTEN][1]
    assert "### BEGIN SOLUTION" not in schemes[WRITTEN][1]


def test_mark_scheme_cells_go_under_their_answer_once_and_come_out_again():
    nb = nbformat.read(ROOT / "release" / AID / f"{NB}.ipynb", as_version=4)
    before = len(nb.cells)
    pos = positions(nb)[WRITTEN]
    assert insert_mark_schemes(nb, mark_schemes(_source())) == 1
    assert insert_mark_schemes(nb, mark_schemes(_source())) == 1  # idempotent
    assert len(nb.cells) == before + 1
    assert nb.cells[pos].metadata[MARK_KEY] == WRITTEN  # right after the answer (1-based pos -> next index)
    assert positions(nb)[WRITTEN] == pos  # positions as the student sees them
    assert drop_mark_schemes(nb) == 1 and len(nb.cells) == before


def test_a_written_answer_awaiting_grading_shows_no_score_and_a_note():
    cell = nbformat.v4.new_markdown_cell("my answer", metadata={"nbgrader": {
        "grade": True, "solution": True, "grade_id": "w", "points": 3, "score": 0.0}})
    nb = nbformat.v4.new_notebook(cells=[cell])
    assert mark_awaiting(nb, {"w"}) == 3
    assert nb.cells[0].source.startswith("**Written answer: awaiting grading (3 points).**")
    assert nb.cells[1].metadata.nbgrader["grade"] is False and nb.cells[1].source == "my answer"
    assert provisional_title("a01-two-careers", 1, 3) == (
        "a01-two-careers: provisional score, 1 written answer worth 3 points awaiting grading")


@pytest.mark.parametrize(("reason", "expected"), [
    ("kernel died (crash, memory or CPU limit, or killed itself) in a01-two-careers.ipynb cell 7 (grade id a01-q3)",
     "ask the student to resubmit with that cell fixed"),
    ("timed out waiting for the kernel", "re-run make grade (the machine was busy)"),
    ("malformed notebook a01-two-careers.ipynb: NotJSONError", "ask the student to resubmit"),
    ("timeout in a01-two-careers.ipynb cell 7 (grade id a01-q3) (interrupted)", "grade by hand"),
    ("deleted cell(s) in t01-tiny.ipynb: grade id q1_tests (restored from the gradebook)", "grade by hand"),
    ("submitted under another name: the files belong to OS user 'eve'", "resubmit from their own account"),
    ("feedback failed: nbgrader failed: x", "re-run make grade"),
    ("answers that are not plain data in a02-code-sets.ipynb: a02-q1-test (e.g. `x` holds a Sneaky)",
     "nothing to regrade (those tests scored 0"),
    ("kernel hooks the checker kept away from the tests: a01-two-careers: input transformer", "nothing to regrade"),
    ("the kernel would not answer the checker in a01-two-careers.ipynb cell 7 (grade id a01-q3)", "re-run make grade"),
])
def test_every_reason_gets_an_action(reason, expected):
    assert advice.action(reason).startswith(expected) or expected in advice.action(reason)


def test_export_rows_and_summary_carry_action_and_provisional():
    o = export.Outcome("ana", "graded", flags=["timeout in x.ipynb cell 4 (grade id q) (interrupted)"],
                       awaiting=[f"{where(NB, 18, WRITTEN)}, 3 points"])
    bad = export.Outcome("ben", "failed", reason="kernel died (crash, memory or CPU limit, or killed itself)"
                         " in x.ipynb cell 4 (grade id q)")
    text = export.summary_text(AID, [o, bad], "none", 1.0)
    assert ("  ben: kernel died (crash, memory or CPU limit, or killed itself) in x.ipynb cell 4 (grade id q) -> "
            "ask the student to resubmit with that cell fixed") in text
    assert "  ana: timeout in x.ipynb cell 4 (grade id q) (interrupted) -> grade by hand" in text
    assert "WRITTEN ANSWERS AWAITING GRADING: 1 from 1 students" in text
    assert "  ana: a01-two-careers.ipynb cell 18 (grade id a01-written), 3 points" in text


# ---- a01 graded for real, then every feedback route


def _leaks(html: str, own: str) -> list[str]:
    """Hidden-test, mark-scheme and solution lines in a feedback page (solutions a student typed excepted)."""
    found = [s for s in hidden_test_lines() | mark_scheme_lines() if s in html]
    found += [s for s in solution_lines() if s in html and s not in own]
    return found


def _text(page: str) -> str:
    """A page's text as a reader sees it: tags dropped, entities decoded, white space collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _own(course: Path, student: str) -> str:
    nb = nbformat.read(course / "submitted" / student / AID / f"{NB}.ipynb", as_version=4)
    return "\n".join(c.source for c in nb.cells)


def _feedback(course: Path, student: str) -> Path:
    return course / "feedback" / student / AID / f"{NB}.html"


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    course = cl.new_course(tmp_path_factory.mktemp("routes") / "course", ROOT / "source" / AID, AID, DUE)
    nb = cl.answered(course, AID, f"{NB}.ipynb", None)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == WRITTEN:
            cell.source = ANSWER
    cl.submit(course, "ana", AID, {f"{NB}.ipynb": nb}, DUE - timedelta(hours=1))
    cl.submit(course, "ben", AID, {f"{NB}.ipynb": cl.answered(course, AID, f"{NB}.ipynb", [])}, DUE)
    os.environ["NBGRADER_EXCHANGE"] = str(course.parent / "exchange")
    report = run(course, AID, Options(workers=1, sandbox=False, progress=lambda _: None))
    course.joinpath("first-summary.txt").write_text(report.summary)
    return course


@pytest.mark.slow
def test_make_grade_says_what_awaits_grading_and_marks_it_provisional(course):
    summary = (course / "first-summary.txt").read_text()
    pos = positions(_source())[WRITTEN]
    assert ("WRITTEN ANSWERS AWAITING GRADING: 1 from 1 students (scores provisional); grade them in the "
            "Formgrader") in summary
    assert f"  ana: {NB}.ipynb cell {pos} (grade id {WRITTEN}), 3 points" in summary
    rows = {r["student_id"]: r for r in export_rows(course)}
    assert rows["ana"]["provisional"] == f"yes: awaiting grading: {NB}.ipynb cell {pos} (grade id {WRITTEN}), 3 points"
    assert rows["ben"]["provisional"] == ""  # an untouched answer is scored 0 by nbgrader, nothing to grade
    page = (course / "exports" / AID / "mark-schemes.html").read_text()
    assert all(html.escape(line) in page for line in mark_scheme_lines())


def export_rows(course: Path) -> list[dict]:
    import csv

    with (course / "exports" / AID / "grades.csv").open() as fh:
        return list(csv.DictReader(fh))


@pytest.mark.slow
def test_autograded_notebook_holds_the_mark_scheme_under_the_answer(course):
    nb = nbformat.read(course / "autograded" / "ana" / AID / f"{NB}.ipynb", as_version=4)
    i = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == WRITTEN)
    assert nb.cells[i].source == ANSWER
    assert nb.cells[i + 1].metadata[MARK_KEY] == WRITTEN
    assert all(line in nb.cells[i + 1].source for line in mark_scheme_lines())


def _check_provisional(html: str, own: str) -> None:
    assert not _leaks(html, own), _leaks(html, own)[:3]
    assert f"{NB}: provisional score, 1 written answer worth 3 points awaiting grading (Score: 12.0 / 15.0)" in html
    assert "Written answer: awaiting grading (3 points)." in html
    assert "Written response" not in html  # nbgrader's "(Score: 0.0 / 3.0)" line for it
    assert ANSWER in html


@pytest.mark.slow
def test_make_grade_feedback_is_safe_and_provisional(course):
    _check_provisional(_feedback(course, "ana").read_text(), _own(course, "ana"))
    assert not _leaks(_feedback(course, "ben").read_text(), _own(course, "ben"))


@pytest.mark.slow
def test_plain_nbgrader_generate_feedback_is_safe_and_provisional(course, tmp_path):
    copy = tmp_path / "course"
    shutil.copytree(course, copy)
    shutil.rmtree(copy / "feedback")
    proc = subprocess.run([sys.executable, "-m", "nbgrader", "generate_feedback", AID, "--force"], cwd=copy,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    _check_provisional(_feedback(copy, "ana").read_text(), _own(copy, "ana"))
    assert not _leaks(_feedback(copy, "ben").read_text(), _own(copy, "ben"))


@pytest.mark.slow
def test_formgrader_shows_the_mark_scheme_saves_the_grade_and_its_button_gives_safe_feedback(course, tmp_path):
    from nbgrader.api import Gradebook

    from tests.formgrader import formgrader

    copy = tmp_path / "course"
    shutil.copytree(course, copy)
    before = {s: _feedback(copy, s).read_bytes() for s in ("ana", "ben")}
    stamp = {s: _feedback(copy, s).stat().st_mtime_ns for s in ("ana", "ben")}
    url = f"sqlite:///{copy / 'gradebook.db'}"
    with Gradebook(url) as gb:
        sub = gb.find_submission_notebook(NB, AID, "ana")
        sub_id, grade_id = sub.id, gb.find_grade(WRITTEN, NB, AID, "ana").id
        comment_id = gb.find_comment(WRITTEN, NB, AID, "ana").id
    with formgrader(copy) as fg:
        page = fg.grading_page(sub_id)
        assert ANSWER in page
        assert "Mark scheme for <code>a01-written</code> (3 points)" in page
        assert all(line.removeprefix("- ") in _text(page) for line in mark_scheme_lines())
        # the button, before grading: safe and provisional
        result = fg.generate_feedback(AID, "ana")
        assert result["success"], result
        _check_provisional(_feedback(copy, "ana").read_text(), _own(copy, "ana"))
        # the grader marks the answer in the Manual Grading view (its score box and comment box)
        assert fg.save_grade(grade_id, 2)["manual_score"] == 2
        assert fg.save_comment(comment_id, COMMENT)["manual_comment"] == COMMENT
        result = fg.generate_feedback(AID, "ana")
        assert result["success"], result
        html = _feedback(copy, "ana").read_text()
        assert not _leaks(html, _own(copy, "ana"))
        assert f"{NB} (Score: 14.0 / 15.0)" in html and COMMENT in html and "awaiting" not in html

    # make grade again: refreshes exactly the feedback whose grades changed (ana's), with the comment
    for s in ("ana", "ben"):
        _feedback(copy, s).write_bytes(before[s])
        os.utime(_feedback(copy, s), ns=(stamp[s], stamp[s]))
    lines: list[str] = []
    report = run(copy, AID, Options(workers=1, sandbox=False, progress=lines.append))
    assert "feedback refreshed (grades changed since it was written, or it was missing): ana" in lines, lines
    assert _feedback(copy, "ben").stat().st_mtime_ns == stamp["ben"]  # untouched
    assert _feedback(copy, "ben").read_bytes() == before["ben"]
    html = _feedback(copy, "ana").read_text()
    assert _feedback(copy, "ana").stat().st_mtime_ns != stamp["ana"]
    assert f"{NB} (Score: 14.0 / 15.0)" in html and COMMENT in html and "awaiting" not in html
    assert not _leaks(html, _own(copy, "ana"))
    assert "AWAITING GRADING" not in report.summary
    assert {r["student_id"]: (r["score"], r["provisional"]) for r in export_rows(copy)} == {
        "ana": ("14.0", ""), "ben": ("0.0", "")}
    # and once more: nothing changed, nothing rewritten
    stamp2 = _feedback(copy, "ana").stat().st_mtime_ns
    lines.clear()
    run(copy, AID, Options(workers=1, sandbox=False, progress=lines.append))
    assert not [line for line in lines if line.startswith("feedback refreshed")], lines
    assert _feedback(copy, "ana").stat().st_mtime_ns == stamp2
    # feedback someone deleted is written again
    shutil.rmtree(copy / "feedback" / "ben")
    lines.clear()
    run(copy, AID, Options(workers=1, sandbox=False, progress=lines.append))
    assert "feedback refreshed (grades changed since it was written, or it was missing): ben" in lines, lines
    assert _feedback(copy, "ben").read_bytes() == before["ben"]


@pytest.mark.slow
def test_a_failure_names_the_notebook_the_cell_and_the_action(course, tmp_path):
    copy = tmp_path / "course"
    shutil.copytree(course, copy)
    nb = cl.answered(copy, AID, f"{NB}.ipynb", None)
    ids = positions(nb)
    target = "a01-order"
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == target:
            cell.source = "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"
    cl.submit(copy, "cara", AID, {f"{NB}.ipynb": nb}, DUE)
    report = run(copy, AID, Options(workers=1, sandbox=False, progress=lambda _: None))
    reason = report.outcomes["cara"].reason
    assert reason == (f"kernel died (crash, memory or CPU limit, or killed itself) in {NB}.ipynb cell {ids[target]} "
                      f"(grade id {target})"), reason
    assert (f"  cara: {reason} -> ask the student to resubmit with that cell fixed (it crashes the kernel or uses "
            "too much memory), then re-run make grade") in report.summary
    row = {r["student_id"]: r for r in export_rows(copy)}["cara"]
    assert row["status"] == "failed" and row["action"].startswith("ask the student to resubmit with that cell fixed")
    assert re.search(rf"suspicious code in {NB}\.ipynb cell {ids[target]} \(grade id {target}\)", row["reason"])


def test_a_timed_out_cell_is_named_by_notebook_position_and_grade_id(tmp_path):
    from course.grading.nbfeedback import mark_scheme_cell
    from course.grading.worker import notebook_flags

    answer = nbformat.v4.new_markdown_cell("answer", metadata={"nbgrader": {"grade_id": WRITTEN}})
    slow = nbformat.v4.new_code_cell("while True: pass", metadata={"nbgrader": {"grade_id": "a01-order"}})
    slow.outputs = [nbformat.v4.new_output("error", ename="CellTimeoutError", evalue="", traceback=[])]
    added = nbformat.v4.new_code_cell("x = 1")
    added.outputs = [nbformat.v4.new_output("error", ename="MemoryError", evalue="", traceback=[])]
    nb = nbformat.v4.new_notebook(cells=[answer, mark_scheme_cell(WRITTEN, 3, "scheme"), slow, added])
    nbformat.write(nb, tmp_path / f"{NB}.ipynb")
    assert notebook_flags(tmp_path) == [  # the grader's mark-scheme cell is not counted: the student never saw it
        f"timeout in {NB}.ipynb cell 2 (grade id a01-order) (interrupted)",
        f"ran out of memory in {NB}.ipynb cell 3 (a cell the student added) (the sandbox's memory limit)",
    ]
