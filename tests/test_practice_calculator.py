"""Lesson 05's responsibility calculator names the slip behind each typical wrong guess."""

from __future__ import annotations

import pytest

from course.practice.responsibility_calc import compute_share, guess_feedback, make_responsibility_calc

# billed 300, allowed 180, deductible left 50, 20%, copay 10, OOP left 1000:
# write-off 120, copay 10, deductible 50, coinsurance 24, patient 84, plan 96.
VALUES = {"billed": 300.0, "allowed": 180.0, "deductible_left": 50.0, "coinsurance_pct": 20.0,
          "copay": 10.0, "oop_left": 1000.0}


@pytest.mark.parametrize(
    ("guess", "says"),
    [
        ("120", "That is the write-off (contractual adjustment, CO-45)"),
        ("$300.00", "That is the whole billed amount"),
        ("180", "That is the whole allowed amount"),
        ("96", "That is what the plan pays"),
        ("50", "That is the deductible part only"),
        ("24", "That is the coinsurance only"),
        ("94", "coinsurance on the whole allowed amount"),  # 10 + 50 + 20% of 170
        ("250", "never pays more than the allowed amount"),
        ("70", "Go step by step"),
    ],
)
def test_each_typical_wrong_guess_gets_its_own_message(guess: str, says: str) -> None:
    share = compute_share(VALUES)
    assert share.patient == 84
    ok, message = guess_feedback(guess, share, VALUES)
    assert ok is False
    assert says in message
    if "write-off" not in says:
        assert "write-off" not in message, "only the write-off guess is told it is the write-off"


def test_a_guess_equal_to_the_write_off_is_named_as_that_mistake() -> None:
    calc = make_responsibility_calc(VALUES)
    calc.guess.value = "120.00"
    calc.check.click()
    assert "Not quite. That is the write-off (contractual adjustment, CO-45)" in calc.feedback.value
    assert "never pays more than the allowed" not in calc.feedback.value


def test_the_out_of_pocket_cap_forgotten() -> None:
    values = {**VALUES, "oop_left": 40.0}
    share = compute_share(values)
    assert share.patient == 40
    ok, message = guess_feedback("84", share, values)
    assert ok is False and "out-of-pocket maximum caps it" in message


def test_an_amount_that_is_two_slips_names_both() -> None:
    # the lesson's worked example: the write-off (100) equals the deductible (100)
    values = {"billed": 250.0, "allowed": 150.0, "deductible_left": 100.0, "coinsurance_pct": 20.0,
              "copay": 0.0, "oop_left": 1000.0}
    ok, message = guess_feedback("100", compute_share(values), values)
    assert ok is False and "write-off" in message and "deductible part only" in message
