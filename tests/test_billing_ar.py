"""A/R aging buckets and measures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pandas as pd
import pytest

from course.billing.ar import BUCKETS, aging_buckets, bucket_for, clean_claim_rate, days_in_ar, denial_rate


@pytest.mark.parametrize(
    ("age", "bucket"),
    [
        (0, "0-30"),
        (30, "0-30"),
        (31, "31-60"),
        (60, "31-60"),
        (61, "61-90"),
        (90, "61-90"),
        (91, "91-120"),
        (120, "91-120"),
        (121, ">120"),
        (999, ">120"),
    ],
)
def test_bucket_edges(age, bucket):
    assert bucket_for(age) == bucket


def test_aging_buckets_sum_by_bucket_in_order():
    as_of = date(2026, 11, 1)
    df = pd.DataFrame(
        {
            "service_date": [
                date(2026, 10, 30),
                date(2026, 10, 2),
                date(2026, 9, 1),
                pd.Timestamp("2026-06-01"),
                date(2026, 10, 31),
            ],
            "balance": [D("10.10"), D("20"), "30.05", 40, D("0.90")],
        }
    )
    s = aging_buckets(df, as_of)
    assert tuple(s.index) == BUCKETS
    assert s["0-30"] == D("31.00")  # 10.10 (2 days) + 20 (30 days) + 0.90
    assert s["31-60"] == D("0.00")
    assert s["61-90"] == D("30.05")  # 61 days
    assert s[">120"] == D("40.00")
    assert sum(s) == D("101.05")


def test_future_dates_are_an_error():
    df = pd.DataFrame({"service_date": [date(2026, 12, 1)], "balance": [1]})
    with pytest.raises(ValueError):
        aging_buckets(df, date(2026, 11, 1))


def test_days_in_ar_domain_example():
    assert days_in_ar(300_000, 810_000, 90) == D("33.3")


def test_rates():
    assert clean_claim_rate(95, 100) == pytest.approx(0.95)
    assert denial_rate(7, 140) == pytest.approx(0.05)
    with pytest.raises(ValueError):
        denial_rate(0, 0)
