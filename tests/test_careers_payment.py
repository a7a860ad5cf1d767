"""Lesson 08's careers data and planner, and lesson 06's payment-plan calculator."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from course.careers import path as cp
from course.patients.payment_plans import fixed_payment_plan, plan_summary


def test_routes_follow_the_sourced_lengths():
    assert cp.get_route("certificate").months == (4, 12)
    assert cp.get_route("associate").months == (24, 24)
    assert cp.get_route("bachelor").months == (48, 48)
    assert all(18 not in r.months for r in cp.ROUTES)  # "about 18 months" is not a standard figure


def test_every_figure_has_year_and_source_and_unverified_ones_say_so():
    for f in cp.FIGURES:
        assert f.year and f.source
        if not f.verified:
            assert "not confirmed" in f.source
    assert any(f.value.startswith("$50,250") and f.verified for f in cp.FIGURES)
    assert all(not f.verified for f in cp.FIGURES if "43-3021" in f.occupation)


def test_certifications_cover_the_four_bodies():
    assert {c.body for c in cp.CERTIFICATIONS} == {"AAPC", "AHIMA", "NHA", "AMBA"}
    assert {"CPC", "COC", "CPB", "CRC", "CCA", "CCS", "CCS-P", "RHIT", "CBCS", "CMRS"} == {
        c.code for c in cp.CERTIFICATIONS
    }


def test_study_plan_dates_and_rhit_only_with_a_degree():
    p = cp.study_plan("certificate", date(2027, 1, 1), "coding")
    assert (p.finish_earliest, p.finish_latest) == (date(2027, 5, 1), date(2028, 1, 1))
    assert "RHIT" not in {c.code for c in p.certifications}
    q = cp.study_plan("associate", date(2027, 1, 31), "billing", part_time=True)
    assert q.finish_latest == date(2031, 1, 31) and "RHIT" in {c.code for c in q.certifications}
    assert cp.add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert "example cost assumption" in cp.plan_text("bachelor", date(2027, 9, 1), "both").lower()
    with pytest.raises(KeyError):
        cp.study_plan("bootcamp", date(2027, 1, 1), "coding")


def test_fixed_payment_plan_to_the_cent():
    plan = fixed_payment_plan("1200", "45")
    assert plan.months == 27 and plan.final_payment == Decimal("30.00")
    assert sum(plan.payments) == Decimal("1200.00")
    assert fixed_payment_plan("0.00", "10").months == 0
    with pytest.raises(ValueError):
        fixed_payment_plan("100", "0")


def test_plan_summary_words():
    assert plan_summary(1200, 100) == "12 monthly payments of $100.00 clear $1,200.00."
    assert "24-month limit" in plan_summary(1200, 45)
    assert plan_summary(50, 100) == "One payment of $50.00 clears the balance."
    assert plan_summary(100, -1).startswith("Check the numbers")
