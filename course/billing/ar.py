"""Accounts receivable: aging buckets and the usual measures (days in A/R, clean-claim and denial rates).

The targets people quote (days in A/R under about 40, clean-claim rate 95% or more, denial rate under 5-10%)
are industry rules of thumb, not standards; the course shows them with their source and never grades them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

BUCKETS: tuple[str, ...] = ("0-30", "31-60", "61-90", "91-120", ">120")


def bucket_for(age_days: int) -> str:
    """The aging bucket for an age in days (0-30, 31-60, 61-90, 91-120, >120)."""
    if age_days < 0:
        raise ValueError("a balance cannot be older than today: check the dates")
    for upper, name in ((30, "0-30"), (60, "31-60"), (90, "61-90"), (120, "91-120")):
        if age_days <= upper:
            return name
    return ">120"


def aging_buckets(
    df: pd.DataFrame, as_of: date, *, date_col: str = "service_date", balance_col: str = "balance"
) -> pd.Series:
    """Total open balance per aging bucket (all five buckets, in order, Decimal to the cent)."""
    totals = dict.fromkeys(BUCKETS, Decimal("0.00"))
    for when, balance in zip(df[date_col], df[balance_col], strict=True):
        if isinstance(when, datetime):  # pandas Timestamps too
            when = when.date()
        totals[bucket_for((as_of - when).days)] += Decimal(str(balance)).quantize(Decimal("0.01"))
    return pd.Series(totals, name="balance")


def days_in_ar(ar_total: object, charges: object, days: int = 90) -> Decimal:
    """Days in A/R = A/R / (charges over `days` / `days`), to one decimal."""
    daily = Decimal(str(charges)) / Decimal(days)
    if daily == 0:
        raise ValueError("no charges in the period: days in A/R is undefined")
    return (Decimal(str(ar_total)) / daily).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def clean_claim_rate(accepted_first_pass: int, submitted: int) -> float:
    """Share of claims accepted on the first submission with no edits (0..1)."""
    if submitted <= 0:
        raise ValueError("no claims submitted")
    return accepted_first_pass / submitted


def denial_rate(denied: int, adjudicated: int) -> float:
    """Share of adjudicated claims that were denied (0..1)."""
    if adjudicated <= 0:
        raise ValueError("no claims adjudicated")
    return denied / adjudicated
