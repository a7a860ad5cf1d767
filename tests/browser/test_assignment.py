"""A student opens an assignment in JupyterLab, presses Validate, answers, and validates again."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.browser import notebook as nb
from tests.browser import student
from tests.browser.lab import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.timeout(400)]
ASSIGNMENT = "a01"


def test_student_validates_an_assignment(lab, page, screenshots) -> None:
    released = ROOT / "release" / ASSIGNMENT
    assert released.is_dir(), f"release/{ASSIGNMENT} is missing: run `make release`"
    work = lab.root_dir / "assignments" / ASSIGNMENT
    shutil.copytree(released, work, dirs_exist_ok=True)
    notebook = next(work.glob("*.ipynb"))
    nb.open_notebook(page, lab.tree_url(f"assignments/{ASSIGNMENT}/{notebook.name}"))

    blank = student.validate(page)
    assert re.search(r"NotImplementedError|failed|error", blank, re.IGNORECASE), blank
    assert "Success" not in blank, blank

    student.write_answers(page, notebook)
    student.type_answers(page, notebook, student.reference_answers(ROOT / "source" / ASSIGNMENT / notebook.name))
    answered = student.validate(page)
    page.screenshot(path=str(screenshots / f"{ASSIGNMENT}-validated.png"))
    assert "Success! Your notebook passes all the tests." in answered, answered
