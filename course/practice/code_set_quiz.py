"""Lesson 02 quiz: which code set does this code (or code pattern) belong to?

The feedback comes from `code_set_feedback`, a pure function the tests call directly. No CPT code is
shown: CPT items are described by their structure only (the AMA owns CPT).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import ipywidgets as widgets

from course.practice.feedback import feedback_box, feedback_html
from course.practice.keyboard import PracticeBox

CODE_SETS = ("ICD-10-CM", "ICD-10-PCS", "CPT", "HCPCS Level II")

# What each code set is for and what its codes look like: the core of every explanation.
SHAPE = {
    "ICD-10-CM": "diagnoses; 3 to 7 characters, a letter first, a dot after the 3rd character",
    "ICD-10-PCS": "inpatient hospital procedures; always 7 characters, no dot",
    "CPT": "procedures and services (HCPCS Level I, the AMA's); always 4 digits and then one more "
    "character: a digit (most Category I codes), A (Category I vaccine codes), F (Category II), "
    "T (Category III), U (proprietary laboratory analyses) or M (administrative lab-analysis codes)",
    "HCPCS Level II": "supplies, equipment, drugs and services CPT does not cover (CMS); 1 letter + 4 digits",
}


@dataclass(frozen=True)
class CodeSetItem:
    """A code or a code pattern, the code set it belongs to, and a note on the tell-tale detail."""

    shown: str
    answer: str
    detail: str


ITEMS: tuple[CodeSetItem, ...] = (
    CodeSetItem("E11.9", "ICD-10-CM", "A letter, two characters, a dot, then more: a diagnosis code."),
    CodeSetItem(
        "0DTJ4ZZ", "ICD-10-PCS", "Seven characters, no dot, starting with a digit: an inpatient procedure."
    ),
    CodeSetItem("E0114", "HCPCS Level II", "One letter and four digits, no dot: E is the equipment section."),
    CodeSetItem(
        "J1885",
        "HCPCS Level II",
        "One letter and four digits: J is the section for drugs given other than by mouth.",
    ),
    CodeSetItem("U07.1", "ICD-10-CM", "U codes exist in ICD-10-CM: U07.1 is COVID-19."),
    CodeSetItem(
        "a code made of five digits, no letters", "CPT", "Five digits is the shape of most Category I CPT codes."
    ),
    CodeSetItem(
        "a code made of four digits followed by the letter T",
        "CPT",
        "Four digits and a T is a Category III CPT code (emerging technology).",
    ),
    CodeSetItem(
        "a code made of four digits followed by the letter U",
        "CPT",
        "Four digits and a U is a CPT Proprietary Laboratory Analyses (PLA) code, such as 0001U: "
        "CPT is not only five digits or F and T.",
    ),
    CodeSetItem(
        "W19.XXXA",
        "ICD-10-CM",
        "Placeholder X characters and a 7th character A: an ICD-10-CM external-cause code.",
    ),
)


def prompt_text(item: CodeSetItem) -> str:
    """The question for one item (HTML): a code is shown as code, a described shape as words."""
    if " " in item.shown:
        return f"Which code set uses {html.escape(item.shown)}?"
    return f"Which code set is <code>{html.escape(item.shown)}</code> from?"


def code_set_feedback(item: CodeSetItem, choice: str | None) -> tuple[bool | None, str]:
    """Whether `choice` is the code set of `item`, and why (None when nothing is chosen yet)."""
    if choice is None:
        return None, "Pick a code set."
    if choice not in SHAPE:
        return False, f"Choose one of: {', '.join(CODE_SETS)}."
    if choice == item.answer:
        return True, item.detail
    return False, (
        f"{choice} is for {SHAPE[choice]}. {item.shown} does not fit that pattern. "
        f"Look at its length, its first character and whether it has a dot."
    )


class CodeSetQuiz(PracticeBox):
    """One item at a time; choosing a code set shows the feedback at once."""

    def __init__(self, items: Sequence[CodeSetItem]):
        self.items = list(items)
        self.index = 0
        self.prompt = widgets.HTML()
        self.choice = widgets.ToggleButtons(
            options=list(CODE_SETS), value=None, style={"button_width": "10em"}
        )
        self.next = widgets.Button(description="Next code", icon="arrow-right")
        self.feedback = feedback_box()
        self.choice.observe(lambda change: self.show_feedback() if change["new"] else None, names="value")
        self.next.on_click(lambda _button: self.go_to(self.index + 1))
        self.go_to(0)
        super().__init__([self.prompt, self.choice, self.feedback, self.next])

    def go_to(self, index: int) -> None:
        """Show item `index` (wrapping round) with no choice made."""
        self.index = index % len(self.items)
        item = self.items[self.index]
        self.prompt.value = f"<b>{self.index + 1} of {len(self.items)}.</b> {prompt_text(item)}"
        self.choice.value = None
        self.feedback.value = ""

    def show_feedback(self) -> None:
        """Explain the current choice."""
        ok, message = code_set_feedback(self.items[self.index], self.choice.value)
        self.feedback.value = feedback_html(message, ok, f"code set: {self.items[self.index].shown}")


def make_code_set_quiz(items: Sequence[CodeSetItem] = ITEMS) -> CodeSetQuiz:
    """The 'which code set?' quiz over `items` (lesson 02's set by default)."""
    return CodeSetQuiz(items)
