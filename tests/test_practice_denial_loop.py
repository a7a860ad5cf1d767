"""Lesson 09's denial-loop practice and its figure, driven from Python (the browser journey is in tests/browser/)."""

from __future__ import annotations

from datetime import date

import pytest

from course.billing import denials
from course.billing.loop_figure import PAYER, PRACTICE, loop_alt, loop_events, loop_figure
from course.practice.denial_loop import (
    ACTION_LABELS,
    NO_DETAIL,
    PICK_ACTION,
    PICK_DETAIL,
    choices,
    claim_lines,
    codes_explained,
    make_denial_loop,
    reply_rows,
    status_line,
)


def test_reply_rows_show_the_835_codes():
    state = denials.start("D01")
    rows = reply_rows(state)
    assert [r["code"] for r in rows] == [ln.code for ln in state.claim.lines]
    assert all(r["adjustments"].startswith("CO-16 $") for r in rows)
    assert all("MA130" in r["remarks"] for r in rows)
    explained = codes_explained(state)
    assert explained[0].startswith("CO-16") and any(t.startswith("MA130: Unprocessable") for t in explained)
    assert len(explained) == len(set(explained)), "each code explained once"
    assert claim_lines(state)[0].startswith("line 1: ")


def test_choices_carry_what_choose_needs():
    state = denials.start("D01")
    open_now = choices(state)
    assert set(open_now) <= set(ACTION_LABELS)
    assert {label for label, _ in open_now["new_claim"]} >= {"fix: Replace M54.5 with the billable code M54.50"}
    assert open_now["write_off"] == [("", {})]
    assert all(d.get("evidence") for _, d in open_now["appeal"])


def _pick(widget, action, detail_label=None):
    widget.action.value = action
    if detail_label is not None:
        widget.detail.value = dict(widget.detail.options)[detail_label]


def test_widget_prompts_before_it_sends_anything():
    w = make_denial_loop(first="D01")
    w.do_send()
    assert PICK_ACTION in w.feedback.value and w.state.events == ()
    _pick(w, "new_claim")
    assert not w.detail.disabled and w.detail.value is None
    w.do_send()
    assert PICK_DETAIL in w.feedback.value and w.state.events == ()
    _pick(w, "write_off")
    assert w.detail.disabled and [label for label, _ in w.detail.options] == [NO_DETAIL]


def test_widget_works_a_claim_from_denial_to_closed_and_names_the_rules():
    w = make_denial_loop(first="D01")
    assert "CO-16" in w.reply.value and "MA130" in w.reply.value and "Open on" in w.status.value
    _pick(w, "corrected_claim", "fix: Replace M54.5 with the billable code M54.50")
    w.do_send()
    assert "Not quite." in w.feedback.value and "MA130" in w.feedback.value, w.feedback.value
    assert "not right" in w.history.value
    _pick(w, "new_claim", "fix: Replace M54.5 with the billable code M54.50")
    w.do_send()
    assert "Correct." in w.feedback.value, w.feedback.value
    steps = 0
    while not denials.is_closed(w.state) and steps < 5:
        step = denials.scenario("D01").steps[w.state.step]
        wanted = {"amount": denials.pr_total(w.state)} if step.right.value == "bill_patient" else {}
        opts = choices(w.state)[step.right.value]
        label = next(lb for lb, d in opts if (step.detail and step.detail in d.values()) or d == wanted)
        _pick(w, step.right.value, label or None)
        w.do_send()
        steps += 1
    assert denials.is_closed(w.state)
    assert w.status.value.count("Closed (") == 1 and "points" in w.status.value
    assert w.action.disabled and w.action.options == () and w.action.layout.display == "none"
    w.do_send()
    assert "This claim is closed" in w.feedback.value
    w.again.click()
    assert not denials.is_closed(w.state) and w.state.events == () and w.history.value == ""
    assert w.action.layout.display is None and len(w.action.options) >= 5


def test_widget_switches_claims_and_shows_the_x12():
    w = make_denial_loop(["D01", "D15"], first="D01")
    w.pick.value = "D15"
    assert w.state.scenario_id == "D15" and "CO-4" in w.reply.value
    w.show_x12.value = True
    assert "CLP*" in w.x12.value and "CAS*CO*4*" in w.x12.value
    w.show_x12.value = False
    assert w.x12.value == ""


@pytest.fixture(scope="module")
def corrected():
    state = denials.start("D15")
    deadline = state.deadline
    state = denials.choose(state, "corrected_claim", fix="modifier")
    state = denials.choose(state, "bill_patient")
    return state, deadline


def test_loop_events_say_who_sent_what(corrected):
    state, _ = corrected
    events = loop_events(state)
    assert [e.side for e in events] == [PRACTICE, PAYER, PRACTICE, PAYER, PRACTICE]
    assert "frequency 7" in events[2].title and events[0].day < events[1].day
    assert status_line(state).startswith("Closed (patient_billed)")


def test_loop_figure_and_its_words_agree(corrected):
    state, deadline = corrected
    assert isinstance(deadline, date)
    fig = loop_figure(state, deadline)
    ax = fig.axes[0]
    points = sum(len(line.get_xdata()) for line in ax.lines if line.get_linestyle() == "None")
    assert points == len(state.documents) == 5
    alt = loop_alt(state, deadline)
    assert alt.count("day ") >= 6 and str(deadline) in alt and "practice, Patient statement" in alt
