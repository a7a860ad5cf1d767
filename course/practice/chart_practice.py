"""Chart practice: read a synthetic note, enter its codes in order, see a score per code with the rationale.

A thin view over `course.coding.casebank`: the score and every word of feedback come from `score_case`
(and `score_html` here, a pure function the tests call directly). The code explorer is at hand below.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets

from course.coding.casebank import PARTIAL_CREDIT_RULES, Case, CaseScore, load_bank, score_case
from course.coding.rules import parse_code_list
from course.practice.feedback import BAD, GOOD, NEUTRAL, feedback_box, feedback_html, quoted_note
from course.practice.icd_explorer import make_explorer
from course.practice.keyboard import PracticeBox

STATUS_COLOURS = {"exact": GOOD, "missing": BAD, "extra": BAD}


def case_label(case: Case) -> str:
    """How a case is listed in the picker: id, title, setting and difficulty."""
    return f"{case.case_id}: {case.title} ({case.setting}, {case.difficulty})"


def note_html(case: Case) -> str:
    """The provider's note as a quotation, with the setting."""
    return (
        f"<p><b>{html.escape(case.title)}</b>: {html.escape(case.setting)}, {html.escape(case.difficulty)}</p>"
        + quoted_note(case.note)
    )


def score_html(result: CaseScore) -> str:
    """A table of the verdict on every code (status in words, points, rationale) and the total."""
    rows = "".join(
        f"<tr><td>{html.escape(row.kind)}</td>"
        f'<td style="color:{STATUS_COLOURS.get(row.status, NEUTRAL)}"><b>{html.escape(row.status)}</b></td>'
        f"<td>{html.escape(row.keyed or '-')}</td><td>{html.escape(row.entered or '-')}</td>"
        f"<td>{row.points:+g}</td><td>{html.escape(row.rationale)}</td></tr>"
        for row in result.rows
    )
    head = "".join(f'<th scope="col">{h}</th>' for h in ("Code set", "Verdict", "Key", "You", "Points", "Why"))
    total = f"<p><b>Score: {result.points:g} of {result.max_points:g} points ({result.score:.0%}).</b></p>"
    return f"{total}<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


class ChartPractice(PracticeBox):
    """Pick a chart, type its ICD-10-CM codes (first-listed first) and any HCPCS codes, press Check."""

    def __init__(self, cases: Sequence[Case]):
        self.cases = {c.case_id: c for c in cases}
        self.picker = widgets.Dropdown(
            options=[(case_label(c), c.case_id) for c in cases], description="Chart:", layout={"width": "46em"}
        )
        self.note = widgets.HTML()
        self.icd = widgets.Text(
            placeholder="ICD-10-CM codes, first-listed first, e.g. S93.401A, W10.1XXA",
            description="ICD-10-CM:",
            layout={"width": "46em"},
        )
        self.hcpcs = widgets.Text(
            placeholder="HCPCS Level II codes, if a supply, drug or service fits (else leave empty)",
            description="HCPCS:",
            layout={"width": "46em"},
        )
        self.check = widgets.Button(description="Check", button_style="primary", icon="check")
        self.feedback = feedback_box()
        self.rules = widgets.HTML(f"<pre style='white-space:pre-wrap'>{html.escape(PARTIAL_CREDIT_RULES)}</pre>")
        self.tools = widgets.Accordion(children=[self.rules, make_explorer()], selected_index=None)
        self.tools.set_title(0, "How a chart is scored")
        self.tools.set_title(1, "Code explorer (search ICD-10-CM)")
        self.picker.observe(lambda _change: self._show_case(), names="value")
        self.on_press(self.check, self.show_feedback, self.feedback)
        self._show_case()
        super().__init__([self.picker, self.note, self.icd, self.hcpcs, self.check, self.feedback, self.tools])

    @property
    def case(self) -> Case:
        return self.cases[self.picker.value]

    def _show_case(self) -> None:
        self.note.value = note_html(self.case)
        self.icd.value = self.hcpcs.value = self.feedback.value = ""

    def show_feedback(self) -> None:
        """Score the typed codes against the chart's key and show the verdict on each."""
        icd = parse_code_list(self.icd.value)
        if not icd:
            self.feedback.value = feedback_html("Type at least one ICD-10-CM code, for example: I10, E11.9", None)
            return
        hcpcs = [code.strip().upper() for code in self.hcpcs.value.replace(";", ",").replace(" ", ",").split(",")]
        result = score_case(self.case, icd, hcpcs)
        ok = result.score == 1.0
        from course.review.queue import record_result_in_session  # a missed chart enters the review queue

        record_result_in_session(f"case:{self.case.case_id}", result.score, any(r.status != "exact" for r in result.rows))
        summary = "Every code is right, in the right order." if ok else "Some codes need another look (see below)."
        self.feedback.value = feedback_html(summary, ok, f"chart practice: {self.case.case_id}") + score_html(result)


def make_chart_practice(cases: Sequence[Case] | None = None) -> ChartPractice:
    """The chart-practice widget over `cases` (the whole case bank by default)."""
    return ChartPractice(list(cases) if cases is not None else list(load_bank()))
