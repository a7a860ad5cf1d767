"""Progress counts exercises answered right (each question, each drill item), not kinds of widget."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.practice.choice import make_choice
from course.practice.code_set_quiz import ITEMS, make_code_set_quiz
from course.practice.sorting import make_sorter
from course.selfpaced import progress as prog
from tests.support import lesson_kernel


@pytest.fixture
def lesson_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A course checkout with one lesson, and a kernel that runs that lesson."""
    return lesson_kernel(tmp_path, monkeypatch, "02-code-sets")


def answered(root: Path) -> int:
    return dict(prog.summary(root).lessons)["02-code-sets"]


def test_every_question_answered_right_counts_once(lesson_root: Path) -> None:
    quizzes = [make_choice(f"Question {i}?", ["a", "b"], "a", {}) for i in range(3)]
    for quiz in quizzes:
        quiz.options.value = "b"
        quiz.check.click()  # wrong answers do not count
    assert answered(lesson_root) == 0
    for quiz in quizzes:
        quiz.options.value = "a"
        quiz.check.click()
        quiz.check.click()  # the same question twice is still one exercise
    assert answered(lesson_root) == 3

    code_sets = make_code_set_quiz()
    for i, item in enumerate(ITEMS[:8]):
        code_sets.go_to(i)
        code_sets.choice.value = item.answer
    assert answered(lesson_root) == 3 + 8

    sorter = make_sorter({"x": "A", "y": "B"}, ["A", "B"], prompt="Sort these")
    sorter.dropdowns["x"].value, sorter.dropdowns["y"].value = "A", "B"
    sorter.check.click()
    assert answered(lesson_root) == 12


def test_count_is_said_in_words() -> None:
    assert prog.exercises_right(1) == "1 exercise right"
    assert prog.exercises_right(11) == "11 exercises right"
