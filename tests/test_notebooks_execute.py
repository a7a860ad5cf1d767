"""Every lesson and every source notebook runs top to bottom without error in a fresh kernel."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from tests.support import ROOT

LESSONS = sorted((ROOT / "course" / "lessons").glob("*.ipynb"))
SOURCES = sorted((ROOT / "source").glob("*/*.ipynb"))


def run_notebook(path, timeout: int = 120) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def test_lessons_exist_in_order():
    names = [p.name for p in LESSONS]
    assert names and names[0] == "00-start-here.ipynb"
    numbers = [int(n[:2]) for n in names]
    assert numbers == list(range(len(numbers))), f"lessons must be numbered 00, 01, ... without gaps: {names}"


@pytest.mark.slow
@pytest.mark.parametrize("path", LESSONS + SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_executes_without_error(path):
    nb = run_notebook(path)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, f"{path.name}: {errors[0].ename}: {errors[0].evalue}"
