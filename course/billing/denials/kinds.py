"""The kinds of denial: each builder (`k_...`) takes a claim and returns the steps of one denial story.

A builder returns `Built`: (context the biller can see, steps, first step name, fixes offered, codes taught,
the other payer involved or None). `deny` and `pay` make the payer's answers, one `LineAnswer` per claim
line; preventive services never carry patient cost sharing (45 CFR 147.130; 42 CFR 410.160(b)).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from course.billing.claim import Claim, Payer, money
from course.billing.denials.model import PAID, PATIENT_BILLED, WRITTEN_OFF, ZERO, Action, Fix, LineAnswer, Step
from course.billing.preventive import is_preventive


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

Built = tuple[
    str, dict[str, Step], str, tuple[Fix, ...], tuple[str, ...], Payer | None
]  # context, steps, first, fixes, codes, other payer


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
    return context, steps, "denied", _fixes(fix), ("CO-16", "MA130", "M76"), None


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
    return context, steps, "denied", _fixes(DISTRACTORS[2]), ("CO-29",), None


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
    return context, steps, "denied", _fixes(DISTRACTORS[2]), ("CO-29",), None


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
    return context, steps, "denied", _fixes(DISTRACTORS[2]), ("CO-50",), None


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
    return context, steps, "denied", _fixes(fix), ("CO-97", "N20"), None


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
    return context, steps, "denied", _fixes(fix), ("CO-97", "N20", "CO-45"), None


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
    return why, steps, "denied", _fixes(fix), ("CO-11",), None


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
    return context, steps, "denied", _fixes(fix), ("CO-7",), None


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
    return context, steps, "denied", _fixes(DISTRACTORS[2]), ("CO-22", "OA-23"), primary


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
    return context, steps, "denied", _fixes(DISTRACTORS[2]), ("PR-204", "N130"), None


def k_patient_share(claim: Claim, **terms: str) -> Built:
    answer = pay(claim, terms.pop("share", "0.60"), **terms)
    steps = _paid_tail(answer, name="paid")
    codes = tuple(sorted({f"{g}-{c}" for ln in answer for g, c, _ in ln.adjustments}))
    context = "The claim was paid. Post it and decide what, if anything, the patient owes."
    return context, steps, "paid", _fixes(DISTRACTORS[2]), codes, None


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
    return context, steps, "paid", _fixes(DISTRACTORS[2]), ("CO-45",), None


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
    return context, steps, "denied", _fixes(DISTRACTORS[2]), ("CO-18",), None


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
    return context, steps, "denied", _fixes(fix), ("CO-197",), None


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
    return context, steps, "denied", _fixes(fix), ("CO-197",), None


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
    return context, steps, "denied", _fixes(DISTRACTORS[2]), ("PR-27",), new_payer


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
    return context, steps, "paid", _fixes(DISTRACTORS[2]), ("CO-45",), None
