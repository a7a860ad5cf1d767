"""Buttons for learning on your own (lesson 00): start an assignment, check it, see your progress.

Thin views over course.selfpaced: every message they show comes from those functions.
"""

from __future__ import annotations

import html
import time
from pathlib import Path

import ipywidgets as widgets
from IPython.display import HTML, display

from course.plots import figure_html, new_figure
from course.practice.feedback import BAD, GOOD, NEUTRAL
from course.selfpaced import changed_assignments, self_check, start_assignment
from course.selfpaced.check import PANEL_SECONDS, SelfCheckError, promise, warm_up_in_background
from course.selfpaced.deadlines import due_date, due_text
from course.selfpaced.lessons import last_backups
from course.selfpaced.paths import available_assignments
from course.selfpaced.progress import Summary, exercises_right, summary


def _status(text: str, ok: bool | None = None) -> str:
    colour = {True: GOOD, False: BAD, None: NEUTRAL}[ok]
    return f'<div role="status" style="color:{colour}">{html.escape(text)}</div>'


def make_assignment_panel(root: Path | None = None) -> widgets.VBox:
    """Pick an assignment; start it (never over your work), start over with a backup, or check it."""
    choices = available_assignments(root)
    picker = widgets.Dropdown(options=choices, description="Assignment", value=choices[0] if choices else None)
    start = widgets.Button(description="Start assignment", tooltip="Copy it into assignments/ (your work is never overwritten)")
    fresh = widgets.Button(description="Start over", tooltip="Keep a dated backup of your copy and start from a clean one")
    check = widgets.Button(description="Check my work", button_style="primary", tooltip="Grade your copy with the hidden tests")
    out = widgets.HTML(value="")

    def on_start(_button, *, is_fresh: bool = False) -> None:
        try:
            out.value = _status(start_assignment(picker.value, fresh=is_fresh, root=root).message, True)
            warm_up_in_background(root, [picker.value])
        except ValueError as exc:
            out.value = _status(str(exc), False)

    def on_check(_button) -> None:
        buttons = (start, fresh, check)
        for button in buttons:
            button.disabled = True
        check.description = "Checking…"
        out.value = _status(f"Checking {picker.value} with the hidden tests… ({promise(PANEL_SECONDS)}; "
                            "longer if your code runs long)")
        began = time.perf_counter()
        try:
            report = self_check(picker.value, root=root)
            out.value = report.to_html() + f"<p>Checked in {time.perf_counter() - began:.1f} s.</p>"
        except SelfCheckError as exc:
            out.value = _status(str(exc), False)
        finally:
            check.description = "Check my work"
            for button in buttons:
                button.disabled = False

    start.on_click(on_start)
    fresh.on_click(lambda b: on_start(b, is_fresh=True))
    check.on_click(on_check)
    changed = changed_assignments(root)
    notes = [
        _status("Updated by the course since you started: " + ", ".join(changed) + ". Your copies were not touched; "
                "use Start over to take the new version.")
    ] if changed else []
    notes += [
        _status(f"The course updated lesson {lesson}: what you had typed in it is kept in {backup} "
                "(open it with File > Open from Path...).")
        for lesson, backup in last_backups(root).items()
    ]
    notes += [_status(f"{aid} is {due_text(when)}.") for aid in choices if (when := due_date(aid, root))]
    note = widgets.HTML("".join(notes))
    warm_up_in_background(root)  # imports nbgrader and prepares started assignments: the first check is fast too
    return widgets.VBox([widgets.HBox([picker, start, fresh, check]), note, out, make_review_row(root)])


def make_review_row(root: Path | None = None) -> widgets.VBox:
    """"Due for review today: N" and a button that runs a short review session below it."""
    from course.practice.review_session import due_today, due_today_text, make_review_session

    count = widgets.HTML(_status(due_today_text(due_today(root))))
    button = widgets.Button(description="Review now", tooltip="A short session of the items you missed that are due today")
    session = widgets.Box()

    def on_review(_button) -> None:
        count.value = _status(due_today_text(due_today(root)))  # first: the page shows it before the session
        session.children = [make_review_session(root)]

    button.on_click(on_review)
    return widgets.VBox([widgets.HBox([count, button]), session])


def progress_figure_html(s: Summary) -> str:
    """A bar chart of each assignment's best self-check score, as accessible HTML."""
    fig, ax = new_figure(7, 0.45 * max(len(s.assignments), 1) + 1.2)
    names = [aid for aid, _, _ in s.assignments]
    percents = [100 * best / maximum if best is not None and maximum else 0 for _, best, maximum in s.assignments]
    ax.barh(names, percents)
    ax.set_xlim(0, 100)
    ax.invert_yaxis()
    ax.set_xlabel("best self-check score (% of autograded points)")
    ax.set_title("Your assignments")
    described = "; ".join(f"{n}: {p:.0f}%" for n, p in zip(names, percents, strict=True)) or "no assignments yet"
    return figure_html(fig, alt=f"Bar chart of best self-check scores. {described}.")


LEFT = "style='text-align:left'"  # words read from the left (Lab right-aligns table cells)


def progress_html(s: Summary) -> str:
    """The progress tables: lessons practised and assignments' best scores."""
    lessons = "".join(
        f"<tr><td {LEFT}>{html.escape(name)}</td><td {LEFT}>{'practised: ' + exercises_right(n) if n else 'not yet'}</td></tr>"
        for name, n in s.lessons
    )
    due = (lambda aid: f"<td {LEFT}>{html.escape(due_text(s.due[aid])) if aid in s.due else ''}</td>") if s.due \
        else (lambda aid: "")
    assignments = "".join(
        f"<tr><td {LEFT}>{aid}</td><td {LEFT}>{f'{best:g} / {maximum:g}' if best is not None else 'not checked yet'}</td>"
        f"{due(aid)}</tr>"
        for aid, best, maximum in s.assignments
    )
    due_head = "<th scope='col'>Due</th>" if s.due else ""
    return (
        "<table><thead><tr><th scope='col'>Lesson</th><th scope='col'>Practice</th></tr></thead>"
        f"<tbody>{lessons}</tbody></table>"
        f"<table><thead><tr><th scope='col'>Assignment</th><th scope='col'>Best self-check</th>{due_head}</tr></thead>"
        f"<tbody>{assignments}</tbody></table>"
    )


def show_progress(root: Path | None = None) -> None:
    """Display where you stand across the course."""
    s = summary(root)
    display(HTML(progress_html(s) + progress_figure_html(s) + exam_history_html(root)))


def exam_history_html(root: Path | None = None) -> str:
    """Your practice exams, attempt by attempt (a table and a figure); '' before the first."""
    from course.exam.attempts import attempts, attempts_figure_html, attempts_table_html

    history = attempts(root)
    if not history:
        return ""
    return "<h4>Practice exams</h4>" + attempts_table_html(history) + attempts_figure_html(history)
