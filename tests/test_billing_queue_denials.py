"""The work queue drawn from the denial simulator: one item per open claim, gone once the claim is closed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from course.billing.biller_day import TODAY
from course.billing.denials import Action, choose, is_closed, open_balance, scenario, scenario_ids, start
from course.billing.denials.model import DETAIL_OF
from course.billing.queue_from_denials import ACTION_STEP, DAY_SCENARIOS, denials_day, item_from_state, remit_claim
from course.billing.workqueue import STEPS, amount_at_stake, ordered, priority, urgency


def test_every_action_has_a_step():
    assert set(ACTION_STEP) == set(Action) and set(ACTION_STEP.values()) <= set(STEPS)


@pytest.mark.parametrize("sid", scenario_ids())
def test_each_scenario_first_answer_is_an_item_with_the_engines_numbers(sid):
    state = start(sid)
    item = item_from_state(state)
    scn = scenario(sid)
    right = scn.steps[scn.first].right
    assert item.claim_id == state.claim.claim_id and item.payer_id == state.claim.payer.payer_id
    assert item.amount == open_balance(state) and item.deadline == state.deadline
    assert item.step == ACTION_STEP[right]
    assert item.deadline_kind == ("" if state.deadline is None else "appeal" if right == Action.APPEAL else "resubmit")
    assert item.reason == " ".join(scn.codes) and item.step_text.startswith(scn.title)


def test_the_cpap_appeal_exactly():
    item = item_from_state(start("D09"))
    assert (item.amount, item.deadline, item.deadline_kind, item.step) == (
        D("780.00"), date(2026, 12, 1), "appeal", "appeal")
    assert priority(item, TODAY) == D("1560.00")  # 29 days left: urgency 2


def test_a_closed_claim_leaves_the_queue():
    state = start("D09")
    scn = scenario("D09")
    assert item_from_state(state) is not None
    for action, detail in scn.best:
        state = choose(state, action, **({DETAIL_OF[action]: detail} if detail else {}))
    assert is_closed(state) and item_from_state(state) is None


def test_denials_day_queue_and_rates():
    day = denials_day()
    assert [it.claim_id for it in day.items] == [start(s).claim.claim_id for s in DAY_SCENARIOS]
    denied = sum(1 for s in DAY_SCENARIOS if amount_at_stake(remit_claim(start(s))) > 0)
    assert day.rates.submitted == len(DAY_SCENARIOS) + 49 and day.rates.adjudicated == len(DAY_SCENARIOS) + 49
    assert day.rates.denied == denied and day.rates.clean == 49 - 2 + len(DAY_SCENARIOS) - denied
    top = ordered(day.items, TODAY)[0]
    assert all(priority(top, TODAY) >= priority(it, TODAY) for it in day.items)
    assert any(urgency((it.deadline - TODAY).days) == 0 for it in day.items if it.deadline), "one is past its deadline"
    assert any(it.deadline is None for it in day.items) and any(it.step == "bill patient" for it in day.items)
    assert all(it.deadline is None or it.deadline > TODAY - timedelta(400) for it in day.items)


def test_the_work_queue_practice_runs_on_the_simulators_day():
    from course.practice.work_queue import make_work_queue

    day = denials_day()
    practice = make_work_queue(day)
    for it in ordered(day.items, TODAY):
        practice.choice.value = it.claim_id
        practice.work.click()
        assert "Correct." in practice.feedback.value, practice.feedback.value
    written = sum((it.amount for it in day.items if it.step == "write off"), D("0.00"))
    assert f"written off: ${written:,.2f}" in practice.summary.value


def test_the_course_edits_stop_the_simulators_edit_denials_before_they_go_out():
    """The claims the simulator's payers deny CO-97 for an edit are the ones the course's edits stop, and
    the simulator's right fix passes them."""
    from course.billing.edits import edit_hits

    for sid in ("D11", "D12", "D13", "D14"):
        scn = scenario(sid)
        assert edit_hits(scn.claim.lines), f"{sid}: the course's edits let the claim the payer denied go out"
        assert "CO-97" in scn.codes
    for sid in ("D11", "D12"):
        scn = scenario(sid)
        fixed = next(f for f in scn.fixes if f.key == "distinct").apply(scn.claim)
        assert edit_hits(fixed.lines) == [], f"{sid}: the simulator's fix does not pass the course's edits"
