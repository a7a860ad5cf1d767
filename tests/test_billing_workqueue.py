"""The biller's work queue: the priority rule, deadlines, A/R by age as claims are worked, and the rates."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from course.billing.biller_day import PAYERS, TODAY, biller_day
from course.billing.claim import Claim, Patient, Payer, Provider, ServiceLine
from course.billing.queue_figure import queue_ar_alt, queue_ar_figure
from course.billing.remittance import Adjustment, RemitClaim, RemitLine
from course.billing.workqueue import (
    NO_ANSWER_AFTER_DAYS,
    PayerRules,
    Rates,
    WorkItem,
    amount_at_stake,
    appeal_deadline,
    ar_by_bucket,
    days_left,
    denial_reason,
    no_answer_item,
    ordered,
    priority,
    rates,
    urgency,
    why_first,
    written_off,
)


def item(cid: str, amount: str, deadline: date, dos: date = date(2026, 9, 1), step: str = "appeal") -> WorkItem:
    return WorkItem(cid, "Ada Fernley", "DHP01", dos, D(amount), "CO-50", deadline, "appeal", step, "")


@pytest.mark.parametrize(("left", "tier"), [(-1, 0), (0, 3), (7, 3), (8, 2), (30, 2), (31, 1), (400, 1)])
def test_urgency_edges(left, tier):
    assert urgency(left) == tier


def test_priority_is_dollars_times_urgency():
    assert priority(item("A", "258.00", TODAY + timedelta(3)), TODAY) == D("774.00")
    assert priority(item("B", "1450.00", TODAY + timedelta(26)), TODAY) == D("2900.00")
    assert priority(item("C", "980.00", TODAY + timedelta(172)), TODAY) == D("980.00")
    assert priority(item("D", "210.00", TODAY - timedelta(1)), TODAY) == D("0.00")


def test_ordered_ties_go_to_the_nearer_deadline_then_the_claim_number():
    a = item("A", "100.00", TODAY + timedelta(20))  # 200
    b = item("B", "200.00", TODAY + timedelta(60))  # 200, later deadline
    c = item("C", "100.00", TODAY + timedelta(20))  # 200, same deadline as A
    d = item("D", "50.00", TODAY + timedelta(2))  # 150
    assert [i.claim_id for i in ordered([b, d, c, a], TODAY)] == ["A", "C", "B", "D"]


def test_why_first_words():
    assert why_first(item("A", "1450.00", TODAY + timedelta(26)), TODAY) == (
        "$1,450.00 x 2 (deadline in 26 days) = 2,900.00")
    assert why_first(item("A", "210.00", TODAY - timedelta(92)), TODAY) == (
        "$210.00 x 0 (deadline passed 92 days ago) = 0.00")


def _claim(received: date) -> Claim:
    patient = Patient("P1", "Ada", "Fernley", date(1960, 1, 1), "F", "1 Willow Ln", "Salem", "OR", "97301", "X1")
    return Claim("Q1", patient, Provider("1357924681", "Clinic"), Payer("ECP03", "Example Care Plan"), ["I10"],
                 [ServiceLine(date(2026, 8, 7), "G0439", D("210.00")), ServiceLine(date(2026, 8, 7), "J1100", D("48.00"), 4)],
                 received_date=received)


def test_no_answer_item_after_30_days_with_the_filing_deadline():
    rules = PayerRules("Example Care Plan", appeal_days=60, filing_days=90)
    assert no_answer_item(_claim(TODAY - timedelta(NO_ANSWER_AFTER_DAYS)), rules, TODAY) is None
    it = no_answer_item(_claim(date(2026, 8, 10)), rules, TODAY)
    assert (it.amount, it.deadline, it.deadline_kind, it.step, it.reason) == (
        D("258.00"), date(2026, 11, 5), "filing", "status check", "no answer")
    assert it.step_text.startswith("No answer 84 days after it went in: check its status with Example Care Plan")
    medicare = PayerRules("Medicare", appeal_days=120)  # one calendar year from the date of service
    assert no_answer_item(_claim(date(2026, 8, 10)), medicare, TODAY).deadline == date(2027, 8, 7)


def test_appeal_deadline_counts_the_window_from_the_remittance():
    assert appeal_deadline(date(2026, 9, 5), PayerRules("x", 60)) == date(2026, 11, 4)
    assert appeal_deadline(date(2026, 6, 1), PayerRules("x", 180)) == date(2026, 11, 28)
    assert appeal_deadline(date(2026, 9, 5), PAYERS["MCR01"]) == date(2027, 1, 8)  # 5 days to receipt + 120


def test_amount_at_stake_counts_denials_not_the_contract_or_the_patient():
    line1 = RemitLine("G0438", D("260.00"), D("156.00"), date(2026, 10, 1),
                      adjustments=(Adjustment("CO", "45", D("84.00")), Adjustment("PR", "2", D("20.00"))))
    line2 = RemitLine("G0439", D("210.00"), D("0.00"), date(2026, 10, 1), adjustments=(Adjustment("CO", "97", D("210.00")),))
    remit = RemitClaim("Q", "1", D("470.00"), D("156.00"), "F", "A", "X", "PCN", (line1, line2))
    assert amount_at_stake(remit) == D("210.00") and denial_reason(remit) == "CO-97"
    paid = RemitClaim("Q", "1", D("260.00"), D("156.00"), "F", "A", "X", "PCN", (line1,))
    assert amount_at_stake(paid) == D("0.00") and denial_reason(paid) == ""


def test_ar_by_bucket_moves_as_claims_are_worked():
    a = item("A", "100.00", TODAY + timedelta(5), dos=TODAY - timedelta(10))  # 0-30
    b = item("B", "40.00", TODAY + timedelta(5), dos=TODAY - timedelta(45), step="write off")  # 31-60
    c = item("C", "60.00", TODAY + timedelta(5), dos=TODAY - timedelta(121))  # >120
    ar = ar_by_bucket([a, b, c], {}, TODAY)
    assert ar["to work"] == {"0-30": D("100.00"), "31-60": D("40.00"), "61-90": D("0.00"), "91-120": D("0.00"),
                             ">120": D("60.00")}
    assert set(ar["waiting for payment"].values()) == {D("0.00")}
    worked = {"A": "appeal", "B": "write off"}
    ar = ar_by_bucket([a, b, c], worked, TODAY)
    assert ar["to work"]["0-30"] == D("0.00") and ar["waiting for payment"]["0-30"] == D("100.00")
    assert ar["to work"]["31-60"] == D("0.00") and ar["waiting for payment"]["31-60"] == D("0.00")
    assert ar["to work"][">120"] == D("60.00")
    assert written_off([a, b, c], worked) == D("40.00")


def test_rates_count_denials_and_touched_claims():
    day = biller_day()
    assert day.rates == Rates(submitted=60, clean=50, adjudicated=57, denied=8)
    assert round(day.rates.clean_claim_rate, 4) == 0.8333 and round(day.rates.denial_rate, 4) == 0.1404
    some = day.claims[:3]
    assert rates(some, {c: day.remits[c] for c in ("CWF-D01",)}, ["CWF-D02"]) == Rates(3, 1, 1, 1)


# --- the synthetic day ---------------------------------------------------------------------------------

EXPECTED_ORDER = [
    ("CWF-D01", "CO-50", "1450.00", date(2026, 11, 28), "appeal", "2900.00"),
    ("CWF-D11", "CO-50", "640.00", date(2026, 11, 6), "appeal", "1920.00"),
    ("CWF-D10", "CO-50", "980.00", date(2027, 4, 23), "appeal", "980.00"),
    ("CWF-D02", "no answer", "258.00", date(2026, 11, 5), "status check", "774.00"),
    ("CWF-D05", "CO-16 MA130", "230.00", date(2027, 7, 15), "new claim", "230.00"),
    ("CWF-D03", "CO-97", "210.00", date(2027, 10, 1), "write off", "210.00"),
    ("CWF-D04", "CO-97", "95.00", date(2026, 11, 18), "corrected claim", "190.00"),
    ("CWF-D07", "no answer", "95.00", date(2027, 9, 28), "status check", "95.00"),
    ("CWF-D08", "CO-50", "86.00", date(2026, 12, 22), "appeal", "86.00"),
    ("CWF-D09", "no answer", "32.00", date(2026, 11, 30), "status check", "64.00"),
    ("CWF-D06", "CO-29", "210.00", date(2026, 8, 2), "write off", "0.00"),
]


def test_the_synthetic_day_in_working_order():
    day = biller_day()
    got = [(i.claim_id, i.reason, str(i.amount), i.deadline, i.step, str(priority(i, TODAY)))
           for i in ordered(day.items, TODAY)]
    assert got == EXPECTED_ORDER
    assert days_left(day.items[0], TODAY) == 26


def test_the_synthetic_day_is_fictional_and_scrubs_as_expected():
    from course.billing.scrubber import scrub

    day = biller_day()
    for claim in day.claims:
        assert "555-01" in claim.patient.phone and claim.patient.email.endswith("@example.com")
        assert claim.payer.payer_id in PAYERS
        errors = [p for p in scrub(claim, today=TODAY) if p.severity == "error"]
        # the one claim the course's edits would have stopped is the one denied CO-97 for the G0438/G0439 pair
        if claim.claim_id == "CWF-D03":
            assert [p.field for p in errors] == ["24 line 2 (24D code)"]
        elif claim.claim_id in ("CWF-D04",):
            assert [p.field for p in errors] == ["24 line 2 (24D modifiers)"]
        elif claim.claim_id == "CWF-D06":
            assert errors == [], "filed late, but it went out with nothing wrong on its face"
        else:
            assert errors == [], claim.claim_id


def test_the_queue_ar_at_the_start_of_the_day():
    day = biller_day()
    ar = ar_by_bucket(day.items, {}, TODAY)
    assert ar["to work"] == {"0-30": D("980.00"), "31-60": D("305.00"), "61-90": D("385.00"),
                             "91-120": D("230.00"), ">120": D("2386.00")}
    assert sum(ar["to work"].values()) == D("4286.00")


def test_queue_figure_and_its_text_alternative():
    ar = ar_by_bucket(biller_day().items, {"CWF-D01": "appeal"}, TODAY)
    fig = queue_ar_figure(ar, D("0.00"), ymax=2700)
    ax = fig.axes[0]
    assert ax.get_ylim() == (0.0, 2700.0)
    heights = [round(p.get_height(), 2) for p in ax.patches]
    assert heights == [980.0, 305.0, 385.0, 230.0, 936.0, 0.0, 0.0, 0.0, 0.0, 1450.0]
    alt = queue_ar_alt(ar, D("0.00"))
    assert ">120 days: $936.00 to work, $1,450.00 waiting for payment" in alt
    assert alt.endswith("Written off today: $0.00.")


def test_denial_item_deadline_follows_the_step():
    from course.billing.workqueue import denial_item

    claim = _claim(date(2026, 8, 10))
    line = RemitLine("G0439", D("210.00"), D("0.00"), date(2026, 8, 7), adjustments=(Adjustment("CO", "50", D("210.00")),))
    paid = RemitLine("J1100", D("48.00"), D("28.80"), date(2026, 8, 7), 4, adjustments=(Adjustment("CO", "45", D("19.20")),))
    remit = RemitClaim("Q1", "1", D("258.00"), D("28.80"), "Fernley", "Ada", "X1", "PCN-Q1", (line, paid))
    rules = PayerRules("Example Care Plan", appeal_days=180, filing_days=90)
    appeal = denial_item(claim, remit, date(2026, 9, 1), rules, "appeal", "Appeal by {deadline}.")
    assert (appeal.amount, appeal.reason, appeal.deadline, appeal.deadline_kind, appeal.step_text) == (
        D("210.00"), "CO-50", date(2027, 2, 28), "appeal", "Appeal by 2027-02-28.")
    fix = denial_item(claim, remit, date(2026, 9, 1), rules, "corrected claim", "Send by {deadline}.", "N20")
    assert (fix.reason, fix.deadline, fix.deadline_kind) == ("CO-50 N20", date(2026, 11, 5), "filing")
    with pytest.raises(ValueError, match="unknown step 'phone'"):
        denial_item(claim, remit, date(2026, 9, 1), rules, "phone", "")


def test_an_item_with_no_deadline_is_ordinary_urgency_and_sorts_after_a_dated_tie():
    from dataclasses import replace

    assert urgency(None) == 1
    free = replace(item("A", "100.00", TODAY), deadline=None, deadline_kind="", step="bill patient")
    dated = item("B", "100.00", TODAY + timedelta(60))
    assert days_left(free, TODAY) is None and priority(free, TODAY) == D("100.00")
    assert [i.claim_id for i in ordered([free, dated], TODAY)] == ["B", "A"]
    assert why_first(free, TODAY) == "$100.00 x 1 (no deadline) = 100.00"
