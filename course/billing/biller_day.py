"""A synthetic biller's day: a month of claims at a fictional practice, and the queue they leave for today.

Everyone here is fictional (SSNs none, phones 555-01xx, example.com). The claims and remittances are
the toolkit's own dataclasses, so the queue works the same way over claims from the denial simulator
(`course.billing.denials`, issue 15 item 1) once it is wired in. The payers' limits are the course's
synthetic ones (180 days to appeal, as in the denial simulator), except Medicare's one-calendar-year
filing limit (42 CFR 424.44) and its 120-day redetermination window, counted from receipt of the notice,
presumed 5 days after its date (42 CFR 405.942(a)).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

from course.billing.claim import Claim, Patient, Payer, Provider, ServiceLine
from course.billing.remittance import Adjustment, RemitClaim, RemitLine
from course.billing.workqueue import (
    PayerRules,
    Rates,
    WorkItem,
    denial_item,
    no_answer_item,
    rates,
)

TODAY = date(2026, 11, 2)
PRACTICE = Provider("1357924681", "Clearwater Family Practice")  # fictitious NPI

PAYERS: dict[str, PayerRules] = {
    "MCR01": PayerRules("Medicare Part B (a fictional contractor)", appeal_days=120, filing_days=None, receipt_days=5),
    "DHP01": PayerRules("Demo Health Plan", appeal_days=180, filing_days=90),
    "SMI02": PayerRules("Sample Mutual Insurance", appeal_days=180, filing_days=365),
    "ECP03": PayerRules("Example Care Plan", appeal_days=180, filing_days=90),
}

# (claim id, first, last, payer, date of service, [(code, charge, units, modifiers)], diagnoses)
QUEUE_CLAIMS = [
    ("CWF-D01", "Nora", "Oakhurst", "SMI02", date(2026, 5, 20), [("E0260", "1450.00", 1, ())], ["I10"]),
    ("CWF-D02", "Omar", "Glenrock", "ECP03", date(2026, 8, 7), [("G0439", "210.00", 1, ()), ("J1100", "48.00", 4, ())],
     ["Z00.00", "J45.909"]),
    ("CWF-D03", "Lena", "Birchwell", "MCR01", date(2026, 10, 1), [("G0438", "260.00", 1, ()), ("G0439", "210.00", 1, ())],
     ["Z00.00"]),
    ("CWF-D04", "Ines", "Kestrel", "DHP01", date(2026, 8, 20),
     [("L4361", "120.00", 1, ("RT",)), ("L1830", "95.00", 1, ("LT",))], ["S93.401A"]),
    ("CWF-D05", "Hal", "Ashgrove", "MCR01", date(2026, 7, 15), [("G0402", "230.00", 1, ())], ["Z00.00"]),
    ("CWF-D06", "Tess", "Dunmore", "ECP03", date(2026, 5, 4), [("G0439", "210.00", 1, ())], ["Z00.00"]),
    ("CWF-D07", "Pia", "Larchmont", "SMI02", date(2026, 9, 28), [("H0031", "95.00", 1, ())], ["F41.1"]),
    ("CWF-D08", "Wes", "Mossbank", "DHP01", date(2026, 6, 10), [("J1885", "56.00", 2, ()), ("J1030", "30.00", 1, ())],
     ["M54.50"]),
    ("CWF-D09", "Yara", "Northway", "ECP03", date(2026, 9, 1), [("J0696", "32.00", 1, ())], ["J02.9"]),
    ("CWF-D10", "Ben", "Pinecrest", "SMI02", date(2026, 10, 5), [("E0601", "980.00", 1, ())], ["I10"]),
    ("CWF-D11", "Cleo", "Hollowell", "ECP03", date(2026, 4, 24), [("K0001", "640.00", 1, ())], ["I10"]),
]

# What the payer answered: claim id -> (remittance date, denied codes (None = the whole claim), group, CARC, RARC).
# No entry: the payer has not answered.
ANSWERS = {
    "CWF-D01": (date(2026, 6, 1), None, "CO", "50", ""),
    "CWF-D03": (date(2026, 10, 20), {"G0439"}, "CO", "97", ""),
    "CWF-D04": (date(2026, 9, 8), {"L1830"}, "CO", "97", ""),
    "CWF-D05": (date(2026, 8, 1), None, "CO", "16", "MA130"),
    "CWF-D06": (date(2026, 10, 15), None, "CO", "29", ""),
    "CWF-D08": (date(2026, 6, 25), None, "CO", "50", ""),
    "CWF-D10": (date(2026, 10, 25), None, "CO", "50", ""),
    "CWF-D11": (date(2026, 5, 10), None, "CO", "50", ""),
}

# The next step for each answered claim of the queue, in the course's words ({deadline} is filled in).
NEXT_STEPS = {
    "CWF-D01": ("appeal", "Not medically necessary (CO-50): a first-level appeal with the physician's notes on why "
                "the bed was needed, by {deadline}."),
    "CWF-D03": ("write off", "G0439 is never paid with G0438 on the same day (the course's edit, indicator 0): the "
                "line should not have been billed. Write it off; the patient owes nothing. The scrubber's edits "
                "now stop this before a claim goes out."),
    "CWF-D04": ("corrected claim", "The boot and the knee immobilizer were on different legs: send a corrected "
                "claim (frequency code 7, with the payer's claim number) with XS on the L1830 line, by {deadline}."),
    "CWF-D05": ("new claim", "Unprocessable (CO-16 with MA130): there are no appeal rights. Add the missing item and "
                "send a new claim within the filing limit, by {deadline}."),
    "CWF-D06": ("write off", "Filed after the 90-day limit (CO-29): a contractual loss. The practice writes it off "
                "and may not bill the patient."),
    "CWF-D08": ("appeal", "Not medically necessary (CO-50): a first-level appeal with the visit note that shows why "
                "the injections were given, by {deadline}."),
    "CWF-D10": ("appeal", "Not medically necessary (CO-50): a first-level appeal with the sleep study report, by "
                "{deadline}."),
    "CWF-D11": ("appeal", "Not medically necessary (CO-50): a first-level appeal with the mobility assessment, by "
                "{deadline}. It is due soon."),
}

# Claims of the same month that went out clean and were paid (for the rates), and two that needed a touch.
PAID_NAMES = [("Ada", "Fernley"), ("Dev", "Ivybridge"), ("Edda", "Juniper"), ("Finn", "Copperfield"),
              ("Gia", "Elmstead"), ("Jon", "Hollowell"), ("Kai", "Northway"), ("Milo", "Ashgrove"),
              ("Quin", "Larchmont"), ("Rosa", "Pinecrest"), ("Sami", "Oakhurst"), ("Ugo", "Mossbank"),
              ("Vera", "Dunmore"), ("Xena", "Kestrel"), ("Zed", "Birchwell"), ("Lena", "Glenrock")]
PAID_VISITS = [("G0439", "210.00", ["Z00.00"]), ("G0008", "35.00", ["Z23"]), ("J3420", "24.00", ["E53.8"]),
               ("Q0091", "60.00", ["Z01.419"]), ("H0031", "95.00", ["F41.1"]), ("G0009", "35.00", ["Z23"]),
               ("J0696", "32.00", ["J02.9"])]
N_PAID = 49
TOUCHED_BEFORE_SENDING = ("CWF-P07", "CWF-P23")  # the scrubber stopped them; a person fixed them


def _patient(n: int, first: str, last: str) -> Patient:
    return Patient(f"CW{n:04d}", first, last, date(1950, 1, 1) + timedelta(days=97 * n), "F" if n % 2 else "M",
                   f"{10 + n} Willow Ln", "Salem", "OR", "97301", f"XCW{n:08d}", phone=f"503-555-01{n % 100:02d}",
                   email=f"{first.lower()}.{last.lower()}@example.com")


def _claim(n: int, cid: str, first: str, last: str, payer: str, dos: date,
           lines: list[tuple[str, str, int, tuple[str, ...]]], dx: list[str]) -> Claim:
    service = [ServiceLine(dos, code, Decimal(charge), units, mods, (1,)) for code, charge, units, mods in lines]
    return Claim(cid, _patient(n, first, last), PRACTICE, Payer(payer, PAYERS[payer].name), dx, service,
                 received_date=dos + timedelta(days=2))


def _remit(claim: Claim, denied: set[str] | None, group: str, carc: str) -> RemitClaim:
    """Denied lines (all when `denied` is None) get one adjustment; others are paid at 60% with CO-45."""
    lines, paid_total = [], Decimal("0.00")
    for ln in claim.lines:
        if denied is None or ln.code in denied:
            adjs, paid = (Adjustment(group, carc, ln.charge),), Decimal("0.00")
        else:
            paid = (ln.charge * Decimal("0.60")).quantize(Decimal("0.01"))
            adjs = (Adjustment("CO", "45", ln.charge - paid),)
        paid_total += paid
        lines.append(RemitLine(ln.code, ln.charge, paid, ln.service_date, ln.units, ln.modifiers, adjs))
    status = "4" if denied is None else "1"
    return RemitClaim(claim.claim_id, status, claim.total_charge, paid_total, claim.patient.last_name,
                      claim.patient.first_name, claim.patient.member_id, f"PCN-{claim.claim_id}", tuple(lines))


@dataclass(frozen=True)
class BillerDay:
    """A month's claims, the payers' answers, the queue they leave on `today`, and the month's rates."""

    today: date
    claims: list[Claim]
    remits: dict[str, RemitClaim]
    remit_dates: dict[str, date]
    items: list[WorkItem]
    rates: Rates
    rarcs: dict[str, str] = field(default_factory=dict)


def queue_item(claim: Claim, remit: RemitClaim, remit_date: date, rarc: str = "") -> WorkItem:
    """The work item for a denied claim of the day, with its deadline and next step."""
    step, text = NEXT_STEPS[claim.claim_id]
    return denial_item(claim, remit, remit_date, PAYERS[claim.payer.payer_id], step, text, rarc)


@cache
def _day(today: date) -> BillerDay:
    claims, remits, remit_dates, rarcs, items = [], {}, {}, {}, []
    for n, (cid, first, last, payer, dos, lines, dx) in enumerate(QUEUE_CLAIMS, start=1):
        claim = _claim(n, cid, first, last, payer, dos, lines, dx)
        claims.append(claim)
        if cid in ANSWERS:
            when, denied, group, carc, rarc = ANSWERS[cid]
            remits[cid], remit_dates[cid] = _remit(claim, denied, group, carc), when
            if rarc:
                rarcs[cid] = rarc
            items.append(queue_item(claim, remits[cid], when, rarc))
        else:
            item = no_answer_item(claim, PAYERS[payer], today)
            if item is not None:
                items.append(item)
    for i in range(N_PAID):
        first, last = PAID_NAMES[i % len(PAID_NAMES)]
        code, charge, dx = PAID_VISITS[i % len(PAID_VISITS)]
        payer = list(PAYERS)[i % len(PAYERS)]
        dos = date(2026, 9, 1) + timedelta(days=i)
        claim = _claim(100 + i, f"CWF-P{i + 1:02d}", first, last, payer, dos, [(code, charge, 1, ())], dx)
        claims.append(claim)
        remits[claim.claim_id], remit_dates[claim.claim_id] = _remit(claim, set(), "CO", "45"), dos + timedelta(14)
    return BillerDay(today, claims, remits, remit_dates, items, rates(claims, remits, TOUCHED_BEFORE_SENDING), rarcs)


def biller_day(today: date = TODAY) -> BillerDay:
    """The synthetic day (the same objects each call: treat them as read-only)."""
    return _day(today)
