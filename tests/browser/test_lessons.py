"""Every lesson in JupyterLab in a real browser: runs clean, shows its figures, its practices answer with
the right feedback, and its content passes axe-core (no serious or critical accessibility violations).

Lessons are discovered from course/lessons/, so a new lesson is tested as soon as it exists.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import notebook as nb
from tests.browser.drivers import DRIVERS, choice_questions, drive_choice
from tests.browser.lab import ROOT
from tests.browser.test_money import money_problems

# Accessibility problems found here in content the browser tests do not own, reported to its authors.
# Each entry must still be true (the test says so when it is fixed, so the entry is removed).
KNOWN_A11Y: dict[str, set[str]] = {}

LESSONS = sorted((ROOT / "course" / "lessons").glob("[0-9][0-9]-*.ipynb"))

pytestmark = [pytest.mark.browser, pytest.mark.timeout(400)]


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_in_the_browser(lab, page, screenshots: Path, lesson: Path) -> None:
    nb.open_notebook(page, lab.tree_url(f"course/lessons/{lesson.name}"))
    try:
        nb.run_all(page)
        found = nb.counts(page)
        after_run = nb.problems(page)
        money = money_problems(page, lesson)
        if found["figures"]:
            page.locator(f"{nb.OUTPUTS} img").first.scroll_into_view_if_needed()
            page.screenshot(path=str(screenshots / f"{lesson.stem}-figure.png"))

        answered = [shown for choice in choice_questions(lesson) for shown in drive_choice(page, choice)]
        specific = DRIVERS.get(lesson.stem)
        driven = specific(page) if specific else []
        guessed = nb.drive_generic(page)
        after_driving = nb.problems(page)
        page.screenshot(path=str(screenshots / f"{lesson.stem}.png"))
        violations = nb.axe(page)
    finally:
        nb.shut_down_kernel(page)

    assert not after_run, f"{lesson.name} after Run All Cells: {after_run}"
    assert not money, f"{lesson.name} money does not read as money: {money}"
    assert found["widgets"] >= 1, f"{lesson.name} shows no practice widget: {found}"
    assert answered or driven or guessed, f"no practice in {lesson.name} answered a student with feedback"
    assert not after_driving, f"{lesson.name} after using its practices: {after_driving}"
    known = KNOWN_A11Y.get(lesson.stem, set())
    new = [v for v in violations if v.rule not in known]
    assert not new, f"{lesson.name} accessibility: " + "; ".join(map(str, new))
    fixed = known - {v.rule for v in violations}
    assert not fixed, f"{lesson.name}: {fixed} fixed, remove it from KNOWN_A11Y"
