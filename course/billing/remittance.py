"""Remittances (what the payer answers) and posting them against the practice's claims.

A remittance line balances: charge - sum(adjustments) = paid. A claim balances the same way over its lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pandas as pd

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Adjustment:
    """One CAS adjustment: group (CO/PR/OA/PI), reason (CARC) and amount."""

    group: str
    carc: str
    amount: Decimal


@dataclass(frozen=True)
class RemitLine:
    """The payer's answer for one service line (835 SVC loop)."""

    code: str
    charge: Decimal
    paid: Decimal
    service_date: date
    units: int = 1
    modifiers: tuple[str, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    remarks: tuple[str, ...] = ()  # RARCs (835 LQ*HE), e.g. ("MA130",)

    @property
    def allowed(self) -> Decimal:
        """Charge minus the contractual (CO) and payer-initiated (PI) reductions."""
        return self.charge - sum((a.amount for a in self.adjustments if a.group in ("CO", "PI", "OA")), ZERO)


@dataclass(frozen=True)
class RemitClaim:
    """The payer's answer for one claim (835 CLP loop). Status 1 = paid as primary, 4 = denied."""

    claim_id: str
    status: str
    charge: Decimal
    paid: Decimal
    patient_last: str
    patient_first: str
    member_id: str
    payer_claim_id: str
    lines: tuple[RemitLine, ...] = ()
    filing_indicator: str = "12"  # CLP06 claim filing indicator: 12 PPO, MB Medicare Part B

    @property
    def patient_responsibility(self) -> Decimal:
        """Sum of the PR adjustments (CLP05)."""
        return sum((a.amount for ln in self.lines for a in ln.adjustments if a.group == "PR"), ZERO)


@dataclass(frozen=True)
class ProviderAdjustment:
    """A provider-level adjustment (835 PLB), e.g. interest (L6, negative) or a recovery (WO, positive)."""

    reason: str
    reference: str
    amount: Decimal


@dataclass
class Remittance:
    """One payment (835 transaction): a payer pays a payee for some claims on one date."""

    payer_id: str
    payer_name: str
    payee_npi: str
    payee_name: str
    check_number: str
    paid_date: date
    claims: list[RemitClaim] = field(default_factory=list)
    provider_adjustments: list[ProviderAdjustment] = field(default_factory=list)

    @property
    def total_paid(self) -> Decimal:
        """BPR02: the claims' payments minus provider-level adjustments."""
        return sum((c.paid for c in self.claims), ZERO) - sum((p.amount for p in self.provider_adjustments), ZERO)


def line_balances(line: RemitLine) -> bool:
    """True when charge - adjustments = paid for this line."""
    return line.charge - sum((a.amount for a in line.adjustments), ZERO) == line.paid


def post_remittance(claims: pd.DataFrame, adjustments: pd.DataFrame) -> pd.DataFrame:
    """Post a remittance against open claims: one row per claim of ours.

    `claims` has claim_id and charge; `adjustments` is `read_835(...)`'s long table (claim_id, paid, group,
    amount, ...). Columns out: claim_id, charge, paid, contractual (CO+PI+OA), patient (PR), balance (what
    is left for the practice to collect from someone other than the patient: 0 when fully adjudicated),
    answered (whether the remittance mentions the claim) and balanced (charge = paid + adjustments).
    """
    rows = []
    for claim_id, charge in zip(claims["claim_id"], claims["charge"], strict=True):
        charge_d = Decimal(str(charge))
        mine = adjustments[adjustments["claim_id"] == claim_id]
        if mine.empty:
            rows.append(
                {
                    "claim_id": claim_id,
                    "charge": charge_d,
                    "paid": ZERO,
                    "contractual": ZERO,
                    "patient": ZERO,
                    "balance": charge_d,
                    "answered": False,
                    "balanced": False,
                }
            )
            continue
        paid = Decimal(str(mine["paid"].iloc[0]))
        adj = mine.dropna(subset=["group"])
        contractual = sum((Decimal(str(a)) for a in adj.loc[adj["group"] != "PR", "amount"]), ZERO)
        patient = sum((Decimal(str(a)) for a in adj.loc[adj["group"] == "PR", "amount"]), ZERO)
        balance = charge_d - paid - contractual - patient
        rows.append(
            {
                "claim_id": claim_id,
                "charge": charge_d,
                "paid": paid,
                "contractual": contractual,
                "patient": patient,
                "balance": balance,
                "answered": True,
                "balanced": balance == 0,
            }
        )
    return pd.DataFrame(rows)


def reconcile(claims: pd.DataFrame, remit: object) -> list[str]:
    """Every way a remittance fails to square with our claims, in plain sentences (empty = all good).

    `claims` has claim_id and charge; `remit` is a `Remit835` from `read_835_tables`. Checks: claims the
    payer paid that we did not send, charges that differ from ours, claims that do not balance (charge =
    paid + adjustments), and a payment total (BPR) that is not the claims' payments minus the PLB amounts.
    """
    problems: list[str] = []
    ours = {cid: Decimal(str(ch)) for cid, ch in zip(claims["claim_id"], claims["charge"], strict=True)}
    adj = remit.adjustments
    for row in remit.claims.to_dict("records"):
        cid = row["claim_id"]
        if cid not in ours:
            problems.append(f"Claim {cid} is in the remittance but not in our claims: find out whose it is.")
        elif ours[cid] != row["charge"]:
            problems.append(f"Claim {cid}: the payer shows a charge of {row['charge']}, we billed {ours[cid]}.")
        total_adj = sum((Decimal(str(a)) for a in adj.loc[adj["claim_id"] == cid, "amount"]), ZERO)
        if row["paid"] + total_adj != row["charge"]:
            problems.append(
                f"Claim {cid} does not balance: paid {row['paid']} + adjustments {total_adj} "
                f"is not the charge {row['charge']}."
            )
    for pay in remit.payments.to_dict("records"):
        check = pay["check_number"]
        claims_paid = sum(
            (Decimal(str(x)) for x in remit.claims.loc[remit.claims["check_number"] == check, "paid"]), ZERO
        )
        plb = sum((Decimal(str(x)) for x in remit.plb.loc[remit.plb["check_number"] == check, "amount"]), ZERO)
        if claims_paid - plb != pay["total_paid"]:
            problems.append(
                f"Payment {check}: the total {pay['total_paid']} is not the claims' payments "
                f"{claims_paid} minus provider adjustments {plb}."
            )
    return problems
