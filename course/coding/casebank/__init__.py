"""The chart-practice case bank: synthetic outpatient encounters with keyed codes and cited rationales.

    from course.coding.casebank import load_bank, get_case, score_case
    case = get_case("inj-001")
    result = score_case(case, ["S93.401A", "W10.1XXA"])

The cases are data (course/coding/casebank/data/*.json, one file per group of chapters); every case is
checked against the bundled FY2026 ICD-10-CM code set and its tabular notes by
`course.coding.casebank.checks` (run for every case by tests/test_casebank.py). Every person is fictitious.
"""

from __future__ import annotations

from course.coding.casebank.model import (
    DIFFICULTIES,
    SETTINGS,
    SKILLS,
    Case,
    HcpcsLine,
    KeyedCode,
    Waiver,
    case_from_dict,
    get_case,
    guidelines,
    load_bank,
)
from course.coding.casebank.scoring import PARTIAL_CREDIT_RULES, CaseScore, CodeScore, score_case

__all__ = [
    "DIFFICULTIES",
    "PARTIAL_CREDIT_RULES",
    "SETTINGS",
    "SKILLS",
    "Case",
    "CaseScore",
    "CodeScore",
    "HcpcsLine",
    "KeyedCode",
    "Waiver",
    "case_from_dict",
    "get_case",
    "guidelines",
    "load_bank",
    "score_case",
]
