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

from tests.class_simulation import simulate_class
from tests.nbgrader_helpers import max_autograded_points, notebooks, partial_spec

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
    simulate_class(tmp, AID, CLASS)
    return tmp, tmp / "course"


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


