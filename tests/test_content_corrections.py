"""One test per class of content error an expert review found (issue 13), so none comes back.

- the 7th character A described as "the first visit" (it means active treatment, OCG I.C.19.a);
- a CPT shape check that rejects real codes (CPT is 4 digits + a digit, A, F, T, U or M);
- patient cost sharing billed on preventive services (45 CFR 147.130; 42 CFR 410.160(b));
- model claims whose pointers break the graded pointer rules, and lines that point only at an
  external-cause code (a08's hidden test: they never justify a service);
- timely filing as 365 days instead of Medicare's one calendar year (42 CFR 424.44(a)(1));
- scrubber messages that misname a subcategory or tell the biller to drop a coexisting diagnosis.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from course.billing.claim import Claim, Patient, Payer, Provider, ServiceLine
from course.billing.pointers import (
    EXTERNAL_CAUSE_ONLY,
    EXTERNAL_CAUSE_TOO,
    VACCINE_WITHOUT_Z23,
    is_external_cause,
    pointer_rule_problems,
)
from course.billing.preventive import PREVENTIVE_CODES, is_preventive
from course.billing.scrubber import filing_deadline, one_calendar_year_later, scrub
from course.coding.hcpcs import code_shape
from course.coding.icd10 import get_index
from course.practice.code_set_quiz import SHAPE
from course.synthetic import practice
from tests.support import ROOT

# ---------------------------------------------------------------- texts students read


def _notebook_texts(path: Path) -> list[tuple[str, str]]:
    cells = json.loads(path.read_text())["cells"]
    return [(f"{path.relative_to(ROOT)} cell {i}", "".join(c["source"])) for i, c in enumerate(cells)]


def _all_texts() -> list[tuple[str, str]]:
    """Every lesson, source and release notebook cell, and every toolkit module and data file."""
    texts: list[tuple[str, str]] = []
    for folder in ("course/lessons", "source", "release"):
        for path in sorted((ROOT / folder).rglob("*.ipynb")):
            if ".ipynb_checkpoints" not in path.parts:
                texts += _notebook_texts(path)
    for path in sorted((ROOT / "course").rglob("*")):
        if path.suffix in {".py", ".json", ".csv", ".md"} and "lessons" not in path.parts:
            texts.append((str(path.relative_to(ROOT)), path.read_text()))
    return texts


TEXTS = _all_texts()
FIRST_VISIT = re.compile(r"\bfirst[- ](?:visit|treatment|encounter|appointment)s?\b", re.I)
FIRST_TIME = re.compile(r"\b(?:for )?the first time\b", re.I)
SEVENTH = re.compile(r"7th|seventh|initial encounter|subsequent encounter|\binjur|\bsprain|\bwound|\bfractur", re.I)


def test_the_scan_sees_lessons_assignments_and_toolkit():
    where = {name.split(" cell ")[0] for name, _ in TEXTS}
    assert any(w.startswith("course/lessons/03") for w in where)
    assert any(w.startswith("release/a03") for w in where) and any(w.startswith("source/a03") for w in where)
    assert "course/careers/tasks.py" in where and "course/coding/cases.py" in where


def test_no_first_visit_wording_for_a_seventh_character():
    """A means active treatment, not the first visit: 'first visit/treatment/encounter' is never used, and
    'the first time' never sits near a 7th character or an injury."""
    found = [(name, m.group()) for name, text in TEXTS for m in FIRST_VISIT.finditer(text)]
    for name, text in TEXTS:
        for m in FIRST_TIME.finditer(text):
            window = text[max(0, m.start() - 300) : m.end() + 300]
            if SEVENTH.search(window):
                found.append((name, m.group()))
    assert not found, found


def test_the_first_visit_scan_would_have_caught_the_old_wording():
    old = "Add the 7th character that says whether this is the first visit for an injury"
    assert FIRST_VISIT.search(old)
    old_case = "The wound is being actively treated for the first time."
    assert FIRST_TIME.search(old_case) and SEVENTH.search(old_case)


# ---------------------------------------------------------------- CPT shape

CPT_SHAPES = ["0001U", "0001A", "0001F", "0001T", "0001M", "12345"]


@pytest.mark.parametrize("code", CPT_SHAPES)
def test_cpt_shape_accepts_four_digits_and_a_digit_or_a_f_t_u_m(code):
    assert code_shape(code) == "CPT"


@pytest.mark.parametrize("code", ["0001X", "001U", "00001U", "ABCDE", "0001", "E11.9"])
def test_cpt_shape_still_rejects_what_is_not_a_code(code):
    assert code_shape(code) is None


def test_the_scrubber_accepts_every_cpt_shape():
    claim = _claim(
        ["Z23"], [ServiceLine(date(2026, 10, 1), code, Decimal("20"), 1, (), (1,)) for code in CPT_SHAPES[:4]]
    )
    assert not [p for p in scrub(claim, today=date(2026, 11, 1)) if "24D" in p.field]


def test_no_text_teaches_cpt_as_only_digits_f_or_t():
    for letter in "AFTUM":
        assert f"{letter} (" in SHAPE["CPT"] or f", {letter}" in SHAPE["CPT"], letter
    narrow = re.compile(r"5 digits, or 4 digits \+ F or T|Category I is 5 digits|CPT code \(5 characters\)", re.I)
    assert not [name for name, text in TEXTS if narrow.search(text)]


# ---------------------------------------------------------------- preventive services


def test_the_preventive_list_holds_the_facts_sheet_codes():
    assert {"G0008", "G0009", "G0402", "G0438", "G0439", "Q0091"} <= set(PREVENTIVE_CODES)
    assert is_preventive(" g0008 ") and not is_preventive("J1885")


@pytest.mark.parametrize("seed", [2026, 7])
def test_the_synthetic_practice_never_bills_cost_sharing_on_a_preventive_code(seed):
    p = practice(seed=seed)
    preventive_lines = [ln for r in p.remittances for rc in r.claims for ln in rc.lines if is_preventive(ln.code)]
    assert len(preventive_lines) > 10  # the check below is not vacuous
    assert not [(ln.code, a) for ln in preventive_lines for a in ln.adjustments if a.group == "PR"]
    # ... and the 835 a lesson reads back says the same
    remit = p.remittance_frame()
    assert not len(remit[remit["code"].map(is_preventive) & (remit["group"] == "PR")])
    # other services still carry cost sharing: the plan design was not switched off
    assert (remit["group"] == "PR").any()


# ---------------------------------------------------------------- diagnosis pointers


def _claim(diagnoses: list[str], lines: list[ServiceLine]) -> Claim:
    patient = Patient(
        "P1", "Ada", "Ashgrove", date(1980, 5, 1), "F", "1 Maple St", "Springfield", "IL", "62701", "XDM1"
    )
    return Claim("C1", patient, Provider("1234567893", "Demo Clinic"), Payer("DHP01", "Demo"), diagnoses, lines)


def _solution_cells(notebook: str, *grade_ids: str) -> dict:
    cells = json.loads((ROOT / "source" / notebook).read_text())["cells"]
    namespace: dict = {}
    for grade_id in grade_ids:
        cell = next(c for c in cells if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)
        exec("".join(cell["source"]), namespace)  # trusted course source: the model answer
    return namespace


def _letters(pointers: list[str]) -> tuple[int, ...]:
    return tuple("ABCDEFGHIJKL".index(p.strip().upper()) + 1 for p in pointers)


@pytest.mark.parametrize("seed", [2026, 7])
def test_every_synthetic_claim_follows_the_pointer_rules(seed):
    for c in practice(seed=seed).claims:
        for ln in c.lines:
            assert pointer_rule_problems(c.diagnoses, ln.code, ln.pointers) == [], (c.claim_id, ln.code)
            assert not any(is_external_cause(c.diagnoses[i - 1]) for i in ln.pointers), c.claim_id
    assert any(is_external_cause(dx) for c in practice(seed=seed).claims for dx in c.diagnoses)  # not vacuous


def test_a04_model_clean_claim_follows_the_pointer_rules():
    model = _solution_cells("a04/a04-clean-claims.ipynb", "a04-example")["clean_claim"]
    index = get_index()
    assert all(index.is_billable(dx) for dx in model["diagnoses"])
    for line in model["lines"]:
        assert pointer_rule_problems(model["diagnoses"], line["code"], _letters(line["pointers"])) == [], line
    assert any(line["code"] == "G0008" for line in model["lines"])  # the rule was really exercised


def test_a04_q4_key_agrees_with_the_pointer_rules():
    key = _solution_cells("a04/a04-clean-claims.ipynb", "a04-q4")["flu_shot_pointer"]
    item21 = ["J06.9", "Z23", "E11.9"]  # as the question states
    assert pointer_rule_problems(item21, "G0008", _letters([key])) == []
    assert [r for r, _ in pointer_rule_problems(item21, "G0008", (3,))] == [VACCINE_WITHOUT_Z23]


def test_a08_model_pointers_follow_the_rules_and_external_cause_alone_is_caught():
    ns = _solution_cells("a08/a08-day-at-the-practice.ipynb", "a08_codes", "a08_pointers")
    dx, pointers = ns["diagnoses"], ns["pointers"]
    for code, letters in pointers.items():
        assert pointer_rule_problems(dx, code, _letters(letters)) == [], code
    assert [r for r, _ in pointer_rule_problems(dx, "L4361", (2,))] == [EXTERNAL_CAUSE_ONLY]
    assert [r for r, _ in pointer_rule_problems(dx, "L4361", (2, 3))] == [EXTERNAL_CAUSE_ONLY]
    # a08's hidden test takes ["A", "B", "C"] as wrong: pointing at them besides the injury breaks the rule too
    assert [r for r, _ in pointer_rule_problems(dx, "L4361", (1, 2, 3))] == [EXTERNAL_CAUSE_TOO]


def test_the_scrubber_rejects_a_line_pointing_only_at_an_external_cause_code():
    visit = date(2026, 3, 12)
    good = _claim(["S93.401A", "W00.0XXA", "Y92.480"], [ServiceLine(visit, "L4361", Decimal("120"), 1, (), (1,))])
    assert scrub(good, today=date(2026, 3, 20)) == []  # external-cause codes need no pointer and no warning
    bad = replace(good, lines=[replace(good.lines[0], pointers=(2,))])
    errors = [p for p in scrub(bad, today=date(2026, 3, 20)) if p.severity == "error"]
    assert [p.field for p in errors] == ["24 line 1 (24E pointer)"] and "external-cause" in errors[0].message
    also = replace(good, lines=[replace(good.lines[0], pointers=(1, 2, 3))])
    assert [(p.severity, p.field) for p in scrub(also, today=date(2026, 3, 20))] == [
        ("warning", "24 line 1 (24E pointer)")
    ]


def test_the_scrubber_asks_for_z23_on_a_vaccine_line():
    claim = _claim(["E11.9", "Z23"], [ServiceLine(date(2026, 10, 1), "G0008", Decimal("30"), 1, (), (1,))])
    problems = scrub(claim, today=date(2026, 11, 1))
    assert any("Z23" in p.message and p.field == "24 line 1 (24E pointer)" for p in problems), problems


# ---------------------------------------------------------------- timely filing


def test_filing_limit_is_one_calendar_year():
    assert one_calendar_year_later(date(2026, 3, 15)) == date(2027, 3, 15)
    assert (filing_deadline(date(2027, 3, 1)) - date(2027, 3, 1)).days == 366  # the year crosses 29 Feb 2028
    assert (filing_deadline(date(2026, 3, 1)) - date(2026, 3, 1)).days == 365
    assert filing_deadline(date(2028, 2, 29)) == date(2029, 2, 28)
    assert filing_deadline(date(2026, 3, 1), 90) == date(2026, 5, 30)  # a payer's own limit in days


@pytest.mark.parametrize(
    ("service", "received", "late"),
    [
        (date(2027, 3, 1), date(2028, 3, 1), False),  # 366 days, on the last day of the calendar year
        (date(2027, 3, 1), date(2028, 3, 2), True),
        (date(2028, 2, 29), date(2029, 2, 28), False),
        (date(2028, 2, 29), date(2029, 3, 1), True),
    ],
)
def test_the_scrubber_uses_the_calendar_year(service, received, late):
    claim = replace(
        _claim(["Z23"], [ServiceLine(service, "G0008", Decimal("30"), 1, (), (1,))]), received_date=received
    )
    problems = [p for p in scrub(claim, today=date(2030, 1, 1)) if p.field == "24A dates of service"]
    assert bool(problems) is late
    assert all("one calendar year" in p.message for p in problems)


# ---------------------------------------------------------------- scrubber messages


def test_scrubber_names_a_subcategory_a_subcategory():
    def message(dx: str) -> str:
        claim = _claim([dx], [ServiceLine(date(2026, 10, 1), "L4361", Decimal("120"), 1, (), (1,))])
        return next(p.message for p in scrub(claim, today=date(2026, 11, 1)) if p.field == "21A diagnosis")

    assert "is a subcategory" in message("S93.401") and "is a subcategory" in message("M54.5")
    assert "is a category" in message("E11")


def test_an_unpointed_coexisting_condition_is_not_told_to_go():
    claim = _claim(["Z00.00", "E78.5"], [ServiceLine(date(2026, 10, 1), "G0438", Decimal("260"), 1, (), (1,))])
    warnings = scrub(claim, today=date(2026, 11, 1))
    assert [p.severity for p in warnings] == ["warning"]
    assert "remove" not in warnings[0].message and "coexisting" in warnings[0].message
