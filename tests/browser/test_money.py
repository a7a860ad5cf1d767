"""Money reads as money: no TeX anywhere, and the amounts of the markdown read literally ("$140.00").

JupyterLab typesets any text with two `$` as maths (markdown, Markdown/HTML outputs, widget text), and
the `\\$` escape does not stop it in Lab 4. The course has no maths, so `make venv` turns MathJax off in
the venv's Lab page config (course/tools/lab_page_config.json). Lessons are checked by test_lessons.py
with `money_problems` after their Run All; the assignments (release/) are checked here.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Page

from tests.browser import notebook as nb
from tests.browser.lab import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.timeout(400)]

RELEASED = sorted((ROOT / "release").glob("a[0-9][0-9]/*.ipynb"))
MATHJAX_PLUGIN = "@jupyterlab/mathjax-extension:plugin"
# Whatever MathJax 2 or 3 (or KaTeX) leaves in the page once it has typeset something.
TEX_SELECTOR = (
    "mjx-container, mjx-math, mjx-assistive-mml, .MathJax, .MathJax_Preview, .MathJax_Display, "
    "script[type^='math/tex'], .katex"
)
# An amount as a markdown cell writes it: \$87.45, \$1,500, \$21,200.
MARKDOWN_AMOUNT = re.compile(r"\\\$(\d{1,3}(?:,\d{3})*(?:\.\d\d)?)")


def markdown_amounts(notebook: Path) -> list[str]:
    """Every amount the notebook's markdown cells write, as the reader must see it: "$87.45"."""
    cells = nbformat.read(notebook, as_version=4).cells
    return sorted({"$" + m for c in cells if c.cell_type == "markdown" for m in MARKDOWN_AMOUNT.findall(c.source)})


_PAGE = """(sel) => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const markdown = [...panel.querySelectorAll('.jp-RenderedMarkdown')].map(e => e.innerText).join('\\n');
  const config = document.getElementById('jupyter-config-data');
  return {tex: [...document.querySelectorAll(sel)].slice(0, 3).map(e => (e.closest('.jp-Cell') || e).innerText.slice(0, 80)),
          count: document.querySelectorAll(sel).length,
          text: panel.innerText, markdown, config: config ? config.textContent : '{}'};
}"""


def money_problems(page: Page, notebook: Path) -> list[str]:
    """What is wrong with the money on the open (already run) notebook's page; [] when it reads right."""
    found = page.evaluate(_PAGE, TEX_SELECTOR)
    problems = []
    if found["count"]:
        problems.append(f"{found['count']} TeX/MathJax elements, e.g. in {found['tex']}")
    disabled = json.loads(found["config"]).get("disabledExtensions", [])
    if MATHJAX_PLUGIN not in disabled:
        problems.append(f"Lab runs with MathJax on ({MATHJAX_PLUGIN} not in disabledExtensions {disabled}): "
                        "run `make venv` (it installs course/tools/lab_page_config.json)")
    text = found["text"].replace("\u00a0", " ")
    missing = [amount for amount in markdown_amounts(notebook) if amount not in text]
    if missing:
        problems.append(f"amounts of the markdown not shown literally: {missing}")
    if "\\$" in found["markdown"]:
        problems.append("a markdown cell shows the escape \\$ instead of $")
    return problems


@pytest.fixture(scope="module")
def released(lab) -> Path:
    """release/ copied next to the lessons the Lab serves (a student would open their own copy)."""
    target = lab.root_dir / "release"
    shutil.copytree(ROOT / "release", target, dirs_exist_ok=True)
    return target


def test_the_check_sees_tex(lab, page) -> None:
    """The check is not blind: MathJax output put in the page by hand is reported."""
    notebook = lab.root_dir / "money-harness.ipynb"
    nb_obj = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("It costs \\$12.50 today.")])
    nb_obj.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb_obj, notebook)
    nb.open_notebook(page, lab.tree_url(notebook.name))
    try:
        assert money_problems(page, notebook) == []
        page.evaluate("() => document.querySelector('.jp-RenderedMarkdown p').innerHTML = "
                      "'It costs <mjx-container class=\"MathJax\">12.50 today.</mjx-container>'")
        found = money_problems(page, notebook)
    finally:
        nb.shut_down_kernel(page)
    assert any("TeX/MathJax" in p for p in found), found
    assert any("not shown literally: ['$12.50']" in p for p in found), found


@pytest.mark.parametrize("notebook", RELEASED, ids=[p.parent.name for p in RELEASED])
def test_assignment_money_reads_as_money(lab, released: Path, page, notebook: Path) -> None:
    rel = notebook.relative_to(ROOT)
    nb.open_notebook(page, lab.tree_url(str(rel)))
    try:
        nb.run_all(page)  # a released assignment stops at the first unanswered exercise: that is fine here
        found = money_problems(page, notebook)
    finally:
        nb.shut_down_kernel(page)
    assert not found, f"{rel}: {found}"
