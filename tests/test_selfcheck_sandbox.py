"""Check my work runs the learner's kernel in make grade's sandbox view (issue 12, the part left open).

The checker alone stops the in-kernel families (tests/test_grading_checker.py). Two families need the
kernel's own view of the files: reading the instructor's notebooks in source/ and running their
solutions, and borrowing a toolkit module the assignment forbids (then deleting it from sys.modules).
Through Check my work, on every assignment in source/, each must earn nothing on the questions it
targets, like an honest blank submission. Where the machine cannot sandbox, the check still grades and
its report says so in one sentence.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from course.selfpaced import sandboxed, self_check, start_assignment
from tests.hostile.families import assignments, hostile, targeted_by_forbidden
from tests.nbgrader_helpers import hand_in, learner_checkout
from tests.support import ROOT, require

pytestmark = pytest.mark.slow

ASSIGNMENTS = assignments(ROOT)
TOOLKIT = [aid for aid in ASSIGNMENTS if targeted_by_forbidden(ROOT / "source" / aid)]
WITHOUT = "COURSE_GRADING_WITHOUT"
NOTE = "This check ran without the sandbox"


@pytest.fixture(scope="module")
def learner(tmp_path_factory) -> Path:
    return learner_checkout(tmp_path_factory.mktemp("learner"))


def _sandbox_required(without: str | None = None) -> None:
    with pytest.MonkeyPatch.context() as mp:
        if without is not None:  # else this machine as it is (or as COURSE_GRADING_WITHOUT makes it look)
            mp.setenv(WITHOUT, without)
        why = sandboxed.available()
    require(not why, f"a sandbox for Check my work (root, or bubblewrap with user namespaces): {why}")


def _check(root: Path, aid: str, work: str, without: str | None = None):
    """The self-check report of `work`: "blank", "partial", "solution" or a hostile family's name."""
    with pytest.MonkeyPatch.context() as mp:
        if without is not None:
            mp.setenv(WITHOUT, without)
        start_assignment(aid, fresh=True, root=root)
        folder = root / "assignments" / aid
        if work in ("blank", "partial", "solution"):
            hand_in(folder, root / "source" / aid, aid, work)
        else:
            for nb in folder.glob("*.ipynb"):
                nbformat.write(hostile(root / "release" / aid / nb.name, root / "source" / aid / nb.name, work,
                                       root), nb)
        return self_check(aid, root=root, record=False)


def _points(report) -> dict[str, float]:
    return {q.grade_id: q.points for q in report.questions if q.passed is not None}


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_reading_the_instructors_solutions_earns_nothing(learner, aid):
    """The kernel's view has no source/ (nor the check's own copy of it): every question as if blank."""
    _sandbox_required()
    report = _check(learner, aid, "read_instructor_files")
    blank = _check(learner, aid, "blank")
    assert report.note == "" and blank.note == ""
    assert _points(report) == _points(blank) == dict.fromkeys(_points(blank), 0.0)


@pytest.mark.parametrize("aid", TOOLKIT)
def test_borrowing_a_forbidden_toolkit_module_earns_nothing(learner, aid):
    """The forbidden package's folder is empty in the kernel's view: its questions earn what blank earns."""
    _sandbox_required()
    targeted = targeted_by_forbidden(learner / "source" / aid)
    got, blank = _points(_check(learner, aid, "forbidden_toolkit")), _points(_check(learner, aid, "blank"))
    assert {g: got[g] for g in targeted} == {g: blank[g] for g in targeted} == dict.fromkeys(targeted, 0.0)


def test_both_families_earn_nothing_in_the_view_unshare_builds(learner):
    """As root without bubblewrap, util-linux unshare builds the view (the same launcher as make grade)."""
    _sandbox_required(without="bwrap")
    aid = TOOLKIT[0]
    earned = {g: p for g, p in _points(_check(learner, aid, "read_instructor_files", without="bwrap")).items() if p}
    assert earned == {}
    targeted = targeted_by_forbidden(learner / "source" / aid)
    got = _points(_check(learner, aid, "forbidden_toolkit", without="bwrap"))
    assert {g: got[g] for g in targeted} == dict.fromkeys(targeted, 0.0)


def test_honest_work_scores_the_same_in_the_sandbox_and_without_it(learner):
    """Sandboxed or not, honest work gets the same points; only the unsandboxed report carries the note."""
    _sandbox_required()
    boxed = _check(learner, "a01", "partial")
    bare = _check(learner, "a01", "partial", without="bwrap,unshare")
    assert _points(boxed) == _points(bare) and 0 < boxed.score < boxed.max_score
    assert NOTE not in boxed.to_text() + boxed.to_html()


def test_without_a_sandbox_the_check_still_grades_and_says_so(learner):
    """No bubblewrap and no unshare: graded as before, and the report says so in one plain sentence."""
    report = _check(learner, "a01", "partial", without="bwrap,unshare")
    assert 0 < report.score < report.max_score
    sentence = "This check ran without the sandbox (this machine cannot give the kernel its own view of the " \
               "files): it is a self-check, not a grade."
    assert report.note == sentence
    assert report.to_text().endswith(sentence) and f"<p>{sentence}</p>" in report.to_html()


def test_a_sandbox_whose_kernel_cannot_start_falls_back_and_says_so(learner, monkeypatch):
    """The pre-flight probe fails (here: 16 MB of memory, too little for Python): never fail the check."""
    _sandbox_required()
    monkeypatch.setenv("COURSE_GRADING_MEMORY_MB", "16")
    report = _check(learner, "a01", "partial")
    assert 0 < report.score < report.max_score
    assert report.note.startswith(NOTE) and "cannot start" in report.note
