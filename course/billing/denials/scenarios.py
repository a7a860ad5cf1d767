"""The denial scenarios: synthetic claims, the payer's answers and the right way through each.

Every person, plan and provider here is fictional (SSNs 666-xx-xxxx, phones 555-01xx, example.com, NPIs
made with a valid check digit and labelled fictitious). "Demo Medicare Contractor" stands for a Medicare
administrative contractor and follows Medicare's rules the course's facts sheet states; the commercial
plans follow the simulator's fictional provider agreements (appeal 180 days, filing 180 days).
Each builder in `kinds` (`k_...`) is one kind of denial; each kind is played on several claims. To make more
(e.g. hidden scenarios for an assignment's tests): `make_scenario("H01", title, claim, k_modifier(claim, 0,
"RT", "..."))` with a claim from `make_claim(n, payer, diagnoses, lines, date_of_service)`, then
`start(that_scenario)`. Known simplification: the claim to a secondary payer does not carry the 837P
other-payer loop (2320).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from course.billing.claim import Claim, Patient, Payer, Provider, ServiceLine, money
from course.billing.denials.kinds import (
    EVIDENCE,
    Built,
    k_auth_none,
    k_auth_number,
    k_bundled_distinct,
    k_bundled_true,
    k_cob,
    k_contractual,
    k_coverage_ended,
    k_duplicate,
    k_dx_fit,
    k_modifier,
    k_necessity,
    k_not_covered,
    k_patient_share,
    k_pos,
    k_sex,
    k_timely_late,
    k_timely_proof,
    k_underpaid,
    k_unprocessable,
    k_wrong_payer,
)
from course.billing.denials.model import (
    ZERO,
    Action,
    Scenario,
    Step,
)
from course.billing.npi import make_fictitious_npi

_rng = random.Random(1509)
BILLING = Provider(
    npi=make_fictitious_npi(_rng),  # fictitious
    name="Maple Street Family Practice",
    tax_id="001509150",
    address="100 Clinic Way",
    city="Springfield",
    state="IL",
    zip_code="627010100",
    phone="217-555-0100",
)
DOCTOR = Provider(npi=make_fictitious_npi(_rng), name="Rowan", first_name="Avery", is_organization=False)  # fictitious

MEDICARE = Payer("MCR01", "Demo Medicare Contractor", "MB")
DHP = Payer("DHP01", "Demo Health Plan")
SMI = Payer("SMI02", "Sample Mutual Insurance")
ECP = Payer("ECP03", "Example Care Plan")
EAP = Payer("EAP04", "Example Advantage Plan")

_FIRST = ["Ada", "Ben", "Cleo", "Dev", "Edda", "Finn", "Gia", "Hal", "Ines", "Jon", "Kai", "Lena", "Milo", "Nora"]
_LAST = ["Ashgrove", "Birchwell", "Copperfield", "Dunmore", "Elmstead", "Fernley", "Glenrock", "Hollowell"]


def _patient(n: int, sex: str = "F", born: date = date(1954, 4, 9)) -> Patient:
    first, last = _FIRST[n % len(_FIRST)], _LAST[(n * 3) % len(_LAST)]
    return Patient(
        patient_id=f"DN{n:04d}",
        first_name=first,
        last_name=last,
        birth_date=born + timedelta(days=97 * n),
        sex=sex,
        address=f"{100 + 7 * n} Linden Way",
        city="Springfield",
        state="IL",
        zip_code="62701",
        member_id=f"XDM{15000000 + 1013 * n:08d}",
        phone=f"217-555-01{n % 100:02d}",
        email=f"{first.lower()}.{last.lower()}@example.com",
        ssn=f"666-{n % 90 + 10:02d}-{1000 + 37 * n:04d}",
    )


def make_claim(
    n: int, payer: Payer, dx: list[str], lines: list[tuple], dos: date, *, sex: str = "F", sent: int = 3
) -> Claim:
    """lines: (code, charge, units, modifiers, pointers[, place of service])."""
    out = []
    for code, charge, units, mods, pointers, *pos in lines:
        out.append(ServiceLine(dos, code, money(charge), units, tuple(mods), tuple(pointers), pos[0] if pos else "11"))
    return Claim(f"DN{n:05d}", _patient(n, sex), BILLING, payer, list(dx), out, DOCTOR, dos + timedelta(days=sent))


# ------------------------------------------------------------------ the scenarios


def _collectible(steps: dict[str, Step], first: str, claim: Claim) -> Decimal:
    """What the right path brings in: each payer's last payment, plus the PR billed to the patient."""
    payments: dict[str, Decimal] = {}
    billed = ZERO
    step = steps[first]
    while True:
        if step.answer is not None:
            paid = sum(
                (
                    ln.charge - sum((money(a) for _, _, a in ans.adjustments), ZERO)
                    for ln, ans in zip(claim.lines, step.answer, strict=True)
                ),
                ZERO,
            )
            payments[(step.payer or claim.payer).payer_id] = paid
            if step.right == Action.BILL_PATIENT:
                billed += sum((money(a) for ans in step.answer for g, _, a in ans.adjustments if g == "PR"), ZERO)
        if step.right is None:
            return sum(payments.values(), ZERO) + billed
        step = steps[step.then]


def _best(steps: dict[str, Step], first: str) -> tuple[tuple[Action, str], ...]:
    """The right (action, detail) at each decision, from the first step to the end."""
    out = []
    step = steps[first]
    while step.right is not None:
        out.append((step.right, step.detail))
        step = steps[step.then]
    return tuple(out)


def make_scenario(
    scenario_id: str, title: str, claim: Claim, built: Built, *, medicare: bool = False, answered: int = 21
) -> Scenario:
    context, steps, first, fixes, codes, other = built
    return Scenario(
        scenario_id=scenario_id,
        title=title,
        claim=claim,
        context=context,
        steps=steps,
        first=first,
        fixes=fixes,
        evidence=dict(EVIDENCE),
        other_payer=other,
        answered_on=(claim.received_date or claim.first_service_date) + timedelta(days=answered),
        medicare=medicare,
        codes=codes,
        collectible=_collectible(steps, first, claim),
        best=_best(steps, first),
    )


def _build() -> dict[str, Scenario]:
    d = date
    out: list[Scenario] = []

    def add(title: str, claim: Claim, built: Built, **kw: object) -> None:
        out.append(make_scenario(f"D{len(out) + 1:02d}", title, claim, built, **kw))  # type: ignore[arg-type]

    M = MEDICARE
    # CO-16 + MA130: unprocessable, a new claim
    c = make_claim(1, M, ["M54.5"], [("J1885", "56.00", 2, (), (1,)), ("J1030", "30.00", 1, (), (1,))], d(2026, 3, 2))
    add("Unprocessable: a header code in item 21", c, k_unprocessable(c, "M54.50"), medicare=True)
    c = make_claim(2, M, ["E11", "I10"], [("A4253", "45.00", 1, (), (1,))], d(2026, 4, 14))
    add("Unprocessable: diabetes without its 4th character", c, k_unprocessable(c, "E11.9"), medicare=True)
    c = make_claim(
        3,
        M,
        ["S93.401", "W19.XXXA"],
        [("E0114", "85.00", 1, ("NU",), (1,)), ("L4361", "120.00", 1, ("RT",), (1,))],
        d(2026, 5, 6),
    )
    add("Unprocessable: an injury code without its 7th character", c, k_unprocessable(c, "S93.401A"), medicare=True)
    # CO-29 timely filing
    c = make_claim(4, M, ["J45.909"], [("J1100", "48.00", 4, (), (1,))], d(2025, 3, 14), sent=402)
    add("Timely filing: sent after a year", c, k_timely_late(c, c.received_date), medicare=True)
    c = make_claim(5, DHP, ["J02.9"], [("J0696", "32.00", 1, (), (1,))], d(2026, 1, 5), sent=196)
    add("Timely filing: past the plan's 180 days", c, k_timely_late(c, c.received_date, "plan_appeal"))
    c = make_claim(6, DHP, ["N39.0"], [("J0696", "64.00", 2, (), (1,))], d(2026, 2, 9), sent=150)
    add("Timely filing: the payer lost the first claim", c, k_timely_proof(c, d(2026, 2, 12)))
    c = make_claim(
        7,
        SMI,
        ["R11.2", "E86.0"],
        [("J2405", "24.00", 4, (), (1, 2)), ("J7030", "45.00", 1, (), (2,))],
        d(2026, 3, 3),
        sent=120,
    )
    add("Timely filing: proof in the clearinghouse report", c, k_timely_proof(c, d(2026, 3, 6)))
    # CO-50 medical necessity
    c = make_claim(8, M, ["J45.909"], [("J1100", "48.00", 4, (), (1,))], d(2026, 4, 20))
    add(
        "Medical necessity: an asthma flare",
        c,
        k_necessity(c, "wheezing with a peak flow at 55% of the patient's best"),
        medicare=True,
    )
    c = make_claim(9, SMI, ["G47.33"], [("E0601", "780.00", 1, (), (1,))], d(2026, 5, 11))
    add("Medical necessity: a CPAP device", c, k_necessity(c, "a sleep study with an apnea-hypopnea index of 32"))
    c = make_claim(10, DHP, ["M54.50"], [("J1030", "30.00", 1, (), (1,))], d(2026, 6, 1))
    add("Medical necessity: a steroid injection", c, k_necessity(c, "six weeks of failed oral treatment, documented"))
    # CO-97 bundled
    c = make_claim(
        11,
        DHP,
        ["S83.91XA", "S63.501A"],
        [("L1830", "150.00", 1, (), (1,)), ("L3908", "90.00", 1, (), (2,))],
        d(2026, 5, 19),
    )
    add(
        "Bundled? Two braces, two joints",
        c,
        k_bundled_distinct(c, 1, "a knee brace and a separate wrist brace, two injuries"),
    )
    c = make_claim(
        12,
        SMI,
        ["S93.401A", "S63.501A"],
        [("L4361", "120.00", 1, ("RT",), (1,)), ("L3908", "90.00", 1, (), (2,))],
        d(2026, 6, 23),
    )
    add(
        "Bundled? A boot and a wrist brace",
        c,
        k_bundled_distinct(c, 1, "a walking boot for the ankle and a brace for the wrist"),
    )
    c = make_claim(
        13, ECP, ["M54.50"], [("J1885", "28.00", 1, (), (1,)), ("A4206", "4.00", 1, (), (1,))], d(2026, 7, 7)
    )
    add("Bundled: the syringe of an injection", c, k_bundled_true(c, 1))
    c = make_claim(
        14, DHP, ["E53.8"], [("J3420", "24.00", 1, (), (1,)), ("A4206", "4.00", 1, (), (1,))], d(2026, 7, 14)
    )
    add("Bundled: the syringe of a B-12 shot", c, k_bundled_true(c, 1))
    # CO-4 modifier
    c = make_claim(15, SMI, ["S93.401A"], [("L4361", "120.00", 1, (), (1,))], d(2026, 4, 8))
    add("Modifier: which ankle?", c, k_modifier(c, 0, "RT", "walking boot for the right ankle"))
    c = make_claim(16, DHP, ["S93.401A"], [("E0114", "85.00", 1, (), (1,))], d(2026, 4, 29))
    add("Modifier: new equipment", c, k_modifier(c, 0, "NU", "crutches bought new, not rented"))
    c = make_claim(17, DHP, ["S83.92XA"], [("L1830", "150.00", 1, (), (1,))], d(2026, 1, 10), sent=142)
    add("Modifier: an old claim, close to the limit", c, k_modifier(c, 0, "LT", "knee immobilizer for the left knee"))
    # CO-11 diagnosis does not support the procedure
    c = make_claim(18, M, ["I10", "Z23"], [("G0008", "35.00", 1, (), (1,))], d(2026, 10, 2))
    add(
        "Diagnosis fit: a flu shot pointed at hypertension",
        c,
        k_dx_fit(c, 0, 2, "The flu shot line points at I10; the visit note says the vaccine was the reason (Z23)."),
        medicare=True,
    )
    c = make_claim(19, M, ["E11.9", "Z23"], [("G0009", "35.00", 1, (), (1,))], d(2026, 9, 15))
    add(
        "Diagnosis fit: a pneumococcal shot pointed at diabetes",
        c,
        k_dx_fit(c, 0, 2, "The vaccine line points at E11.9; the vaccine was the reason for the visit (Z23)."),
        medicare=True,
    )
    # CO-5 place of service
    c = make_claim(20, ECP, ["F41.1"], [("H0031", "95.00", 1, (), (1,), "11")], d(2026, 3, 17))
    add(
        "Place of service: a video visit billed as office",
        c,
        k_pos(c, "10", "The assessment was a video visit; the patient was at home."),
    )
    c = make_claim(21, ECP, ["F32.A"], [("H0031", "95.00", 1, (), (1,), "02")], d(2026, 5, 26))
    add(
        "Place of service: telehealth, but where was the patient?",
        c,
        k_pos(c, "10", "Telehealth; the note says the patient joined from home."),
    )
    # CO-7 the patient's sex on file
    c = make_claim(22, M, ["Z01.419"], [("Q0091", "60.00", 1, (), (1,))], d(2026, 2, 24), sex="M")
    add("Registration: a screening Pap smear for a patient registered male", c, k_sex(c, "F"), medicare=True)
    c = make_claim(23, DHP, ["Z01.419"], [("Q0091", "60.00", 1, (), (1,))], d(2026, 6, 9), sex="M")
    add("Registration: the sex field typed wrong", c, k_sex(c, "F"))
    # CO-22 coordination of benefits
    c = make_claim(24, DHP, ["J20.9"], [("J0696", "64.00", 2, (), (1,))], d(2026, 3, 30))
    add("Coordination of benefits: the spouse's plan pays first", c, k_cob(c, SMI))
    c = make_claim(25, ECP, ["N39.0"], [("J0696", "32.00", 1, (), (1,))], d(2026, 4, 21))
    add("Coordination of benefits: two plans", c, k_cob(c, DHP))
    # PR-204 not covered
    c = make_claim(26, DHP, ["Z00.00"], [("V2020", "110.00", 1, (), (1,))], d(2026, 5, 5))
    add("Not covered: eyeglass frames", c, k_not_covered(c, "eyeglass frames"))
    c = make_claim(27, SMI, ["Z00.00"], [("V2100", "70.00", 2, (), (1,))], d(2026, 6, 16))
    add("Not covered: lenses", c, k_not_covered(c, "glasses lenses"))
    # PR-1/2/3 with CO-45
    c = make_claim(28, DHP, ["J06.9"], [("J0696", "250.00", 1, (), (1,))], d(2026, 2, 3))
    add("Patient share: the deductible", c, k_patient_share(c, deductible="100"))
    c = make_claim(29, SMI, ["J20.9", "R05.9"], [("J0696", "180.00", 1, (), (1, 2))], d(2026, 3, 10))
    add("Patient share: coinsurance", c, k_patient_share(c, share="0.70", coinsurance="0.30"))
    c = make_claim(30, ECP, ["J02.9"], [("J0696", "120.00", 1, (), (1,))], d(2026, 4, 7))
    add("Patient share: the copay", c, k_patient_share(c, share="0.55", copay="25"))
    c = make_claim(
        31, DHP, ["M54.50"], [("J1885", "56.00", 2, (), (1,)), ("J1030", "80.00", 1, (), (1,))], d(2026, 1, 20)
    )
    add("Patient share: deductible then coinsurance", c, k_patient_share(c, deductible="50", coinsurance="0.20"))
    c = make_claim(32, M, ["E53.8"], [("J3420", "24.00", 1, (), (1,))], d(2026, 8, 4))
    add("Patient share: Medicare coinsurance", c, k_patient_share(c, share="0.75", coinsurance="0.20"), medicare=True)
    # CO-45 alone
    c = make_claim(33, ECP, ["E03.9"], [("J3420", "48.00", 2, (), (1,))], d(2026, 6, 2))
    add("Contractual: paid in full at the allowed amount", c, k_contractual(c))
    c = make_claim(34, SMI, ["K21.9"], [("J2550", "40.00", 1, (), (1,))], d(2026, 7, 21))
    add("Contractual: the rest of the charge", c, k_contractual(c))
    # CO-18 duplicate
    c = make_claim(35, DHP, ["I10"], [("J1200", "38.00", 1, (), (1,))], d(2026, 5, 12))
    add("Duplicate: billed twice", c, k_duplicate(c, "DN00135", d(2026, 6, 5)))
    c = make_claim(36, M, ["E78.5"], [("J3420", "24.00", 1, (), (1,))], d(2026, 6, 30))
    add("Duplicate: a resubmission", c, k_duplicate(c, "DN00136", d(2026, 7, 24)), medicare=True)
    # CO-109 wrong payer
    c = make_claim(37, M, ["I10"], [("J1200", "38.00", 1, (), (1,))], d(2026, 2, 17))
    add("Wrong payer: a Medicare Advantage member", c, k_wrong_payer(c, EAP, "20"), medicare=True)
    c = make_claim(38, M, ["J45.909"], [("J1100", "36.00", 3, (), (1,))], d(2026, 3, 24))
    add("Wrong payer: the plan on the new card", c, k_wrong_payer(c, EAP, "10"), medicare=True)
    # CO-197 authorization
    c = make_claim(39, SMI, ["G47.33"], [("E0601", "780.00", 1, (), (1,))], d(2026, 7, 28))
    add("Authorization: obtained, left off the claim", c, k_auth_number(c, "SMIA2026071"))
    c = make_claim(40, DHP, ["M54.50"], [("E0260", "1400.00", 1, (), (1,))], d(2026, 8, 11))
    add("Authorization: the number in the referral log", c, k_auth_number(c, "DHPA2026555"))
    c = make_claim(41, DHP, ["J45.909"], [("E1390", "950.00", 1, (), (1,))], d(2026, 8, 18))
    add("Authorization: never requested", c, k_auth_none(c))
    c = make_claim(42, SMI, ["S83.92XA"], [("K0001", "620.00", 1, (), (1,))], d(2026, 9, 1))
    add("Authorization: the list said it was needed", c, k_auth_none(c))
    # CO/PR-27 coverage ended
    c = make_claim(43, DHP, ["J06.9"], [("J0696", "32.00", 1, (), (1,))], d(2026, 7, 6))
    add("Coverage ended: a new employer plan", c, k_coverage_ended(c, ECP))
    c = make_claim(44, SMI, ["R51.9"], [("J1885", "28.00", 1, (), (1,))], d(2026, 8, 25))
    add("Coverage ended: self-pay now", c, k_coverage_ended(c, None))
    # underpayment
    c = make_claim(45, ECP, ["G47.33"], [("E0601", "780.00", 1, (), (1,))], d(2026, 4, 13))
    add("Underpaid: below the contract", c, k_underpaid(c, "560.00"))
    c = make_claim(46, DHP, ["S63.501A"], [("L3908", "90.00", 1, (), (1,))], d(2026, 5, 27))
    add("Underpaid: the fee schedule says more", c, k_underpaid(c, "63.00"))
    return {s.scenario_id: s for s in out}


SCENARIOS: dict[str, Scenario] = _build()
