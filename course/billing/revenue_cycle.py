"""The revenue cycle: the ordered steps from scheduling a visit to the practice being paid in full.

`CYCLE` is the full cycle lesson 01 draws; `JOURNEY` is the short version of one visit whose order
never varies between textbooks, which the ordering practice uses. Step names vary by textbook.
"""

from __future__ import annotations

from dataclasses import dataclass

WHO = ("front office", "provider", "coder", "biller", "payer")


@dataclass(frozen=True)
class Step:
    """One step of the revenue cycle: its name, who mainly does it, and what happens."""

    name: str
    who: str
    what: str


CYCLE: tuple[Step, ...] = (
    Step("Scheduling and pre-registration", "front office", "The visit is booked; demographics are collected."),
    Step(
        "Registration and eligibility",
        "front office",
        "Insurance is checked with the payer (X12 270/271): is the patient covered, and for what?",
    ),
    Step(
        "Prior authorization",
        "front office",
        "When the plan requires it, approval is asked before the service (278).",
    ),
    Step(
        "Documentation and charge capture",
        "provider",
        "The doctor or caregiver writes the record of the visit; the services are recorded as charges.",
    ),
    Step("Coding", "coder", "The coder turns the record into diagnosis and procedure codes."),
    Step(
        "Claim scrubbing and submission",
        "biller",
        "The claim is checked for errors and sent (X12 837) through a clearinghouse.",
    ),
    Step(
        "Adjudication",
        "payer",
        "The payer decides what it allows, pays and leaves to the patient; status queries use 276/277.",
    ),
    Step("Payment posting", "biller", "The remittance (835 or EOB) is posted to the patient's account."),
    Step("Denials and appeals", "biller", "Denied claims are corrected and resent, or appealed."),
    Step("Patient statements and collections", "biller", "The patient is billed for their share."),
    Step(
        "A/R follow-up and reporting",
        "biller",
        "Unpaid accounts are chased; the practice watches its numbers.",
    ),
)

JOURNEY: tuple[str, ...] = (
    "Register the patient and check the insurance",
    "See the patient and write the visit note",
    "Turn the visit note into codes",
    "Check the claim and send it to the payer",
    "The payer decides what it will pay",
    "Post the payment to the patient's account",
    "Send the patient a statement for their share",
)

JOURNEY_HINTS: dict[str, str] = {
    JOURNEY[0]: "Nothing can be billed before the practice knows who the patient is and who insures them.",
    JOURNEY[1]: "The record of the visit is written by the doctor or caregiver who saw the patient.",
    JOURNEY[2]: "Coders work from the finished visit note, and the claim needs the codes.",
    JOURNEY[3]: "A claim can only be sent once the visit has been coded.",
    JOURNEY[4]: "The payer can only decide once it has received the claim.",
    JOURNEY[5]: "There is a payment to post only after the payer has decided.",
    JOURNEY[6]: "The patient's share is known only after the payer's payment has been posted.",
}


def step_names(steps: tuple[Step, ...] = CYCLE) -> list[str]:
    """The names of the steps, in order."""
    return [step.name for step in steps]


def steps_by(who: str, steps: tuple[Step, ...] = CYCLE) -> list[str]:
    """The names of the steps `who` mainly does, in order."""
    if who not in WHO:
        raise ValueError(f"unknown role {who!r}; one of {', '.join(WHO)}")
    return [step.name for step in steps if step.who == who]
