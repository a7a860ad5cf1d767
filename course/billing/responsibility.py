"""Who pays what: contractual adjustment, deductible, copay, coinsurance and the out-of-pocket maximum.

The model (one common plan design; real plans differ, e.g. whether copays count toward the deductible):
1. Billed - allowed is the contractual adjustment (CO-45), written off by an in-network provider.
2. The copay (PR-3) comes first, a fixed amount per claim, at most the allowed amount.
3. The deductible (PR-1) takes what is left of the allowed amount, up to the deductible still unmet.
4. Coinsurance (PR-2) is the plan's percentage of what remains after that, rounded to the cent.
5. Copay, deductible and coinsurance together never exceed what is left of the out-of-pocket maximum;
   they are capped in that order. The plan pays the rest of the allowed amount.

Worked example (domain facts): billed 250, allowed 150, deductible left 100, coinsurance 20%, OOP left 1,000
-> CO-45 100, PR-1 100, PR-2 10, plan 40, patient 110. With only 60 of the OOP maximum left: patient 60,
plan 90.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_money(value: object) -> Decimal:
    """Decimal to the cent, rounding half up (from str, int, float or Decimal)."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Benefits:
    """A plan's cost sharing for one year (in-network)."""

    deductible: Decimal
    copay: Decimal
    coinsurance: Decimal  # the patient's share after the deductible, e.g. Decimal("0.20")
    oop_max: Decimal


@dataclass(frozen=True)
class Accumulators:
    """How much of the deductible and of the out-of-pocket maximum the patient has met so far this year."""

    deductible_met: Decimal = ZERO
    oop_met: Decimal = ZERO


@dataclass(frozen=True)
class Share:
    """How one claim's billed amount splits between write-off, patient and plan."""

    billed: Decimal
    allowed: Decimal
    contractual: Decimal
    copay: Decimal
    deductible: Decimal
    coinsurance: Decimal
    plan: Decimal

    @property
    def patient(self) -> Decimal:
        """What the patient owes: copay + deductible + coinsurance."""
        return self.copay + self.deductible + self.coinsurance

    def adjustments(self) -> list[tuple[str, str, Decimal]]:
        """The claim's adjustments as (group, CARC, amount), zero amounts left out."""
        rows = [
            ("CO", "45", self.contractual),
            ("PR", "1", self.deductible),
            ("PR", "2", self.coinsurance),
            ("PR", "3", self.copay),
        ]
        return [r for r in rows if r[2] != 0]

    def balances(self) -> bool:
        """True when plan + patient + contractual adds back up to billed."""
        return self.plan + self.patient + self.contractual == self.billed


def split_claim(
    billed: object,
    allowed: object,
    *,
    deductible_left: object,
    coinsurance: object,
    copay: object = 0,
    oop_left: object,
) -> Share:
    """Split one claim (see the module docstring for the rules). All money to the cent."""
    billed_d, allowed_d = to_money(billed), to_money(allowed)
    if allowed_d < 0 or allowed_d > billed_d:
        raise ValueError("the allowed amount must be between 0 and the billed amount")
    rate = Decimal(str(coinsurance))
    if not 0 <= rate <= 1:
        raise ValueError("coinsurance is a fraction between 0 and 1, e.g. 0.20 for 20%")
    room = max(to_money(oop_left), ZERO)
    copay_d = min(to_money(copay), allowed_d, room)
    room -= copay_d
    ded = min(max(to_money(deductible_left), ZERO), allowed_d - copay_d, room)
    room -= ded
    coins = min(to_money((allowed_d - copay_d - ded) * rate), room)
    plan = allowed_d - copay_d - ded - coins
    return Share(billed_d, allowed_d, billed_d - allowed_d, copay_d, ded, coins, plan)


def year_of_claims(
    claims: Iterable[tuple[str, object, object]], benefits: Benefits, start: Accumulators | None = None
) -> pd.DataFrame:
    """Apply the plan to a year of claims in order: one row per claim with running totals.

    `claims` holds (claim_id, billed, allowed); `start` is what was already met before the first one.
    Columns: claim_id, billed, allowed, contractual, copay, deductible, coinsurance, patient, plan,
    deductible_met, oop_met (the last two after the claim).
    """
    start = start or Accumulators()
    ded_met, oop_met = to_money(start.deductible_met), to_money(start.oop_met)
    rows = []
    for claim_id, billed, allowed in claims:
        s = split_claim(
            billed,
            allowed,
            deductible_left=to_money(benefits.deductible) - ded_met,
            coinsurance=benefits.coinsurance,
            copay=benefits.copay,
            oop_left=to_money(benefits.oop_max) - oop_met,
        )
        ded_met += s.deductible
        oop_met += s.patient
        rows.append(
            {
                "claim_id": claim_id,
                "billed": s.billed,
                "allowed": s.allowed,
                "contractual": s.contractual,
                "copay": s.copay,
                "deductible": s.deductible,
                "coinsurance": s.coinsurance,
                "patient": s.patient,
                "plan": s.plan,
                "deductible_met": ded_met,
                "oop_met": oop_met,
            }
        )
    columns = [
        "claim_id",
        "billed",
        "allowed",
        "contractual",
        "copay",
        "deductible",
        "coinsurance",
        "patient",
        "plan",
        "deductible_met",
        "oop_met",
    ]
    return pd.DataFrame(rows, columns=columns)
