"""Small shared pieces for practice widgets: feedback boxes with accessible colours and text."""

from __future__ import annotations

import html
import sys

import ipywidgets as widgets

# Text colours with a contrast ratio of at least 4.5:1 on white (WCAG AA).
GOOD = "#1B5E20"
BAD = "#B71C1C"
NEUTRAL = "#212121"


def feedback_html(message: str, ok: bool | None, exercise: str | None = None) -> str:
    """HTML for one feedback message; the words say right/wrong, the colour only repeats it.

    A right answer inside a lesson open in JupyterLab is recorded in the learner's progress, under
    `exercise` (default: the module of the widget that asked for the feedback).
    """
    if ok:
        from course.selfpaced.progress import record_practice_in_session

        record_practice_in_session(exercise or sys._getframe(1).f_globals.get("__name__", "practice"))
    colour = NEUTRAL if ok is None else (GOOD if ok else BAD)
    prefix = "" if ok is None else ("Correct. " if ok else "Not quite. ")
    return f'<div role="status" style="color:{colour}">{html.escape(prefix + message)}</div>'


def feedback_box() -> widgets.HTML:
    """An empty feedback area that screen readers announce when it changes."""
    return widgets.HTML(value="", layout=widgets.Layout(min_height="1.5em"))
