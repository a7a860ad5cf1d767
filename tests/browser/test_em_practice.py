"""The E/M level practice in Lab (issue 14 item 6): it renders, answers element by element, levels a note
by total time too, and its content (note, radio groups, feedback table, the guide) passes axe-core.
Screenshot: artifacts/screenshots/em-practice-by-time.png."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from course.coding.em import ALL_CODES, ELEMENTS, get_visit
from course.practice.em_practice import NO_TIME_LABEL, visit_label
from tests.browser import notebook as nb

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]


def open_practice(lab, page, name: str) -> None:
    """A notebook `name` with one cell that shows the E/M practice, opened in Lab and run."""
    notebook = new_notebook(cells=[new_code_cell("from course.practice.em_practice import make_em_practice\n"
                                                 "make_em_practice()")])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, lab.root_dir / name)
    nb.open_notebook(page, lab.tree_url(name))
    nb.run_all(page)


def test_em_practice_answers_and_passes_axe(lab, page) -> None:
    open_practice(lab, page, "em-practice.ipynb")
    assert nb.problems(page) == []
    box = nb.output_with(page, "Visit code by MDM")
    visit = get_visit("em-019")  # key: moderate, minimal, high -> 99214; 25 minutes -> 99213 by time
    box.locator("select").first.select_option(label=visit_label(visit))
    box.locator(".widget-html", has_text="warfarin").first.wait_for(timeout=30_000)
    groups = box.locator(".widget-radio-box")
    picks = ["moderate", "low", "high"]  # data is wrong on purpose
    for group, level in enumerate(picks):
        groups.nth(group).locator("label", has_text=level).first.click()
    groups.nth(len(ELEMENTS)).locator("label", has_text=visit.code).first.click()
    nb.press(box, "Check")
    assert nb.wait_status(box, r"^Not quite\. 3 of 4 right\.")
    table = box.locator("table").first.inner_text()
    assert "The key is minimal, not low" in table and "Visit code: 99214" in table
    box.locator(".jupyter-widget-Collapse-header, .lm-TabBar-tab, .p-Collapse-header").first.click()
    assert box.get_by_text("at least two of the three elements").first.is_visible()
    assert box.get_by_text("99211 is never chosen by time").first.is_visible()
    assert [str(v) for v in nb.axe(page)] == []
    assert len(ALL_CODES) == groups.nth(len(ELEMENTS)).locator("input[type=radio]").count()


def test_em_practice_levels_a_note_by_time(lab, page, screenshots: Path) -> None:
    """A student levels by time alone: first a wrong pick (the MDM code), then the right one; then a note
    whose time is below the lowest minimum."""
    open_practice(lab, page, "em-by-time.ipynb")
    box = nb.output_with(page, "Visit code by time")
    visit = get_visit("em-019")  # 25 minutes, established: 99213 by time; 99214 by MDM; report 99214
    box.locator("select").first.select_option(label=visit_label(visit))
    box.locator(".widget-html", has_text="warfarin").first.wait_for(timeout=30_000)
    groups = box.locator(".widget-radio-box")
    by_time, report = groups.nth(len(ELEMENTS) + 1), groups.nth(len(ELEMENTS) + 2)
    by_time.locator("label", has_text="99214").first.click()
    report.locator("label", has_text="99214").first.click()
    nb.press(box, "Check")
    assert nb.wait_status(box, r"^Not quite\. 1 of 2 right\.")
    table = box.locator("table").first.inner_text()
    assert "99214 needs 30 minutes, more than the 25 documented" in table
    by_time.locator("label", has_text="99213").first.click()
    nb.press(box, "Check")
    assert nb.wait_status(box, r"^Correct\. All 2 right: 99214\.")
    table = box.locator("table").first.inner_text()
    assert "Documented 25 minutes, established patient: meets 20 (99213), not 30 (99214)." in table
    assert "the higher of 99214 by MDM and 99213 by time" in table
    page.screenshot(path=str(screenshots / "em-practice-by-time.png"))
    short = get_visit("em-028")  # 8 minutes: time selects no level
    box.locator("select").first.select_option(label=visit_label(short))
    box.locator(".widget-html", has_text="levothyroxine").first.wait_for(timeout=30_000)
    by_time.locator("label", has_text=NO_TIME_LABEL).first.click()
    nb.press(box, "Check")
    assert nb.wait_status(box, r"^Correct\. All 1 right: 99213\.")
    assert "below 10 (99212), the lowest minimum" in box.locator("table").first.inner_text()
    assert [str(v) for v in nb.axe(page)] == []
