"""Lesson 10's journey in a real browser, by keyboard: code one chart in the chart practice and see the
verdict on every code, then run one spaced-review session of the chart just missed.

Its own JupyterLab, with COURSE_ROOT pointing at a temporary course folder, so the review queue the
lesson writes (assignments/.progress.json) is the test's and starts empty.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from course.coding.casebank import get_case, score_case
from course.practice.chart_practice import case_label
from tests.browser import notebook as nb
from tests.browser.conftest import _require_browser
from tests.browser.lab import ROOT, LabServer, lab_server
from tests.browser.test_keyboard import Keyboard

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

LESSON = "10-chart-practice-em.ipynb"
CASE_ID = "end-002"  # keyed E11.65, Z79.4, Z79.84
FIRST_TRY = "E11.9, Z79.4"  # right category for the first code, one exact, one missing
RIGHT = "E11.65, Z79.4, Z79.84"


@pytest.fixture(scope="module")
def own_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """A JupyterLab over a copy of the lessons whose kernels keep progress in the copy (COURSE_ROOT)."""
    _require_browser()
    base = tmp_path_factory.mktemp("journey10")
    served = base / "served"
    shutil.copytree(ROOT / "course" / "lessons", served / "course" / "lessons",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))  # fmt: skip
    (served / "assignments").mkdir()
    with lab_server(served, base / "state", extra_env={"COURSE_ROOT": str(served)}) as server:
        yield server


def _wait_text(cell, pattern: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = cell.inner_text()
        if re.search(pattern, text):
            return text
        time.sleep(0.2)
    raise AssertionError(f"{pattern!r} never appeared in: {text[-400:]!r}")


def test_one_chart_and_one_review_session_by_keyboard(own_lab, browser, screenshots: Path) -> None:
    case = get_case(CASE_ID)
    expected = score_case(case, [c.strip() for c in FIRST_TRY.split(",")])
    assert {r.status for r in expected.rows} == {"right category", "exact", "missing"}  # what the test shows

    page = browser.new_page()
    nb.open_notebook(page, own_lab.tree_url(f"course/lessons/{LESSON}"), timeout=120_000)
    try:
        nb.run_all(page, timeout=300_000)
        assert nb.problems(page) == []
        cells = page.locator(".jp-CodeCell")
        chart = cells.filter(has_text="make_chart_practice()").filter(has=page.locator(".widget-box")).first
        review = cells.filter(has_text="make_review_session()").first
        assert "Nothing is due for review today" in review.inner_text(), "a fresh student has nothing due"

        # 1. The chart practice, by keyboard: pick the chart, type the codes, Tab to Check, Enter.
        keys = Keyboard(page, chart)
        keys.start("select")
        keys.pick_option(chart.locator("select").first, case_label(case))
        _wait_text(chart, re.escape(case.note[:60]))
        keys.press("Tab")
        keys.type(FIRST_TRY)
        keys.tab_to("Check")
        keys.press("Enter")
        shown = _wait_text(chart, r"Score: ")
        assert nb.status_text(chart) == "Not quite. Some codes need another look (see below)."
        assert f"Score: {expected.points:g} of {expected.max_points:g} points" in shown
        for row in expected.rows:
            assert row.status in shown, f"the verdict {row.status!r} is not shown"
        assert "I.C.4.a" in shown, "each verdict cites the guideline that decides it"
        chart.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / "10-chart-practice-feedback.png"))

        # 2. The missed chart is due for review: run the review cell again (Shift+Enter) and review it.
        review.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
        _wait_text(review, r"Review 1 of 1")
        assert case.note[:60] in review.inner_text()
        page.keyboard.press("Escape")  # command mode, as after Tab from the cell above
        keys = Keyboard(page, review)
        keys.start("input[type=text]")
        keys.type(RIGHT)
        keys.tab_to("Check")
        keys.press("Enter")
        _wait_text(review, r"Every code is right")
        review.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / "10-review-item-feedback.png"))
        keys.tab_to("Next item")
        keys.press("Enter")
        done = _wait_text(review, r"Review done")
        assert re.search(r"\b1 items?, 1 fully right", done), done
        review.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / "10-review-session.png"))
    finally:
        nb.shut_down_kernel(page)
        page.close()
    progress = (own_lab.root_dir / "assignments" / ".progress.json").read_text()
    assert f"case:{CASE_ID}" in progress, "the review queue is kept in the student's progress file"
