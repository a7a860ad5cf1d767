"""course.careers.tasks: the coder / biller / both tasks behind lesson 01's sorting practice."""

from __future__ import annotations

import pytest

from course.careers.tasks import ROLES, TASKS, explanations, normalise_role, sorting_key
from tests.support import ROOT


@pytest.mark.parametrize(
    ("answer", "role"),
    [("coder", "coder"), (" Coder ", "coder"), ("BILLERS", "biller"), ("both", "both"), ("Both\n", "both")],
)
def test_normalise_role_accepts_case_spaces_and_plurals(answer, role):
    assert normalise_role(answer) == role


@pytest.mark.parametrize("answer", ["", "doctor", "code", "bothh", None, 1, ["coder"]])
def test_normalise_role_rejects_everything_else(answer):
    assert normalise_role(answer) is None


def test_every_role_is_practised_and_every_task_explained():
    assert {task.role for task in TASKS} == set(ROLES)
    assert all(task.role in ROLES and len(task.why) > 20 for task in TASKS)
    assert len(sorting_key()) == len(TASKS), "two tasks share the same text"
    assert sorting_key()[TASKS[0].text] == TASKS[0].role
    assert explanations()[TASKS[0].text] == TASKS[0].why


def test_lesson_tasks_are_not_the_assignment_answers():
    """a01 grades other tasks: none of the toolkit's task texts may appear in the assignment."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "source" / "a01").glob("*.ipynb"))
    assert source, "source/a01 has no notebook"
    for task in TASKS:
        assert task.text.lower() not in source.lower(), task.text
