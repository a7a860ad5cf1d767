"""A student working on an nbgrader assignment in JupyterLab: answer cells, Validate, the Assignments tab."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

MARKERS = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$\n?", re.MULTILINE)


def reference_answers(source_notebook: Path) -> dict[str, str]:
    """grade_id -> the instructor's reference code for every autograded answer cell (markers removed)."""
    nb = nbformat.read(source_notebook, as_version=4)
    answers = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("solution") and not meta.get("grade"):
            answers[meta["grade_id"]] = MARKERS.sub("", cell.source)
    return answers


def answer_cell_indexes(notebook: Path, kind: str = "code") -> dict[str, int]:
    """grade_id -> cell index of each answer cell of `kind` ("code" or "markdown": written answers)."""
    nb = nbformat.read(notebook, as_version=4)
    return {
        cell.metadata["nbgrader"]["grade_id"]: i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == kind and cell.metadata.get("nbgrader", {}).get("solution")
    }


def write_answers(page: Page, notebook: Path, text: str = "My answer, in my own words.") -> None:
    """Answer every written (markdown) answer cell: edit it, type, render it again."""
    cells = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")
    for index in answer_cell_indexes(notebook, "markdown").values():
        cell = cells.nth(index)
        cell.scroll_into_view_if_needed()
        cell.locator(".jp-RenderedMarkdown, .jp-MarkdownOutput").first.dblclick()
        cell.locator(".cm-content").click()
        page.keyboard.press("Control+a")
        page.keyboard.press("Delete")
        page.keyboard.insert_text(text)
        page.keyboard.press("Control+Enter")


def type_answers(page: Page, notebook: Path, answers: dict[str, str]) -> None:
    """Replace the stub in each answer cell with the given code, typing into the cell's editor."""
    cells = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")
    for grade_id, index in answer_cell_indexes(notebook).items():
        if grade_id not in answers:
            continue
        editor = cells.nth(index).locator(".cm-content")
        editor.scroll_into_view_if_needed()
        editor.click()
        page.keyboard.press("Control+a")
        page.keyboard.press("Delete")
        page.keyboard.insert_text(answers[grade_id])
    page.keyboard.press("Escape")
    save(page)


def save(page: Page) -> None:
    """Ctrl+S, keeping the student's version if Lab asks, and wait until the notebook is saved."""
    page.keyboard.press("Control+s")
    overwrite_if_asked(page)
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-mod-dirty").wait_for(state="detached", timeout=30_000)


def overwrite_if_asked(page: Page, wait: float = 2_000) -> bool:
    """Lab asks "File Changed" when the copy on disk is newer (nbgrader touched it): keep the student's."""
    asked = page.locator(".jp-Dialog", has=page.locator(".jp-Dialog-header", has_text="File Changed"))
    try:
        asked.wait_for(timeout=wait)
    except PlaywrightTimeout:
        return False
    asked.locator(".jp-Dialog-footer button", has_text="Overwrite").click()
    asked.wait_for(state="detached")
    return True


def validate(page: Page, timeout: float = 180_000) -> str:
    """Press Validate in the notebook toolbar; returns what the results dialog says, then closes it."""
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Toolbar").get_by_text("Validate", exact=True).click()
    dialog = page.locator(".jp-Dialog")
    body = dialog.locator(".jp-Dialog-body").first
    body.wait_for(timeout=timeout)
    if overwrite_if_asked(page):
        body.wait_for(timeout=timeout)
    header = dialog.locator(".jp-Dialog-header").first.inner_text()
    assert "Validat" in header, f"expected nbgrader's validation dialog, got {header!r}"
    text = body.inner_text()
    dialog.locator(".jp-Dialog-footer button").last.click()
    dialog.wait_for(state="detached")
    return text
