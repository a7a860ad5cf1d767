"""E/M level practice widget (issue 14 item 6): set values from Python, read the verdicts it shows."""

from __future__ import annotations

import pytest

from course.coding.em import ELEMENTS, NO_TIME_LEVEL, get_visit, grade_attempt, load_visits
from course.practice import keyboard
from course.practice.em_practice import PROMPT, TIME_NOTE, attempt_html, guide_html, make_em_practice
from course.practice.keyboard import PRACTICE_CLASS, PracticeBox


def answer(widget, levels, code):
    for element in ELEMENTS:
        widget.elements[element].value = levels[element]
    widget.code.value = code
    widget.check.click()
    return widget.feedback.value


def test_em_practice_lists_every_note_and_accepts_the_key():
    widget = make_em_practice()
    assert [value for _label, value in widget.picker.options] == [v.visit_id for v in load_visits()]
    widget.picker.value = "em-019"
    assert "warfarin" in widget.note.value and "established patient" in widget.note.value
    visit = get_visit("em-019")
    shown = answer(widget, visit.levels, visit.code)
    assert "Correct. All 4 right: 99214." in shown
    assert shown.count("<b>right</b>") == 4 and "not right" not in shown


def test_em_practice_explains_each_element_that_is_wrong():
    widget = make_em_practice()
    widget.picker.value = "em-019"  # key: moderate, minimal, high -> 99214
    shown = answer(widget, {"problems": "moderate", "data": "low", "risk": "moderate"}, "99214")
    assert "Not quite. 2 of 4 right. See why below." in shown
    assert "The key is minimal, not low: One unique test ordered" in shown
    assert "The key is high, not moderate: Drug therapy that needs intensive monitoring" in shown
    assert shown.count("<b>not right</b>") == 2


def test_em_practice_prompts_until_everything_is_picked_and_resets_on_a_new_note():
    widget = make_em_practice([get_visit("em-001"), get_visit("em-002")])
    widget.check.click()
    assert PROMPT in widget.feedback.value
    widget.elements["problems"].value = "minimal"
    widget.check.click()
    assert PROMPT in widget.feedback.value
    answer(widget, {"problems": "minimal", "data": "minimal", "risk": "minimal"}, "99202")
    assert "Correct." in widget.feedback.value
    widget.picker.value = "em-002"
    assert widget.feedback.value == "" and widget.code.value is None
    assert all(widget.elements[e].value is None for e in ELEMENTS)


def test_em_practice_refuses_an_empty_list():
    with pytest.raises(ValueError, match="no visit notes"):
        make_em_practice([])


def test_attempt_html_states_every_verdict_in_words():
    visit = get_visit("em-011")
    text = attempt_html(grade_attempt(visit, {"problems": "low", "data": "minimal", "risk": "moderate"}, "99213"))
    assert '<th scope="col">Verdict</th>' in text
    assert text.count("<tr>") == 5  # the head and one row per element and the code
    assert "The key is low, not minimal: An assessment that needs an independent historian" in text


def test_guide_states_the_rule_and_the_time_minimums():
    text = guide_html()
    assert "at least two of the three elements" in text and "99205 or 99215" in text
    assert TIME_NOTE.split(":")[0] == "By time" and "99211 is never chosen by time" in text
    assert "<td>99214: 30</td>" in text and "<td>99202: 15</td>" in text and "prolonged services" in text


def test_em_practice_levels_by_time_alone_and_with_mdm():
    widget = make_em_practice()
    widget.picker.value = "em-019"  # 25 minutes, established: 99213 by time, 99214 by MDM, report 99214
    widget.by_time.value = "99214"
    widget.report.value = "99214"
    widget.check.click()
    shown = widget.feedback.value
    assert "Not quite. 1 of 2 right. See why below." in shown
    assert "The key is 99213, not 99214. 99214 needs 30 minutes, more than the 25 documented." in shown
    visit = get_visit("em-019")
    shown = answer(widget, visit.levels, visit.code)  # the time answers stay: six verdicts now
    assert "Not quite. 5 of 6 right." in shown
    widget.by_time.value = "99213"
    widget.check.click()
    assert "Correct. All 6 right: 99214." in widget.feedback.value
    widget.picker.value = "em-028"  # 8 minutes: below the lowest minimum
    assert widget.by_time.value is None and widget.report.value is None
    widget.by_time.value = NO_TIME_LEVEL
    widget.check.click()
    assert "Correct. All 1 right: 99213." in widget.feedback.value
    assert "below 10 (99212), the lowest minimum" in widget.feedback.value


def test_em_practice_prompts_for_half_an_mdm_answer_even_with_time():
    widget = make_em_practice([get_visit("em-002")])
    widget.report.value = "99213"
    widget.check.click()
    assert PROMPT in widget.feedback.value  # the code to report alone is no levelling
    widget.by_time.value = "99212"
    widget.elements["data"].value = "minimal"
    widget.check.click()
    assert PROMPT in widget.feedback.value


def test_em_practice_keeps_keys_inside(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(keyboard, "display", lambda obj: shown.append(obj.data))
    widget = make_em_practice()
    assert isinstance(widget, PracticeBox) and PRACTICE_CLASS in widget._dom_classes
    assert keyboard.CHECKS_CLASS in widget.check._dom_classes  # "Checking…" shows at once on a press
    widget._repr_mimebundle_()
    assert len(shown) == 1 and "data-lm-suppress-shortcuts" in shown[0]
