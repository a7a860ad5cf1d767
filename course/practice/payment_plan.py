"""Practice widget for lesson 06: try a monthly payment and hear the plan in plain words."""

from __future__ import annotations

import ipywidgets as widgets

from course.patients.payment_plans import plan_summary
from course.practice.feedback import feedback_box, feedback_html
from course.practice.keyboard import PracticeBox


def make_payment_plan(balance: float = 1200.00, monthly: float = 100.00) -> widgets.VBox:
    """A balance and a monthly payment in; the plan (and any policy warning) out."""
    balance_in = widgets.BoundedFloatText(
        value=balance, min=0, max=100_000, step=0.01, description="Balance $"
    )
    monthly_in = widgets.BoundedFloatText(
        value=monthly, min=0, max=100_000, step=0.01, description="Monthly $"
    )
    out = feedback_box()

    def update(_=None) -> None:
        out.value = feedback_html(plan_summary(balance_in.value, monthly_in.value), None)

    balance_in.observe(update, names="value")
    monthly_in.observe(update, names="value")
    update()
    box = PracticeBox([balance_in, monthly_in, out])
    box.balance, box.monthly, box.feedback = balance_in, monthly_in, out
    return box
