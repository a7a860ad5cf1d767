"""Lesson 00's try-it cells, answered the way a learner should: every check() must say "right".

Runs the lesson's code cells in-process (no kernel), with each `...` replaced by a correct answer,
so a renamed variable or a checker that disagrees with the lesson's wording is caught.
"""

from __future__ import annotations

import nbformat

import course.practice.self_check as self_check
from tests.support import ROOT

LESSON = ROOT / "course" / "lessons" / "00-start-here.ipynb"

ANSWERS = {
    "my_code = ...": 'my_code = "E11.9"',
    "clean = ...": "clean = messy.strip().upper()",
    "total = ...": "total = 120.00 + 35.50 + 18.25",
    "coinsurance = ...": "coinsurance = round(87.45 * 0.20, 2)",
    "def line_total(unit_price, units):\n    ...": (
        "def line_total(unit_price, units):\n    return round(unit_price * units, 2)"
    ),
    "def needs_statement(balance):\n    ...": (
        "def needs_statement(balance):\n    if balance > 0:\n        return True\n    else:\n        return False"
    ),
}
EXTRA_LINES = {
    '"add-code"': 'dx_codes.append("I10")\n',
    '"claim-status"': 'claim["status"] = "submitted"\n',
}


def _answered(source: str) -> str:
    for stub, solution in ANSWERS.items():
        source = source.replace(stub, solution)
    for exercise, line in EXTRA_LINES.items():
        if f"check({exercise}" in source:
            source = source.replace(f"check({exercise}", f"{line}check({exercise}")
    return source


def test_every_try_it_accepts_the_intended_answer(monkeypatch):
    results: list[tuple[str, bool | None, str]] = []
    monkeypatch.setattr(
        self_check, "check", lambda exercise, value: results.append((exercise, *self_check.feedback(exercise, value)))
    )
    namespace: dict = {}
    nb = nbformat.read(LESSON, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            exec(compile(_answered(cell.source), str(LESSON), "exec"), namespace)  # noqa: S102
    checked = {exercise for exercise, _ok, _message in results}
    assert checked == set(self_check.EXERCISES), "some exercise is never checked in the lesson"
    wrong = [(exercise, message) for exercise, ok, message in results if ok is not True]
    assert not wrong


def test_unanswered_lesson_shows_not_tried_or_hints_not_errors(monkeypatch):
    results: list[bool | None] = []
    monkeypatch.setattr(
        self_check, "check", lambda exercise, value: results.append(self_check.feedback(exercise, value)[0])
    )
    namespace: dict = {}
    for cell in nbformat.read(LESSON, as_version=4).cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, str(LESSON), "exec"), namespace)  # noqa: S102
    assert len(results) == len(self_check.EXERCISES)
    assert True not in results, "an untouched try-it cell must not say the answer is right"
