"""A multiple-choice question with immediate, specific feedback (check-your-understanding)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import ipywidgets as widgets

from course.practice.feedback import answer_radios, feedback_box, feedback_html
from course.practice.keyboard import PracticeBox


def choice_feedback(
    chosen: str | None, answer: str, explanations: Mapping[str, str]
) -> tuple[bool | None, str]:
    """Whether `chosen` is the answer, and why: (None, prompt) when nothing is chosen yet."""
    if chosen is None:
        return None, "Pick one answer, then press Check."
    why = explanations.get(chosen, "")
    if chosen == answer:
        return True, why or f"{answer} is right."
    return False, why or "Read the question again and try another answer."


class ChoicePractice(PracticeBox):
    """The question, its options, a Check button and the feedback area."""

    def __init__(self, question: str, options: Sequence[str], answer: str, explanations: Mapping[str, str]):
        if answer not in options:
            raise ValueError(f"the answer {answer!r} is not one of the options")
        self.answer = answer
        self.question = question
        self.explanations = dict(explanations)
        self.options = answer_radios(options)
        self.check = widgets.Button(description="Check", button_style="primary", icon="check")
        self.feedback = feedback_box()
        self.on_press(self.check, self.show_feedback, self.feedback)
        super().__init__([widgets.HTML(f"<b>{question}</b>"), self.options, self.check, self.feedback])

    def show_feedback(self) -> None:
        """Grade the current choice and show why."""
        ok, message = choice_feedback(self.options.value, self.answer, self.explanations)
        self.feedback.value = feedback_html(message, ok, exercise=f"choice: {self.question}")


def make_choice(
    question: str, options: Sequence[str], answer: str, explanations: Mapping[str, str] | None = None
) -> ChoicePractice:
    """A multiple-choice practice; `explanations` maps each option to why it is right or wrong."""
    return ChoicePractice(question, options, answer, explanations or {})
