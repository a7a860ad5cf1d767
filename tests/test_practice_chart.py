"""Chart-practice widget (issue 14): set values from Python, read the per-code verdicts it shows."""

from __future__ import annotations

from course.coding.casebank import get_case, load_bank, score_case
from course.practice.chart_practice import make_chart_practice, score_html


def test_chart_practice_scores_each_code_and_accepts_the_key():
    widget = make_chart_practice()
    assert len(widget.picker.options) == len(load_bank())
    widget.picker.value = "inj-001"
    assert "sidewalk curb" in widget.note.value
    widget.icd.value = "W10.1XXA, s93.402a"
    widget.check.click()
    shown = widget.feedback.value
    assert "Not quite." in shown and "out of sequence" not in shown  # the sprain is matched by category only
    assert "right category" in shown and "missing" in shown and "I.C.19.a" in shown
    assert "Score: 1.5 of 3 points (50%)." in shown
    widget.icd.value = "S93.401A W10.1XXA"
    widget.hcpcs.value = "e0114"
    widget.check.click()
    assert "Correct." in widget.feedback.value and "Score: 3 of 3 points (100%)." in widget.feedback.value


def test_chart_practice_first_listed_and_empty_answer():
    widget = make_chart_practice([get_case("inj-001"), get_case("end-002")])
    widget.check.click()
    assert "Type at least one ICD-10-CM code" in widget.feedback.value
    widget.picker.value = "end-002"
    widget.icd.value = "Z79.4, E11.65, Z79.84"
    widget.check.click()
    assert "out of sequence" in widget.feedback.value
    widget.picker.value = "inj-001"
    assert widget.icd.value == "" and widget.feedback.value == ""


def test_score_html_states_every_row_in_words():
    result = score_case(get_case("end-002"), ["E11.9", "Z79.4", "I10"])
    text = score_html(result)
    for words in ("right category", "exact", "missing", "extra", "Score: 1.25 of 3 points (42%)."):
        assert words in text
    assert '<th scope="col">Verdict</th>' in text
