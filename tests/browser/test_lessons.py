"""Every lesson in JupyterLab in a real browser: runs clean, shows its figures, its practices answer, and
its content passes axe-core (no serious or critical accessibility violations)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import notebook as nb
from tests.browser.drivers import DRIVERS
from tests.browser.lab import ROOT

LESSONS = sorted((ROOT / "course" / "lessons").glob("[0-9][0-9]-*.ipynb"))

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_in_the_browser(lab, page, screenshots: Path, lesson: Path) -> None:
    nb.open_notebook(page, lab.tree_url(f"course/lessons/{lesson.name}"))
    nb.run_all(page)
    found = nb.counts(page)
    after_run = nb.problems(page)

    specific = DRIVERS.get(lesson.stem)
    driven = specific(page) if specific else []
    guessed = nb.drive_generic(page)
    after_driving = nb.problems(page)
    page.screenshot(path=str(screenshots / f"{lesson.stem}.png"))
    violations = nb.axe(page)

    assert not after_run, f"{lesson.name} after Run All Cells: {after_run}"
    assert found["widgets"] >= 1, f"{lesson.name} shows no practice widget: {found}"
    assert guessed, f"no practice in {lesson.name} answered a student's click with any feedback"
    assert not after_driving, f"{lesson.name} after using its practices: {after_driving}"
    assert all(text for _, text in driven), f"a practice gave no feedback: {driven}"
    assert not violations, f"{lesson.name} accessibility: " + "; ".join(map(str, violations))
