"""The seeded synthetic practice: reproducible, fictional, valid codes, and every X12 file it emits validates."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from course import synthetic
from course.billing.npi import is_valid_npi
from course.billing.remittance import line_balances
from course.billing.scrubber import icd10cm_status, scrub
from course.billing.x12_835 import read_835_tables
from course.billing.x12_validate import validate_x12
from course.coding import hcpcs
from course.coding.hcpcs import PROCEDURES
from course.synthetic import flawed_claims, practice


@pytest.fixture(scope="module")
def p():
    return practice()


def test_same_seed_same_practice_other_seed_differs(p):
    again = practice()
    assert again.to_837p() == p.to_837p() and again.to_835() == p.to_835()
    other = practice(seed=7)
    assert other.to_837p() != p.to_837p()


def test_practice_is_a_private_copy(p):
    mine = practice()
    mine.claims.clear()
    assert practice().claims


def test_fictional_data_rules(p):
    for pt in p.patients:
        assert re.fullmatch(r"666-\d\d-\d{4}", pt.ssn) and not pt.ssn.endswith("-0000"), pt.ssn
        assert pt.ssn[4:6] != "00"
        assert re.fullmatch(r"\d{3}-555-01\d\d", pt.phone), pt.phone
        assert re.fullmatch(r"[a-z.]+@example\.(com|org|net)", pt.email), pt.email
    for prov in [p.billing_provider, *p.providers]:
        assert is_valid_npi(prov.npi)
    assert p.billing_provider.tax_id.startswith("00")  # the IRS never issues EIN prefix 00
    assert "NPIs made up with valid check digits (labelled fictitious)" in " ".join(synthetic.__doc__.split())


def test_every_diagnosis_is_billable_fy2026_icd10cm(p):
    used = {dx for c in p.claims for dx in c.diagnoses}
    assert len(used) >= 10
    bad = {dx: icd10cm_status(dx) for dx in used if icd10cm_status(dx) != "billable"}
    assert not bad


def test_procedures_are_hcpcs_level_ii_from_the_list(p):
    codes = {ln.code for c in p.claims for ln in c.lines}
    assert codes <= set(PROCEDURES) <= set(hcpcs.table())  # the course's CMS-checked HCPCS table
    assert not any(code.startswith("D") for code in codes)


def test_every_claim_is_clean(p):
    for c in p.claims:
        assert scrub(c, today=p.as_of) == [], c.claim_id


def test_the_practice_837p_interchange_validates(p):
    result = validate_x12(p.to_837p())
    assert result.ok, result.errors[:5]


def test_every_single_claim_837p_validates(p):
    failures = {}
    for c in p.claims:
        result = validate_x12(p.claim_837p(c.claim_id))
        if not result.ok:
            failures[c.claim_id] = result.errors[:3]
    assert not failures


def test_the_practice_835_validates_and_reads_back(p):
    text = p.to_835()
    result = validate_x12(text)
    assert result.ok, result.errors[:5]
    t = read_835_tables(text)
    answered = [rc for r in p.remittances for rc in r.claims]
    assert list(t.claims["claim_id"]) == [rc.claim_id for rc in answered]
    assert list(t.claims["paid"]) == [rc.paid for rc in answered]
    assert list(t.payments["total_paid"]) == [r.total_paid for r in p.remittances]
    assert len(t.plb) == sum(len(r.provider_adjustments) for r in p.remittances) > 0


def test_remittances_balance_and_denials_exist(p):
    statuses = {rc.status for r in p.remittances for rc in r.claims}
    assert statuses == {"1", "4"}
    for r in p.remittances:
        for rc in r.claims:
            assert all(line_balances(ln) for ln in rc.lines)
            assert rc.paid == sum((ln.paid for ln in rc.lines), Decimal("0.00"))


def test_claims_frame_and_open_ar(p):
    df = p.claims_frame()
    assert len(df) == len(p.claims)
    assert set(df["status"]) == {"paid", "denied", "open"}
    assert (df["submitted_date"] <= p.as_of).all()
    assert (df["charge"] == df["payer_paid"] + df["adjustment"] + df["patient_responsibility"])[
        df["status"] != "open"
    ].all()
    ar = p.open_ar()
    assert (ar["balance"] > 0).all() and len(ar) < len(df)


def test_yearly_out_of_pocket_never_exceeds_the_plan_maximum(p):
    per_patient: dict[str, Decimal] = {}
    payer_of = {c.claim_id: c.payer.payer_id for c in p.claims}
    patient_of = {c.claim_id: c.patient.patient_id for c in p.claims}
    for r in p.remittances:
        for rc in r.claims:
            key = patient_of[rc.claim_id]
            per_patient[key] = per_patient.get(key, Decimal(0)) + rc.patient_responsibility
            assert per_patient[key] <= p.benefits[payer_of[rc.claim_id]].oop_max


def test_flawed_claims_are_caught_at_the_planted_item(p):
    for claim, item in flawed_claims():
        problems = scrub(claim, today=p.as_of)
        errors = [pr for pr in problems if pr.severity == "error"]
        assert errors and all(item in pr.field for pr in errors), (item, problems)  # one planted mistake


def test_encounters_denials_and_measures(p):
    enc = p.encounters
    assert len(enc) == sum(len(c.lines) for c in p.claims)
    assert set(enc["place_of_service"]) <= {"02", "10", "11"}
    den = p.denials()
    assert len(den) == (p.claims_frame()["status"] == "denied").sum() > 0
    assert all(den["reason"])
    m = p.measures()
    assert m["open_ar"] == sum(p.open_ar()["balance"], Decimal("0.00"))
    assert 0 < m["denial_rate"] < 0.2
    assert m["days_in_ar"] > 0


def test_open_ar_ages_and_buckets(p):
    from course.billing.ar import aging_buckets

    ar = p.open_ar()
    assert set(ar["owed_by"]) == {"payer", "patient"}
    assert (ar["age_days"] >= 0).all()
    buckets = aging_buckets(ar, p.as_of)
    assert sum(buckets) == sum(ar["balance"], Decimal("0.00"))
    assert (buckets > 0).sum() >= 4  # a spread of ages to draw
