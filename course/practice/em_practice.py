"""E/M level practice: read a synthetic visit note, level it by medical decision making (each element's
level and the code), by total time (the code the documented minutes select), or both, pick the code to
report, and get element-by-element feedback.

A thin view over `course.coding.em`: the verdicts and every word of feedback come from `grade_attempt`
(and `attempt_html` here, a pure function the tests call directly).
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
    NO_TIME_LEVEL,
    TIME_MINIMUMS,
    Attempt,
    Visit,
    grade_attempt,
    load_visits,
)
from course.practice.feedback import BAD, GOOD, answer_radios, feedback_box, feedback_html, quoted_note
from course.practice.keyboard import PracticeBox

TIME_NOTE = (
    "By time: count the practitioner's own total time for the patient on the date of the visit, with and "
    "without the patient (clinical staff time does not count). The level is the highest one whose minimum "
    "the documented minutes reach; below the lowest minimum, time selects no level and the visit is levelled "
    "by MDM. 99211 is never chosen by time. The practitioner may use either basis: report the one that "
    "supports the higher level. Time beyond the highest minimum (prolonged services) is not practised here."
)
RULE_NOTE = (
    "The MDM level is the highest level that at least two of the three elements meet or exceed. "
    "Straightforward MDM goes with 99202 (new) or 99212 (established), low with 99203 or 99213, "
    "moderate with 99204 or 99214, high with 99205 or 99215."
)
PROMPT = (
    "Level the note by MDM (a level for each of the three elements and the code by MDM), by time (the code "
    "by time), or both; pick the code to report if you like; then press Check."
)
NO_TIME_LABEL = "none: below the lowest minimum"


def visit_label(visit: Visit) -> str:
    """How a note is listed in the picker: id, title and setting (the level is not given away)."""
    return f"{visit.visit_id}: {visit.title} ({visit.setting})"


def note_html(visit: Visit) -> str:
    """The note as a quotation, with the patient's status and the setting."""
    return (
        f"<p><b>{html.escape(visit.title)}</b>: {html.escape(visit.patient)} patient, {html.escape(visit.setting)}</p>"
        + quoted_note(visit.note)
    )


def time_table_html() -> str:
    """The minimum total minutes of each code, new and established patients, as a table."""
    rows = "".join(
        f'<tr><th scope="row">{patient}</th>'
        + "".join(f"<td>{code}: {minutes}</td>" for code, minutes in TIME_MINIMUMS[patient].items())
        + "</tr>"
        for patient in TIME_MINIMUMS
    )
    head = '<th scope="col">Patient</th>' + "".join(f'<th scope="col">level {n}</th>' for n in (2, 3, 4, 5))
    return (
        "<table><caption>Minimum total minutes on the date of the visit</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def guide_html() -> str:
    """The course's own summary of each element's levels, the two-of-three rule and the rule for time."""
    rows = "".join(
        f'<tr><th scope="row">{html.escape(ELEMENT_TITLES[e])}</th>'
        + "".join(f"<td>{html.escape(ELEMENT_GUIDE[e][level])}</td>" for level in ELEMENT_LEVELS)
        + "</tr>"
        for e in ELEMENTS
    )
    head = '<th scope="col">Element</th>' + "".join(f'<th scope="col">{level}</th>' for level in ELEMENT_LEVELS)
    return (
        f"<p>{html.escape(RULE_NOTE)}</p><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        f"<p>{html.escape(TIME_NOTE)}</p>{time_table_html()}"
    )


def attempt_html(attempt: Attempt) -> str:
    """A table of the verdict on each element and on the code, in words, with why."""
    rows = "".join(
        f"<tr><td>{html.escape(v.item)}</td>"
        f'<td style="color:{GOOD if v.ok else BAD}"><b>{"right" if v.ok else "not right"}</b></td>'
        f"<td>{html.escape(v.chosen)}</td><td>{html.escape(v.key)}</td><td>{html.escape(v.why)}</td></tr>"
        for v in attempt.verdicts
    )
    head = "".join(f'<th scope="col">{h}</th>' for h in ("Item", "Verdict", "You", "Key", "Why"))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _column(title: str, radio: widgets.RadioButtons) -> widgets.VBox:
    return widgets.VBox([widgets.HTML(f"<b>{html.escape(title)}</b>"), radio])


class EmPractice(PracticeBox):
    """Pick a note; level it by MDM (three element levels and the code), by time, or both; press Check."""

    def __init__(self, visits: Sequence[Visit]):
        if not visits:
            raise ValueError("no visit notes to practise on")
        self.visits = {v.visit_id: v for v in visits}
        self.picker = widgets.Dropdown(
            options=[(visit_label(v), v.visit_id) for v in visits], description="Note:", layout={"width": "46em"}
        )
        self.note = widgets.HTML()
        self.elements = {e: answer_radios(ELEMENT_LEVELS) for e in ELEMENTS}
        self.code = answer_radios(ALL_CODES)
        self.by_time = answer_radios([*((c, c) for c in ALL_CODES), (NO_TIME_LABEL, NO_TIME_LEVEL)])
        self.report = answer_radios(ALL_CODES)
        self.check = widgets.Button(description="Check", button_style="primary", icon="check")
        self.feedback = feedback_box()
        self.guide = widgets.Accordion(children=[widgets.HTML(guide_html())], selected_index=None)
        self.guide.set_title(0, "How the levels are decided (the course's summary)")
        by_mdm = [_column(ELEMENT_TITLES[e], self.elements[e]) for e in ELEMENTS]
        by_mdm.append(_column("Visit code by MDM", self.code))
        by_time = [_column("Visit code by time", self.by_time), _column("Visit code to report", self.report)]
        self.picker.observe(lambda _change: self._show_visit(), names="value")
        self.on_press(self.check, self.show_feedback, self.feedback)
        self._show_visit()
        super().__init__(
            [self.picker, self.note,
             widgets.HTML("<b>By medical decision making</b>"), widgets.HBox(by_mdm, layout={"flex_flow": "row wrap"}),
             widgets.HTML("<b>By total time, and the code to report</b>"),
             widgets.HBox(by_time, layout={"flex_flow": "row wrap"}),
             self.check, self.feedback, self.guide]
        )  # fmt: skip

    @property
    def visit(self) -> Visit:
        return self.visits[self.picker.value]

    def _show_visit(self) -> None:
        self.note.value = note_html(self.visit)
        for radio in (*self.elements.values(), self.code, self.by_time, self.report):
            radio.value = None
        self.feedback.value = ""

    def show_feedback(self) -> None:
        """Grade what was picked against the note's key and show a verdict on each answer, with why."""
        levels = {e: radio.value for e, radio in self.elements.items()}
        mdm = [*levels.values(), self.code.value]
        mdm_done = None not in mdm
        if not mdm_done and (any(v is not None for v in mdm) or self.by_time.value is None):
            self.feedback.value = feedback_html(PROMPT, None)
            return
        attempt = grade_attempt(
            self.visit, levels if mdm_done else None, self.code.value, self.by_time.value, self.report.value
        )
        message = attempt.summary + ("" if attempt.ok else " See why below.")
        self.feedback.value = feedback_html(message, attempt.ok, f"E/M practice: {self.visit.visit_id}") + attempt_html(
            attempt
        )


def make_em_practice(visits: Sequence[Visit] | None = None) -> EmPractice:
    """The E/M level practice over `visits` (every note in course/coding/em/visits.json by default)."""
    return EmPractice(list(visits) if visits is not None else list(load_visits()))
