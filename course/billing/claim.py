"""The pieces of a professional claim (CMS-1500 / X12 837P) as small dataclasses.

Money is `decimal.Decimal`; diagnosis codes are ICD-10-CM with or without the dot (`E11.9` or `E119`;
the 837P writer drops the dot, as the claim carries it); diagnosis
pointers are 1-based positions in `Claim.diagnoses` (1 = A, 2 = B, ... 12 = L).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


def money(value: object) -> Decimal:
    """A Decimal rounded to the cent (from str, int, float or Decimal)."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


def dollars(value: object) -> str:
    """An amount as a person reads it: $1,234.50."""
    return f"${Decimal(str(value)):,.2f}"


def pointer_letter(pointer: int) -> str:
    """1 -> "A" ... 12 -> "L" (the CMS-1500 item 21 letters)."""
    return "ABCDEFGHIJKL"[pointer - 1] if 1 <= pointer <= 12 else "?"


@dataclass(frozen=True)
class Patient:
    """A synthetic patient who is also the insured (subscriber)."""

    patient_id: str
    first_name: str
    last_name: str
    birth_date: date
    sex: str  # "F", "M" or "U"
    address: str
    city: str
    state: str
    zip_code: str
    member_id: str
    phone: str = ""
    email: str = ""
    ssn: str = ""


@dataclass(frozen=True)
class Provider:
    """A billing or rendering provider; every NPI in the course is fictitious."""

    npi: str
    name: str  # organisation name, or the last name of a person
    first_name: str = ""
    is_organization: bool = True
    taxonomy: str = "207Q00000X"  # family medicine
    tax_id: str = ""
    address: str = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Payer:
    """A health plan (payer)."""

    payer_id: str
    name: str
    filing_indicator: str = "12"  # 837P SBR09 / 835 CLP06 claim filing indicator: 12 PPO, MB Medicare Part B


@dataclass(frozen=True)
class ServiceLine:
    """One line of item 24: date, place of service, code + modifiers, pointers, charge, units."""

    service_date: date
    code: str
    charge: Decimal
    units: int = 1
    modifiers: tuple[str, ...] = ()
    pointers: tuple[int, ...] = (1,)
    place_of_service: str = "11"


@dataclass
class Claim:
    """A professional claim: who, for whom, to whom, why (diagnoses) and what (service lines)."""

    claim_id: str
    patient: Patient
    billing_provider: Provider
    payer: Payer
    diagnoses: list[str]
    lines: list[ServiceLine]
    rendering_provider: Provider | None = None
    received_date: date | None = None
    notes: dict[str, str] = field(default_factory=dict)
    frequency_code: str = "1"  # CLM05-3: 1 original, 7 replacement (corrected), 8 void
    payer_claim_number: str = ""  # REF*F8: the payer's claim control number of the claim a 7 or 8 replaces
    prior_authorization: str = ""  # REF*G1: the payer's prior authorization number

    @property
    def total_charge(self) -> Decimal:
        """Item 28: the sum of the line charges."""
        return sum((money(line.charge) for line in self.lines), Decimal("0.00"))

    @property
    def first_service_date(self) -> date:
        """The earliest date of service on the claim."""
        return min(line.service_date for line in self.lines)

    @property
    def place_of_service(self) -> str:
        """The claim-level place of service (the first line's)."""
        return self.lines[0].place_of_service if self.lines else ""
