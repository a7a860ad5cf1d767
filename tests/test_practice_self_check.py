"""Lesson 00's "try it" checks: right answers pass, typical beginner mistakes get a specific hint."""

from __future__ import annotations

import pytest

from course.practice.self_check import EXERCISES, NOT_DONE, feedback


def test_every_exercise_treats_the_unanswered_stub_as_not_tried():
    for name in EXERCISES:
        assert feedback(name, ...) == (None, NOT_DONE)


def test_unknown_exercise_is_reported():
    with pytest.raises(KeyError, match="no exercise"):
        feedback("no-such-exercise", 1)


@pytest.mark.parametrize(
    ("exercise", "value", "ok", "says"),
    [
        ("first-code", "E11.9", True, "type 2 diabetes"),
        ("first-code", "e11.9", False, "capital E"),
        ("first-code", 11.9, False, "quotes"),
        ("first-code", "E11", False, "E11.9"),
        ("clean-code", "J06.9", True, "strip()"),
        ("clean-code", "  J06.9 ", False, ".strip()"),
        ("clean-code", "j06.9", False, ".upper()"),
        ("total-charges", 173.75, True, "$173.75"),
        ("total-charges", 120.00 + 35.50 + 18.25, True, "$173.75"),
        ("total-charges", "173.75", False, "no quotes"),
        ("total-charges", 155.50, False, "Add the three"),
        ("coinsurance", 17.49, True, "$17.49"),
        ("coinsurance", 87.45 * 0.20, False, "round"),
        ("coinsurance", 17.0, False, "Multiply"),
        ("add-code", ["E11.9", "E78.5", "I10"], True, "three diagnosis codes"),
        ("add-code", ["E11.9", "E78.5"], False, "append"),
        ("add-code", ["E11.9", "E78.5", "I10", "I10"], False, "twice"),
        ("add-code", ["I10", "E11.9", "E78.5"], False, "should be"),
        ("claim-status", {"patient": "x", "charge": 150.00, "status": "submitted"}, True, "submitted"),
        ("claim-status", {"patient": "x", "charge": 150.00}, False, "no \"status\" key"),
        ("claim-status", {"charge": 150.00, "status": "sent"}, False, "set it to"),
        ("claim-status", {"charge": 99.0, "status": "submitted"}, False, "charge changed"),
    ],
)
def test_value_exercises(exercise, value, ok, says):
    got_ok, message = feedback(exercise, value)
    assert got_ok is ok
    assert says in message


def test_line_total_accepts_a_rounded_function():
    assert feedback("line-total", lambda price, units: round(price * units, 2))[0] is True


def test_line_total_explains_missing_rounding_return_and_crashes():
    ok, message = feedback("line-total", lambda price, units: price * units)
    assert ok is False and "round it to cents" in message
    ok, message = feedback("line-total", lambda price, units: [price * units].clear())
    assert ok is False and "forget `return`" in message
    ok, message = feedback("line-total", lambda price, units: price / 0)
    assert ok is False and "ZeroDivisionError" in message
    ok, message = feedback("line-total", 75.0)
    assert ok is False and "without brackets" in message


def test_needs_statement_checks_the_boundary_and_negative_balances():
    assert feedback("needs-statement", lambda balance: balance > 0)[0] is True
    ok, message = feedback("needs-statement", lambda balance: balance >= 0)
    assert ok is False and "needs_statement(0.0)" in message
    ok, message = feedback("needs-statement", lambda balance: balance != 0)
    assert ok is False and "needs_statement(-5.0)" in message


def test_codes_the_exercises_teach_exist_and_are_billable_in_fy2026():
    import simple_icd_10_cm as icd
    for code in ("E11.9", "J06.9", "E78.5", "I10", "J20.9", "R05.9"):
        assert icd.is_category_or_subcategory(code) and icd.is_leaf(code), code
    assert icd.get_description("E11.9") == "Type 2 diabetes mellitus without complications"


def test_an_untouched_function_stub_is_not_tried_but_a_missing_return_is_explained():
    def line_total(unit_price, units): ...

    def needs_statement(balance):
        pass

    def forgot_return(unit_price, units):
        round(unit_price * units, 2)

    assert feedback("line-total", line_total)[0] is None
    assert feedback("needs-statement", needs_statement)[0] is None
    ok, message = feedback("line-total", forgot_return)
    assert ok is False and "forget `return`" in message
