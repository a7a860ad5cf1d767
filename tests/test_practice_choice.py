"""The multiple-choice practice: the pure feedback function, and the widget wired to it."""

from __future__ import annotations

import pytest

from course.practice.choice import choice_feedback, make_choice

WHY = {"a": "because a", "b": "b is wrong because"}


def test_choice_feedback():
    assert choice_feedback(None, "a", WHY) == (None, "Pick one answer, then press Check.")
    assert choice_feedback("a", "a", WHY) == (True, "because a")
    assert choice_feedback("b", "a", WHY) == (False, "b is wrong because")
    assert choice_feedback("c", "a", WHY)[0] is False


def test_widget_shows_feedback_for_the_chosen_option():
    practice = make_choice("Which?", ["a", "b", "c"], "a", WHY)
    practice.check.click()
    assert "Pick one answer" in practice.feedback.value
    practice.options.value = "b"
    practice.check.click()
    assert "Not quite. b is wrong because" in practice.feedback.value
    practice.options.value = "a"
    practice.check.click()
    assert "Correct. because a" in practice.feedback.value


def test_answer_must_be_an_option():
    with pytest.raises(ValueError, match="not one of the options"):
        make_choice("Which?", ["a", "b"], "z")
