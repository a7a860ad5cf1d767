"""The 835 remittance: what we write validates with pyx12, and the reader gets every number back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pandas as pd
import pytest

from course.billing.remittance import (
    Adjustment,
    ProviderAdjustment,
    RemitClaim,
    RemitLine,
    Remittance,
    line_balances,
    post_remittance,
    reconcile,
)
from course.billing.x12_835 import read_835, read_835_tables, remittance_to_835
from course.billing.x12_validate import validate_x12

DOS = date(2026, 3, 2)


@pytest.fixture(scope="module")
def remit() -> Remittance:
    paid = RemitClaim(
        "C1",
        "1",
        D("250.00"),
        D("40.00"),
        "Ashgrove",
        "Ada",
        "XDM1",
        "PCN1",
        (
            RemitLine(
                "G0439",
                D("250.00"),
                D("40.00"),
                DOS,
                1,
                (),
                (
                    Adjustment("CO", "45", D("100.00")),
                    Adjustment("PR", "1", D("100.00")),
                    Adjustment("PR", "2", D("10.00")),
                ),
            ),
        ),
    )
    denied = RemitClaim(
        "C2",
        "4",
        D("90.00"),
        D("0.00"),
        "Birchwell",
        "Ben",
        "XDM2",
        "PCN2",
        (
            RemitLine("J1885", D("56.00"), D("0.00"), DOS, 2, ("RT",), (Adjustment("CO", "50", D("56.00")),)),
            RemitLine("G0008", D("34.00"), D("0.00"), DOS, 1, (), (Adjustment("CO", "97", D("34.00")),)),
        ),
    )
    return Remittance(
        "DHP01",
        "Demo Health Plan",
        "1234567893",
        "Demo Family Clinic",
        "CHK0001",
        date(2026, 4, 3),
        [paid, denied],
        [ProviderAdjustment("L6", "INT1", D("-1.25"))],
    )


@pytest.fixture(scope="module")
def text(remit) -> str:
    return remittance_to_835(remit)


def test_835_validates_with_pyx12(text):
    result = validate_x12(text)
    assert result.ok, result.errors


def test_broken_835_is_rejected(text):
    assert not validate_x12(text.replace("CLP*C1*1*", "CLP*C1*9*")).ok
    assert not validate_x12(text.replace("DTM*472*20260302", "DTM*472*20260231")).ok


def test_lines_balance(remit):
    assert all(line_balances(ln) for c in remit.claims for ln in c.lines)
    assert remit.total_paid == D("41.25")  # 40 paid + 1.25 interest (a negative PLB adds to the payment)


def test_reader_tables(text):
    t = read_835_tables(text)
    assert t.payments.iloc[0]["total_paid"] == D("41.25")
    assert t.payments.iloc[0]["check_number"] == "CHK0001"
    assert t.payments.iloc[0]["paid_date"] == date(2026, 4, 3)
    assert list(t.claims["claim_id"]) == ["C1", "C2"]
    assert list(t.claims["status"]) == ["1", "4"]
    assert t.claims.iloc[0]["patient_responsibility"] == D("110.00")
    assert t.claims.iloc[0]["patient"] == "ASHGROVE, ADA"
    assert list(t.services["code"]) == ["G0439", "J1885", "G0008"]
    assert t.services.iloc[1]["modifiers"] == ("RT",) and t.services.iloc[1]["units"] == 2
    assert t.services.iloc[0]["allowed"] == D("150.00")
    assert t.services.iloc[0]["service_date"] == DOS
    assert t.plb.iloc[0]["reason"] == "L6" and t.plb.iloc[0]["amount"] == D("-1.25")


def test_read_835_long_table(text):
    df = read_835(text)
    c1 = df[df["claim_id"] == "C1"]
    assert list(zip(c1["group"], c1["carc"], c1["amount"], strict=True)) == [
        ("CO", "45", D("100.00")),
        ("PR", "1", D("100.00")),
        ("PR", "2", D("10.00")),
    ]
    assert set(df.loc[df["claim_id"] == "C2", "carc"]) == {"50", "97"}
    # every claim balances: charge = paid + all adjustments
    for claim_id, rows in df.groupby("claim_id"):
        assert rows["charge"].iloc[0] == rows["paid"].iloc[0] + sum(rows["amount"]), claim_id


def test_posting_against_our_claims(text):
    ours = pd.DataFrame({"claim_id": ["C1", "C2", "C3"], "charge": [D("250"), D("90"), D("75")]})
    posted = post_remittance(ours, read_835(text)).set_index("claim_id")
    assert posted.loc["C1", "paid"] == D("40.00") and posted.loc["C1", "patient"] == D("110.00")
    assert posted.loc["C1", "contractual"] == D("100.00") and posted.loc["C1", "balanced"]
    assert posted.loc["C2", "contractual"] == D("90.00") and posted.loc["C2", "balanced"]
    assert not posted.loc["C3", "answered"] and posted.loc["C3", "balance"] == D("75")


def test_reader_rejects_non_x12():
    with pytest.raises(ValueError):
        read_835("CLP*C1*1*100*50~")


def test_reconcile_clean_and_with_problems(text):
    ours = pd.DataFrame({"claim_id": ["C1", "C2"], "charge": [D("250"), D("90")]})
    assert reconcile(ours, read_835_tables(text)) == []
    wrong = pd.DataFrame({"claim_id": ["C1"], "charge": [D("260")]})
    problems = reconcile(wrong, read_835_tables(text))
    assert any("C1" in p and "260" in p for p in problems)
    assert any("C2" in p and "not in our claims" in p for p in problems)
    unbalanced = text.replace("CAS*PR*1*100*", "CAS*PR*1*90*")
    assert any("does not balance" in p for p in reconcile(ours, read_835_tables(unbalanced)))
    bad_total = text.replace("BPR*I*41.25*", "BPR*I*45*")
    assert any("Payment CHK0001" in p for p in reconcile(ours, read_835_tables(bad_total)))


def test_reader_follows_the_isa_delimiters(text):
    other = text.replace("*", "|").replace("~", "~\n")
    assert read_835(other).equals(read_835(text))
