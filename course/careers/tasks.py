"""The two careers: which everyday tasks belong to the medical coder, the biller, or both.

Lesson 01's sorting practice is built on `TASKS`. The assignment grades *other* tasks, so nothing
here is a ready-made answer to it.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("coder", "biller", "both")


@dataclass(frozen=True)
class Task:
    """A real task from a coding or billing job, who does it, and why."""

    text: str
    role: str
    why: str


TASKS: tuple[Task, ...] = (
    Task(
        "Read a doctor's visit note and choose the ICD-10-CM diagnosis codes",
        "coder",
        "Coders work from what doctors and caregivers wrote in the record, and translate it into codes.",
    ),
    Task(
        "Explain a bill to a patient on the phone and set up a payment plan",
        "biller",
        "Billers collect the patient's share and talk with patients about their bills every day.",
    ),
    Task(
        "Keep patients' health information private, as HIPAA requires",
        "both",
        "Coders and billers both handle protected health information, so both must keep it private.",
    ),
    Task(
        "Send the doctor a question (a query) when the note does not say which knee was hurt",
        "coder",
        "A coder may only code what is documented, so the coder asks the doctor to complete the record.",
    ),
    Task(
        "Post the insurer's payment from a remittance to the patient's account",
        "biller",
        "Recording what the payer paid, adjusted and left to the patient is a biller's job.",
    ),
    Task(
        "Check every character of a code, date or amount, because one slip can get a claim denied",
        "both",
        "Attention to detail is what the two jobs share: a wrong character costs the practice its payment.",
    ),
    Task(
        "Call an insurance company to ask why a claim has not been paid",
        "biller",
        "Following up on unpaid claims (accounts receivable) is how billers get the practice paid.",
    ),
    Task(
        "Add the 7th character that says whether an injury is still in active treatment or healing",
        "coder",
        "Choosing a code's characters from what the record says is coding work.",
    ),
)


def normalise_role(answer: object) -> str | None:
    """'Coder ', 'CODERS', 'biller' ... as one of ROLES; None when it is none of them."""
    if not isinstance(answer, str):
        return None
    word = answer.strip().lower()
    if word.endswith("s") and word[:-1] in ROLES:
        word = word[:-1]
    return word if word in ROLES else None


def sorting_key(tasks: tuple[Task, ...] = TASKS) -> dict[str, str]:
    """Task text -> the role that does it."""
    return {task.text: task.role for task in tasks}


def explanations(tasks: tuple[Task, ...] = TASKS) -> dict[str, str]:
    """Task text -> why that role does it."""
    return {task.text: task.why for task in tasks}
