"""Small shared pieces for practice widgets: feedback boxes with accessible colours and text."""

from __future__ import annotations

import html
import sys
import threading

import ipywidgets as widgets

# Text colours with a contrast ratio of at least 4.5:1 on white (WCAG AA).
GOOD = "#1B5E20"
BAD = "#B71C1C"
NEUTRAL = "#212121"


_recording = threading.Lock()


def _record(exercise: str) -> None:
    with _recording:  # one read-modify-write of the progress file at a time
        from course.selfpaced.progress import record_practice_in_session

        record_practice_in_session(exercise)


def record_right_answer(exercise: str) -> threading.Thread | None:
    """Record a right answer in the learner's progress without making them wait for it.

    The first time, the progress module's imports (nbformat, jsonschema) take seconds; the answer
    must show at once, so that first recording runs in a thread (returned, for tests to join).
    """
    if "course.selfpaced.progress" in sys.modules:
        _record(exercise)
        return None
    thread = threading.Thread(target=_record, args=(exercise,), name="course-progress", daemon=True)
    thread.start()
    return thread


def feedback_html(message: str, ok: bool | None, exercise: str | None = None) -> str:
    """HTML for one feedback message; the words say right/wrong, the colour only repeats it.

    A right answer inside a lesson open in JupyterLab is recorded in the learner's progress, under
    `exercise` (one question or drill item; default: the module of the widget that asked).
    """
    if ok:
        record_right_answer(exercise or sys._getframe(1).f_globals.get("__name__", "practice"))
    colour = NEUTRAL if ok is None else (GOOD if ok else BAD)
    prefix = "" if ok is None else ("Correct. " if ok else "Not quite. ")
    return f'<div role="status" style="color:{colour}">{html.escape(prefix + message)}</div>'


def feedback_box() -> widgets.HTML:
    """An empty feedback area that screen readers announce when it changes."""
    box = widgets.HTML(value="", layout=widgets.Layout(min_height="1.5em"))
    box.add_class("course-feedback")  # where the page shows "Checking…" at once (course.practice.keyboard)
    return box
