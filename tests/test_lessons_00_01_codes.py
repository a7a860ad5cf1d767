"""Every ICD-10-CM code that lessons 00 and 01 show exists, and is billable, in the FY2026 data."""

from __future__ import annotations

import re

import nbformat
import pytest

from tests.support import ROOT

LESSONS = [ROOT / "course" / "lessons" / name for name in ("00-start-here.ipynb", "01-two-careers.ipynb")]
CODE = re.compile(r"\b[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?\b")
NOT_ICD = {"X12"}  # the EDI standards body (X12 837P, 835), not a diagnosis code


def codes_in(path) -> set[str]:
    text = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells)
    return set(CODE.findall(text)) - NOT_ICD


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_codes_shown_are_billable_fy2026_codes(path):
    import simple_icd_10_cm as icd
    codes = codes_in(path)
    assert codes, "the lesson shows no ICD-10-CM code at all"
    bad = sorted(c for c in codes if not (icd.is_category_or_subcategory(c) and icd.is_leaf(c)))
    assert not bad, f"not billable FY2026 ICD-10-CM codes: {bad}"
