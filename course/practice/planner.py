"""Practice widget for lesson 08: choose a route, a start month and an interest; see a study plan."""

from __future__ import annotations

from datetime import date

import ipywidgets as widgets

from course.careers.path import ROUTES, plan_text
from course.practice.feedback import feedback_box, feedback_html
from course.practice.keyboard import PracticeBox


def make_planner(today: date | None = None) -> widgets.VBox:
    """Route, start month, interest and pace in; the plan in words out."""
    today = today or date.today()
    starts = [
        date(today.year + (today.month - 1 + i) // 12, (today.month - 1 + i) % 12 + 1, 1)
        for i in range(1, 13)
    ]
    route = widgets.Dropdown(options=[(r.name, r.key) for r in ROUTES], description="Route:")
    start = widgets.Dropdown(options=[(f"{d:%B %Y}", d) for d in starts], description="Start:")
    interest = widgets.ToggleButtons(
        options=[("Coding", "coding"), ("Billing", "billing"), ("Both", "both")],
        value="both",
        description="Interest:",
    )
    part_time = widgets.Checkbox(value=False, description="Part-time", indent=False)
    out = feedback_box()

    def update(_=None) -> None:
        out.value = feedback_html(plan_text(route.value, start.value, interest.value, part_time.value), None)

    for w in (route, start, interest, part_time):
        w.observe(update, names="value")
    update()
    box = PracticeBox([route, start, interest, part_time, out])
    box.route, box.start, box.interest, box.part_time, box.feedback = route, start, interest, part_time, out
    return box
