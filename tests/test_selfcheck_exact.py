"""Check my work scores exactly like `nbgrader autograde`: every assignment, every question.

For a01..a08, the solution, the blank release and the partial submission (tests/partial_submissions/)
are graded twice: by the real `nbgrader autograde` command in an instructor's course folder, and by
the in-process self-check in a learner's checkout. Total and per-question points must be identical.
"""

from __future__ import annotations

import shutil

import nbformat
import pytest

from course.selfpaced import self_check, start_assignment
from tests.nbgrader_helpers import hand_in, make_course, nbgrader, secret_lines
from tests.support import ROOT

pytestmark = pytest.mark.slow

ASSIGNMENTS = sorted(p.stem for p in (ROOT / "tests" / "partial_submissions").glob("a*.json"))
WORKS = ("solution", "blank", "partial")


def test_every_assignment_is_compared():
    assert sorted(p.name for p in (ROOT / "source").iterdir() if p.name.startswith("a")) == ASSIGNMENTS
    assert len(ASSIGNMENTS) >= 8


@pytest.fixture(scope="module")
def autograded(tmp_path_factory) -> dict[tuple[str, str], dict[str, float | None]]:
    """(assignment, work) -> {grade_id: auto_score} from the real command line, all in one course."""
    from nbgrader.api import Gradebook

    course = make_course(tmp_path_factory.mktemp("instructor"), ASSIGNMENTS)
    nbgrader(course, "generate_assignment", "*", "--force")
    for aid in ASSIGNMENTS:
        for work in WORKS:
            folder = course / "submitted" / work / aid
            shutil.copytree(course / "release" / aid, folder)
            hand_in(folder, course / "source" / aid, aid, work)
    nbgrader(course, "autograde", "*", "--force")
    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for aid in ASSIGNMENTS:
            for work in WORKS:
                sub = gb.find_submission(aid, work)
                scores[aid, work] = {g.name: g.auto_score for nb in sub.notebooks for g in nb.grades}
    return scores


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> dict[tuple[str, str], object]:
    """(assignment, work) -> the self-check report, from one learner's checkout."""
    root = tmp_path_factory.mktemp("learner") / "checkout"
    root.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", root)
    for stage in ("source", "release"):
        shutil.copytree(ROOT / stage, root / stage, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    reports = {}
    for aid in ASSIGNMENTS:
        for work in WORKS:
            start_assignment(aid, fresh=True, root=root)
            hand_in(root / "assignments" / aid, root / "source" / aid, aid, work)
            reports[aid, work] = self_check(aid, root=root, record=False)
    return reports


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_self_check_points_are_nbgraders(aid, autograded, checked):
    for work in WORKS:
        stock, report = autograded[aid, work], checked[aid, work]
        assert {q.grade_id for q in report.questions} == set(stock), f"{aid} {work}: not the same questions"
        for q in report.questions:
            if q.passed is None:  # a written answer: left to a person, or 0 when untouched (and the hint says so)
                assert stock[q.grade_id] in (None, 0.0), f"{aid} {work} {q.grade_id}"
                assert ("not written" in q.hint) == (stock[q.grade_id] == 0.0), f"{aid} {work} {q.grade_id}"
            else:
                assert q.points == pytest.approx(stock[q.grade_id] or 0.0), f"{aid} {work} {q.grade_id}"
                assert q.passed == (q.points >= q.max_points)
        auto = sum(v or 0.0 for v in stock.values())
        assert report.score == pytest.approx(auto), f"{aid} {work}: total differs from nbgrader autograde"
    secrets = set()
    for src in (ROOT / "source" / aid).glob("*.ipynb"):
        secrets |= secret_lines(nbformat.read(src, as_version=4))
    for work in WORKS:
        shown = checked[aid, work].to_text() + checked[aid, work].to_html()
        assert not [line for line in secrets if line in shown], f"{aid} {work}: hidden test or solution text shown"
    solution = checked[aid, "solution"]
    assert solution.max_score > 0 and solution.score == pytest.approx(solution.max_score)
    assert checked[aid, "blank"].score == 0
    assert 0 < checked[aid, "partial"].score < checked[aid, "partial"].max_score


def test_a_deleted_test_cell_scores_zero_like_nbgrader(tmp_path):
    """A learner who deletes a check's cell gets 0 for it (as autograde gives), and is told the cell is gone."""
    root = tmp_path / "checkout"
    (root / "source").mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "source" / "a01", root / "source" / "a01")
    shutil.copytree(ROOT / "release" / "a01", root / "release" / "a01")
    start_assignment("a01", root=root)
    hand_in(root / "assignments" / "a01", root / "source" / "a01", "a01", "solution")
    path = next((root / "assignments" / "a01").glob("*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "a01-next-step-test"]
    nbformat.write(nb, path)
    report = self_check("a01", root=root, record=False)
    gone = next(q for q in report.questions if q.grade_id == "a01-next-step-test")
    assert gone.points == 0 and gone.passed is False and "missing" in gone.hint
    assert report.max_score == 12 and report.score == 10

