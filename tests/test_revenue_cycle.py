"""course.billing.revenue_cycle and its figure."""

from __future__ import annotations

import pytest

from course.billing.cycle_figure import draw_revenue_cycle, revenue_cycle_alt
from course.billing.revenue_cycle import CYCLE, JOURNEY, JOURNEY_HINTS, WHO, step_names, steps_by
from course.plots import figure_html


def test_cycle_order_follows_a_visit():
    names = step_names()
    assert names[0] == "Scheduling and pre-registration"
    order = ["Registration and eligibility", "Documentation and charge capture", "Coding"]
    order += ["Claim scrubbing and submission", "Adjudication", "Payment posting"]
    positions = [names.index(name) for name in order]
    assert positions == sorted(positions)
    assert len(set(names)) == len(names)


def test_who_does_what():
    assert steps_by("coder") == ["Coding"]
    assert steps_by("provider") == ["Documentation and charge capture"]
    assert "Payment posting" in steps_by("biller")
    assert {step.who for step in CYCLE} == set(WHO)
    with pytest.raises(ValueError, match="unknown role"):
        steps_by("doctor")


def test_journey_has_a_hint_per_step_and_coding_after_documentation():
    assert len(set(JOURNEY)) == len(JOURNEY) == 7
    assert set(JOURNEY_HINTS) == set(JOURNEY)
    assert JOURNEY.index("See the patient and write the visit note") < JOURNEY.index("Turn the visit note into codes")


def test_figure_draws_every_step_and_its_alt_text_lists_them():
    fig = draw_revenue_cycle()
    texts = [t.get_text() for t in fig.axes[0].texts]
    for i, step in enumerate(CYCLE, 1):
        assert any(t.startswith(f"{i}. ") and step.name.split()[0] in t for t in texts), step.name
    alt = revenue_cycle_alt()
    assert all(f"{step.name} ({step.who})" in alt for step in CYCLE)
    page = figure_html(fig, alt=alt)
    assert 'alt="A loop of 11 steps' in page and "data:image/png;base64," in page
