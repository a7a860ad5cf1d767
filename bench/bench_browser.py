"""Lessons in a real browser, and a student's server on the class Hub.

Per lesson: seconds from opening it in JupyterLab (Chromium) to every cell run and every widget and
figure rendered, with a cold kernel (open + Run All) and a warm one (Run All again in the same kernel);
baseline: the same lesson executed headless by nbclient in this run. Hub (root, Node.js only): seconds
from pressing *Sign in* to a student's JupyterLab ready; baseline: a plain `jupyter lab` start.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from bench.common import Figure, Skip, failed, skipped
from tests.browser import notebook as nb
from tests.browser.lab import CHROMIUM, ROOT, chromium, chromium_browser, lab_server, npm_ci


def _nbclient_seconds(lesson: Path) -> float:
    notebook = nbformat.read(lesson, as_version=4)
    start = time.perf_counter()
    NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(lesson.parent)}}).execute()
    return time.perf_counter() - start


def lesson_figures(base: Path) -> list[Figure]:
    """Cold and warm times per lesson, next to nbclient's headless run of the same lesson."""
    served = base / "served"
    shutil.copytree(ROOT / "course" / "lessons", served / "course" / "lessons")
    figures = []
    lab_start = time.perf_counter()
    with lab_server(served, base / "state") as lab, chromium(base / "profile") as context:
        lab_seconds = time.perf_counter() - lab_start
        page = context.new_page()
        for lesson in sorted((served / "course" / "lessons").glob("[0-9][0-9]-*.ipynb")):
            try:  # one lesson that breaks is reported; the others are still measured
                start = time.perf_counter()
                nb.open_notebook(page, lab.tree_url(f"course/lessons/{lesson.name}"))
                nb.run_all(page)
                cold = time.perf_counter() - start
                warm = nb.run_all(page)
                nb.shut_down_kernel(page)
                headless = _nbclient_seconds(lesson)
            except Exception as err:  # noqa: BLE001
                figures.append(failed(f"lesson {lesson.stem}", err))
                page = context.new_page()
                continue
            figures.append(Figure(f"lesson {lesson.stem}: open to rendered, cold kernel", cold, "s",
                                  headless, "nbclient headless run"))
            figures.append(Figure(f"lesson {lesson.stem}: Run All again, warm kernel", warm, "s",
                                  headless, "nbclient headless run"))
    figures.append(Figure("jupyter lab start (to /api/status)", lab_seconds, "s"))
    return figures


def hub_figures() -> list[Figure]:
    """Seconds from Sign in to a ready JupyterLab for each student, next to a plain Lab start."""
    from tests.browser.hub import STUDENTS, class_hub, log_in

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        with lab_server(Path(tmp), Path(tmp) / "state"):
            plain = time.perf_counter() - start
    with class_hub() as hub, chromium_browser() as browser:
        return [
            Figure(f"hub: {user} signs in to JupyterLab ready", log_in(browser.new_context(), hub, user)[1], "s",
                   plain, "plain jupyter lab start")
            for user in STUDENTS
        ]


HUB = "hub: student signs in to JupyterLab ready"
# What the Hub needs of the machine, not of the course: when missing, the Hub figures are skipped, not failed.
HUB_PRECONDITIONS = ("cannot run the course's venv",)


def hub_or_why() -> list[Figure]:
    """The Hub figures, or one figure saying why they could not be measured here."""
    if os.geteuid() != 0 or not shutil.which("useradd"):
        return [skipped(HUB, "needs root (the Hub creates OS users for the class)")]
    if not shutil.which("node"):
        return [skipped(HUB, "needs Node.js (configurable-http-proxy): apt-get install nodejs npm")]
    try:
        return hub_figures()
    except Exception as err:  # noqa: BLE001
        if any(why in str(err) for why in HUB_PRECONDITIONS):
            return [skipped(HUB, str(err)[:500])]
        return [failed(HUB, err)]


def run() -> list[Figure]:
    if not CHROMIUM.exists():
        raise Skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    if not shutil.which("npm"):
        raise Skip("npm is not installed (the browser checks need axe-core: apt-get install npm; make node)")
    npm_ci()
    with tempfile.TemporaryDirectory(prefix="bench-browser-") as tmp:
        try:
            figures = lesson_figures(Path(tmp))
        except Exception as err:  # noqa: BLE001  JupyterLab or Chromium did not start: the Hub is still tried
            figures = [failed("lessons in JupyterLab", err)]
    return figures + hub_or_why()
