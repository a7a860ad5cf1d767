"""Lesson 03 drills: abstract the codes from a synthetic note, and pick an injury's 7th character.

Thin views over course.coding.rules: the feedback text comes from `review_abstraction` and
`explain_seventh_character`, which the tests call directly.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets

from course.coding.cases import NOTE_CASES, SEVENTH_CASES
from course.coding.rules import (
    SEVENTH_MEANINGS,
    NoteCase,
    SeventhCharacterCase,
    explain_seventh_character,
    review_abstraction,
)
from course.practice.feedback import feedback_box, feedback_html, quoted_note
from course.practice.keyboard import PracticeBox


def _feedback_list(ok: bool, messages: Sequence[str], exercise: str) -> str:
    return "".join(feedback_html(m, ok, exercise) for m in messages)


class AbstractionDrill(PracticeBox):
    """Pick a note, type its codes (first-listed first), press Check, read why."""

    def __init__(self, cases: Sequence[NoteCase]):
        self.cases = {c.case_id: c for c in cases}
        self.picker = widgets.Dropdown(
            options=[(c.title, c.case_id) for c in cases], description="Note:", layout={"width": "32em"}
        )
        self.note = widgets.HTML()
        self.answer = widgets.Text(
            placeholder="codes, first-listed first, e.g. E11.9, I10",
            description="Codes:",
            layout={"width": "32em"},
        )
        self.check = widgets.Button(description="Check", button_style="primary", icon="check")
        self.feedback = feedback_box()
        self.picker.observe(lambda _change: self._show_note(), names="value")
        self.on_press(self.check, self.show_feedback, self.feedback)
        self._show_note()
        super().__init__([self.picker, self.note, self.answer, self.check, self.feedback])

    @property
    def case(self) -> NoteCase:
        return self.cases[self.picker.value]

    def _show_note(self) -> None:
        self.note.value = quoted_note(self.case.note)
        self.answer.value = ""
        self.feedback.value = ""

    def show_feedback(self) -> None:
        """Review the typed codes against the selected note's key."""
        review = review_abstraction(self.case, self.answer.value)
        self.feedback.value = _feedback_list(review.ok, review.messages, f"abstraction: {self.case.case_id}")


class SeventhCharacterQuiz(PracticeBox):
    """One injury encounter at a time: choose A, D or S and see why."""

    def __init__(self, cases: Sequence[SeventhCharacterCase]):
        self.cases = list(cases)
        self.index = 0
        self.story = widgets.HTML()
        self.choice = widgets.ToggleButtons(
            options=[(f"{k}: {v.split(':')[0]}", k) for k, v in SEVENTH_MEANINGS.items()],
            value=None,
            style={"button_width": "14em"},
        )
        self.next = widgets.Button(description="Next encounter", icon="arrow-right")
        self.feedback = feedback_box()
        self.choice.observe(lambda change: self.show_feedback() if change["new"] else None, names="value")
        self.next.on_click(lambda _button: self.go_to(self.index + 1))
        self.go_to(0)
        super().__init__([self.story, self.choice, self.feedback, self.next])

    def go_to(self, index: int) -> None:
        """Show encounter `index` (wrapping round) with no choice made."""
        self.index = index % len(self.cases)
        case = self.cases[self.index]
        self.story.value = (
            f"<b>Encounter {self.index + 1} of {len(self.cases)}.</b> {html.escape(case.story)}"
        )
        self.choice.value = None
        self.feedback.value = ""

    def show_feedback(self) -> None:
        """Explain the current choice for the current encounter."""
        ok, message = explain_seventh_character(self.cases[self.index], self.choice.value or "")
        self.feedback.value = feedback_html(message, ok, f"seventh character: {self.cases[self.index].story}")


def make_abstraction_drill(cases: Sequence[NoteCase] = NOTE_CASES) -> AbstractionDrill:
    """The note-abstraction drill over `cases` (lesson 03's synthetic notes by default)."""
    return AbstractionDrill(cases)


def make_seventh_character_quiz(
    cases: Sequence[SeventhCharacterCase] = SEVENTH_CASES,
) -> SeventhCharacterQuiz:
    """The A/D/S quiz over `cases` (lesson 03's injury encounters by default)."""
    return SeventhCharacterQuiz(cases)
