"""The biller's loop in the browser (issue 15): lesson 09 open in JupyterLab, one denied claim worked from
its first 835 to closed through the denial-simulator practice, by mouse and then by keyboard alone.

The right path is taken from the simulator itself (the same engine the kernel runs), so the test follows
the scenario as it is written; the page must answer each step with "Correct." and the rule, show the next
835, and end with the claim closed. A wrong choice first must say "Not quite." and keep the claim open.
Screenshots: artifacts/screenshots/09-loop-*.png.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page

from course.billing import denials
from course.practice.denial_loop import ACTION_LABELS, choices
from tests.browser import notebook as nb
from tests.browser.test_keyboard import Keyboard

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

LESSON = "course/lessons/09-billers-loop.ipynb"
SCENARIO = "D01"  # the practice's first claim: unprocessable (CO-16 + MA130), then a patient share


def right_path(scenario_id: str) -> list[tuple[str, str]]:
    """(action label, detail label or "") for each right choice, until the simulator closes the claim."""
    state, scn, path = denials.start(scenario_id), denials.scenario(scenario_id), []
    while not denials.is_closed(state):
        step = scn.steps[state.step]
        action = step.right.value
        wanted = {"amount": denials.pr_total(state)} if action == "bill_patient" else {}
        label, details = next(
            (lb, d) for lb, d in choices(state)[action] if (step.detail and step.detail in d.values()) or d == wanted
        )
        path.append((ACTION_LABELS[action], label))
        state = denials.choose(state, action, **details)
    return path


def test_right_path_is_read_from_the_simulator():
    path = right_path(SCENARIO)
    assert path[0][0] == ACTION_LABELS["new_claim"] and path[0][1].startswith("fix: ")
    assert len(path) >= 2


def loop_cell(page: Page) -> Locator:
    cell = page.locator(".jp-CodeCell").filter(has=page.locator("select")).filter(has_text="Start this claim again")
    cell.first.wait_for(timeout=30_000)
    return cell.first


def wait_feedback_gone(cell: Locator, timeout: float = 30.0) -> str:
    """After Start again: the claim open again (no "Closed"), its text returned."""
    deadline = time.monotonic() + timeout
    text = cell.inner_text()
    while time.monotonic() < deadline and "Closed (" in text:
        time.sleep(0.2)
        text = cell.inner_text()
    return text


def wait_feedback(cell: Locator, pattern: str) -> str:
    return nb.wait_status(cell.locator(".course-feedback"), pattern)


def action_labels(cell: Locator, timeout: float = 30.0) -> list[str]:
    """The action radio buttons' labels, once the kernel has shown them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        labels = [t.strip() for t in cell.locator(".widget-radio-box label").all_inner_texts()]
        if labels and not cell.locator(".widget-radio-box input[disabled]").count():
            return labels
        time.sleep(0.2)
    raise AssertionError("the practice never offered its actions again")


def choose_by_mouse(cell: Locator, action: str, detail: str) -> None:
    cell.locator(".widget-radio-box label", has_text=re.compile(rf"^\s*{re.escape(action)}\s*$")).locator("input").first.dispatch_event("click")
    if detail:
        cell.locator("select").first.select_option(label=detail)
    nb.press(cell, "Send")


def test_lesson_09_claim_worked_to_closed(lab, page, screenshots: Path) -> None:
    path = right_path(SCENARIO)
    nb.open_notebook(page, lab.tree_url(LESSON))
    try:
        nb.run_all(page)
        assert nb.problems(page) == []
        cell = loop_cell(page)
        cell.scroll_into_view_if_needed()
        assert "MA130" in cell.inner_text() and "Open on" in cell.inner_text()

        # By mouse: a wrong turn first (a corrected claim for an unprocessable claim), then the right path.
        choose_by_mouse(cell, ACTION_LABELS["corrected_claim"], path[0][1])
        assert "MA130" in wait_feedback(cell, r"^Not quite\.")
        assert "Closed (" not in cell.inner_text()
        for n, (action, detail) in enumerate(path, start=1):
            before = cell.inner_text()
            choose_by_mouse(cell, action, detail)
            wait_feedback(cell, r"^Correct\. Right: ")
            assert cell.inner_text() != before
            page.screenshot(path=str(screenshots / f"09-loop-mouse-{n}.png"))
        assert re.search(r"Closed \(patient_billed\).*Mistakes: 1", cell.inner_text(), re.S)

        # By keyboard alone, the same claim again.
        nb.press(cell, "Start this claim again")
        keys = Keyboard(page, cell)
        assert "Closed (" not in wait_feedback_gone(cell)
        labels = action_labels(cell)
        keys.start("input[type=radio]")
        for n, (action, detail) in enumerate(path, start=1):
            keys.pick_radio(labels.index(action))
            if detail:
                keys.press("Tab")
                select = cell.locator("select").first
                keys.pick_option(select, detail)
            keys.tab_to("Send")
            keys.press("Enter")
            wait_feedback(cell, r"^Correct\. Right: ")
            page.screenshot(path=str(screenshots / f"09-loop-keyboard-{n}.png"))
            if n < len(path):
                labels = action_labels(cell)
                keys.start("input[type=radio]")
        assert re.search(r"Closed \(patient_billed\).*Mistakes: 0; points 100", cell.inner_text(), re.S)
    finally:
        nb.shut_down_kernel(page)
