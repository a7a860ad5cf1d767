"""A class on JupyterHub (deploy/), end to end in the browser, on loopback with real OS users.

The instructor generates and releases a01 in the Formgrader; each student logs in, fetches it from the Assignments tab, answers,
validates and submits; the instructor collects and autogrades. Students cannot list or read each
other's submissions or the instructor's course, and a submission under another's name is caught.
Needs root (OS users), Chromium and Node (the proxy): fails in CI without them, skips elsewhere.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import sys

import pytest

from deploy import check_inbound
from tests.browser import notebook as nb
from tests.browser import student
from tests.browser.hub import INSTRUCTOR, STUDENTS, class_hub, formgrader_action, log_in, menu_items
from tests.browser.lab import CHROMIUM, ROOT, chromium_browser
from tests.support import require

pytestmark = [pytest.mark.browser, pytest.mark.timeout(1200)]
ASSIGNMENT = "a01"


@pytest.fixture(scope="module")
def hub():
    require(hasattr(os, "geteuid") and os.geteuid() == 0, "the Hub tests create OS users: run as root")
    require(CHROMIUM.exists(), f"Debian's Chromium is not installed at {CHROMIUM}")
    require(shutil.which("node") is not None and shutil.which("npm") is not None,
            "Node.js and npm are needed for configurable-http-proxy")
    require(shutil.which("useradd") is not None, "useradd is needed to create the class's users")
    with class_hub() as running:
        yield running


@pytest.fixture(scope="module")
def people(hub, playwright_session):
    with chromium_browser(pw=playwright_session) as browser:
        yield browser


def _fetch_and_submit_panel(page, button: str, list_id: str) -> None:
    nb.menu(page, "Nbgrader", "Assignment List")
    row = page.locator(f"#{list_id} .list_item:not(.nested_list_item)", has_text=ASSIGNMENT).first
    row.locator("button", has_text=re.compile(rf"^{button}$")).click(timeout=60_000)


def _grader(hub):
    args = [sys.executable, "-m", "course.grading", ASSIGNMENT, "--root", str(hub.course), "--no-sandbox",
            "--no-feedback", "--workers", "1"]
    return hub.as_user(INSTRUCTOR, args, cwd=hub.course)


def test_a_class_on_jupyterhub(hub, people, screenshots) -> None:
    notebook_name = json.loads((ROOT / "tests/partial_submissions" / f"{ASSIGNMENT}.json").read_text())["notebook"]
    partial = json.loads((ROOT / "tests/partial_submissions" / f"{ASSIGNMENT}.json").read_text())
    reference = student.reference_answers(ROOT / "source" / ASSIGNMENT / notebook_name)
    plan = {STUDENTS[0]: reference, STUDENTS[1]: {k: reference[k] for k in partial["answers"]}}

    # The instructor logs in, has the Formgrader, and generates and releases the assignment there.
    teacher_page, _ = log_in(people.new_context(), hub, INSTRUCTOR)
    assert "Formgrader" in menu_items(teacher_page, "Nbgrader")
    formgrader_action(teacher_page, hub, ASSIGNMENT, "assign", "Successfully created the student version")
    formgrader_action(teacher_page, hub, ASSIGNMENT, "release", "Successfully released")
    teacher_page.screenshot(path=str(screenshots / "hub-formgrader-released.png"))
    # nbgrader's documented exchange permissions: inbound is write-only for others (no listing)
    mode = stat.S_IMODE(hub.inbound.stat().st_mode)
    assert mode & stat.S_IROTH == 0 and mode & stat.S_IWOTH, oct(mode)

    for user, answers in plan.items():
        page, seconds = log_in(people.new_context(), hub, user)
        items = menu_items(page, "Nbgrader")
        assert "Assignment List" in items and "Formgrader" not in items, items
        _fetch_and_submit_panel(page, "Fetch", "released_assignments_list")
        page.locator("#fetched_assignments_list .list_item:not(.nested_list_item)", has_text=ASSIGNMENT).first.wait_for(timeout=60_000)
        fetched = hub.home(user) / ASSIGNMENT / notebook_name
        assert fetched.exists(), f"{user}'s fetch did not arrive in their home"
        nb.open_notebook(page, f"{hub.url}/user/{user}/lab/tree/{ASSIGNMENT}/{notebook_name}")
        student.write_answers(page, fetched)
        student.type_answers(page, fetched, answers)
        said = student.validate(page)
        if answers == reference:
            assert "Success! Your notebook passes all the tests." in said, said
        else:
            assert "Success" not in said and "failed" in said, said
        page.screenshot(path=str(screenshots / f"hub-{user}-validated.png"))
        _fetch_and_submit_panel(page, "Submit", "fetched_assignments_list")
        page.locator("#submitted_assignments_list .list_item:not(.nested_list_item)", has_text=ASSIGNMENT).first.wait_for(timeout=60_000)

    # Students are kept apart: no listing the inbound, no reading the instructor's course.
    peek = hub.as_user(STUDENTS[1], ["ls", str(hub.inbound)])
    assert peek.returncode != 0 and "Permission denied" in peek.stderr, peek
    hidden = hub.as_user(STUDENTS[1], ["cat", str(hub.course / "source" / ASSIGNMENT / notebook_name)])
    assert hidden.returncode != 0, "a student could read the instructor's source (hidden tests)"
    gradebook = hub.as_user(STUDENTS[1], ["cat", str(hub.course / "gradebook.db")])
    assert gradebook.returncode != 0, "a student could read the gradebook"
    answers = hub.as_user(STUDENTS[1], ["cat", str(hub.home(STUDENTS[0]) / ASSIGNMENT / notebook_name)])
    assert answers.returncode != 0, "a student could read another student's answers"
    # ... nor the solutions and history in the course checkout every class user runs (class_setup closed them)
    for closed in (ROOT / "source" / ASSIGNMENT / notebook_name, ROOT / ".git", ROOT / "tests" / "partial_submissions"):
        peek = hub.as_user(STUDENTS[1], ["ls" if closed.is_dir() else "cat", str(closed)])
        assert peek.returncode != 0 and "Permission denied" in peek.stderr, (closed, peek)

    # nbgrader lets student 2 submit (blank work) in student 1's name, and `collect` trusts the name;
    # the folder's owner gives it away, and check_inbound moves it aside before collecting.
    hub.as_user(STUDENTS[1], ["nbgrader", "fetch_assignment", ASSIGNMENT, "--force"], cwd=hub.home(STUDENTS[1]))
    fake = hub.as_user(STUDENTS[1], ["nbgrader", "submit", ASSIGNMENT, f"--student={STUDENTS[0]}"],
                       cwd=hub.home(STUDENTS[1]))
    assert fake.returncode == 0, fake.stdout + fake.stderr
    caught = check_inbound.impostors(hub.inbound)
    assert [(p.name.split("+")[0], owner) for p, owner in caught] == [(STUDENTS[0], STUDENTS[1])], caught
    moved = hub.as_user(INSTRUCTOR, [sys.executable, str(ROOT / "deploy" / "check_inbound.py"), str(hub.inbound)])
    assert moved.returncode == 1 and "submitted by " + STUDENTS[1] in moved.stdout, moved
    assert check_inbound.impostors(hub.inbound) == []

    # The instructor collects and autogrades with the course's grading command.
    graded = _grader(hub)
    assert graded.returncode == 0, graded.stdout[-3000:] + graded.stderr[-3000:]
    from nbgrader.api import Gradebook

    full = sum(c.metadata["nbgrader"].get("points", 0) for c in student.nbformat.read(
        ROOT / "source" / ASSIGNMENT / notebook_name, as_version=4).cells
        if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade"))
    with Gradebook(f"sqlite:///{hub.course / 'gradebook.db'}") as gb:
        scores = {s: gb.find_submission(ASSIGNMENT, s).code_score for s in STUDENTS}
    assert scores == {STUDENTS[0]: full, STUDENTS[1]: partial["expected_points"]}, scores
