"""E/M level practice: read a synthetic visit note, pick each MDM element's level and the visit code,
and get element-by-element feedback.

A thin view over `course.coding.em`: the verdicts and every word of feedback come from `grade_attempt`
(and `attempt_html` here, a pure function the tests call directly). Levels are chosen by medical
decision making only; time-based selection is explained but not scored (see `TIME_NOTE`).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets

from course.coding.em import (
    ALL_CODES,
    ELEMENT_GUIDE,
    ELEMENT_LEVELS,
    ELEMENT_TITLES,
    ELEMENTS,
    Attempt,
    Visit,
    grade_attempt,
    load_visits,
)
from course.practice.feedback import BAD, GOOD, feedback_box, feedback_html, quoted_note
from course.practice.keyboard import PracticeBox

TIME_NOTE = (
    "A visit level can also be chosen by the practitioner's total time on the date of the visit. "
    "This practice scores the level by medical decision making only: the course has not verified the time "
    "thresholds against a CMS source, so read them in the current CMS guide rather than from the course."
)
RULE_NOTE = (
    "The MDM level is the highest level that at least two of the three elements meet or exceed. "
    "Straightforward MDM goes with 99202 (new) or 99212 (established), low with 99203 or 99213, "
    "moderate with 99204 or 99214, high with 99205 or 99215."
)
PROMPT = "Pick a level for each of the three elements and a visit code, then press Check."


def visit_label(visit: Visit) -> str:
    """How a note is listed in the picker: id, title and setting (the level is not given away)."""
    return f"{visit.visit_id}: {visit.title} ({visit.setting})"


def note_html(visit: Visit) -> str:
    """The note as a quotation, with the patient's status and the setting."""
    return (
        f"<p><b>{html.escape(visit.title)}</b>: {html.escape(visit.patient)} patient, {html.escape(visit.setting)}</p>"
        + quoted_note(visit.note)
    )


def guide_html() -> str:
    """The course's own summary of each element's levels, the two-of-three rule and the note on time."""
    rows = "".join(
        f'<tr><th scope="row">{html.escape(ELEMENT_TITLES[e])}</th>'
        + "".join(f"<td>{html.escape(ELEMENT_GUIDE[e][level])}</td>" for level in ELEMENT_LEVELS)
        + "</tr>"
        for e in ELEMENTS
    )
    head = '<th scope="col">Element</th>' + "".join(f'<th scope="col">{level}</th>' for level in ELEMENT_LEVELS)
    return (
        f"<p>{html.escape(RULE_NOTE)}</p><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        f"<p>{html.escape(TIME_NOTE)}</p>"
    )


def attempt_html(attempt: Attempt) -> str:
    """A table of the verdict on each element and on the code, in words, with why."""
    rows = "".join(
        f"<tr><td>{html.escape(v.item)}</td>"
        f'<td style="color:{GOOD if v.ok else BAD}"><b>{"right" if v.ok else "not right"}</b></td>'
        f"<td>{html.escape(v.chosen)}</td><td>{html.escape(v.key)}</td><td>{html.escape(v.why)}</td></tr>"
        for v in attempt.verdicts
    )
    head = "".join(f'<th scope="col">{h}</th>' for h in ("Element", "Verdict", "You", "Key", "Why"))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


class EmPractice(PracticeBox):
    """Pick a note, choose the three element levels and the visit code, press Check."""

    def __init__(self, visits: Sequence[Visit]):
        if not visits:
            raise ValueError("no visit notes to practise on")
        self.visits = {v.visit_id: v for v in visits}
        self.picker = widgets.Dropdown(
            options=[(visit_label(v), v.visit_id) for v in visits], description="Note:", layout={"width": "46em"}
        )
        self.note = widgets.HTML()
        self.elements = {
            e: widgets.RadioButtons(options=list(ELEMENT_LEVELS), value=None, layout={"width": "max-content"})
            for e in ELEMENTS
        }
        self.code = widgets.RadioButtons(options=list(ALL_CODES), value=None, layout={"width": "max-content"})
        self.check = widgets.Button(description="Check", button_style="primary", icon="check")
        self.feedback = feedback_box()
        self.guide = widgets.Accordion(children=[widgets.HTML(guide_html())], selected_index=None)
        self.guide.set_title(0, "How the levels are decided (the course's summary)")
        columns = [
            widgets.VBox([widgets.HTML(f"<b>{html.escape(ELEMENT_TITLES[e])}</b>"), self.elements[e]])
            for e in ELEMENTS
        ]
        columns.append(widgets.VBox([widgets.HTML("<b>Visit code</b>"), self.code]))
        self.picker.observe(lambda _change: self._show_visit(), names="value")
        self.on_press(self.check, self.show_feedback, self.feedback)
        self._show_visit()
        super().__init__(
            [self.picker, self.note, widgets.HBox(columns, layout={"flex_flow": "row wrap"}), self.check,
             self.feedback, self.guide]
        )

    @property
    def visit(self) -> Visit:
        return self.visits[self.picker.value]

    def _show_visit(self) -> None:
        self.note.value = note_html(self.visit)
        for radio in (*self.elements.values(), self.code):
            radio.value = None
        self.feedback.value = ""

    def show_feedback(self) -> None:
        """Grade the picks against the note's key and show the verdict on each element and the code."""
        levels = {e: radio.value for e, radio in self.elements.items()}
        if None in levels.values() or self.code.value is None:
            self.feedback.value = feedback_html(PROMPT, None)
            return
        attempt = grade_attempt(self.visit, levels, self.code.value)
        message = attempt.summary + ("" if attempt.ok else " See why below.")
        self.feedback.value = feedback_html(message, attempt.ok, f"E/M practice: {self.visit.visit_id}") + attempt_html(
            attempt
        )


def make_em_practice(visits: Sequence[Visit] | None = None) -> EmPractice:
    """The E/M level practice over `visits` (every note in course/coding/em/visits.json by default)."""
    return EmPractice(list(visits) if visits is not None else list(load_visits()))
