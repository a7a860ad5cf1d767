"""The biller's work queue: denied and unanswered claims, ordered by value and deadline, and what is left.

Pure functions over the toolkit's own claims (`course.billing.claim.Claim`) and remittances
(`course.billing.remittance.RemitClaim`); the synthetic day is in `course.billing.biller_day`.

The course's priority rule (a teaching rule, not an industry standard):

    priority = dollars at stake x urgency
    urgency  = 3 when the deadline is 0-7 days away, 2 when 8-30 days, 1 when further or when there is
               no deadline (a write-off, a patient statement), 0 when it has passed

Ties go to the nearer deadline (none counts as furthest), then to the claim number. The deadline is the payer's appeal deadline
for a denial the practice can appeal, and the filing limit for a claim the payer never answered or
that must be sent again as a new claim. A claim whose deadline has passed has nothing left to win:
it is cleared (written off) once the urgent work is done.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from course.billing.ar import BUCKETS, bucket_for, clean_claim_rate, denial_rate
from course.billing.claim import Claim
from course.billing.remittance import RemitClaim
from course.billing.scrubber import filing_deadline

ZERO = Decimal("0.00")
# CARCs that share money out rather than deny it: 45 the contract, 1-3 the patient's share (deductible,
# coinsurance, copay). Any other adjustment (CO-50, CO-97, PR-204, ...) denies the money it carries.
SHARING_CARCS = frozenset({"1", "2", "3", "45"})
NO_ANSWER_AFTER_DAYS = 30  # a claim the payer has not answered 30 days after it went in needs a follow-up
STEPS = ("status check", "appeal", "new claim", "corrected claim", "bill other payer", "bill patient", "write off")


@dataclass(frozen=True)
class PayerRules:
    """A payer's limits: the filing limit (days from the date of service; None = Medicare's one calendar
    year, 42 CFR 424.44) and the first-level appeal window (days from receipt of the remittance, which
    is presumed `receipt_days` after its date: Medicare presumes 5, 42 CFR 405.942(a))."""

    name: str
    appeal_days: int
    filing_days: int | None = None
    receipt_days: int = 0


@dataclass(frozen=True)
class WorkItem:
    """One claim in the queue: what is at stake, why it is here, its deadline and the next step."""

    claim_id: str
    patient: str
    payer_id: str
    service_date: date
    amount: Decimal
    reason: str  # "CO-50", "CO-16 MA130", "no answer" ...
    deadline: date | None  # None: nothing has to happen by a date (a write-off, a patient statement)
    deadline_kind: str  # "appeal", "filing" or "" (no deadline)
    step: str  # one of STEPS
    step_text: str


def urgency(days_left: int | None) -> int:
    """3 for 0-7 days left, 2 for 8-30, 1 for more or no deadline (None), 0 once the deadline has passed."""
    if days_left is None:
        return 1
    if days_left < 0:
        return 0
    if days_left <= 7:
        return 3
    return 2 if days_left <= 30 else 1


def days_left(item: WorkItem, today: date) -> int | None:
    """Days from `today` to the item's deadline (negative once it has passed; None with no deadline)."""
    return None if item.deadline is None else (item.deadline - today).days


def priority(item: WorkItem, today: date) -> Decimal:
    """The course's rule: dollars at stake x urgency."""
    return item.amount * urgency(days_left(item, today))


def ordered(items: Iterable[WorkItem], today: date) -> list[WorkItem]:
    """The queue in working order: highest priority first, then the nearer deadline, then the claim number."""
    def key(it: WorkItem) -> tuple:
        left = days_left(it, today)
        return (-priority(it, today), left is None, left or 0, it.claim_id)

    return sorted(items, key=key)


def why_first(item: WorkItem, today: date) -> str:
    """The rule applied to one item, in words: '$260.00 x 2 (deadline in 12 days) = 520.00'."""
    left = days_left(item, today)
    if left is None:
        when = "no deadline"
    else:
        days = f"{abs(left)} day{'' if abs(left) == 1 else 's'}"
        when = f"deadline passed {days} ago" if left < 0 else f"deadline in {days}"
    return f"${item.amount:,.2f} x {urgency(left)} ({when}) = {priority(item, today):,.2f}"


def amount_at_stake(remit: RemitClaim) -> Decimal:
    """The money the payer denied on a remittance: its adjustments other than the contract (CO-45) and the
    patient's cost sharing (PR-1, PR-2, PR-3)."""
    return sum((a.amount for ln in remit.lines for a in ln.adjustments if a.carc not in SHARING_CARCS), ZERO)


def denial_reason(remit: RemitClaim) -> str:
    """'CO-50' for the first denial adjustment of a remittance ('' when nothing was denied)."""
    for ln in remit.lines:
        for a in ln.adjustments:
            if a.carc not in SHARING_CARCS:
                return f"{a.group}-{a.carc}"
    return ""


def appeal_deadline(remit_date: date, rules: PayerRules) -> date:
    """The last day for a first-level appeal: the payer's window from the (presumed) receipt of the remittance."""
    return remit_date + timedelta(days=rules.receipt_days + rules.appeal_days)


def no_answer_item(claim: Claim, rules: PayerRules, today: date) -> WorkItem | None:
    """A follow-up item for a claim with no answer `NO_ANSWER_AFTER_DAYS` after it went in, else None."""
    sent = claim.received_date or claim.first_service_date
    if (today - sent).days <= NO_ANSWER_AFTER_DAYS:
        return None
    deadline = filing_deadline(claim.first_service_date, rules.filing_days)
    return WorkItem(claim.claim_id, f"{claim.patient.first_name} {claim.patient.last_name}", claim.payer.payer_id,
                    claim.first_service_date, claim.total_charge, "no answer", deadline, "filing", "status check",
                    f"No answer {(today - sent).days} days after it went in: check its status with {rules.name} "
                    f"(276/277 or the payer's portal) and send it again if it never arrived, before {deadline}.")


def denial_item(claim: Claim, remit: RemitClaim, remit_date: date, rules: PayerRules, step: str, step_text: str,
                rarc: str = "") -> WorkItem:
    """The work item for a claim the payer denied (wholly or a line): the denied dollars, the reason, and the
    deadline of the step: the appeal deadline for an appeal, else the filing limit (a new or corrected claim
    must be in by then; for a write-off it says whether anything was left to win). `{deadline}` in
    `step_text` is filled in. The wiring point for denials from elsewhere (e.g. the denial simulator)."""
    if step not in STEPS:
        raise ValueError(f"unknown step {step!r}: one of {', '.join(STEPS)}")
    if step == "appeal":
        deadline, kind = appeal_deadline(remit_date, rules), "appeal"
    else:
        deadline, kind = filing_deadline(claim.first_service_date, rules.filing_days), "filing"
    reason = denial_reason(remit) + (f" {rarc}" if rarc else "")
    return WorkItem(claim.claim_id, f"{claim.patient.first_name} {claim.patient.last_name}", claim.payer.payer_id,
                    claim.first_service_date, amount_at_stake(remit), reason, deadline, kind, step,
                    step_text.format(deadline=deadline))


def ar_by_bucket(items: Iterable[WorkItem], worked: Mapping[str, str], today: date) -> dict[str, dict[str, Decimal]]:
    """The queue's A/R by age bucket (from the date of service): 'to work' and 'waiting for payment'.

    `worked` maps a claim id to the step taken. A written-off claim leaves A/R; any other step moves its
    amount from 'to work' to 'waiting for payment' (appealed, sent again, billed to another payer or to the
    patient, or asked about: not paid yet).
    """
    out = {"to work": dict.fromkeys(BUCKETS, ZERO), "waiting for payment": dict.fromkeys(BUCKETS, ZERO)}
    for it in items:
        step = worked.get(it.claim_id)
        if step == "write off":
            continue
        part = "to work" if step is None else "waiting for payment"
        out[part][bucket_for((today - it.service_date).days)] += it.amount
    return out


def written_off(items: Iterable[WorkItem], worked: Mapping[str, str]) -> Decimal:
    """Dollars written off so far today."""
    return sum((it.amount for it in items if worked.get(it.claim_id) == "write off"), ZERO)


@dataclass(frozen=True)
class Rates:
    """The period's clean-claim and denial rates, with the counts behind them."""

    submitted: int
    clean: int
    adjudicated: int
    denied: int

    @property
    def clean_claim_rate(self) -> float:
        """Clean claims / claims submitted. The course counts a claim clean when no one had to fix it before it
        went out and the payer did not deny it (a first-pass rate). HFMA's MAP Key CL-1 counts the first part
        (claims that pass the edits with no manual intervention); many offices also count denials against it."""
        return clean_claim_rate(self.clean, self.submitted)

    @property
    def denial_rate(self) -> float:
        """Claims the payer denied / claims the payer answered (HFMA MAP Key AR-5, by count)."""
        return denial_rate(self.denied, self.adjudicated)


def rates(claims: Iterable[Claim], remits: Mapping[str, RemitClaim], needed_touch: Iterable[str]) -> Rates:
    """The rates for a period's claims: `remits` by claim id (the answered ones), `needed_touch` the ids a
    person had to fix before they went out (a scrubber error) or that the payer denied or rejected.

    A claim is denied when its remittance denies money (`amount_at_stake` > 0): status 4, or a line denied.
    """
    claims = list(claims)
    touched = set(needed_touch)
    denied = {cid for cid, r in remits.items() if amount_at_stake(r) > 0}
    clean = sum(1 for c in claims if c.claim_id not in touched and c.claim_id not in denied)
    return Rates(len(claims), clean, len(remits), len(denied))
