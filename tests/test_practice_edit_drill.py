"""The modifier drill: each answer is tried against the course's edits; the record picks the true one."""

from __future__ import annotations

import pytest

from course.billing.edits import edit_hits
from course.practice.edit_drill import ANSWERS, CASES, NONE, REMOVE, drill_feedback, lines_with, make_edit_drill
from course.practice.keyboard import PRACTICE_CLASS, PracticeBox

BY_TITLE = {c.title: c for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c.title for c in CASES])
def test_the_right_answer_passes_the_edits_and_exactly_one_answer_is_right(case):
    assert case.answer in ANSWERS
    assert edit_hits(lines_with(case, case.answer)) == [], "the right answer must pass the course's own edits"
    assert edit_hits(lines_with(case, NONE)) != [], "each case is about an edit: sent as it is, it is stopped"
    right = [a for a in ANSWERS if drill_feedback(case, a)[0] is True]
    assert right == [case.answer]


def test_exact_feedback():
    legs = BY_TITLE["Two legs"]
    assert drill_feedback(legs, None) == (None, "Pick an answer, then press Check.")
    assert drill_feedback(legs, "XS") == (True, legs.why)
    ok, message = drill_feedback(legs, "59")
    assert ok is False and message.startswith("The course's edits warn: Modifier 59 lets L1830 be paid with L4361, "
                                              "but CMS asks for the more specific X modifier when one fits (XS here)")
    ok, message = drill_feedback(legs, "XE")
    assert ok is False and message.startswith("The course's edits would stop it: L1830 and L4361 (line 1)")
    assert drill_feedback(legs, REMOVE) == (False, "The edits would pass both lines with the right modifier, and "
                                                   "the record supports both: removing one loses a service that was "
                                                   "given.")
    ok, message = drill_feedback(BY_TITLE["One leg"], "XS")
    assert ok is False and message.endswith("a modifier must be true, never added only to get past an edit.")
    ok, message = drill_feedback(BY_TITLE["Two practitioners"], "XE")
    assert ok is False and message.startswith("The edits would let XE through (separate encounter")
    ok, message = drill_feedback(BY_TITLE["A visit beside a procedure"], "59")
    assert ok is False and "Modifier 59 is never for a visit (T1015)" in message


def test_widget_checks_and_moves_on():
    drill = make_edit_drill()
    assert isinstance(drill, PracticeBox) and PRACTICE_CLASS in drill._dom_classes
    assert "Case 1 of 6: Two legs." in drill.case_html.value and "L1830 LT" in drill.case_html.value
    drill.check.click()
    assert "Pick an answer" in drill.feedback.value
    drill.answers.value = "XS"
    drill.check.click()
    assert "Correct. Different legs are separate structures" in drill.feedback.value
    drill.next.click()
    assert "Case 2 of 6: One leg." in drill.case_html.value and drill.answers.value is None and drill.feedback.value == ""
    drill.answers.value = NONE
    drill.check.click()
    assert "Not quite. The course&#x27;s edits would stop it" in drill.feedback.value
    for _ in range(5):
        drill.next.click()
    assert "Case 1 of 6" in drill.case_html.value  # wraps round


def test_answer_labels_and_line_words():
    from course.practice.edit_drill import answer_label, line_words

    assert [answer_label(a) for a in ANSWERS] == [
        NONE, "25: a significant, separately identifiable visit", "59: distinct service", "XE: separate encounter",
        "XS: separate structure", "XP: separate practitioner", "XU: unusual non-overlapping service", REMOVE]
    assert line_words(1, BY_TITLE["Two legs"].lines[0]) == (
        "Line 1: L4361 RT, Pneumatic or vacuum walking boot, prefabricated, off-the-shelf ($120.00)")
    drill = make_edit_drill()
    assert [value for _label, value in drill.answers.options] == list(ANSWERS)
