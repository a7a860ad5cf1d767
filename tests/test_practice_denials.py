"""The denial simulator practice: a thin view; its pure functions and its wiring."""

from __future__ import annotations

from decimal import Decimal as D

from course.billing.denials import Action, choose, scenario, start
from course.practice.denial_sim import ACTION_LABELS, choices, make_denial_sim, summary_html


def test_choices_label_every_option_the_engine_offers():
    s = start("D15")
    fixes = choices(s, Action.CORRECTED_CLAIM)
    assert [label for label, _ in fixes][0] == "Add modifier RT to line 1"
    assert [d for _, d in fixes] == [{"fix": f.key} for f in scenario("D15").fixes]
    assert choices(s, Action.WRITE_OFF) == [(ACTION_LABELS[Action.WRITE_OFF], {})]
    paid = choose(s, Action.CORRECTED_CLAIM, fix="modifier")
    assert choices(paid, Action.BILL_PATIENT) == [
        ("for $14.40", {"amount": D("14.40")}),  # the PR total
        ("for $62.40", {"amount": D("62.40")}),  # PR + CO-45: offered, and refused if chosen
    ]


def test_summary_shows_the_codes_in_words_the_deadline_and_the_result():
    s = start("D01")
    text = summary_html(s)
    assert "CO-16" in text and "MA130" in text and "Unprocessable claim" in text
    assert "Deadline for the next step" in text and "42 CFR 424.44" not in text
    closed = choose(choose(s, Action.NEW_CLAIM, fix="diagnosis"), Action.BILL_PATIENT)
    done = summary_html(closed)
    assert "Points 100" in done and "billed to the patient $26.66" in done


def test_the_widget_plays_a_scenario_to_closure():
    box = make_denial_sim("D15")
    box.action.value = Action.CORRECTED_CLAIM
    box.detail.value = 0  # add modifier RT
    box.do_it.click()
    assert "Correct." in box.feedback.value and box.state.step == "paid"
    assert "CLM*DN00015*120***11:B:7" in "".join(d.text for d in box.state.documents)
    box.action.value = Action.BILL_PATIENT
    box.do_it.click()
    assert box.state.outcome is not None and "Points 100" in box.view.value
    box.do_it.click()
    assert "closed" in box.feedback.value
    box.restart.click()
    assert box.state.outcome is None and box.state.step == "denied"
    box.picker.value = "D28"
    assert box.state.scenario_id == "D28" and "PR-1" in box.view.value


def test_a_wrong_choice_says_not_quite_and_names_the_rule():
    box = make_denial_sim("D33")
    box.action.value = Action.BILL_PATIENT
    box.do_it.click()
    assert "Not quite." in box.feedback.value and "never billed to the patient" in box.feedback.value
    assert box.state.outcome is None
