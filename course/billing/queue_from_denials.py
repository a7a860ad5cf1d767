"""The biller's queue drawn from the denial simulator (`course.billing.denials`): one work item per open claim.

Each scenario's state (its claim, the payer's latest 835, the deadline the engine computed) becomes a
`WorkItem` for the queue's priority rule and A/R figure; the step the item records when worked is the
scenario's right action. `denials_day()` is a biller's day whose queue is such claims, beside the month's
clean claims of `course.billing.biller_day` for the rates.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from course.billing.biller_day import TODAY, TOUCHED_BEFORE_SENDING, BillerDay, biller_day
from course.billing.denials import Action, State, is_closed, open_balance, scenario, start
from course.billing.denials.engine import rule_text
from course.billing.remittance import RemitClaim
from course.billing.workqueue import WorkItem, rates

ACTION_STEP: dict[Action, str] = {
    Action.CORRECTED_CLAIM: "corrected claim",
    Action.NEW_CLAIM: "new claim",
    Action.APPEAL: "appeal",
    Action.BILL_OTHER_PAYER: "bill other payer",
    Action.BILL_PATIENT: "bill patient",
    Action.WRITE_OFF: "write off",
}
# A varied day: appeals, corrected claims, a patient bill, another payer, write-offs, one past its deadline.
DAY_SCENARIOS = ("D09", "D11", "D12", "D17", "D18", "D21", "D28", "D39", "D40", "D41", "D43", "D45")


def remit_claim(state: State) -> RemitClaim:
    """The payer's latest answer for the state's claim (its CLP loop in the 835 on screen)."""
    return next(c for c in state.reply.remittance.claims if c.claim_id == state.claim.claim_id)


def item_from_state(state: State) -> WorkItem | None:
    """The work item for a simulator state (None once the claim is closed): the open balance, the
    scenario's codes as the reason, the engine's deadline, and the right action as the step."""
    if is_closed(state):
        return None
    scn = scenario(state.scenario_id)
    step = scn.steps[state.step]
    kind = "" if state.deadline is None else ("appeal" if step.right == Action.APPEAL else "resubmit")
    claim = state.claim
    return WorkItem(claim.claim_id, f"{claim.patient.first_name} {claim.patient.last_name}", claim.payer.payer_id,
                    claim.first_service_date, open_balance(state), " ".join(scn.codes), state.deadline, kind,
                    ACTION_STEP[step.right], f"{scn.title}. {step.hint} {rule_text(step.rule)}".strip())


def denials_day(today: date = TODAY, scenario_ids: Iterable[str] = DAY_SCENARIOS) -> BillerDay:
    """A biller's day whose queue is the simulator's claims (first answers), with the month's clean claims."""
    month = biller_day(today)
    states = [start(sid) for sid in scenario_ids]
    items = [it for it in map(item_from_state, states) if it is not None]
    paid = [c for c in month.claims if c.claim_id.startswith("CWF-P")]
    claims = [s.claim for s in states] + paid
    remits = {s.claim.claim_id: remit_claim(s) for s in states} | {c.claim_id: month.remits[c.claim_id] for c in paid}
    remit_dates = {s.claim.claim_id: s.reply.day for s in states} | {c.claim_id: month.remit_dates[c.claim_id]
                                                                     for c in paid}
    return BillerDay(today, claims, remits, remit_dates, items, rates(claims, remits, TOUCHED_BEFORE_SENDING))
