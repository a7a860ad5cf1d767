"""The E/M level practice in Lab (issue 14 item 6): it renders, answers element by element, and its
content (note, radio groups, feedback table, the guide) passes axe-core."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from course.coding.em import ALL_CODES, ELEMENTS, get_visit
from course.practice.em_practice import visit_label
from tests.browser import notebook as nb

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]


def test_em_practice_answers_and_passes_axe(lab, page) -> None:
    notebook = new_notebook(cells=[new_code_cell("from course.practice.em_practice import make_em_practice\n"
                                                 "make_em_practice()")])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, lab.root_dir / "em-practice.ipynb")
    nb.open_notebook(page, lab.tree_url("em-practice.ipynb"))
    nb.run_all(page)
    assert nb.problems(page) == []
    box = nb.output_with(page, "Visit code")
    visit = get_visit("em-019")  # key: moderate, minimal, high -> 99214
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
    assert [str(v) for v in nb.axe(page)] == []
    assert len(ALL_CODES) == groups.nth(len(ELEMENTS)).locator("input[type=radio]").count()
