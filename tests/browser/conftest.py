"""Fixtures for the browser tests: one JupyterLab on loopback and one headless Chromium per session.

Lab serves a temporary copy of the lessons and assignments (never the committed files), with its
own settings and workspaces. The tests fail in CI, and skip elsewhere, when Chromium or npm is missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.lab import CHROMIUM, ROOT, LabServer, chromium, lab_server, npm_ci
from tests.support import require

SCREENSHOTS = ROOT / "artifacts" / "screenshots"


def _require_browser() -> None:
    require(CHROMIUM.exists(), f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    require(shutil.which("npm") is not None, "npm is not installed (needed for axe-core)")
    npm_ci()


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """A JupyterLab serving a copy of course/lessons/, release/ and source/ in a temporary folder (its COURSE_ROOT)."""
    _require_browser()
    base = tmp_path_factory.mktemp("lab")
    served = base / "served"
    shutil.copytree(ROOT / "course" / "lessons", served / "course" / "lessons",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (served / "assignments").mkdir()
    # The served copy is the kernels' course root, so what lessons keep (progress, the review queue, an exam
    # in progress) goes to served/assignments, never to the checkout's own assignments/.
    for stage in ("release", "source"):
        shutil.copytree(ROOT / stage, served / stage, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copy(ROOT / "nbgrader_config.py", served)
    with lab_server(served, base / "state", extra_env={"COURSE_ROOT": str(served)}) as server:
        yield server


@pytest.fixture(scope="session")
def playwright_session():
    """The one Playwright driver of the session (the sync API allows one per thread)."""
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory, lab: LabServer, playwright_session):
    """A headless Chromium (Playwright persistent context with a fresh profile)."""
    with chromium(tmp_path_factory.mktemp("chromium") / "profile", pw=playwright_session) as context:
        yield context


@pytest.fixture
def page(browser):
    """A new browser tab, closed after the test."""
    tab = browser.new_page()
    yield tab
    tab.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The git-ignored folder where each lesson's screenshot is saved for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
