"""Small shared pieces for practice widgets: feedback boxes with accessible colours and text."""

from __future__ import annotations

import html
import os
import re
import sys
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

# Text colours with a contrast ratio of at least 4.5:1 on white (WCAG AA).
GOOD = "#1B5E20"
BAD = "#B71C1C"
NEUTRAL = "#212121"


LESSON_SESSION = re.compile(r"(^|/)lessons/\d\d-[a-z0-9-]+\.ipynb$")


def warm_progress() -> bool:
    """In a lesson's kernel, import the progress module now (it takes seconds: nbformat, jsonschema).

    Called when the practice toolkit is imported (a lesson's setup cell), so the first right answer
    shows at once instead of waiting for that import. Does nothing elsewhere, or under nbgrader.
    """
    if not LESSON_SESSION.search(os.environ.get("JPY_SESSION_NAME", "")) or os.environ.get("NBGRADER_EXECUTION"):
        return False
    import course.selfpaced.progress  # noqa: F401

    return True


QUOTE_STYLE = "border-left:4px solid #0072B2;padding-left:0.8em"


def quoted_note(text: str, keep_lines: bool = False) -> str:
    """A record's note (a provider's words) as an escaped quotation; `keep_lines` keeps its line breaks."""
    style = QUOTE_STYLE + (";white-space:pre-wrap" if keep_lines else "")
    return f'<blockquote style="{style}">{html.escape(text)}</blockquote>'


def feedback_html(message: str, ok: bool | None, exercise: str | None = None) -> str:
    """HTML for one feedback message; the words say right/wrong, the colour only repeats it.

    A right answer inside a lesson open in JupyterLab is recorded in the learner's progress, under
    `exercise` (one question or drill item; default: the module of the widget that asked).
    """
    if ok:
        from course.selfpaced.progress import record_practice_in_session

        record_practice_in_session(exercise or sys._getframe(1).f_globals.get("__name__", "practice"))
    colour = NEUTRAL if ok is None else (GOOD if ok else BAD)
    prefix = "" if ok is None else ("Correct. " if ok else "Not quite. ")
    return f'<div role="status" style="color:{colour}">{html.escape(prefix + message)}</div>'


def answer_radios(options: Sequence[Any] = (), **kwargs: Any) -> widgets.RadioButtons:
    """Radio buttons for a student's answer: nothing chosen yet, each option on a line of its own width."""
    return widgets.RadioButtons(options=list(options), value=None, layout={"width": "max-content"}, **kwargs)


def feedback_box() -> widgets.HTML:
    """An empty feedback area that screen readers announce when it changes."""
    box = widgets.HTML(value="", layout=widgets.Layout(min_height="1.5em"))
    box.add_class("course-feedback")  # where the page shows "Checking…" at once (course.practice.keyboard)
    return box
