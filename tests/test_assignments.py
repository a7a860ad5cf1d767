"""Every assignment, through the real nbgrader commands, on a throw-away copy of the course.

For each assignment in source/: nbgrader generates the student version; four submissions are
autograded in one run: the reference solution (must score full autograded marks), the untouched
release version (must score 0 without crashing the run), a partly right one described in
tests/partial_submissions/<id>.json (must score exactly its expected points) and a mix of right and
wrong answers from tests/test_fairness.py (nbgrader must score each grade cell as the fairness
tests' harness does). The committed
release/ must equal what nbgrader generates now, and must hold no solution, hidden-test or
mark-scheme text.
"""

from __future__ import annotations

import shutil

import nbformat
import pytest

from tests.nbgrader_helpers import (
    hand_in,
    make_course,
    max_autograded_points,
    nbgrader,
    notebooks,
    partial_spec,
    scores,
    secret_lines,
)
from tests.support import ROOT
from tests.test_fairness import assert_harness_agrees, hand_in_mixed

ASSIGNMENTS = sorted(p.name for p in (ROOT / "source").iterdir() if p.is_dir() and not p.name.startswith("."))
STUDENTS = ("solution", "blank", "partial", "mixed")


def test_course_has_assignments_with_partial_specs():
    assert ASSIGNMENTS, "source/ holds no assignment"
    for aid in ASSIGNMENTS:
        assert (ROOT / "release" / aid).is_dir(), f"release/{aid} is missing: run `make release`"
        spec = partial_spec(aid)
        assert (ROOT / "source" / aid / spec.notebook).exists(), f"{aid}.json names a missing notebook"


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def graded(request, tmp_path_factory):
    """Generate, submit three students' work and autograde it once per assignment."""
    aid = request.param
    tmp = tmp_path_factory.mktemp(aid)
    course = make_course(tmp, [aid])
    nbgrader(course, "generate_assignment", aid, "--force")
    generated = course / "release" / aid
    spec = partial_spec(aid)
    for student in STUDENTS:
        target = course / "submitted" / student / aid
        shutil.copytree(generated, target)
        if student == "mixed":  # right and wrong answers from tests/test_fairness.py
            hand_in_mixed(target, aid)
        else:
            hand_in(target, course / "source" / aid, aid, student)
        (target / "timestamp.txt").write_text("2026-09-01 10:00:00.000000 UTC")
    result = nbgrader(course, "autograde", aid, "--force")
    return aid, course, generated, spec, result


def test_solution_scores_full_autograded_marks(graded):
    aid, course, generated, _, _ = graded
    expected_max = sum(max_autograded_points(nbformat.read(p, as_version=4)) for p in notebooks(generated))
    score, maximum = scores(course, aid)["solution"]
    assert maximum == pytest.approx(expected_max)
    assert maximum > 0, f"{aid} has no autograded points"
    assert score == pytest.approx(maximum), f"{aid}: the reference solution scored {score} of {maximum}"


def test_blank_release_scores_zero(graded):
    aid, course, _, _, result = graded
    score, _ = scores(course, aid)["blank"]
    assert score == 0, f"{aid}: the unanswered release scored {score}"


def test_partial_submission_scores_expected_points(graded):
    aid, course, _, spec, _ = graded
    score, maximum = scores(course, aid)["partial"]
    assert 0 < spec.expected_points < maximum, "a partial submission must earn some but not all points"
    assert score == pytest.approx(spec.expected_points), f"{aid}: partial scored {score}"


def test_fairness_harness_agrees_with_nbgrader(graded):
    aid, course, _, _, _ = graded
    assert_harness_agrees(course, aid, "mixed")


def test_release_matches_generated(graded):
    aid, _, generated, _, _ = graded
    committed = ROOT / "release" / aid
    names = lambda folder: sorted(  # noqa: E731
        str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts
    )
    assert names(committed) == names(generated), f"release/{aid} has other files than nbgrader generates"
    for nb_path in notebooks(generated):
        fresh = nbformat.read(nb_path, as_version=4)
        mine = nbformat.read(committed / nb_path.name, as_version=4)
        assert [c.source for c in mine.cells] == [c.source for c in fresh.cells], (
            f"release/{aid}/{nb_path.name} differs from source/: run `make release`"
        )
        assert [c.metadata.get("nbgrader") for c in mine.cells] == [c.metadata.get("nbgrader") for c in fresh.cells]


def test_release_holds_no_solution_text(graded):
    aid = graded[0]
    for src_path in notebooks(ROOT / "source" / aid):
        secrets = secret_lines(nbformat.read(src_path, as_version=4))
        release_nb = nbformat.read(ROOT / "release" / aid / src_path.name, as_version=4)
        released = "\n".join(cell.source for cell in release_nb.cells)
        for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "BEGIN MARK SCHEME", "Mark scheme ("):
            assert marker not in released, f"release/{aid}/{src_path.name} still contains {marker!r}"
        leaked = sorted(line for line in secrets if line in released)
        assert not leaked, f"release/{aid}/{src_path.name} leaks solution text: {leaked[:3]}"




def test_billing_toolkit_shortcut_earns_no_points(tmp_path):
    """a04 grades skills the billing toolkit also has: importing it instead of writing them scores 0 there."""
    aid = "a04"
    course = make_course(tmp_path, [aid])
    nbgrader(course, "generate_assignment", aid, "--force")
    target = course / "submitted" / "shortcut" / aid
    shutil.copytree(course / "release" / aid, target)
    hand_in(target, course / "source" / aid, aid, "solution")
    nb_path = notebooks(target)[0]
    nb = nbformat.read(nb_path, as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "a04-q7":
            cell.source = (
                "from course.billing.npi import is_valid_npi\n\n"
                "def bad_npis(npis):\n    return [n for n in npis if not is_valid_npi(n)]\n"
            )
            break
    else:
        raise AssertionError("a04 has no answer cell a04-q7 (bad_npis)")
    nbformat.write(nb, nb_path)
    nbgrader(course, "autograde", aid, "--force")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        grade = gb.find_grade("a04-q7-test", nb_path.stem, aid, "shortcut")
        assert grade.auto_score == 0, "a bad_npis that imports the toolkit must not earn points"
        honest = gb.find_grade("a04-q6-test", nb_path.stem, aid, "shortcut")
        assert honest.auto_score == honest.max_score, "checks that ran before the import still pass"
