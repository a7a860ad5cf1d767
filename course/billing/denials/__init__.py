"""The denial simulator: work a denied or reduced claim until it is closed (issue 15, the biller's loop).

Pure functions over immutable states; every document exchanged is real X12 the toolkit writes (837P claims,
835 remittances, both validated by pyx12 in the tests) or a short letter.

    from course.billing.denials import Action, start, choose, is_closed, options, result, scenario_ids
    s = start("D01")                       # the claim as sent (837P) and the payer's first answer (835)
    s.reply.text                           # the 835 (X12) or letter text; s.reply.remittance is the data
    s = choose(s, Action.NEW_CLAIM, fix="diagnosis")
    s.feedback                             # names the rule (and its source) behind the choice
    s = choose(s, Action.BILL_PATIENT)     # amount defaults to the PR total of the 835 on screen
    is_closed(s), result(s)                # -> True, {"outcome": "patient_billed", "points": 100, ...}

Actions (`Action`, a str Enum) and their details:
- CORRECTED_CLAIM, fix=<key>: a replacement claim, CLM05-3 frequency code 7 with the payer's claim control
  number (the 835's CLP07, `state.payer_claim_number`) in REF*F8. For a claim the payer processed.
- NEW_CLAIM, fix=<key>: a new original claim (frequency 1). For an unprocessable claim (CO-16 + MA130).
- APPEAL, evidence=<key>: a first-level appeal; `state.deadline` is its deadline and `state.deadline_rule`
  names the rule (Medicare redetermination: 120 days from receipt, receipt presumed 5 days after the
  notice, 42 CFR 405.942(a); the fictional plans: 180 days).
- BILL_OTHER_PAYER: a claim to the payer that should pay (the primary, the new plan, the right plan).
- WRITE_OFF: the practice adjusts the open balance off.
- BILL_PATIENT, amount=<Decimal, default the PR total>: a patient statement; any amount other than the
  835's PR total is refused (CO is never billed to the patient).

Scenario data (`Scenario`, `scenario(id)`, `scenario_ids()`): a synthetic `Claim`, `context` (what the
biller can see: registration, chart, referral log), `steps` (each `Step` has the payer's `answer`, one
`LineAnswer` per claim line with (group, CARC, amount) adjustments and RARCs, the `right` action and
`detail`, the `rule` (key of `RULES`), and `then`, the next step; a step with no right action is terminal
and carries the `outcome`), `fixes` (`Fix(key, label, apply)`), `evidence` (key -> label), `codes` (what
it teaches, e.g. "CO-16", "MA130"), `collectible` (what the right path collects) and `best` (the right
(action, detail) per decision). More scenarios (e.g. hidden ones an assignment's tests build): a claim from
`scenarios.make_claim`, a story from a `kinds.k_...` builder, `scenarios.make_scenario("H01", title, claim,
built)`, then `start(that_scenario)`: `start` takes a `Scenario` as well as an id.

Wrong choices never dead-end: the payer answers (a repeated denial 835, a CO-18 for a resend of a processed
claim, an upheld or dismissed appeal, a CO-31 from a plan that does not cover the patient) or the simulator
refuses a patient statement, and the feedback names the rule. A wrong write-off closes the claim with a
loss (`lost_write_off`); a third wrong turn, or the right action after its deadline, closes it
`out_of_time`. `result(state)` scores a closed claim: 100 minus 20 a mistake (at least 40) for a good
outcome, 0 for a loss. `options(state)` lists every choice open (used by the walk-every-path test).
Code meanings and their sources are in `CARCS`, `RARCS`, `GROUPS`, `RULES` (`on_facts_sheet` says whether
the course may autograde it). Every person, plan and NPI here is fictional.
"""

from __future__ import annotations

from course.billing.denials.codes import CARCS, GROUPS, RARCS, RULES, Code, Rule, describe, rule_text
from course.billing.denials.engine import (
    choose,
    is_closed,
    open_balance,
    options,
    pr_total,
    result,
    start,
)
from course.billing.denials.model import (
    Action,
    Document,
    Event,
    Fix,
    LineAnswer,
    Outcome,
    Scenario,
    State,
    Step,
)


def scenario_ids() -> list[str]:
    """Every scenario id, in order ("D01", "D02", ...)."""
    from course.billing.denials.scenarios import SCENARIOS

    return list(SCENARIOS)


def scenario(scenario_id: str) -> Scenario:
    """One scenario's data (KeyError for an unknown id)."""
    from course.billing.denials.scenarios import SCENARIOS

    return SCENARIOS[scenario_id]


__all__ = [
    "CARCS",
    "GROUPS",
    "RARCS",
    "RULES",
    "Action",
    "Code",
    "Document",
    "Event",
    "Fix",
    "LineAnswer",
    "Outcome",
    "Rule",
    "Scenario",
    "State",
    "Step",
    "choose",
    "describe",
    "is_closed",
    "open_balance",
    "options",
    "pr_total",
    "result",
    "rule_text",
    "scenario",
    "scenario_ids",
    "start",
]
