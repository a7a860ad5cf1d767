"""Every ICD-10-CM code in the biller track's notebooks (a04, a05, lessons 04-05) is valid and billable (FY2026).

Codes are taken from where the notebooks use diagnoses: lists under a `diagnoses` key or in
`item21_codes`, and any dotted code (E11.9) written anywhere in a cell. HCPCS codes such as G0439 are
not extracted (they happen to look like undotted ICD-10-CM codes, and some even are valid ones).
"""

from __future__ import annotations

import re

import nbformat
import pytest

from tests.support import ROOT

# (notebook, whether it must contain diagnosis codes at all)
NOTEBOOKS = [
    (ROOT / "source" / "a04" / "a04-clean-claims.ipynb", True),
    (ROOT / "source" / "a05" / "a05-getting-paid.ipynb", False),
    (ROOT / "course" / "lessons" / "04-clean-claims.ipynb", True),
    (ROOT / "course" / "lessons" / "05-getting-paid.ipynb", False),
]
DX_LIST = re.compile(r"""(?:["']diagnoses["']\]?\s*[:=]|item21_codes\s*=|DIAGNOSES\s*=)\s*\[([^\]]*)\]""")
STRING = re.compile(r"""["']([A-Za-z0-9.]{3,8})["']""")
DOTTED = re.compile(r"\b([A-Z][0-9][0-9A-Z]\.[0-9A-Z]{1,4})\b")


def codes_in(text: str) -> set[str]:
    """The ICD-10-CM codes a notebook's text uses as diagnoses."""
    found = set(DOTTED.findall(text))
    for group in DX_LIST.findall(text):
        found.update(STRING.findall(group))
    return found


def test_extraction_finds_codes_in_lists_and_dotted_text() -> None:
    text = 'claim = {"diagnoses": ["E119", "I10"]}\nitem21_codes = ["J069"]\nThe chart says **F32.A**; bill G0439.'
    assert codes_in(text) == {"E119", "I10", "J069", "F32.A"}


@pytest.fixture(scope="module")
def icd():
    import simple_icd_10_cm as cm

    return cm


@pytest.mark.parametrize(("path", "has_codes"), NOTEBOOKS, ids=[p.name for p, _ in NOTEBOOKS])
def test_every_diagnosis_code_is_billable_fy2026(path, has_codes, icd) -> None:
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing")
    nb = nbformat.read(path, as_version=4)
    codes = set().union(*(codes_in(cell.source) for cell in nb.cells))
    assert codes or not has_codes, f"no diagnosis codes found in {path.name}: the extraction is broken"
    bad = sorted(
        c for c in codes
        if not (icd.is_valid_item(c.upper().replace(".", ""))
                and icd.is_category_or_subcategory(c.upper().replace(".", ""))
                and icd.is_leaf(c.upper().replace(".", "")))
    )
    assert not bad, f"{path.name}: not valid and billable in FY2026: {bad}"


def test_assignment_keys_cover_the_codes_they_grade(icd) -> None:
    nb = nbformat.read(NOTEBOOKS[0][0], as_version=4)
    codes = set().union(*(codes_in(cell.source) for cell in nb.cells))
    assert {"E119", "I10", "J02.9", "E11.9"} <= codes
    assert len(codes) >= 12
