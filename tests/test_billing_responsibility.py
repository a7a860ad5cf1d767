"""Patient responsibility: the domain-facts worked example, to the cent, and a year of claims."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from course.billing.responsibility import Benefits, split_claim, year_of_claims


def test_worked_example_exactly():
    s = split_claim(250, 150, deductible_left=100, coinsurance="0.20", oop_left=1000)
    assert s.contractual == D("100.00")
    assert s.deductible == D("100.00")
    assert s.coinsurance == D("10.00")
    assert s.plan == D("40.00")
    assert s.patient == D("110.00")
    assert s.adjustments() == [("CO", "45", D("100.00")), ("PR", "1", D("100.00")), ("PR", "2", D("10.00"))]
    assert s.plan + s.patient + s.contractual == D("250.00")
    assert s.balances()


def test_worked_example_with_60_left_of_the_oop_maximum():
    s = split_claim(250, 150, deductible_left=100, coinsurance="0.20", oop_left=60)
    assert (s.patient, s.plan) == (D("60.00"), D("90.00"))
    assert s.balances()


def test_copay_then_coinsurance_rounded_to_the_cent():
    s = split_claim("99.99", "33.33", deductible_left=0, coinsurance="0.15", copay=10, oop_left=5000)
    assert s.copay == D("10.00")
    # (33.33 - 10) * 0.15 = 3.4995 -> 3.50 (half up)
    assert s.coinsurance == D("3.50")
    assert s.plan == D("19.83")
    assert s.balances()


def test_copay_never_more_than_allowed():
    s = split_claim(30, 20, deductible_left=0, coinsurance=0, copay=25, oop_left=1000)
    assert (s.copay, s.plan) == (D("20.00"), D("0.00"))


def test_oop_already_met_means_plan_pays_all_allowed():
    s = split_claim(300, 200, deductible_left=50, coinsurance="0.2", copay=20, oop_left=0)
    assert (s.patient, s.plan) == (D("0.00"), D("200.00"))


@pytest.mark.parametrize("kwargs", [dict(billed=100, allowed=150), dict(billed=100, allowed=-1)])
def test_allowed_must_be_between_zero_and_billed(kwargs):
    with pytest.raises(ValueError):
        split_claim(**kwargs, deductible_left=0, coinsurance=0, oop_left=0)


def test_coinsurance_as_a_fraction():
    with pytest.raises(ValueError):
        split_claim(100, 50, deductible_left=0, coinsurance=20, oop_left=100)


def test_a_year_of_claims_accumulates_deductible_and_oop():
    plan = Benefits(deductible=D("500"), coinsurance=D("0.20"), copay=D("0"), oop_max=D("700"))
    df = year_of_claims([("a", 250, 150), ("b", 300, 200), ("c", 1000, 900), ("d", 400, 300)], plan)
    assert list(df["deductible"]) == [D("150.00"), D("200.00"), D("150.00"), D("0.00")]
    # c: 150 deductible, then (900-150)*20% = 150 coinsurance -> 300; OOP met 650
    assert list(df["patient"]) == [D("150.00"), D("200.00"), D("300.00"), D("50.00")]
    # d: only 50 left of the 700 OOP maximum
    assert list(df["plan"]) == [D("0.00"), D("0.00"), D("600.00"), D("250.00")]
    assert list(df["oop_met"]) == [D("150.00"), D("350.00"), D("650.00"), D("700.00")]
    assert list(df["deductible_met"])[-1] == D("500.00")
    for row in df.itertuples():
        assert row.plan + row.patient + row.contractual == row.billed


def test_a_year_can_start_part_way_through():
    from course.billing.responsibility import Accumulators

    plan = Benefits(deductible=D("500"), copay=D("0"), coinsurance=D("0.20"), oop_max=D("700"))
    df = year_of_claims([("x", 250, 150)], plan, Accumulators(deductible_met=D("450"), oop_met=D("690")))
    # 50 of the deductible left, but only 10 of the out-of-pocket maximum
    assert (df["deductible"][0], df["coinsurance"][0], df["plan"][0]) == (D("10.00"), D("0.00"), D("140.00"))
    assert df["oop_met"][0] == D("700.00")
