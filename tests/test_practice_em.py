"""E/M level practice widget (issue 14 item 6): set values from Python, read the verdicts it shows."""

from __future__ import annotations

import pytest

from course.coding.em import ELEMENTS, get_visit, grade_attempt, load_visits
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


def test_guide_states_the_rule_and_that_time_is_not_scored():
    text = guide_html()
    assert "at least two of the three elements" in text and "99205 or 99215" in text
    assert "not verified the time thresholds" in TIME_NOTE and "not verified the time thresholds" in text


def test_em_practice_keeps_keys_inside(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(keyboard, "display", lambda obj: shown.append(obj.data))
    widget = make_em_practice()
    assert isinstance(widget, PracticeBox) and PRACTICE_CLASS in widget._dom_classes
    assert keyboard.CHECKS_CLASS in widget.check._dom_classes  # "Checking…" shows at once on a press
    widget._repr_mimebundle_()
    assert len(shown) == 1 and "data-lm-suppress-shortcuts" in shown[0]
