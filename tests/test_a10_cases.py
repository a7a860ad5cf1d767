"""Assignment a10's ten notes: new cases (not in the case bank), each passing the case bank's machine checks.

The full cases (note, key, rationale per code, waivers) live only in source/a10, in the hidden part of each
note's last grade cell (`_case = {...}`); here they are read back, built with `case_from_dict` and checked
with `check_case` against the bundled FY2026 ICD-10-CM, and the notebook's per-code grade cells are
compared with the key.
"""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from course.coding.casebank import case_from_dict, load_bank
from course.coding.casebank.checks import check_case
from tests.support import ROOT

SOURCE = ROOT / "source" / "a10" / "a10-chart-practice.ipynb"
CASE_LITERAL = re.compile(r"^_case = (\{.*?\n\})$", re.S | re.M)


def _cells() -> dict[str, nbformat.NotebookNode]:
    nb = nbformat.read(SOURCE, as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if "nbgrader" in c.metadata}


def a10_cases() -> list[dict]:
    cells = _cells()
    found = []
    for gid, cell in cells.items():
        if gid.endswith("-extra"):
            found.append(ast.literal_eval(CASE_LITERAL.search(cell.source).group(1)))
    return found


def _plain(code: str) -> str:
    return code.replace(".", "")


def test_at_least_ten_cases():
    assert len(a10_cases()) >= 10


@pytest.mark.parametrize("raw", a10_cases(), ids=lambda r: r["id"])
def test_case_passes_the_machine_checks(raw):
    assert check_case(case_from_dict(raw)) == []


@pytest.mark.parametrize("raw", a10_cases(), ids=lambda r: r["id"])
def test_case_is_not_in_the_practice_bank(raw):
    bank = load_bank()
    assert raw["id"] not in {c.case_id for c in bank}
    assert raw["note"] not in {c.note for c in bank}
    same_key = [c.case_id for c in bank if list(c.icd_codes) == [k[0] for k in raw["codes"]]]
    assert not same_key, f"{raw['id']} has the same key as the practice case(s) {same_key}"


@pytest.mark.parametrize("raw", a10_cases(), ids=lambda r: r["id"])
def test_notebook_shows_the_note_and_grades_the_key(raw):
    n = int(raw["id"].split("-")[1])
    cells = _cells()
    assert raw["note"] in cells[f"a10-c{n:02d}-note"].source
    key = [k[0] for k in raw["codes"]]
    assert f"case_{n:02d} = {key!r}".replace("'", '"') in cells[f"a10-c{n:02d}"].source  # the reference solution
    graded = sorted(g for g in cells if re.fullmatch(rf"a10-c{n:02d}-k\d+-(category|exact)", g))
    assert len(graded) == 2 * len(key)
    for j, code in enumerate(key, 1):
        assert f'"{_plain(code)[:3]}"' in cells[f"a10-c{n:02d}-k{j}-category"].source
        assert f'"{_plain(code)}"' in cells[f"a10-c{n:02d}-k{j}-exact"].source
    assert cells[f"a10-c{n:02d}-k1-exact"].source.count(f'_got[:1] == ["{_plain(key[0])}"]') == 1


def test_stated_rule_matches_the_chart_practice_points():
    """The assignment's half points are the chart practice's: exact 1, right category 1/2, out of sequence 1/2."""
    from course.coding.casebank.scoring import CATEGORY, EXACT, MISSING, POINTS, SEQUENCE

    assert (POINTS[EXACT], POINTS[CATEGORY], POINTS[SEQUENCE], POINTS[MISSING]) == (1.0, 0.5, 0.5, 0.0)
    rules = _cells()["a10-rules"].source
    assert "1/2 point" in rules and "first three characters" in rules and "1/4 point" in rules
    points = {g: c.metadata["nbgrader"]["points"] for g, c in _cells().items() if c.metadata["nbgrader"]["grade"]}
    assert set(points.values()) == {0.5}
