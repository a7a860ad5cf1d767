"""Practice widget for lesson 07: a home-office audit: a score and the rule behind each fix."""

from __future__ import annotations

import html

import ipywidgets as widgets

from course.practice.keyboard import PracticeBox
from course.security.home_office import CHECKS, audit, audit_report


def report_html(answers: dict[str, bool]) -> str:
    """The audit report as HTML (a status region screen readers announce)."""
    lines = audit_report(answers).split("\n")
    items = "".join(f"<li>{html.escape(line[2:])}</li>" for line in lines[1:])
    return f'<div role="status"><b>{html.escape(lines[0])}</b><ul>{items}</ul></div>'


def make_home_office_audit(preset: dict[str, bool] | None = None) -> widgets.VBox:
    """One checkbox per check (ticked = yes); the report updates as you tick."""
    preset = preset or {}
    boxes = {
        c.key: widgets.Checkbox(
            value=preset.get(c.key, False),
            description=c.question,
            indent=False,
            layout=widgets.Layout(width="100%"),
        )
        for c in CHECKS
    }
    out = widgets.HTML()

    def update(_=None) -> None:
        out.value = report_html({k: b.value for k, b in boxes.items()})

    for b in boxes.values():
        b.observe(update, names="value")
    update()
    box = PracticeBox([*boxes.values(), out])
    box.checks, box.feedback = boxes, out
    box.audit = lambda: audit({k: b.value for k, b in boxes.items()})
    return box
