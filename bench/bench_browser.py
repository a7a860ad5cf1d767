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

from bench.common import Figure
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
            start = time.perf_counter()
            nb.open_notebook(page, lab.tree_url(f"course/lessons/{lesson.name}"))
            nb.run_all(page)
            cold = time.perf_counter() - start
            warm = nb.run_all(page)
            nb.shut_down_kernel(page)
            headless = _nbclient_seconds(lesson)
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


def run() -> list[Figure]:
    if not CHROMIUM.exists():
        raise RuntimeError(f"Chromium is not installed at {CHROMIUM}")
    npm_ci()
    with tempfile.TemporaryDirectory(prefix="bench-browser-") as tmp:
        figures = lesson_figures(Path(tmp))
    if os.geteuid() == 0 and shutil.which("node") and shutil.which("useradd"):
        figures += hub_figures()
    else:
        figures.append(Figure("hub: student server start", float("nan"), "s", note="skipped: needs root and Node"))
    return figures
