"""The denial scenarios: synthetic claims, the payer's answers and the right way through each.

Every person, plan and provider here is fictional (SSNs 666-xx-xxxx, phones 555-01xx, example.com, NPIs
made with a valid check digit and labelled fictitious). "Demo Medicare Contractor" stands for a Medicare
administrative contractor and follows Medicare's rules the course's facts sheet states; the commercial
plans follow the simulator's fictional provider agreements (appeal 180 days, filing 180 days).
Each builder below is one kind of denial; each kind is played on several claims.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from course.billing.claim import Claim, Patient, Payer, Provider, ServiceLine, money
from course.billing.denials.model import (
    PAID,
    PATIENT_BILLED,
    WRITTEN_OFF,
    ZERO,
    Action,
    Fix,
    LineAnswer,
    Scenario,
    Step,
)
from course.billing.npi import make_fictitious_npi
from course.billing.preventive import is_preventive

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

MEDICARE = Payer("MCR01", "Demo Medicare Contractor")
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


def _claim(
    n: int, payer: Payer, dx: list[str], lines: list[tuple], dos: date, *, sex: str = "F", sent: int = 3
) -> Claim:
    """lines: (code, charge, units, modifiers, pointers[, place of service])."""
    out = []
    for code, charge, units, mods, pointers, *pos in lines:
        out.append(ServiceLine(dos, code, money(charge), units, tuple(mods), tuple(pointers), pos[0] if pos else "11"))
    return Claim(f"DN{n:05d}", _patient(n, sex), BILLING, payer, list(dx), out, DOCTOR, dos + timedelta(days=sent))


def _cents(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def deny(
    claim: Claim, group: str, carc: str, remarks: tuple[str, ...] = (), only: int | None = None, share: str = "0.60"
) -> tuple[LineAnswer, ...]:
    """Every line denied group-carc (or only line `only`, 0-based, the others paid at `share` with CO-45)."""
    out = []
    for i, ln in enumerate(claim.lines):
        if only is None or i == only:
            out.append(LineAnswer(((group, carc, ln.charge),), remarks))
        else:
            allowed = _cents(ln.charge * Decimal(share))
            out.append(LineAnswer((("CO", "45", ln.charge - allowed),)))
    return tuple(out)


def pay(
    claim: Claim,
    share: str = "0.60",
    *,
    deductible: str = "0",
    coinsurance: str = "0",
    copay: str = "0",
    allowed: dict[int, str] | None = None,
) -> tuple[LineAnswer, ...]:
    """Paid at `share` of the charge (or `allowed` per line), with CO-45 and the patient's PR-1/PR-3/PR-2.

    Preventive services (course.billing.preventive) carry no deductible, copay or coinsurance.
    """
    ded_left, copay_left = Decimal(deductible), Decimal(copay)
    out = []
    for i, ln in enumerate(claim.lines):
        alw = money(allowed[i]) if allowed and i in allowed else _cents(ln.charge * Decimal(share))
        adjs: list[tuple[str, str, Decimal]] = []
        if ln.charge - alw > 0:
            adjs.append(("CO", "45", ln.charge - alw))
        if not is_preventive(ln.code):
            rest = alw
            ded = min(ded_left, rest)
            ded_left -= ded
            rest -= ded
            cp = min(copay_left, rest)
            copay_left -= cp
            rest -= cp
            coins = _cents(rest * Decimal(coinsurance))
            adjs += [("PR", c, a) for c, a in (("1", ded), ("3", cp), ("2", coins)) if a > 0]
        out.append(LineAnswer(tuple(adjs)))
    return tuple(out)


def _paid_tail(answer: tuple[LineAnswer, ...], payer: Payer | None = None, name: str = "paid") -> dict[str, Step]:
    """The payment that ends the right path: closes as paid, or asks for the patient's statement first."""
    pr = sum((money(a) for ln in answer for g, _, a in ln.adjustments if g == "PR"), ZERO)
    if pr == 0:
        return {name: Step(name, "co_never_billed", answer=answer, payer=payer, outcome=PAID)}
    return {
        name: Step(
            name,
            "pr_is_patients",
            answer=answer,
            payer=payer,
            right=Action.BILL_PATIENT,
            then="statement",
            hint="The payer paid its part; the PR lines are the patient's.",
        ),
        "statement": Step("statement", "pr_is_patients", outcome=PATIENT_BILLED),
    }


def _written_off() -> dict[str, Step]:
    return {"written_off": Step("written_off", "co_never_billed", outcome=WRITTEN_OFF)}


# ------------------------------------------------------------------ fixes a biller can make


def _set_line(i: int, **kw: object) -> Callable[[Claim], Claim]:
    def apply(c: Claim) -> Claim:
        lines = list(c.lines)
        lines[i] = replace(lines[i], **kw)
        return replace(c, lines=lines)

    return apply


def _add_modifier(i: int, mod: str) -> Callable[[Claim], Claim]:
    def apply(c: Claim) -> Claim:
        ln = c.lines[i]
        return _set_line(i, modifiers=tuple(m for m in ln.modifiers if m != mod) + (mod,))(c)

    return apply


def _diagnosis(old: str, new: str) -> Callable[[Claim], Claim]:
    return lambda c: replace(c, diagnoses=[new if d == old else d for d in c.diagnoses])


def _all_pos(pos: str) -> Callable[[Claim], Claim]:
    return lambda c: replace(c, lines=[replace(ln, place_of_service=pos) for ln in c.lines])


def _swap_dx(c: Claim) -> Claim:
    return replace(c, diagnoses=c.diagnoses[1:] + c.diagnoses[:1]) if len(c.diagnoses) > 1 else c


DISTRACTORS = (
    Fix("pos22", "Change the place of service to 22 (on-campus outpatient hospital)", _all_pos("22")),
    Fix("units", "Double the units on line 1", lambda c: _set_line(0, units=c.lines[0].units * 2)(c)),
    Fix("swap_dx", "Put the second diagnosis first", _swap_dx),
)


def _fixes(right: Fix) -> tuple[Fix, ...]:
    return (right, *DISTRACTORS[:2])


EVIDENCE = {
    "records": "the visit's medical record, documenting why the service was needed",
    "proof": "the clearinghouse acceptance report for the first submission, with its date",
    "contract": "the provider agreement's fee schedule for this code",
    "letter_only": "a letter saying the decision is wrong, with no documents",
}

# ------------------------------------------------------------------ the kinds of denial

Built = tuple[str, dict[str, Step], str, tuple[Fix, ...], tuple[str, ...], tuple[tuple[Action, str], ...], Payer | None]


def k_unprocessable(claim: Claim, good_dx: str) -> Built:
    bad = claim.diagnoses[0]
    fix = Fix("diagnosis", f"Replace {bad} with the billable code {good_dx}", _diagnosis(bad, good_dx))
    fixed = fix.apply(claim)
    steps = {
        "denied": Step(
            "denied",
            "unprocessable",
            answer=deny(claim, "CO", "16", ("MA130", "M76")),
            right=Action.NEW_CLAIM,
            detail="diagnosis",
            then="paid",
            hint="Read the remark codes: MA130 says unprocessable; M76 says which part.",
        ),
        **_paid_tail(pay(fixed, "0.62", deductible="20", coinsurance="0.20")),
    }
    context = (
        f"The chart supports {good_dx}; the claim went out with {bad}, a code that is not billable (a category header)."
    )
    return context, steps, "denied", _fixes(fix), ("CO-16", "MA130", "M76"), ((Action.NEW_CLAIM, "diagnosis"),), None


def k_timely_late(claim: Claim, first_sent: date, rule: str = "timely_filing_medicare") -> Built:
    steps = {
        "denied": Step(
            "denied",
            rule,
            answer=deny(claim, "CO", "29"),
            right=Action.WRITE_OFF,
            then="written_off",
            hint="Compare the date of service with the date the claim first went out.",
        ),
        **_written_off(),
    }
    context = (
        f"Date of service {claim.first_service_date}; the practice's records and the clearinghouse report show "
        f"the claim first went out on {first_sent}."
    )
    return context, steps, "denied", _fixes(DISTRACTORS[2]), ("CO-29",), ((Action.WRITE_OFF, ""),), None


def k_timely_proof(claim: Claim, accepted: date) -> Built:
    steps = {
        "denied": Step(
            "denied",
            "timely_filing_proof",
            answer=deny(claim, "CO", "29"),
            right=Action.APPEAL,
            detail="proof",
            then="paid",
            hint="Was it really late? Look at the clearinghouse report.",
        ),
        **_paid_tail(pay(claim, "0.65", coinsurance="0.20")),
    }
    context = (
        f"Date of service {claim.first_service_date}. The clearinghouse accepted the claim for {claim.payer.name} "
        f"on {accepted} (inside the plan's 180 days); the payer logged a later resubmission as the first."
    )
    return context, steps, "denied", _fixes(DISTRACTORS[2]), ("CO-29",), ((Action.APPEAL, "proof"),), None


def k_necessity(claim: Claim, why: str) -> Built:
    steps = {
        "denied": Step(
            "denied",
            "medical_necessity",
            answer=deny(claim, "CO", "50"),
            right=Action.APPEAL,
            detail="records",
            then="paid",
            hint="CO-50 is the payer's clinical judgment: answer it with the chart.",
        ),
        **_paid_tail(pay(claim, "0.60", coinsurance="0.20")),
    }
    context = f"The chart documents why: {why}."
    return context, steps, "denied", _fixes(DISTRACTORS[2]), ("CO-50",), ((Action.APPEAL, "records"),), None


def k_bundled_distinct(claim: Claim, line: int, why: str) -> Built:
    fix = Fix("distinct", f"Add modifier XS (separate structure) to line {line + 1}", _add_modifier(line, "XS"))
    fixed = fix.apply(claim)
    steps = {
        "denied": Step(
            "denied",
            "bundled",
            answer=deny(claim, "CO", "97", ("N20",), only=line),
            right=Action.CORRECTED_CLAIM,
            detail="distinct",
            then="paid",
            hint="Was the second service really part of the first?",
        ),
        **_paid_tail(pay(fixed, "0.60")),
    }
    context = f"The chart documents a separate service: {why}."
    return context, steps, "denied", _fixes(fix), ("CO-97", "N20"), ((Action.CORRECTED_CLAIM, "distinct"),), None


def k_bundled_true(claim: Claim, line: int) -> Built:
    steps = {
        "denied": Step(
            "denied",
            "bundled",
            answer=deny(claim, "CO", "97", ("N20",), only=line),
            right=Action.WRITE_OFF,
            then="written_off",
            hint="Nothing in the chart makes the second service separate.",
        ),
        **_written_off(),
    }
    context = "The chart describes one service; the second line was part of it (same site, same session)."
    fix = Fix("distinct", f"Add modifier XS (separate structure) to line {line + 1}", _add_modifier(line, "XS"))
    return context, steps, "denied", _fixes(fix), ("CO-97", "N20", "CO-45"), ((Action.WRITE_OFF, ""),), None


def k_modifier(claim: Claim, line: int, mod: str, why: str) -> Built:
    fix = Fix("modifier", f"Add modifier {mod} to line {line + 1}", _add_modifier(line, mod))
    fixed = fix.apply(claim)
    steps = {
        "denied": Step(
            "denied",
            "coding_fit",
            answer=deny(claim, "CO", "4"),
            right=Action.CORRECTED_CLAIM,
            detail="modifier",
            then="paid",
            hint="CARC 4 points at the modifiers of the line.",
        ),
        **_paid_tail(pay(fixed, "0.60", coinsurance="0.20")),
    }
    return (
        f"The order and the chart: {why}.",
        steps,
        "denied",
        _fixes(fix),
        ("CO-4",),
        ((Action.CORRECTED_CLAIM, "modifier"),),
        None,
    )


def k_dx_fit(claim: Claim, line: int, pointer: int, why: str) -> Built:
    fix = Fix(
        "pointer",
        f"Point line {line + 1} at diagnosis {'ABCD'[pointer - 1]} ({claim.diagnoses[pointer - 1]})",
        _set_line(line, pointers=(pointer,)),
    )
    fixed = fix.apply(claim)
    steps = {
        "denied": Step(
            "denied",
            "coding_fit",
            answer=deny(claim, "CO", "11"),
            right=Action.CORRECTED_CLAIM,
            detail="pointer",
            then="paid",
            hint="Which diagnosis does the line point at (item 24E)?",
        ),
        **_paid_tail(pay(fixed, "0.60", coinsurance="0.20")),
    }
    return why, steps, "denied", _fixes(fix), ("CO-11",), ((Action.CORRECTED_CLAIM, "pointer"),), None


def k_pos(claim: Claim, pos: str, why: str) -> Built:
    fix = Fix("pos", f"Change the place of service to {pos}", _all_pos(pos))
    fixed = fix.apply(claim)
    steps = {
        "denied": Step(
            "denied",
            "coding_fit",
            answer=deny(claim, "CO", "5"),
            right=Action.CORRECTED_CLAIM,
            detail="pos",
            then="paid",
            hint="CARC 5: the place of service does not fit.",
        ),
        **_paid_tail(pay(fixed, "0.60", copay="25")),
    }
    return (
        why,
        steps,
        "denied",
        (fix, DISTRACTORS[0], DISTRACTORS[1]),
        ("CO-5",),
        ((Action.CORRECTED_CLAIM, "pos"),),
        None,
    )


def k_sex(claim: Claim, right_sex: str) -> Built:
    def fix_sex(c: Claim) -> Claim:
        return replace(c, patient=replace(c.patient, sex=right_sex))

    fix = Fix("sex", f"Correct the patient's sex to {right_sex} (registration error)", fix_sex)
    fixed = fix.apply(claim)
    steps = {
        "denied": Step(
            "denied",
            "coding_fit",
            answer=deny(claim, "CO", "7"),
            right=Action.CORRECTED_CLAIM,
            detail="sex",
            then="paid",
            hint="CARC 7: compare the service with the patient data on the claim.",
        ),
        **_paid_tail(pay(fixed, "0.60")),
    }
    context = f"The patient's ID card and chart say sex {right_sex}; registration typed {claim.patient.sex}."
    return context, steps, "denied", _fixes(fix), ("CO-7",), ((Action.CORRECTED_CLAIM, "sex"),), None


def k_cob(claim: Claim, primary: Payer) -> Built:
    first = pay(claim, "0.60", coinsurance="0.20")
    second = []
    for ln, ans in zip(claim.lines, first, strict=True):
        pr = sum((a for g, _, a in ans.adjustments if g == "PR"), ZERO)
        second.append(LineAnswer((("OA", "23", ln.charge - pr),)) if pr > 0 else LineAnswer((("OA", "23", ln.charge),)))
    steps = {
        "denied": Step(
            "denied",
            "cob",
            answer=deny(claim, "CO", "22"),
            right=Action.BILL_OTHER_PAYER,
            then="primary_paid",
            hint="Who pays first? Look at the registration.",
        ),
        "primary_paid": Step(
            "primary_paid",
            "cob",
            answer=first,
            payer=primary,
            right=Action.BILL_OTHER_PAYER,
            then="secondary_paid",
            hint="The primary has paid; the secondary plan comes next.",
        ),
        "secondary_paid": Step("secondary_paid", "cob", answer=tuple(second), payer=claim.payer, outcome=PAID),
    }
    context = (
        f"Registration: the patient is covered by {claim.payer.name} and, through a spouse's employer, by "
        f"{primary.name}, which is primary."
    )
    best = ((Action.BILL_OTHER_PAYER, ""), (Action.BILL_OTHER_PAYER, ""))
    return context, steps, "denied", _fixes(DISTRACTORS[2]), ("CO-22", "OA-23"), best, primary


def k_not_covered(claim: Claim, what: str) -> Built:
    steps = {
        "denied": Step(
            "denied",
            "not_covered",
            answer=deny(claim, "PR", "204", ("N130",)),
            right=Action.BILL_PATIENT,
            then="statement",
            hint="Whose column is it in: CO or PR?",
        ),
        "statement": Step("statement", "pr_is_patients", outcome=PATIENT_BILLED),
    }
    context = (
        f"The plan's benefit summary excludes {what}; the patient was told before the visit and chose to go ahead."
    )
    return context, steps, "denied", _fixes(DISTRACTORS[2]), ("PR-204", "N130"), ((Action.BILL_PATIENT, ""),), None


def k_patient_share(claim: Claim, **terms: str) -> Built:
    answer = pay(claim, terms.pop("share", "0.60"), **terms)
    steps = _paid_tail(answer, name="paid")
    codes = tuple(sorted({f"{g}-{c}" for ln in answer for g, c, _ in ln.adjustments}))
    context = "The claim was paid. Post it and decide what, if anything, the patient owes."
    return context, steps, "paid", _fixes(DISTRACTORS[2]), codes, ((Action.BILL_PATIENT, ""),), None


def k_contractual(claim: Claim) -> Built:
    steps = {
        "paid": Step(
            "paid",
            "co_never_billed",
            answer=pay(claim, "0.58"),
            right=Action.WRITE_OFF,
            then="written_off",
            hint="The payer paid the allowed amount in full; the rest is CO-45.",
        ),
        **_written_off(),
    }
    context = "The practice is in network with this plan; the patient has met the deductible and the plan pays 100% of allowed."
    return context, steps, "paid", _fixes(DISTRACTORS[2]), ("CO-45",), ((Action.WRITE_OFF, ""),), None


def k_duplicate(claim: Claim, original: str, paid_on: date) -> Built:
    steps = {
        "denied": Step(
            "denied",
            "duplicate",
            answer=deny(claim, "CO", "18"),
            right=Action.WRITE_OFF,
            then="written_off",
            hint="Look for the first claim for this visit.",
        ),
        **_written_off(),
    }
    context = f"The billing system shows this visit was already billed as claim {original}, paid on {paid_on}."
    return context, steps, "denied", _fixes(DISTRACTORS[2]), ("CO-18",), ((Action.WRITE_OFF, ""),), None


def k_wrong_payer(claim: Claim, right_payer: Payer, copay: str) -> Built:
    steps = {
        "denied": Step(
            "denied",
            "wrong_payer",
            answer=deny(claim, "CO", "109", ("N418",)),
            right=Action.BILL_OTHER_PAYER,
            then="paid",
            hint="Check eligibility: who covered the patient on the date of service?",
        ),
        **_paid_tail(pay(claim, "0.60", copay=copay), payer=right_payer),
    }
    context = (
        f"The patient's new card (scanned last month) shows {right_payer.name}, a Medicare Advantage plan, "
        f"from January 1; the claim went to {claim.payer.name}."
    )
    return (
        context,
        steps,
        "denied",
        _fixes(DISTRACTORS[2]),
        ("CO-109", "N418"),
        ((Action.BILL_OTHER_PAYER, ""),),
        right_payer,
    )


def k_auth_number(claim: Claim, auth: str) -> Built:
    fix = Fix("auth", f"Add prior authorization number {auth} (REF*G1)", lambda c: replace(c, prior_authorization=auth))
    steps = {
        "denied": Step(
            "denied",
            "authorization",
            answer=deny(claim, "CO", "197"),
            right=Action.CORRECTED_CLAIM,
            detail="auth",
            then="paid",
            hint="Was authorization obtained? Check the referral log.",
        ),
        **_paid_tail(pay(claim, "0.60", coinsurance="0.20")),
    }
    context = f"The referral log shows authorization {auth} was approved before the service; it was left off the claim."
    return context, steps, "denied", _fixes(fix), ("CO-197",), ((Action.CORRECTED_CLAIM, "auth"),), None


def k_auth_none(claim: Claim) -> Built:
    steps = {
        "denied": Step(
            "denied",
            "authorization",
            answer=deny(claim, "CO", "197"),
            right=Action.WRITE_OFF,
            then="written_off",
            hint="Was authorization obtained? Check the referral log.",
        ),
        **_written_off(),
    }
    context = "The referral log has no authorization request for this service; the plan's list required one."
    fix = Fix(
        "auth",
        "Add prior authorization number AUTH0000000 (REF*G1)",
        lambda c: replace(c, prior_authorization="AUTH0000000"),
    )
    return context, steps, "denied", _fixes(fix), ("CO-197",), ((Action.WRITE_OFF, ""),), None


def k_coverage_ended(claim: Claim, new_payer: Payer | None) -> Built:
    if new_payer is None:
        steps = {
            "denied": Step(
                "denied",
                "wrong_payer",
                answer=deny(claim, "PR", "27"),
                right=Action.BILL_PATIENT,
                then="statement",
                hint="Check eligibility: is there any other coverage?",
            ),
            "statement": Step("statement", "pr_is_patients", outcome=PATIENT_BILLED),
        }
        context = "Eligibility check: the plan ended last month and the patient confirms no other coverage (self-pay)."
        best: tuple[tuple[Action, str], ...] = ((Action.BILL_PATIENT, ""),)
    else:
        steps = {
            "denied": Step(
                "denied",
                "wrong_payer",
                answer=deny(claim, "PR", "27"),
                right=Action.BILL_OTHER_PAYER,
                then="paid",
                hint="Check eligibility: is there any other coverage?",
            ),
            **_paid_tail(pay(claim, "0.55", copay="10"), payer=new_payer),
        }
        context = (
            f"Eligibility check: the old plan ended last month; the patient's new employer plan is {new_payer.name}."
        )
        best = ((Action.BILL_OTHER_PAYER, ""),)
    return context, steps, "denied", _fixes(DISTRACTORS[2]), ("PR-27",), best, new_payer


def k_underpaid(claim: Claim, contract: str) -> Built:
    low = pay(claim, "0.40")
    steps = {
        "paid": Step(
            "paid",
            "underpaid",
            answer=low,
            right=Action.APPEAL,
            detail="contract",
            then="repaid",
            hint="Compare the allowed amount (AMT*B6) with the contract.",
        ),
        **_paid_tail(pay(claim, allowed={0: contract}), name="repaid"),
    }
    context = f"The provider agreement's fee schedule allows {money(contract)} for {claim.lines[0].code}."
    return context, steps, "paid", _fixes(DISTRACTORS[2]), ("CO-45",), ((Action.APPEAL, "contract"),), None


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


def _scenario(
    n: int, title: str, claim: Claim, built: Built, *, medicare: bool = False, answered: int = 21
) -> Scenario:
    context, steps, first, fixes, codes, _, other = built
    return Scenario(
        scenario_id=f"D{n:02d}",
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
        out.append(_scenario(len(out) + 1, title, claim, built, **kw))  # type: ignore[arg-type]

    M = MEDICARE
    # CO-16 + MA130: unprocessable, a new claim
    c = _claim(1, M, ["M54.5"], [("J1885", "56.00", 2, (), (1,)), ("J1030", "30.00", 1, (), (1,))], d(2026, 3, 2))
    add("Unprocessable: a header code in item 21", c, k_unprocessable(c, "M54.50"), medicare=True)
    c = _claim(2, M, ["E11", "I10"], [("A4253", "45.00", 1, (), (1,))], d(2026, 4, 14))
    add("Unprocessable: diabetes without its 4th character", c, k_unprocessable(c, "E11.9"), medicare=True)
    c = _claim(
        3,
        M,
        ["S93.401", "W19.XXXA"],
        [("E0114", "85.00", 1, ("NU",), (1,)), ("L4361", "120.00", 1, ("RT",), (1,))],
        d(2026, 5, 6),
    )
    add("Unprocessable: an injury code without its 7th character", c, k_unprocessable(c, "S93.401A"), medicare=True)
    # CO-29 timely filing
    c = _claim(4, M, ["J45.909"], [("J1100", "48.00", 4, (), (1,))], d(2025, 3, 14), sent=402)
    add("Timely filing: sent after a year", c, k_timely_late(c, c.received_date), medicare=True)
    c = _claim(5, DHP, ["J02.9"], [("J0696", "32.00", 1, (), (1,))], d(2026, 1, 5), sent=196)
    add("Timely filing: past the plan's 180 days", c, k_timely_late(c, c.received_date, "plan_appeal"))
    c = _claim(6, DHP, ["N39.0"], [("J0696", "64.00", 2, (), (1,))], d(2026, 2, 9), sent=150)
    add("Timely filing: the payer lost the first claim", c, k_timely_proof(c, d(2026, 2, 12)))
    c = _claim(
        7,
        SMI,
        ["R11.2", "E86.0"],
        [("J2405", "24.00", 4, (), (1, 2)), ("J7030", "45.00", 1, (), (2,))],
        d(2026, 3, 3),
        sent=120,
    )
    add("Timely filing: proof in the clearinghouse report", c, k_timely_proof(c, d(2026, 3, 6)))
    # CO-50 medical necessity
    c = _claim(8, M, ["J45.909"], [("J1100", "48.00", 4, (), (1,))], d(2026, 4, 20))
    add(
        "Medical necessity: an asthma flare",
        c,
        k_necessity(c, "wheezing with a peak flow at 55% of the patient's best"),
        medicare=True,
    )
    c = _claim(9, SMI, ["G47.33"], [("E0601", "780.00", 1, (), (1,))], d(2026, 5, 11))
    add("Medical necessity: a CPAP device", c, k_necessity(c, "a sleep study with an apnea-hypopnea index of 32"))
    c = _claim(10, DHP, ["M54.50"], [("J1030", "30.00", 1, (), (1,))], d(2026, 6, 1))
    add("Medical necessity: a steroid injection", c, k_necessity(c, "six weeks of failed oral treatment, documented"))
    # CO-97 bundled
    c = _claim(
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
    c = _claim(
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
    c = _claim(13, ECP, ["M54.50"], [("J1885", "28.00", 1, (), (1,)), ("A4206", "4.00", 1, (), (1,))], d(2026, 7, 7))
    add("Bundled: the syringe of an injection", c, k_bundled_true(c, 1))
    c = _claim(14, DHP, ["E53.8"], [("J3420", "24.00", 1, (), (1,)), ("A4206", "4.00", 1, (), (1,))], d(2026, 7, 14))
    add("Bundled: the syringe of a B-12 shot", c, k_bundled_true(c, 1))
    # CO-4 modifier
    c = _claim(15, SMI, ["S93.401A"], [("L4361", "120.00", 1, (), (1,))], d(2026, 4, 8))
    add("Modifier: which ankle?", c, k_modifier(c, 0, "RT", "walking boot for the right ankle"))
    c = _claim(16, DHP, ["S93.401A"], [("E0114", "85.00", 1, (), (1,))], d(2026, 4, 29))
    add("Modifier: new equipment", c, k_modifier(c, 0, "NU", "crutches bought new, not rented"))
    c = _claim(17, DHP, ["S83.92XA"], [("L1830", "150.00", 1, (), (1,))], d(2026, 1, 10), sent=142)
    add("Modifier: an old claim, close to the limit", c, k_modifier(c, 0, "LT", "knee immobilizer for the left knee"))
    # CO-11 diagnosis does not support the procedure
    c = _claim(18, M, ["I10", "Z23"], [("G0008", "35.00", 1, (), (1,))], d(2026, 10, 2))
    add(
        "Diagnosis fit: a flu shot pointed at hypertension",
        c,
        k_dx_fit(c, 0, 2, "The flu shot line points at I10; the visit note says the vaccine was the reason (Z23)."),
        medicare=True,
    )
    c = _claim(19, M, ["E11.9", "Z23"], [("G0009", "35.00", 1, (), (1,))], d(2026, 9, 15))
    add(
        "Diagnosis fit: a pneumococcal shot pointed at diabetes",
        c,
        k_dx_fit(c, 0, 2, "The vaccine line points at E11.9; the vaccine was the reason for the visit (Z23)."),
        medicare=True,
    )
    # CO-5 place of service
    c = _claim(20, ECP, ["F41.1"], [("H0031", "95.00", 1, (), (1,), "11")], d(2026, 3, 17))
    add(
        "Place of service: a video visit billed as office",
        c,
        k_pos(c, "10", "The assessment was a video visit; the patient was at home."),
    )
    c = _claim(21, ECP, ["F32.A"], [("H0031", "95.00", 1, (), (1,), "02")], d(2026, 5, 26))
    add(
        "Place of service: telehealth, but where was the patient?",
        c,
        k_pos(c, "10", "Telehealth; the note says the patient joined from home."),
    )
    # CO-7 the patient's sex on file
    c = _claim(22, M, ["Z01.419"], [("Q0091", "60.00", 1, (), (1,))], d(2026, 2, 24), sex="M")
    add("Registration: a screening Pap smear for a patient registered male", c, k_sex(c, "F"), medicare=True)
    c = _claim(23, DHP, ["Z01.419"], [("Q0091", "60.00", 1, (), (1,))], d(2026, 6, 9), sex="M")
    add("Registration: the sex field typed wrong", c, k_sex(c, "F"))
    # CO-22 coordination of benefits
    c = _claim(24, DHP, ["J20.9"], [("J0696", "64.00", 2, (), (1,))], d(2026, 3, 30))
    add("Coordination of benefits: the spouse's plan pays first", c, k_cob(c, SMI))
    c = _claim(25, ECP, ["N39.0"], [("J0696", "32.00", 1, (), (1,))], d(2026, 4, 21))
    add("Coordination of benefits: two plans", c, k_cob(c, DHP))
    # PR-204 not covered
    c = _claim(26, DHP, ["Z00.00"], [("V2020", "110.00", 1, (), (1,))], d(2026, 5, 5))
    add("Not covered: eyeglass frames", c, k_not_covered(c, "eyeglass frames"))
    c = _claim(27, SMI, ["Z00.00"], [("V2100", "70.00", 2, (), (1,))], d(2026, 6, 16))
    add("Not covered: lenses", c, k_not_covered(c, "glasses lenses"))
    # PR-1/2/3 with CO-45
    c = _claim(28, DHP, ["J06.9"], [("J0696", "250.00", 1, (), (1,))], d(2026, 2, 3))
    add("Patient share: the deductible", c, k_patient_share(c, deductible="100"))
    c = _claim(29, SMI, ["J20.9", "R05.9"], [("J0696", "180.00", 1, (), (1, 2))], d(2026, 3, 10))
    add("Patient share: coinsurance", c, k_patient_share(c, share="0.70", coinsurance="0.30"))
    c = _claim(30, ECP, ["J02.9"], [("J0696", "120.00", 1, (), (1,))], d(2026, 4, 7))
    add("Patient share: the copay", c, k_patient_share(c, share="0.55", copay="25"))
    c = _claim(31, DHP, ["M54.50"], [("J1885", "56.00", 2, (), (1,)), ("J1030", "80.00", 1, (), (1,))], d(2026, 1, 20))
    add("Patient share: deductible then coinsurance", c, k_patient_share(c, deductible="50", coinsurance="0.20"))
    c = _claim(32, M, ["E53.8"], [("J3420", "24.00", 1, (), (1,))], d(2026, 8, 4))
    add("Patient share: Medicare coinsurance", c, k_patient_share(c, share="0.75", coinsurance="0.20"), medicare=True)
    # CO-45 alone
    c = _claim(33, ECP, ["E03.9"], [("J3420", "48.00", 2, (), (1,))], d(2026, 6, 2))
    add("Contractual: paid in full at the allowed amount", c, k_contractual(c))
    c = _claim(34, SMI, ["K21.9"], [("J2550", "40.00", 1, (), (1,))], d(2026, 7, 21))
    add("Contractual: the rest of the charge", c, k_contractual(c))
    # CO-18 duplicate
    c = _claim(35, DHP, ["I10"], [("J1200", "38.00", 1, (), (1,))], d(2026, 5, 12))
    add("Duplicate: billed twice", c, k_duplicate(c, "DN00135", d(2026, 6, 5)))
    c = _claim(36, M, ["E78.5"], [("J3420", "24.00", 1, (), (1,))], d(2026, 6, 30))
    add("Duplicate: a resubmission", c, k_duplicate(c, "DN00136", d(2026, 7, 24)), medicare=True)
    # CO-109 wrong payer
    c = _claim(37, M, ["I10"], [("J1200", "38.00", 1, (), (1,))], d(2026, 2, 17))
    add("Wrong payer: a Medicare Advantage member", c, k_wrong_payer(c, EAP, "20"), medicare=True)
    c = _claim(38, M, ["J45.909"], [("J1100", "36.00", 3, (), (1,))], d(2026, 3, 24))
    add("Wrong payer: the plan on the new card", c, k_wrong_payer(c, EAP, "10"), medicare=True)
    # CO-197 authorization
    c = _claim(39, SMI, ["G47.33"], [("E0601", "780.00", 1, (), (1,))], d(2026, 7, 28))
    add("Authorization: obtained, left off the claim", c, k_auth_number(c, "SMIA2026071"))
    c = _claim(40, DHP, ["M54.50"], [("E0260", "1400.00", 1, (), (1,))], d(2026, 8, 11))
    add("Authorization: the number in the referral log", c, k_auth_number(c, "DHPA2026555"))
    c = _claim(41, DHP, ["J45.909"], [("E1390", "950.00", 1, (), (1,))], d(2026, 8, 18))
    add("Authorization: never requested", c, k_auth_none(c))
    c = _claim(42, SMI, ["S83.92XA"], [("K0001", "620.00", 1, (), (1,))], d(2026, 9, 1))
    add("Authorization: the list said it was needed", c, k_auth_none(c))
    # CO/PR-27 coverage ended
    c = _claim(43, DHP, ["J06.9"], [("J0696", "32.00", 1, (), (1,))], d(2026, 7, 6))
    add("Coverage ended: a new employer plan", c, k_coverage_ended(c, ECP))
    c = _claim(44, SMI, ["R51.9"], [("J1885", "28.00", 1, (), (1,))], d(2026, 8, 25))
    add("Coverage ended: self-pay now", c, k_coverage_ended(c, None))
    # underpayment
    c = _claim(45, ECP, ["G47.33"], [("E0601", "780.00", 1, (), (1,))], d(2026, 4, 13))
    add("Underpaid: below the contract", c, k_underpaid(c, "560.00"))
    c = _claim(46, DHP, ["S63.501A"], [("L3908", "90.00", 1, (), (1,))], d(2026, 5, 27))
    add("Underpaid: the fee schedule says more", c, k_underpaid(c, "63.00"))
    return {s.scenario_id: s for s in out}


SCENARIOS: dict[str, Scenario] = _build()
