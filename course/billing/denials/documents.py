"""The documents the simulator exchanges: 835s built from a step's answer, claims as sent, letters, ledger text."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from course.billing.claim import Claim, Payer, money
from course.billing.denials.model import ZERO, Action, Document, Step
from course.billing.remittance import Adjustment, RemitClaim, RemitLine, Remittance


def scenario_number(scenario_id: str) -> int:
    """The digits of a scenario id ("D07" -> 7), for payer claim numbers."""
    return int("".join(ch for ch in scenario_id if ch.isdigit()) or 0)


def remittance(claim: Claim, step: Step, day: date, payer_claim_number: str) -> Remittance:
    """The 835 data for `step`'s answer about `claim`: lines balance (charge - adjustments = paid).

    CLP02: 2 when a prior payer's adjudication is taken into account (OA-23), 1 when anything is paid or
    the patient's, 4 (denied) otherwise.
    """
    payer = step.payer or claim.payer
    lines = []
    for ln, ans in zip(claim.lines, step.answer or (), strict=True):
        adjs = tuple(Adjustment(g, c, money(a)) for g, c, a in ans.adjustments)
        paid = money(ln.charge) - sum((a.amount for a in adjs), ZERO)
        lines.append(
            RemitLine(ln.code, money(ln.charge), paid, ln.service_date, ln.units, ln.modifiers, adjs, ans.remarks)
        )
    paid = sum((x.paid for x in lines), ZERO)
    pr = sum((a.amount for x in lines for a in x.adjustments if a.group == "PR"), ZERO)
    secondary = any(a.carc == "23" for x in lines for a in x.adjustments)
    status = "2" if secondary else ("1" if paid > 0 or pr > 0 else "4")
    rc = RemitClaim(
        claim.claim_id,
        status,
        claim.total_charge,
        paid,
        claim.patient.last_name,
        claim.patient.first_name,
        claim.patient.member_id,
        payer_claim_number,
        tuple(lines),
        payer.filing_indicator,
    )
    prov = claim.billing_provider
    return Remittance(payer.payer_id, payer.name, prov.npi, prov.name, f"EFT{payer_claim_number}", day, [rc])


def money_of(step: Step, claim: Claim) -> tuple[Decimal, Decimal]:
    """(paid, patient PR) in a step's answer."""
    paid = pr = ZERO
    for ln, ans in zip(claim.lines, step.answer or (), strict=True):
        paid += money(ln.charge) - sum((money(a) for _, _, a in ans.adjustments), ZERO)
        pr += sum((money(a) for g, _, a in ans.adjustments if g == "PR"), ZERO)
    return paid, pr


def answer_doc(claim: Claim, step: Step, day: date, pcn: str, n: int, title: str) -> Document:
    """The step's answer as a document: its 835, or its letter."""
    if step.answer is None:
        return Document("letter", day, title, step.letter)
    remit = remittance(claim, step, day, pcn)
    return Document("835", day, title, claim=None, remittance=remit, control_number=n)


def outgoing_claim(claim: Claim, action: Action, pcn: str, payer: Payer | None = None) -> Claim:
    """The claim as it goes out: a replacement (frequency 7, REF*F8 `pcn`) or an original (frequency 1)."""
    if action == Action.CORRECTED_CLAIM:
        return replace(claim, frequency_code="7", payer_claim_number=pcn)
    return replace(claim, frequency_code="1", payer_claim_number="", payer=payer or claim.payer)


def write_off_text(step: Step, claim: Claim, amount: Decimal) -> str:
    """The ledger adjustment: amount, and the payer's group-CARC codes it follows."""
    codes = sorted({f"{g}-{c}" for ans in step.answer or () for g, c, _ in ans.adjustments if g != "PR"})
    why = ", ".join(codes) or "no payer code"
    return f"Write-off adjustment on claim {claim.claim_id}: {amount} adjusted off, following {why}."


def claim_label(action: Action, sent: Claim) -> str:
    """How a sent claim is titled in the history."""
    if action == Action.CORRECTED_CLAIM:
        return f"replacement, frequency 7, REF*F8 {sent.payer_claim_number}"
    if action == Action.BILL_OTHER_PAYER:
        return f"new claim to {sent.payer.name}"
    return "new claim, frequency 1"


def letter(day: date, title: str, body: str) -> Document:
    """A letter (an appeal, the payer's answer to one, a rejection)."""
    return Document("letter", day, title, body)
