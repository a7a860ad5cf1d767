"""The sorting practice: the pure feedback, and the lesson 01 widget driven from Python."""

from __future__ import annotations

import pytest

from course.careers.tasks import TASKS
from course.practice.sorting import CHOOSE, make_career_sorter, make_sorter, sorting_feedback

KEY = {"read the note": "coder", "call the patient": "biller"}
WHY = {"read the note": "coders read records.", "call the patient": "billers talk to patients."}


def test_nothing_chosen_and_partly_chosen_are_not_graded():
    assert sorting_feedback({}, KEY, WHY) == (None, ["Choose a category for each task, then press Check."])
    ok, lines = sorting_feedback({"read the note": "coder", "call the patient": CHOOSE}, KEY, WHY)
    assert ok is None and lines == ["1 of 2 still to choose: pick a category for every one."]


def test_wrong_items_are_named_with_the_right_category_and_why():
    ok, lines = sorting_feedback({"read the note": "coder", "call the patient": "both"}, KEY, WHY)
    assert ok is False
    assert lines[0] == "1 of 2 right. Look again at these:"
    assert lines[1] == "“call the patient”: you chose both, but it is biller. billers talk to patients."
    assert sorting_feedback(dict(KEY), KEY, WHY) == (True, ["All 2 are in the right place."])


def test_category_must_exist():
    with pytest.raises(ValueError, match="not a category"):
        make_sorter({"x": "doctor"}, ["coder", "biller"])


def test_career_sorter_widget():
    sorter = make_career_sorter()
    assert set(sorter.dropdowns) == {task.text for task in TASKS}
    sorter.check.click()
    assert "Choose a category for each task" in sorter.feedback.value
    for task in TASKS:
        sorter.dropdowns[task.text].value = task.role
    wrong = TASKS[1]
    sorter.dropdowns[wrong.text].value = "coder"
    sorter.check.click()
    assert f"{len(TASKS) - 1} of {len(TASKS)} right" in sorter.feedback.value
    assert "you chose coder, but it is biller" in sorter.feedback.value
    sorter.dropdowns[wrong.text].value = wrong.role
    sorter.check.click()
    assert f"Correct. All {len(TASKS)} are in the right place." in sorter.feedback.value
