"""A whole class through nbgrader's exchange: release -> fetch -> submit -> collect -> autograde ->
generate and release feedback -> fetch feedback -> export, with exact expected scores.

Three students, each in a home folder of their own, are told apart by the exchange through their
student id (`--student`, as nbgrader's exchange records it in each submission's name). Separate OS
users on a JupyterHub are covered by the browser/Hub tests.
"""

from __future__ import annotations

import csv

import nbformat
import pytest

from tests.nbgrader_helpers import (
    COURSE_ID,
    fill_answers,
    make_course,
    max_autograded_points,
    nbgrader,
    notebooks,
    partial_spec,
)

AID = "a01"
# student id -> (first name, last name, which work they hand in); all fictitious
CLASS = {
    "rivera_m": ("Maya", "Rivera", "solution"),
    "okafor_t": ("Tunde", "Okafor", "partial"),
    "lindqvist_e": ("Elin", "Lindqvist", "blank"),
}


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("class")
    exchange = tmp / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    env = {"NBGRADER_EXCHANGE": str(exchange)}
    course = make_course(tmp, [AID])
    steps: dict[str, object] = {}

    def instructor(*args):
        steps[args[0]] = nbgrader(course, *args, env=env)

    for sid, (first, last, _) in CLASS.items():
        instructor("db", "student", "add", sid, f"--first-name={first}", f"--last-name={last}")
    instructor("generate_assignment", AID, "--force")
    instructor("release_assignment", AID, "--force")

    spec = partial_spec(AID)
    exchange_args = [f"--Exchange.root={exchange}", f"--course={COURSE_ID}"]
    for sid, (_, _, work) in CLASS.items():
        home = tmp / "home" / sid
        home.mkdir(parents=True)
        nbgrader(home, "fetch_assignment", AID, *exchange_args, env=env)
        for nb_path in notebooks(home / AID):
            source_nb = nbformat.read(course / "source" / AID / nb_path.name, as_version=4)
            if work == "solution":
                answers = list(source_nb_answers(source_nb))
            elif work == "partial" and nb_path.name == spec.notebook:
                answers = spec.answers
            else:
                answers = []
            fetched = nbformat.read(nb_path, as_version=4)
            nbformat.write(fill_answers(fetched, source_nb, answers), nb_path)
        nbgrader(home, "submit", AID, f"--student={sid}", *exchange_args, env=env)

    instructor("collect", AID)
    instructor("autograde", AID)
    instructor("generate_feedback", AID)
    instructor("release_feedback", AID)
    for sid in CLASS:
        nbgrader(tmp / "home" / sid, "fetch_feedback", AID, f"--student={sid}", *exchange_args, env=env)
    instructor("export", f"--to={tmp / 'grades.csv'}")
    return tmp, course


def source_nb_answers(source_nb):
    for cell in source_nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution"):
            yield meta["grade_id"]


def test_every_student_is_collected(classroom):
    _, course = classroom
    for sid in CLASS:
        assert (course / "submitted" / sid / AID).is_dir(), f"{sid}'s submission was not collected"


def test_export_has_exact_scores(classroom):
    tmp, course = classroom
    release_dir = course / "release" / AID
    max_auto = sum(max_autograded_points(nbformat.read(p, as_version=4)) for p in notebooks(release_dir))
    expected = {"solution": max_auto, "partial": partial_spec(AID).expected_points, "blank": 0.0}
    with open(tmp / "grades.csv", newline="") as fh:
        rows = {row["student_id"]: row for row in csv.DictReader(fh) if row["assignment"] == AID}
    assert set(rows) == set(CLASS)
    for sid, (first, last, work) in CLASS.items():
        row = rows[sid]
        # Written answers are not graded yet: the exported score is the autograded part.
        assert float(row["raw_score"]) == pytest.approx(expected[work]), f"{sid} ({work}): {row}"
        assert (row["first_name"], row["last_name"]) == (first, last)


def test_each_student_fetched_their_own_feedback(classroom):
    tmp, _ = classroom
    for sid in CLASS:
        html_files = list((tmp / "home" / sid / AID / "feedback").rglob("*.html"))
        assert html_files, f"{sid} got no feedback"
        text = html_files[0].read_text()
        assert "Score" in text or "score" in text
    # and nobody else's: each student's folder holds only their own feedback
    for sid in CLASS:
        others = [o for o in CLASS if o != sid]
        for f in (tmp / "home" / sid).rglob("*"):
            assert not any(o in f.name for o in others)


def test_no_student_folder_received_source(classroom):
    tmp, _ = classroom
    for sid in CLASS:
        text = "".join(p.read_text() for p in (tmp / "home" / sid / AID).glob("*.ipynb"))
        assert "BEGIN HIDDEN TESTS" not in text


