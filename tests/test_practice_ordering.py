"""The ordering practice: the pure feedback, and the lesson 01 journey widget driven from Python."""

from __future__ import annotations

import pytest

from course.billing.revenue_cycle import JOURNEY, JOURNEY_HINTS
from course.practice.ordering import CHOOSE, make_journey_orderer, make_orderer, ordering_feedback

STEPS = ["register", "document", "code"]
HINTS = {"code": "codes need the note."}


def test_empty_and_incomplete_orders_are_not_graded():
    assert ordering_feedback([CHOOSE] * 3, STEPS, HINTS)[0] is None
    assert ordering_feedback(["register", None, CHOOSE], STEPS, HINTS) == (None, ["Positions 2, 3 still empty."])
    assert ordering_feedback(["register", "document", None], STEPS, HINTS) == (None, ["Position 3 still empty."])


def test_repeated_step_is_named():
    ok, lines = ordering_feedback(["register", "code", "code"], STEPS, HINTS)
    assert ok is False and lines == ["“code” is chosen more than once: each step happens once."]


def test_first_misplaced_step_gets_its_hint():
    ok, lines = ordering_feedback(["register", "code", "document"], STEPS, HINTS)
    assert ok is False
    assert lines == [
        "1 of 3 positions are right.",
        "The first step out of place is at position 2: “code”.",
        "Hint about that step: codes need the note.",
    ]
    assert ordering_feedback(STEPS, STEPS, HINTS) == (True, ["All 3 steps are in order."])


def test_steps_must_differ():
    with pytest.raises(ValueError, match="different"):
        make_orderer(["a", "a"])


def test_journey_widget_shuffles_options_and_grades_the_order():
    orderer = make_journey_orderer()
    options = list(orderer.positions[0].options)[1:]
    assert sorted(options) == sorted(JOURNEY) and options != list(JOURNEY)
    for dropdown, step in zip(orderer.positions, JOURNEY, strict=True):
        dropdown.value = step
    orderer.positions[1].value, orderer.positions[2].value = JOURNEY[2], JOURNEY[1]
    orderer.check.click()
    assert "5 of 7 positions are right" in orderer.feedback.value
    assert "position 2" in orderer.feedback.value
    assert JOURNEY_HINTS[JOURNEY[2]].replace("'", "&#x27;") in orderer.feedback.value
    orderer.positions[1].value, orderer.positions[2].value = JOURNEY[1], JOURNEY[2]
    orderer.check.click()
    assert "Correct. All 7 steps are in order." in orderer.feedback.value
