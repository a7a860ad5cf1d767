"""Build the synthetic practice (see the package docstring)."""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

import pandas as pd

from course.billing.claim import Claim, Patient, Payer, Provider, ServiceLine
from course.billing.npi import make_fictitious_npi
from course.billing.pointers import is_external_cause
from course.billing.preventive import is_preventive
from course.billing.remittance import Adjustment, ProviderAdjustment, RemitClaim, RemitLine, Remittance
from course.billing.responsibility import Benefits, split_claim, to_money
from course.billing.x12_835 import remittance_to_835
from course.billing.x12_837p import claims_to_837p

FIRST = [
    "Ada",
    "Ben",
    "Cleo",
    "Dev",
    "Edda",
    "Finn",
    "Gia",
    "Hal",
    "Ines",
    "Jon",
    "Kai",
    "Lena",
    "Milo",
    "Nora",
    "Omar",
    "Pia",
    "Quin",
    "Rosa",
    "Sami",
    "Tess",
    "Ugo",
    "Vera",
    "Wes",
    "Xena",
    "Yara",
    "Zed",
]
LAST = [
    "Ashgrove",
    "Birchwell",
    "Copperfield",
    "Dunmore",
    "Elmstead",
    "Fernley",
    "Glenrock",
    "Hollowell",
    "Ivybridge",
    "Juniper",
    "Kestrel",
    "Larchmont",
    "Mossbank",
    "Northway",
    "Oakhurst",
    "Pinecrest",
]
STREETS = ["Maple St", "Cedar Ave", "Willow Ln", "Aspen Ct", "Hickory Rd", "Linden Way"]
DOMAINS = ["example.com", "example.org", "example.net"]

# (diagnoses, [(HCPCS code, charge, units, modifiers)], place of service) per kind of visit.
VISITS: list[tuple[list[str], list[tuple[str, str, int, tuple[str, ...]]], str]] = [
    (["Z00.00"], [("G0439", "210.00", 1, ())], "11"),
    (["Z00.00", "E78.5"], [("G0438", "260.00", 1, ())], "11"),
    (["Z00.00"], [("G0402", "230.00", 1, ())], "11"),
    (["Z23"], [("G0008", "35.00", 1, ())], "11"),
    (["Z23"], [("G0009", "35.00", 1, ())], "11"),
    (["M54.50"], [("J1885", "28.00", 2, ()), ("J1030", "30.00", 1, ())], "11"),
    (["E53.8"], [("J3420", "24.00", 1, ())], "11"),
    (["J02.9", "R05.9"], [("J0696", "32.00", 1, ())], "11"),
    (["J45.909", "J06.9"], [("J1100", "12.00", 4, ())], "11"),
    (["S93.401A", "W19.XXXA"], [("E0114", "85.00", 1, ("NU",)), ("L4361", "120.00", 1, ("RT",))], "11"),
    (["R11.2", "E86.0"], [("J2405", "6.00", 4, ()), ("J7030", "45.00", 1, ())], "11"),
    (["F41.1", "F32.A"], [("H0031", "95.00", 1, ())], "02"),
    (["Z01.419"], [("Q0091", "60.00", 1, ())], "11"),
    (["E11.9", "I10", "E03.9"], [("G0439", "210.00", 1, ())], "10"),
]

PLANS = {  # payer id -> (name, benefits, allowed share of the charge)
    "DHP01": (
        "Demo Health Plan",
        Benefits(deductible=Decimal("500"), coinsurance=Decimal("0.20"), copay=Decimal("0"), oop_max=Decimal("3000")),
        "0.60",
    ),
    "SMI02": (
        "Sample Mutual Insurance",
        Benefits(deductible=Decimal("1500"), coinsurance=Decimal("0.30"), copay=Decimal("0"), oop_max=Decimal("6000")),
        "0.70",
    ),
    "ECP03": (
        "Example Care Plan",
        Benefits(deductible=Decimal("0"), coinsurance=Decimal("0"), copay=Decimal("25"), oop_max=Decimal("2500")),
        "0.55",
    ),
}
DENIALS = [("16", "CO"), ("50", "CO"), ("97", "CO")]  # 29 (late filing) cannot happen: claims go out in days


@dataclass
class Practice:
    """The practice's records. Claims, encounters and remittances are in date order."""

    seed: int
    as_of: date
    billing_provider: Provider
    providers: list[Provider]
    payers: dict[str, Payer]
    benefits: dict[str, Benefits]
    patients: list[Patient]
    claims: list[Claim]
    remittances: list[Remittance]
    patient_payments: dict[str, Decimal]

    def claims_frame(self) -> pd.DataFrame:
        """One row per claim: who, when, payer, charge and what came back (status, paid, adjustments)."""
        remit = {c.claim_id: (r, c) for r in self.remittances for c in r.claims}
        rows = []
        for cl in self.claims:
            r, rc = remit.get(cl.claim_id, (None, None))
            co = (
                sum((a.amount for ln in rc.lines for a in ln.adjustments if a.group != "PR"), Decimal("0.00"))
                if rc
                else Decimal("0.00")
            )
            pr = rc.patient_responsibility if rc else Decimal("0.00")
            paid_by_patient = self.patient_payments.get(cl.claim_id, Decimal("0.00"))
            status = "open" if rc is None else ("denied" if rc.status == "4" else "paid")
            balance = cl.total_charge if rc is None else pr - paid_by_patient
            rows.append(
                {
                    "claim_id": cl.claim_id,
                    "patient_id": cl.patient.patient_id,
                    "payer_id": cl.payer.payer_id,
                    "service_date": cl.first_service_date,
                    "submitted_date": cl.received_date,
                    "charge": cl.total_charge,
                    "status": status,
                    "paid_date": r.paid_date if r else None,
                    "payer_paid": rc.paid if rc else Decimal("0.00"),
                    "adjustment": co,
                    "patient_responsibility": pr,
                    "patient_paid": paid_by_patient,
                    "balance": balance,
                    "denial_carc": next((a.carc for ln in rc.lines for a in ln.adjustments if rc.status == "4"), "")
                    if rc
                    else "",
                }
            )
        return pd.DataFrame(rows)

    def remittance_frame(self) -> pd.DataFrame:
        """Every remittance read back from the practice's own 835 text (see `course.billing.x12_835`)."""
        from course.billing.x12_835 import read_835

        return read_835(self.to_835())

    @property
    def encounters(self) -> pd.DataFrame:
        """One row per service line: who was seen, when, where, for what (diagnoses) and what was done."""
        rows = []
        for c in self.claims:
            for n, ln in enumerate(c.lines, start=1):
                rows.append(
                    {
                        "claim_id": c.claim_id,
                        "line": n,
                        "patient_id": c.patient.patient_id,
                        "service_date": ln.service_date,
                        "place_of_service": ln.place_of_service,
                        "rendering_npi": c.rendering_provider.npi if c.rendering_provider else c.billing_provider.npi,
                        "diagnoses": tuple(c.diagnoses),
                        "code": ln.code,
                        "modifiers": ln.modifiers,
                        "units": ln.units,
                        "charge": ln.charge,
                    }
                )
        return pd.DataFrame(rows)

    def open_ar(self, as_of: date | None = None) -> pd.DataFrame:
        """Claims with a balance still to collect (payer not answered yet, or patient share unpaid).

        Adds `owed_by` ("payer" or "patient") and `age_days` (from the date of service to `as_of`,
        by default the practice's own date).
        """
        as_of = as_of or self.as_of
        df = self.claims_frame()
        df = df[df["balance"] > 0].reset_index(drop=True)
        df["owed_by"] = ["payer" if s == "open" else "patient" for s in df["status"]]
        df["age_days"] = [(as_of - d).days for d in df["service_date"]]
        return df

    def denials(self) -> pd.DataFrame:
        """Denied claims with their reason (CARC) and the course's paraphrase of it."""
        from course.billing.carc import CARC

        df = self.claims_frame()
        df = df[df["status"] == "denied"][
            ["claim_id", "patient_id", "payer_id", "service_date", "charge", "denial_carc"]
        ].reset_index(drop=True)
        df["reason"] = [CARC.get(c, "") for c in df["denial_carc"]]
        return df

    def measures(self, days: int = 90) -> dict[str, object]:
        """Days in A/R (open A/R over the average daily charge of the last `days` days) and denial rate."""
        from course.billing.ar import days_in_ar, denial_rate

        df = self.claims_frame()
        recent = df[[(self.as_of - d).days < days for d in df["service_date"]]]
        ar_total = sum(df["balance"], Decimal("0.00"))
        adjudicated = df[df["status"] != "open"]
        return {
            "open_ar": ar_total,
            "charges_last_days": sum(recent["charge"], Decimal("0.00")),
            "days_in_ar": days_in_ar(ar_total, sum(recent["charge"], Decimal("0.00")), days),
            "denial_rate": denial_rate(int((adjudicated["status"] == "denied").sum()), len(adjudicated)),
        }

    def to_837p(self, control_number: int = 1) -> str:
        """All claims as one 837P interchange."""
        return claims_to_837p(self.claims, control_number=control_number)

    def claim_837p(self, claim_id: str) -> str:
        """One claim as its own 837P interchange."""
        cl = next(c for c in self.claims if c.claim_id == claim_id)
        return claims_to_837p([cl], control_number=int(claim_id[-4:]))

    def to_835(self, control_number: int = 1) -> str:
        """All remittances as one 835 interchange (one transaction per payment)."""
        return remittance_to_835(self.remittances, control_number=control_number)


def _phone(rng: random.Random) -> str:
    return f"217-555-01{rng.randrange(100):02d}"


def _patients(rng: random.Random, n: int, payer_ids: list[str]) -> list[tuple[Patient, str]]:
    out = []
    for i in range(1, n + 1):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 62))
        p = Patient(
            patient_id=f"PT{i:04d}",
            first_name=first,
            last_name=last,
            birth_date=born,
            sex=rng.choice("FM"),
            address=f"{rng.randrange(10, 999)} {rng.choice(STREETS)}",
            city="Springfield",
            state="IL",
            zip_code="62701",
            member_id=f"XDM{rng.randrange(10**8):08d}",
            phone=_phone(rng),
            email=f"{first.lower()}.{last.lower()}@{rng.choice(DOMAINS)}",
            ssn=f"666-{rng.randrange(1, 100):02d}-{rng.randrange(1, 10000):04d}",
        )
        out.append((p, rng.choice(payer_ids)))
    return out


def _adjudicate(
    rng: random.Random, claim: Claim, share_of_charge: str, benefits: Benefits, met: dict[str, Decimal]
) -> RemitClaim:
    """The payer's answer: denied now and then, otherwise paid with CO-45 and the patient's share."""
    lines = []
    if rng.random() < 0.08:
        carc, group = rng.choice(DENIALS)
        for ln in claim.lines:
            lines.append(
                RemitLine(
                    ln.code,
                    ln.charge,
                    Decimal("0.00"),
                    ln.service_date,
                    ln.units,
                    ln.modifiers,
                    (Adjustment(group, carc, ln.charge),),
                )
            )
        return RemitClaim(
            claim.claim_id,
            "4",
            claim.total_charge,
            Decimal("0.00"),
            claim.patient.last_name,
            claim.patient.first_name,
            claim.patient.member_id,
            f"PCN{claim.claim_id}",
            tuple(lines),
        )
    copay_left = benefits.copay
    for ln in claim.lines:
        allowed = to_money(ln.charge * Decimal(share_of_charge))
        free = is_preventive(ln.code)  # no deductible, copay or coinsurance (45 CFR 147.130; 42 CFR 410.160(b))
        s = split_claim(
            ln.charge,
            allowed,
            deductible_left=0 if free else benefits.deductible - met["ded"],
            coinsurance=0 if free else benefits.coinsurance,
            copay=0 if free else copay_left,
            oop_left=benefits.oop_max - met["oop"],
        )
        copay_left -= s.copay
        met["ded"] += s.deductible
        met["oop"] += s.patient
        adjs = tuple(Adjustment(g, c, a) for g, c, a in s.adjustments())
        lines.append(RemitLine(ln.code, ln.charge, s.plan, ln.service_date, ln.units, ln.modifiers, adjs))
    paid = sum((ln.paid for ln in lines), Decimal("0.00"))
    return RemitClaim(
        claim.claim_id,
        "1",
        claim.total_charge,
        paid,
        claim.patient.last_name,
        claim.patient.first_name,
        claim.patient.member_id,
        f"PCN{claim.claim_id}",
        tuple(lines),
    )


def _pointers(diagnoses: list[str]) -> tuple[int, ...]:
    """Item 24E for a line: every diagnosis but the external-cause codes (they never justify a service), max 4."""
    return tuple(i for i, dx in enumerate(diagnoses, start=1) if not is_external_cause(dx))[:4]


@lru_cache(maxsize=8)
def _build(seed: int, n_patients: int, as_of: date) -> Practice:
    rng = random.Random(seed)
    billing = Provider(
        npi=make_fictitious_npi(rng),
        name="Maple Street Family Practice",
        tax_id=f"00{rng.randrange(10**7):07d}",
        address="100 Clinic Way",
        city="Springfield",
        state="IL",
        zip_code="627010100",
        phone="217-555-0100",
    )
    doctors = [
        Provider(npi=make_fictitious_npi(rng), name="Rowan", first_name="Avery", is_organization=False),
        Provider(
            npi=make_fictitious_npi(rng),
            name="Sato",
            first_name="Kim",
            is_organization=False,
            taxonomy="363LF0000X",
        ),
    ]
    payers = {pid: Payer(pid, name) for pid, (name, _, _) in PLANS.items()}
    people = _patients(rng, n_patients, list(PLANS))
    start = date(as_of.year, 1, 2)
    claims: list[Claim] = []
    for patient, payer_id in people:
        for _ in range(rng.randint(1, 5)):
            dos = start + timedelta(days=rng.randrange((as_of - start).days - 7))
            dx, procs, pos = rng.choice(VISITS)
            lines = [
                ServiceLine(dos, code, Decimal(charge), units, mods, _pointers(dx), pos)
                for code, charge, units, mods in procs
            ]
            lines = [replace(ln, charge=ln.charge * ln.units) for ln in lines]
            received = dos + timedelta(days=rng.randint(1, 6))
            claims.append(Claim("", patient, billing, payers[payer_id], list(dx), lines, rng.choice(doctors), received))
    claims.sort(key=lambda c: (c.first_service_date, c.patient.patient_id))
    for i, c in enumerate(claims, start=1):
        c.claim_id = f"MSFP{seed % 100:02d}{i:04d}"
    # adjudicate in date order (deductibles and OOP maxima accumulate per patient), pay in weekly batches
    met: dict[str, dict[str, Decimal]] = {}
    batches: dict[tuple[str, date], list[RemitClaim]] = {}
    for c in claims:
        paid_on = c.received_date + timedelta(days=rng.randint(14, 45))
        paid_on += timedelta(days=(4 - paid_on.weekday()) % 7)  # payers pay on Fridays here
        if paid_on > as_of:
            continue  # still waiting for the payer: insurance A/R
        _, benefits, share = PLANS[c.payer.payer_id]
        m = met.setdefault(c.patient.patient_id, {"ded": Decimal("0.00"), "oop": Decimal("0.00")})
        batches.setdefault((c.payer.payer_id, paid_on), []).append(_adjudicate(rng, c, share, benefits, m))
    remittances = []
    for n, ((pid, paid_on), rcs) in enumerate(sorted(batches.items(), key=lambda kv: (kv[0][1], kv[0][0])), 1):
        plb = [ProviderAdjustment("L6", f"INT{n:04d}", Decimal("-1.25"))] if n % 9 == 0 else []
        remittances.append(
            Remittance(pid, payers[pid].name, billing.npi, billing.name, f"CHK{seed:03d}{n:05d}", paid_on, rcs, plb)
        )
    # patients pay their share, some of them, some time later
    payments: dict[str, Decimal] = {}
    for r in remittances:
        for rc in r.claims:
            if rc.patient_responsibility > 0 and (as_of - r.paid_date).days > 20 and rng.random() < 0.85:
                payments[rc.claim_id] = rc.patient_responsibility
    return Practice(
        seed,
        as_of,
        billing,
        doctors,
        payers,
        {k: v[1] for k, v in PLANS.items()},
        [p for p, _ in people],
        claims,
        remittances,
        payments,
    )


def practice(seed: int = 2026, n_patients: int = 40, as_of: date = date(2026, 11, 2)) -> Practice:
    """The synthetic practice for `seed` (the same seed always gives the same practice)."""
    return copy.deepcopy(_build(seed, n_patients, as_of))  # a private copy: lessons may change it


def flawed_claims(seed: int = 2026) -> list[tuple[Claim, str]]:
    """Copies of practice claims with one planted mistake each, and the CMS-1500 item it is in.

    For "find the errors" drills; these are never sent as 837P files.
    """
    p = practice(seed)
    base = p.claims[:6]
    bad_npi = p.billing_provider.npi[:9] + str((int(p.billing_provider.npi[9]) + 1) % 10)
    out = [
        (replace(base[0], billing_provider=replace(base[0].billing_provider, npi=bad_npi)), "33a"),
        (replace(base[1], diagnoses=["E11"] + base[1].diagnoses[1:]), "21A"),
        (replace(base[2], lines=[replace(base[2].lines[0], pointers=(5,))] + base[2].lines[1:]), "24E"),
        (
            replace(base[3], lines=[replace(base[3].lines[0], place_of_service="99")] + base[3].lines[1:]),
            "24B",
        ),
        (
            replace(base[4], lines=[replace(base[4].lines[0], charge=Decimal("0.00"))] + base[4].lines[1:]),
            "24F",
        ),
        (  # seen more than a year before the claim went out: past the filing limit
            replace(
                base[5], lines=[replace(ln, service_date=ln.service_date - timedelta(days=400)) for ln in base[5].lines]
            ),
            "24A",
        ),
    ]
    return out
