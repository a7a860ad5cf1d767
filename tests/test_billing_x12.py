"""Real X12: the 837P the course writes validates with pyx12; broken ones are rejected with a useful error."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest

from course.billing.claim import Claim, Patient, Payer, Provider, ServiceLine
from course.billing.x12_837p import amount, claim_to_837p, claims_to_837p, pretty
from course.billing.x12_validate import validate_x12


@pytest.fixture(scope="module")
def claim() -> Claim:
    patient = Patient(
        "P1",
        "Ada",
        "Ashgrove",
        date(1980, 5, 1),
        "F",
        "1 Maple St",
        "Springfield",
        "IL",
        "62701",
        "XDM00000001",
        "217-555-0101",
        "ada@example.com",
        "666-12-3456",
    )
    billing = Provider(
        "1234567893",
        "Demo Family Clinic",
        tax_id="001234567",
        address="10 Clinic Way",
        city="Springfield",
        state="IL",
        zip_code="62701",
    )
    doctor = Provider("1357924681", "Rowan", "Avery", is_organization=False)
    lines = [
        ServiceLine(date(2026, 10, 1), "G0439", D("210"), 1, (), (1, 2)),
        ServiceLine(date(2026, 10, 1), "J1885", D("56.00"), 2, ("RT",), (1,), "11"),
    ]
    return Claim("C0001", patient, billing, Payer("DHP01", "Demo Health Plan"), ["E11.9", "I10"], lines, doctor)


@pytest.fixture(scope="module")
def text(claim) -> str:
    return claim_to_837p(claim, control_number=42)


def segments(text: str) -> list[list[str]]:
    return [s.split("*") for s in text.split("~") if s]


def test_837p_validates(text):
    result = validate_x12(text)
    assert result.ok, result.errors
    assert result.errors == []


def test_837p_structure(text):
    segs = segments(text)
    ids = [s[0] for s in segs]
    assert ids[:4] == ["ISA", "GS", "ST", "BHT"]
    assert ids[-3:] == ["SE", "GE", "IEA"]
    assert len(segs[0]) == 17 and len(text.split("~")[0]) + 1 == 106  # fixed-width ISA
    assert segs[1][-1] == "005010X222A1" and segs[2][3] == "005010X222A1"
    st_to_se = ids.index("SE") - ids.index("ST") + 1
    assert segs[ids.index("SE")][1] == str(st_to_se)
    assert segs[0][13] == "000000042" and segs[-1] == ["IEA", "1", "000000042"]
    hi = next(s for s in segs if s[0] == "HI")
    assert hi[1:] == ["ABK:E119", "ABF:I10"]  # principal first, no dots
    nm85 = next(s for s in segs if s[:2] == ["NM1", "85"])
    assert nm85[-2:] == ["XX", "1234567893"]
    sv1 = [s for s in segs if s[0] == "SV1"]
    assert sv1[0][1:5] == ["HC:G0439", "210", "UN", "1"] and sv1[0][7] == "1:2"
    assert sv1[1][1] == "HC:J1885:RT"
    assert [s for s in segs if s[0] == "DTP"][0] == ["DTP", "472", "D8", "20261001"]
    clm = next(s for s in segs if s[0] == "CLM")
    assert clm[1:3] == ["C0001", "266"] and clm[5] == "11:B:1"


def test_amount_format():
    assert amount(D("250.00")) == "250"
    assert amount(D("12.50")) == "12.5"
    assert amount("0.05") == "0.05"


def test_several_claims_in_one_interchange(claim):
    result = validate_x12(claims_to_837p([claim, claim, claim]))
    assert result.ok, result.errors


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (lambda t: re.sub(r"SE\*(\d+)\*", lambda m: f"SE*{int(m.group(1)) - 1}*", t), "SE count"),
        (lambda t: re.sub(r"NM1\*85[^~]*~", "", t), "Billing Provider Name"),
        (lambda t: t.replace("DTP*472*D8*20261001", "DTP*472*D8*20261301"), "invalid date"),
        (lambda t: t.replace("GE*1*", "GE*2*"), "GE"),
        (lambda t: re.sub(r"HI\*[^~]*~", "", t), "Health Care Diagnosis Code"),
        (lambda t: t.replace("SV1*HC:G0439*210*UN*1", "SV1*HC:G0439*210*XX*1"), "SV103"),
    ],
    ids=["wrong-SE-count", "missing-NM1-85", "bad-date", "wrong-GE-count", "missing-HI", "bad-unit-code"],
)
def test_broken_837p_is_rejected_with_a_useful_error(text, break_it, expected):
    broken = break_it(text)
    assert broken != text
    result = validate_x12(broken)
    assert not result.ok
    assert any(expected.lower() in e.lower() for e in result.errors), result.errors


def test_not_x12_at_all():
    result = validate_x12("Dear payer, please pay us.")
    assert not result.ok and "ISA" in result.errors[0]


def test_cached_maps_give_the_same_answers(text):
    broken = text.replace("DTP*472*D8*20261001", "DTP*472*D8*20261301")
    for t in (broken, text, broken):
        assert validate_x12(t, cache_maps=True) == validate_x12(t, cache_maps=False)


def test_pretty_puts_one_segment_per_line(text):
    assert pretty(text).count("\n") == text.count("~")
