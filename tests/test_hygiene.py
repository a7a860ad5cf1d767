"""Notebook hygiene and lint: lessons and source/ committed clean, ruff clean everywhere."""

from __future__ import annotations

import re
import subprocess
import sys

import nbformat
import pytest

from tests.support import ROOT

CLEAN_NOTEBOOKS = sorted((ROOT / "course" / "lessons").glob("*.ipynb")) + sorted((ROOT / "source").rglob("*.ipynb"))


@pytest.mark.parametrize("path", CLEAN_NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs or execution counts (clear them before committing)"


def test_release_only_holds_generated_assignments():
    source = {p.name for p in (ROOT / "source").iterdir() if p.is_dir()}
    release = {p.name for p in (ROOT / "release").iterdir() if p.is_dir()}
    assert release == source, "release/ must hold exactly the assignments of source/ (run `make release`)"


def test_ruff_is_clean_on_code_and_notebooks():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_requirements_are_exact_pins():
    lines = [
        line.strip()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert "-e ." in lines
    loose = [line for line in lines if line != "-e ." and "==" not in line]
    assert not loose, f"requirements.txt must pin with ==: {loose}"


def _unescaped_money(text: str) -> list[str]:
    """Dollar signs before an amount that are not escaped, outside `code`: JupyterLab reads a pair as TeX maths."""
    prose = re.sub(r"```.*?```|`[^`\n]*`", "", text, flags=re.S)
    return re.findall(r"(?<!\\)\$[\d,.]*\d", prose)


def test_money_in_markdown_is_escaped_so_it_is_not_rendered_as_maths():
    assert _unescaped_money("costs $5 and $10") == ["$5", "$10"]
    assert _unescaped_money(r"costs \$5 and `x = $10`") == []
    offenders = []
    for path in CLEAN_NOTEBOOKS:
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if cell.cell_type == "markdown" and _unescaped_money(cell.source):
                offenders.append(f"{path.name} cell {i}: {_unescaped_money(cell.source)[:3]}")
    assert not offenders, "write \\$ for dollars in markdown: " + "; ".join(offenders)
