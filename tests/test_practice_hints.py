"""A beginner's code without quotes gets a plain hint under the usual error; the error is never swallowed,
and nothing changes while nbgrader executes a notebook."""

from __future__ import annotations

import os

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from course.practice.hints import hint_for
from tests.support import ROOT

HINT = 'codes are text: put them in quotes, like "I10"'


def error_of(source: str) -> BaseException:
    try:
        exec(compile(source, "<cell>", "exec"), {"codes": []})
    except Exception as error:  # noqa: BLE001 - the test looks at whichever error the code raises
        return error
    raise AssertionError(f"{source!r} raised nothing")


@pytest.mark.parametrize(
    ("source", "code"),
    [("codes.append(I10)", "I10"), ("code = E11", "E11"), ("codes.append(J1100)", "J1100"),
     ("code = E11.9", "E11.9"), ("codes = ['I10', S93.401A]", "S93.401A")],
)
def test_a_code_without_quotes_gets_the_hint(source: str, code: str) -> None:
    assert hint_for(error_of(source)) == f'Hint: codes are text: put them in quotes, like "{code}".'


@pytest.mark.parametrize("source", ["total = totl + 1", "print(undefined_name)", "x = (1,", "codes.append('I10'"])
def test_other_mistakes_get_no_code_hint(source: str) -> None:
    assert hint_for(error_of(source)) is None


def _run(env_grading: bool, tmp_path, source: str = "codes = []\ncodes.append(I10)") -> tuple[dict, str]:
    """Execute a notebook whose second cell appends a code without quotes: its error, and all it showed."""
    cells = ["import course.practice", source, "print('never reached')"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in cells])
    old = os.environ.get("NBGRADER_EXECUTION")
    if env_grading:
        os.environ["NBGRADER_EXECUTION"] = "autograde"
    try:
        client = NotebookClient(nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(tmp_path)}})
        with pytest.raises(CellExecutionError):  # the error still stops the notebook
            client.execute(cwd=str(ROOT))
    finally:
        if env_grading and old is None:
            os.environ.pop("NBGRADER_EXECUTION")
    assert nb.cells[0].outputs == [], nb.cells[0].outputs
    outputs = nb.cells[1].outputs
    error = next(o for o in outputs if o["output_type"] == "error")
    assert nb.cells[2].outputs == []
    shown = "\n".join(error["traceback"]) + "".join(o.get("text", "") for o in outputs)
    return error, shown


def test_in_a_notebook_the_error_is_shown_with_the_hint(tmp_path) -> None:
    error, traceback = _run(False, tmp_path)
    assert error["output_type"] == "error" and error["ename"] == "NameError"
    assert "name 'I10' is not defined" in traceback and HINT in traceback


def test_a_syntax_error_gets_the_hint_too(tmp_path) -> None:
    error, shown = _run(False, tmp_path, "code = E11.9")
    assert error["ename"] == "SyntaxError"
    assert 'codes are text: put them in quotes, like "E11.9"' in shown


def test_while_grading_nothing_is_added(tmp_path) -> None:
    error, traceback = _run(True, tmp_path)
    assert error["ename"] == "NameError" and HINT not in traceback
