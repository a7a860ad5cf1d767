"""Practice widget: search all of ICD-10-CM as you type, and see where a code sits and what notes apply.

The text comes from pure functions (`result_options`, `details_html`) that the tests call directly;
`make_explorer()` only wires a text box, a result list and a details pane to them.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from course.coding.icd10 import get_index
from course.practice.feedback import BAD, GOOD
from course.practice.keyboard import PracticeBox

NOTE_LABELS = (
    ("excludes1", "Excludes1 (NOT coded here: never report together)"),
    ("excludes2", "Excludes2 (not included here: both may be reported)"),
    ("includes", "Includes"),
    ("inclusion_term", "Inclusion terms"),
    ("code_first", "Code first"),
    ("use_additional_code", "Use additional code"),
    ("code_also", "Code also"),
    ("seven_chr_def", "7th character choices"),
    ("notes", "Notes"),
)


def result_options(query: str, billable_only: bool = False, limit: int = 30) -> list[tuple[str, str]]:
    """Options for the result list: (label 'CODE  description', code), best match first."""
    return [(f"{code}  {desc}", code) for code, desc in get_index().search(query, limit, billable_only)]


def summary(query: str, count: int, limit: int = 30) -> str:
    """One line saying what the list shows."""
    if not query.strip():
        return "Type a code (E11, s93.4) or words (ankle sprain right)."
    if count == 0:
        return f"No code matches {query.strip()!r}. Try fewer or shorter words."
    more = " (the best matches; add words to narrow down)" if count >= limit else ""
    return f"{count} codes{more}."


def details_html(code: str) -> str:
    """Hierarchy (chapter > block > category > ... > code), billable status and instructional notes."""
    idx = get_index()
    if not idx.is_valid(code):
        return f'<div style="color:{BAD}">{html.escape(code)} is not a code in ICD-10-CM (FY2026).</div>'
    chain = idx.hierarchy(code)
    kinds = {"category": "Category", "subcategory": "Subcategory", "extended subcategory": "Code"}
    levels = ["Chapter", "Block"] + [kinds[idx.kind(item)] for item, _ in chain[2:]]
    lines = "".join(
        f"<li style='margin-left:{depth}em'><b>{html.escape(level)} {html.escape(item)}</b>: {html.escape(desc)}</li>"
        for depth, (level, (item, desc)) in enumerate(zip(levels, chain, strict=True))
    )
    formatted = idx.format_code(code)
    if idx.is_billable(code):
        status = f'<p style="color:{GOOD}"><b>{formatted} is billable</b>: it has all its characters.</p>'
    else:
        kids = ", ".join(idx.children(code)[:12])
        status = (
            f'<p style="color:{BAD}"><b>{formatted} is NOT billable</b>: it is a header with more specific '
            f"codes below it ({html.escape(kids)}{', ...' if len(idx.children(code)) > 12 else ''}).</p>"
        )
    notes = idx.notes(code)
    sections = "".join(
        f"<p><b>{html.escape(label)}</b></p><ul>{''.join(f'<li>{html.escape(n)}</li>' for n in notes[key])}</ul>"
        for key, label in NOTE_LABELS
        if notes.get(key)
    )
    if not sections:
        sections = "<p>No instructional notes at this code or its category.</p>"
    return f"<ul style='list-style:none;padding-left:0'>{lines}</ul>{status}{sections}"


def make_explorer(initial: str = "", limit: int = 30) -> widgets.VBox:
    """Search box, 'billable only' switch, result list and details pane.

    Children, in order: query (Text), billable_only (Checkbox), summary (HTML), results (Select), details (HTML).
    """
    query = widgets.Text(
        value=initial,
        description="Search",
        placeholder="a code (E11, S93.4) or words (ankle sprain right)",
        continuous_update=True,
        layout=widgets.Layout(width="95%"),
    )
    billable = widgets.Checkbox(value=False, description="Billable codes only", indent=False)
    info = widgets.HTML()
    results = widgets.Select(options=[], rows=10, description="Results", layout=widgets.Layout(width="95%"))
    details = widgets.HTML()

    def refresh(_: dict | None = None) -> None:
        options = result_options(query.value, billable.value, limit)
        info.value = html.escape(summary(query.value, len(options), limit))
        results.options = options
        results.value = options[0][1] if options else None
        if not options:
            details.value = ""

    def show(change: dict) -> None:
        details.value = details_html(change["new"]) if change["new"] else ""

    results.observe(show, names="value")
    query.observe(refresh, names="value")
    billable.observe(refresh, names="value")
    refresh()
    return PracticeBox([query, billable, info, results, details])
