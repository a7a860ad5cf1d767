"""The claim scrubber finds each planted problem, in plain words, and passes clean claims."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from course.billing.carc import CARC, GROUP_CODES, describe_adjustment
from course.billing.claim import Claim, Patient, Payer, Provider, ServiceLine
from course.billing.pos import describe_pos
from course.billing.scrubber import icd10cm_status, scrub
from course.coding.hcpcs import PROCEDURES, code_shape

TODAY = date(2026, 11, 1)


@pytest.fixture(scope="module")
def clean() -> Claim:
    patient = Patient(
        "P1", "Ada", "Ashgrove", date(1980, 5, 1), "F", "1 Maple St", "Springfield", "IL", "62701", "XDM00000001"
    )
    billing = Provider("1234567893", "Demo Family Clinic")
    lines = [
        ServiceLine(date(2026, 10, 1), "G0439", D("210"), 1, (), (1, 2)),
        ServiceLine(date(2026, 10, 1), "J1885", D("56"), 2, ("RT",), (1,)),
    ]
    return Claim(
        "C1",
        patient,
        billing,
        Payer("DHP01", "Demo"),
        ["E11.9", "I10"],
        lines,
        Provider("1357924681", "Rowan", "Avery", is_organization=False),
        date(2026, 10, 3),
    )


def fields(problems) -> list[str]:
    return [p.field for p in problems]


def test_clean_claim_has_no_problems(clean):
    assert scrub(clean, today=TODAY) == []


def test_icd_status():
    assert icd10cm_status("E11.9") == "billable"
    assert icd10cm_status("e119") == "billable"
    assert icd10cm_status("E11") == "not billable"
    assert icd10cm_status("I10.9") == "invalid"
    assert icd10cm_status("QA0") == "not billable"  # a category: QA0.0x codes are the billable ones
    assert icd10cm_status("U07.1") == "billable" and icd10cm_status("f32.a") == "billable"


@pytest.mark.parametrize(
    ("change", "field_start"),
    [
        (lambda c: replace(c, billing_provider=replace(c.billing_provider, npi="1234567890")), "33a"),
        (lambda c: replace(c, rendering_provider=replace(c.rendering_provider, npi="1357924680")), "24J"),
        (lambda c: replace(c, diagnoses=["E11", "I10"]), "21A"),
        (lambda c: replace(c, diagnoses=["E11.9", "I10.9"]), "21B"),
        (lambda c: replace(c, diagnoses=[]), "21"),
        (lambda c: replace(c, lines=[replace(c.lines[0], pointers=(3,)), c.lines[1]]), "24 line 1 (24E"),
        (lambda c: replace(c, lines=[c.lines[0], replace(c.lines[1], place_of_service="99")]), "24 line 2 (24B"),
        (lambda c: replace(c, lines=[replace(c.lines[0], charge=D("0"))]), "24 line 1 (24F"),
        (lambda c: replace(c, lines=[replace(c.lines[0], units=0)]), "24 line 1 (24G"),
        (lambda c: replace(c, lines=[replace(c.lines[0], code="G04")]), "24 line 1 (24D code"),
        (lambda c: replace(c, lines=[replace(c.lines[0], modifiers=("R",))]), "24 line 1 (24D modifiers"),
        (lambda c: replace(c, lines=[replace(c.lines[0], service_date=date(2027, 1, 1))]), "24 line 1 (24A"),
        (lambda c: replace(c, received_date=date(2027, 10, 2)), "24A dates"),
        (lambda c: replace(c, patient=replace(c.patient, member_id=" ")), "1a"),
        (lambda c: replace(c, lines=[]), "24 service lines"),
    ],
)
def test_each_problem_is_found(clean, change, field_start):
    problems = scrub(change(clean), today=TODAY)
    errors = [p for p in problems if p.severity == "error"]
    assert any(p.field.startswith(field_start) for p in errors), problems
    assert all(len(p.message) > 20 for p in problems)


def test_unused_diagnosis_and_duplicates_are_warnings(clean):
    problems = scrub(replace(clean, diagnoses=["E11.9", "I10", "E119"]), today=TODAY)
    assert {p.severity for p in problems} == {"warning"}
    assert "21C diagnosis" in fields(problems)


def test_timely_filing_limit_is_configurable(clean):
    late = replace(clean, received_date=date(2026, 12, 15))
    assert scrub(late, today=TODAY, timely_filing_days=365) == []
    assert any("filing limit" in p.message for p in scrub(late, today=TODAY, timely_filing_days=60))


def test_reference_tables():
    assert (
        describe_pos("11") == "Office" and describe_pos("2") == "Telehealth provided other than in the patient's home"
    )
    assert set(GROUP_CODES) == {"CO", "PR", "OA", "PI"}
    assert set(CARC) == {"1", "2", "3", "16", "29", "45", "50", "97"}
    assert describe_adjustment("pr", "1").startswith("PR-1: Deductible")
    assert all(code_shape(c) == "HCPCS" and not c.startswith("D") for c in PROCEDURES)
    assert code_shape("0001F") == "CPT" and code_shape("12345") == "CPT" and code_shape("E11.9") is None
