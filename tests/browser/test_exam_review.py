"""Exam mode and spaced review in Lab, by keyboard alone (issue 14 items 4-5): a two-item exam (a chart and
a lesson question) answered with Tab, typing, the arrows and Enter, submitted, its missed question then
reviewed from the self-paced panel's review row; the content passes axe-core."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from course.coding.casebank import get_case
from course.exam import BLUEPRINT, choice_items, draw
from tests.browser import notebook as nb
from tests.browser.test_keyboard import Keyboard

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

DOMAINS = (BLUEPRINT[0], next(d for d in BLUEPRINT if d.name == "claims and remittances"))
SEED = 7
EXAM = f"""from pathlib import Path
from course.exam import BLUEPRINT
from course.practice.exam_practice import make_exam
domains = (BLUEPRINT[0], next(d for d in BLUEPRINT if d.name == "claims and remittances"))
make_exam(2, seed={SEED}, root=Path("."), blueprint=domains)"""
REVIEW = "from pathlib import Path\nfrom course.practice.selfpaced_panel import make_review_row\nmake_review_row(Path('.'))"


def _focus_radio(keys: Keyboard, limit: int = 10) -> None:
    """Shift+Tab back until a radio button has the focus."""
    for _ in range(limit):
        if keys.page.evaluate("() => document.activeElement.type") == "radio":
            return
        keys.press("Shift+Tab")
    raise AssertionError("Shift+Tab never reached the answers")


def test_exam_then_review_by_keyboard(lab, page) -> None:
    exam = draw(2, SEED, DOMAINS)
    notebook = new_notebook(cells=[new_code_cell(EXAM), new_code_cell(REVIEW)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, lab.root_dir / "exam-review.ipynb")
    nb.open_notebook(page, lab.tree_url("exam-review.ipynb"))
    nb.run_all(page)
    assert nb.problems(page) == []
    cell = page.locator(".jp-CodeCell").filter(has_text="Practice exam").first
    assert "Time left: 4 minutes" in cell.inner_text()  # a chart (3 minutes) and a question (1 minute)
    keys = Keyboard(page, cell)
    for position, item in enumerate(exam.items):
        if item.kind == "case":
            case = get_case(item.ref)
            keys.start("input[type=text]") if position == 0 else keys.press("Shift+Tab", "Shift+Tab", "Shift+Tab")
            keys.type(", ".join(case.icd_codes))
            keys.press("Tab")
            keys.type(" ".join(case.hcpcs_codes))
        else:
            question = choice_items("quiz")[item.item_id]
            if position == 0:
                keys.start("input[type=radio]")
            else:
                _focus_radio(keys)
            keys.pick_radio(next(i for i, o in enumerate(question.options) if o != question.answer))  # wrong
        if position == 0:
            keys.tab_to("Next")
            keys.press("Enter")
            cell.get_by_text("Item 2 of 2").first.wait_for(timeout=30_000)
    keys.tab_to("Submit exam")
    keys.press("Enter")
    shown = nb.wait_status(cell, r"Score: 50%")
    assert "1 of 2 items missed" in shown
    assert cell.locator("img[alt^='Bar chart of the exam score per domain']").count() == 1
    quiz_item = next(i for i in exam.items if i.kind == "quiz")
    question = choice_items("quiz")[quiz_item.item_id]

    row = page.locator(".jp-CodeCell").filter(has_text="Due for review today").first
    nb.press(row, "Review now")
    row.get_by_text("Review 1 of 1").first.wait_for(timeout=30_000)
    row.get_by_text("Due for review today: 1").first.wait_for(timeout=10_000)  # the count, refreshed by the press
    review = Keyboard(page, row)
    review.start("input[type=radio]")
    review.pick_radio(question.options.index(question.answer))
    review.tab_to("Check")
    review.press("Enter")
    nb.wait_status(row, r"Correct\.")
    review.tab_to("Next item")
    review.press("Enter")
    row.get_by_text("Review done").first.wait_for(timeout=30_000)
    assert [str(v) for v in nb.axe(page)] == []
