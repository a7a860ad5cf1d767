"""The browser checks themselves can fail: a notebook with an error, a widget that cannot render and a
broken figure is reported on all three counts, and a practice that answers is seen answering."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from tests.browser import notebook as nb

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

BROKEN = [
    "import ipywidgets as w\nfrom traitlets import Unicode\n"
    "class Missing(w.DOMWidget):\n"
    "    _view_name = Unicode('NoSuchView').tag(sync=True)\n"
    "    _view_module = Unicode('no-such-module').tag(sync=True)\n"
    "Missing()",
    "from IPython.display import HTML\nHTML('<img src=\"data:image/png;base64,AAAA\">')",
    "1 / 0",
    "print('never reached')",
]

WORKING = [
    "import ipywidgets as w\nfrom course.practice.feedback import feedback_box, feedback_html\n"
    "code = w.Text(description='Code:')\ncheck = w.Button(description='Check')\nfb = feedback_box()\n"
    "check.on_click(lambda _b: setattr(fb, 'value', feedback_html(f'You typed {code.value}.', "
    "code.value == 'E11.9')))\nw.VBox([code, check, fb])",
    "w.Dropdown(options=['a', 'b'])",
]


def _write(lab, name: str, sources: list[str]) -> str:
    notebook = new_notebook(cells=[new_code_cell(s) for s in sources])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, lab.root_dir / name)
    return name


def test_checks_report_what_a_student_would_see_go_wrong(lab, page) -> None:
    nb.open_notebook(page, lab.tree_url(_write(lab, "harness-broken.ipynb", BROKEN)))
    nb.run_all(page)
    found = nb.problems(page)
    assert any(p.startswith("error output") and "ZeroDivisionError" in p for p in found), found
    assert any(p.startswith(("widget failed", "widget never rendered")) for p in found), found
    assert any(p.startswith("figure not rendered") for p in found), found
    assert "figure without alt text" in found, found


def test_a_practice_that_answers_is_seen_answering(lab, page) -> None:
    nb.open_notebook(page, lab.tree_url(_write(lab, "harness-working.ipynb", WORKING)))
    nb.run_all(page)
    assert nb.problems(page) == []
    box = nb.output_with(page, "Code:")
    nb.type_into(box, "e11.9")
    nb.press(box, "Check")
    assert nb.wait_status(box, r"Not quite\. You typed e11\.9\.")
    violations = nb.axe(page)
    assert [v.rule for v in violations] == ["select-name"], "an unlabelled dropdown must be flagged"
