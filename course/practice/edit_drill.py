"""Which modifier, if any? Two lines billed the same day, what the record says, and the course's edits.

A thin view over `course.billing.edits`: each answer is tried on the claim's lines and the course's edit
table says what it would do; the record decides which fitting modifier is the true one. The pairs are
the course's FICTIONAL teaching edits (course/data/edits_ptp.csv), not CMS's. `drill_feedback` is the
pure function the widget shows; the tests call it directly.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

import ipywidgets as widgets

from course.billing.claim import ServiceLine
from course.billing.edits import MODIFIER_MEANINGS, EditHit, edit_hits
from course.coding.hcpcs import lookup
from course.practice.feedback import feedback_box, feedback_html
from course.practice.keyboard import PracticeBox

NONE = "No modifier: send it as it is"
REMOVE = "No modifier makes it right: remove line 2"
ANSWERS = (NONE, "25", "59", "XE", "XS", "XP", "XU", REMOVE)
DAY = date(2026, 10, 5)


@dataclass(frozen=True)
class EditCase:
    """Two lines of one claim, what the record says, the right answer and why."""

    title: str
    lines: tuple[ServiceLine, ServiceLine]
    record: str
    answer: str  # one of ANSWERS
    why: str


def _line(code: str, charge: str, modifiers: tuple[str, ...] = ()) -> ServiceLine:
    return ServiceLine(DAY, code, Decimal(charge), 1, modifiers, (1,))


CASES: tuple[EditCase, ...] = (
    EditCase("Two legs", (_line("L4361", "120.00", ("RT",)), _line("L1830", "95.00", ("LT",))),
             "After a fall: a walking boot for the right ankle, and a knee immobilizer for the left knee.",
             "XS", "Different legs are separate structures: XS on the L1830 line says so, more precisely than 59."),
    EditCase("One leg", (_line("L4361", "120.00", ("RT",)), _line("L1830", "95.00", ("RT",))),
             "A walking boot and a knee immobilizer, both for the right leg, for the same injury.",
             REMOVE, "On the same leg the two overlap: nothing in the record makes them distinct, and a modifier "
             "must never be added only to get past an edit."),
    EditCase("Morning and evening", (_line("H0031", "95.00"), _line("H0001", "80.00")),
             "A mental health assessment at 9 a.m.; the patient came back at 6 p.m. and had an alcohol and drug "
             "assessment with the same counsellor.",
             "XE", "Two encounters on one day: XE (separate encounter) on the H0001 line."),
    EditCase("Two practitioners", (_line("H0031", "95.00"), _line("H0001", "80.00")),
             "A psychologist did the mental health assessment; a different practitioner, a counsellor, did the "
             "alcohol and drug assessment.",
             "XP", "Another practitioner did it: XP (separate practitioner) on the H0001 line."),
    EditCase("A visit beside a procedure", (_line("Q0091", "60.00"), _line("T1015", "150.00")),
             "The patient came for a screening Pap smear and also reported new chest pain, which the clinician "
             "examined and worked up in full.",
             "25", "The chest pain needed a significant, separately identifiable visit: 25 on the visit line "
             "(59 and the X modifiers are never for visits)."),
    EditCase("Two wellness visits", (_line("G0438", "260.00"), _line("G0439", "210.00")),
             "The patient's first annual wellness visit.",
             REMOVE, "The first annual wellness visit and a later one never go together (indicator 0): the "
             "G0439 line should not be there."),
)


def lines_with(case: EditCase, chosen: str) -> list[ServiceLine]:
    """The case's lines with the answer applied: the modifier added to line 2, or line 2 removed."""
    first, second = case.lines
    if chosen == REMOVE:
        return [first]
    if chosen == NONE:
        return [first, second]
    return [first, replace(second, modifiers=(*second.modifiers, chosen))]


def drill_feedback(case: EditCase, chosen: str | None) -> tuple[bool | None, str]:
    """Right or not, with what the course's edits say about the answer and what the record says."""
    if chosen is None:
        return None, "Pick an answer, then press Check."
    hits: list[EditHit] = edit_hits(lines_with(case, chosen))
    said = " ".join(h.message for h in hits)
    if chosen == case.answer:
        return True, case.why
    if hits:
        verb = "would stop it" if any(h.severity == "error" for h in hits) else "warn"
        return False, f"The course's edits {verb}: {said}"
    if chosen == REMOVE:
        return False, ("The edits would pass both lines with the right modifier, and the record supports both: "
                       "removing one loses a service that was given.")
    meaning = MODIFIER_MEANINGS.get(chosen, "")
    if case.answer == REMOVE:
        return False, (f"The edits would let {chosen} through ({meaning}), but nothing in the record makes the two "
                       "distinct: a modifier must be true, never added only to get past an edit.")
    return False, (f"The edits would let {chosen} through ({meaning}), but the record says otherwise. Read it "
                   "again: which modifier describes why the two were distinct?")


def answer_label(answer: str) -> str:
    """'XS: separate structure' for a modifier (its meaning's first words); the two plain answers as they are."""
    meaning = MODIFIER_MEANINGS.get(answer)
    return f"{answer}: {meaning.split(':')[0].split(' (')[0].split(' on the day')[0]}" if meaning else answer


def line_words(n: int, line: ServiceLine) -> str:
    """'Line 1: L4361 RT, Pneumatic or vacuum walking boot, ... ($120.00)', the meaning from the course's table."""
    row = lookup(line.code)
    what = f", {row.description}" if row else ""
    mods = "".join(f" {m}" for m in line.modifiers)
    return f"Line {n}: {line.code}{mods}{what} (${line.charge})"


class EditDrill(PracticeBox):
    """One case at a time: the two lines, the record, the answers, Check and Next case."""

    def __init__(self, cases: tuple[EditCase, ...] = CASES):
        self.cases, self.index = cases, 0
        self.case_html = widgets.HTML()
        self.answers = widgets.RadioButtons(options=[(answer_label(a), a) for a in ANSWERS], value=None,
                                            layout={"width": "max-content"})
        self.check = widgets.Button(description="Check", button_style="primary", icon="check")
        self.next = widgets.Button(description="Next case", icon="arrow-right")
        self.feedback = feedback_box()
        self.on_press(self.check, self.show_feedback, self.feedback)
        self.next.on_click(lambda _b: self.show_case(self.index + 1))
        super().__init__([self.case_html, self.answers, widgets.HBox([self.check, self.next]), self.feedback])
        self.show_case(0)

    @property
    def case(self) -> EditCase:
        """The case on screen."""
        return self.cases[self.index]

    def show_case(self, index: int) -> None:
        """Show case `index` (wrapping round), with no answer picked."""
        self.index = index % len(self.cases)
        c = self.case
        rows = "".join(f"<li>{html.escape(line_words(n, ln))}</li>" for n, ln in enumerate(c.lines, start=1))
        self.case_html.value = (f"<p><b>Case {self.index + 1} of {len(self.cases)}: {c.title}.</b> Same patient, "
                                f"same day:</p><ul>{rows}</ul><p>The record: {c.record}</p>"
                                "<p>What goes on line 2?</p>")
        self.answers.value = None
        self.feedback.value = ""

    def show_feedback(self) -> None:
        """Check the picked answer."""
        ok, message = drill_feedback(self.case, self.answers.value)
        self.feedback.value = feedback_html(message, ok, exercise=f"edit drill: {self.case.title}")


def make_edit_drill() -> EditDrill:
    """The modifier drill over the course's teaching edits."""
    return EditDrill()
