"""Put steps in order (lesson 01: a visit's journey through the revenue cycle), with specific feedback."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

import ipywidgets as widgets

from course.billing import revenue_cycle
from course.practice.feedback import feedback_box
from course.practice.keyboard import PracticeBox
from course.practice.sorting import feedback_lines_html

CHOOSE = "(choose a step)"


def ordering_feedback(
    chosen: Sequence[str | None], correct: Sequence[str], hints: Mapping[str, str]
) -> tuple[bool | None, list[str]]:
    """(all in order?, messages): what is missing or repeated, or the first step out of place and a hint."""
    picked = [step for step in chosen if step not in (None, CHOOSE)]
    if not picked:
        return None, ["Choose a step for each position, then press Check."]
    empty = [str(i) for i, step in enumerate(chosen, 1) if step in (None, CHOOSE)]
    if empty:
        return None, [f"Position{'s' if len(empty) > 1 else ''} {', '.join(empty)} still empty."]
    repeated = sorted({step for step in picked if picked.count(step) > 1})
    if repeated:
        return False, [f"“{step}” is chosen more than once: each step happens once." for step in repeated]
    right = sum(a == b for a, b in zip(chosen, correct, strict=True))
    if right == len(correct):
        return True, [f"All {len(correct)} steps are in order."]
    first = next(i for i, (a, b) in enumerate(zip(chosen, correct, strict=True)) if a != b)
    lines = [f"{right} of {len(correct)} positions are right."]
    lines.append(f"The first step out of place is at position {first + 1}: “{chosen[first]}”.")
    if chosen[first] in hints:
        lines.append(f"Hint about that step: {hints[chosen[first]]}")
    return False, lines


class OrderingPractice(PracticeBox):
    """One dropdown per position (the options shuffled), a Check button and the feedback area."""

    def __init__(self, correct: Sequence[str], hints: Mapping[str, str], prompt: str, seed: int):
        self.correct = list(correct)
        self.prompt = prompt
        self.hints = dict(hints)
        options = list(correct)
        random.Random(seed).shuffle(options)
        self.positions = [
            widgets.Dropdown(
                options=[CHOOSE, *options], value=CHOOSE, description=f"Step {i}", layout={"width": "32em"}
            )
            for i in range(1, len(options) + 1)
        ]
        self.check = widgets.Button(description="Check", button_style="primary", icon="check")
        self.feedback = feedback_box()
        self.on_press(self.check, self.show_feedback, self.feedback)
        super().__init__([widgets.HTML(f"<b>{prompt}</b>"), *self.positions, self.check, self.feedback])

    def show_feedback(self) -> None:
        """Grade the current order and show the first step out of place."""
        ok, lines = ordering_feedback([d.value for d in self.positions], self.correct, self.hints)
        self.feedback.value = feedback_lines_html(ok, lines, f"order: {self.prompt}")


def make_orderer(
    correct: Sequence[str],
    hints: Mapping[str, str] | None = None,
    prompt: str = "Put the steps in order.",
    seed: int = 1,
) -> OrderingPractice:
    """An ordering practice over `correct` (the steps in their right order); `hints` explain each step."""
    if len(set(correct)) != len(correct):
        raise ValueError("the steps must be different from one another")
    return OrderingPractice(correct, hints or {}, prompt, seed)


def make_journey_orderer() -> OrderingPractice:
    """Lesson 01: a visit's journey from registration to the patient's statement."""
    return make_orderer(
        revenue_cycle.JOURNEY,
        revenue_cycle.JOURNEY_HINTS,
        "Put one visit's journey in order, from the front desk to the patient's statement.",
    )
