"""The simulator's data: actions, the scenario format (steps), documents exchanged, and the state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cached_property

from course.billing.claim import Claim, Payer

ZERO = Decimal("0.00")


class Action(StrEnum):
    """What the biller can do about a remittance or letter."""

    CORRECTED_CLAIM = "corrected_claim"  # replacement: CLM05-3 = 7 and REF*F8 = the payer's claim number
    NEW_CLAIM = "new_claim"  # a new original claim (CLM05-3 = 1)
    APPEAL = "appeal"  # a first-level appeal, with evidence
    BILL_OTHER_PAYER = "bill_other_payer"  # a claim to the payer that should pay (primary, new plan, right plan)
    WRITE_OFF = "write_off"  # the practice adjusts the open balance off
    BILL_PATIENT = "bill_patient"  # a patient statement for the patient's share


DETAIL_OF: dict[Action, str] = {
    Action.CORRECTED_CLAIM: "fix",
    Action.NEW_CLAIM: "fix",
    Action.APPEAL: "evidence",
    Action.BILL_PATIENT: "amount",
}


@dataclass(frozen=True)
class Outcome:
    """How a claim closed. `good` is False for money lost that a better choice would have collected."""

    code: str  # paid | patient_billed | written_off | lost_write_off | out_of_time
    good: bool
    says: str


PAID = Outcome("paid", True, "Paid: the payer paid what the contract allows and nothing is left open.")
PATIENT_BILLED = Outcome(
    "patient_billed", True, "Closed: the payer's part is posted and the patient billed their share."
)
WRITTEN_OFF = Outcome("written_off", True, "Closed: the balance the practice cannot collect is written off correctly.")
LOST_WRITE_OFF = Outcome("lost_write_off", False, "Closed with a loss: money that could be collected was written off.")
OUT_OF_TIME = Outcome("out_of_time", False, "Closed with a loss: too many wrong turns, the windows to fix it are gone.")


@dataclass(frozen=True)
class LineAnswer:
    """The payer's answer for one claim line: adjustments (group, CARC, amount) and remark codes."""

    adjustments: tuple[tuple[str, str, Decimal], ...] = ()
    remarks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fix:
    """A change the biller can make to the claim before sending it again."""

    key: str
    label: str
    apply: Callable[[Claim], Claim]


@dataclass(frozen=True)
class Step:
    """One situation in a scenario: what arrives, the right response, and where that leads.

    `answer` holds the 835's lines (one per claim line; None for a letter). A step with `right=None` is
    terminal: reaching it closes the claim with `outcome`. `then` is the step the right choice leads to.
    """

    name: str
    rule: str  # key of codes.RULES: the rule behind the right choice
    answer: tuple[LineAnswer, ...] | None = None
    letter: str = ""
    payer: Payer | None = None  # who sends the answer (default: the scenario's claim payer)
    right: Action | None = None
    detail: str = ""  # the right fix or evidence key
    then: str = ""
    outcome: Outcome | None = None
    deadline_days: int | None = None  # days from the answer's date that the right action must be taken in
    deadline_rule: str = ""
    hint: str = ""  # what a biller should look at here, in the course's words


@dataclass(frozen=True)
class Scenario:
    """A claim, what the biller can see about it, and its steps (the first is `first`)."""

    scenario_id: str
    title: str
    claim: Claim
    context: str
    steps: dict[str, Step]
    first: str
    fixes: tuple[Fix, ...] = ()
    evidence: dict[str, str] = field(default_factory=dict)
    other_payer: Payer | None = None
    answered_on: date | None = None  # date of the first 835
    medicare: bool = False
    codes: tuple[str, ...] = ()  # "CO-16", "MA130", ...: what the scenario teaches
    collectible: Decimal = ZERO  # what the right path collects (payers + patient)
    best: tuple[tuple[Action, str], ...] = ()  # the right path: (action, detail) per decision


@dataclass(frozen=True, eq=False)
class Document:
    """Something exchanged: an 837P claim, an 835, a letter, a patient statement or a ledger adjustment.

    `claim` (837P) or `remittance` (835) are the data; `text` is the X12 (or the letter) made on first use.
    """

    kind: str  # "837P" | "835" | "letter" | "statement" | "adjustment"
    day: date
    title: str
    body: str = ""
    claim: Claim | None = None
    remittance: object | None = None  # course.billing.remittance.Remittance
    control_number: int = 1

    @cached_property
    def text(self) -> str:
        """The X12 interchange for an 837P or 835; the body for anything else."""
        if self.kind == "837P" and self.claim is not None:
            from course.billing.x12_837p import claim_to_837p

            return claim_to_837p(self.claim, control_number=self.control_number)
        if self.kind == "835" and self.remittance is not None:
            from course.billing.x12_835 import remittance_to_835

            return remittance_to_835(self.remittance, control_number=self.control_number)  # type: ignore[arg-type]
        return self.body


@dataclass(frozen=True)
class Event:
    """One choice and what came of it."""

    action: Action
    detail: str
    right: bool
    feedback: str
    rule: str


@dataclass(frozen=True, eq=False)
class State:
    """Where one claim stands. Never changed in place: `choose` returns a new State."""

    scenario: Scenario
    step: str
    claim: Claim
    today: date
    payer_claim_number: str
    documents: tuple[Document, ...]
    events: tuple[Event, ...] = ()
    mistakes: int = 0
    outcome: Outcome | None = None
    payments: tuple[
        tuple[str, Decimal], ...
    ] = ()  # (payer id, paid): a later 835 from a payer replaces its earlier one
    contractual: Decimal = ZERO
    patient_billed: Decimal = ZERO
    written_off: Decimal = ZERO
    lost: Decimal = ZERO
    feedback: str = ""
    deadline: date | None = None
    deadline_rule: str = ""

    @property
    def scenario_id(self) -> str:
        """The scenario's id ("D01", ...)."""
        return self.scenario.scenario_id

    @property
    def paid(self) -> Decimal:
        """What the payers have paid on the claim."""
        return sum((p for _, p in self.payments), ZERO)

    @property
    def reply(self) -> Document:
        """The latest document that came back (835, letter, statement or adjustment)."""
        return next(d for d in reversed(self.documents) if d.kind != "837P")

    @property
    def key(self) -> tuple:
        """What the future depends on (for walking every path without repeating equal states)."""
        c = self.claim
        claim_key = (
            tuple(c.diagnoses),
            tuple((ln.code, ln.modifiers, ln.pointers, ln.place_of_service, ln.units) for ln in c.lines),
            c.payer.payer_id,
            c.patient.sex,
            c.prior_authorization,
        )
        return (self.scenario_id, self.step, self.mistakes, self.outcome, claim_key, self.today)
