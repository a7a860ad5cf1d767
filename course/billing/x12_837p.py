"""Write claims as an X12 837 Professional interchange (005010X222A1), the CMS-1500's electronic twin.

Layout written (one ST per interchange, loops as in the implementation guide):
ISA/GS/ST/BHT; 1000A submitter (NM1*41, PER); 1000B receiver (NM1*40); per billing provider 2000A (HL*20,
PRV) and 2010AA (NM1*85 with the NPI, N3, N4, REF*EI); per claim 2000B subscriber (HL*22, SBR, the patient
is the subscriber), 2010BA (NM1*IL, N3, N4, DMG), 2010BB payer (NM1*PR); 2300 claim (CLM with CLM05-3 the
claim frequency code: 1 original, 7 replacement; REF*G1 prior authorization and REF*F8 the payer's claim
control number when the claim has them; HI with ABK then ABF, no dots); 2310B rendering provider (NM1*82, PRV) when it differs from the billing provider; per line
2400 (LX, SV1 with HC:code:modifiers, charge, UN, units, place of service, pointers; DTP*472);
SE/GE/IEA with their counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from course.billing.claim import Claim, Provider, money

SEG = "~"
ELE = "*"
SUB = ":"
REP = "^"


@dataclass(frozen=True)
class Envelope:
    """Who sends the interchange to whom, and its control numbers."""

    sender: str = "COURSEDEMO"
    receiver: str = "PAYERDEMO"
    control_number: int = 1
    submitter_name: str = "COURSE DEMO BILLING SERVICE"
    submitter_contact: str = "BILLING OFFICE"
    submitter_phone: str = "2175550142"  # fictional: 555-01xx
    receiver_name: str = "DEMO CLEARINGHOUSE"
    usage: str = "T"  # T = test, P = production


def amount(value: Decimal | str | int | float) -> str:
    """X12 decimal: no trailing zeros after the point (250.00 -> 250, 12.50 -> 12.5)."""
    text = f"{money(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def clean(text: str, length: int | None = None) -> str:
    """Upper-case, with the X12 delimiters removed and trimmed to `length`."""
    out = "".join(ch for ch in str(text).upper() if ch not in SEG + ELE + SUB + REP).strip()
    return out[:length] if length else out


def segment(*elements: object) -> str:
    """One segment: elements joined by `*`, trailing empty elements dropped, ended by `~`."""
    parts = ["" if e is None else str(e) for e in elements]
    while parts and parts[-1] == "":
        parts.pop()
    return ELE.join(parts) + SEG


def _isa(env: Envelope, when: datetime) -> str:
    return segment(
        "ISA",
        "00",
        " " * 10,
        "00",
        " " * 10,
        "ZZ",
        clean(env.sender, 15).ljust(15),
        "ZZ",
        clean(env.receiver, 15).ljust(15),
        when.strftime("%y%m%d"),
        when.strftime("%H%M"),
        REP,
        "00501",
        f"{env.control_number:09d}",
        "0",
        env.usage,
        SUB,
    )


def _zip9(zip_code: str) -> str:
    digits = "".join(ch for ch in zip_code if ch.isdigit())
    return digits if len(digits) == 9 else (digits[:5] + "9998" if len(digits) >= 5 else digits)


def _provider_name(prov: Provider, entity: str) -> str:
    if prov.is_organization:
        return segment("NM1", entity, "2", clean(prov.name, 60), "", "", "", "", "XX", prov.npi)
    return segment("NM1", entity, "1", clean(prov.name, 60), clean(prov.first_name, 35), "", "", "", "XX", prov.npi)


def _billing_provider(prov: Provider) -> list[str]:
    segs = [segment("PRV", "BI", "PXC", prov.taxonomy)] if prov.taxonomy else []
    segs += [
        _provider_name(prov, "85"),
        segment("N3", clean(prov.address, 55)),
        segment("N4", clean(prov.city, 30), clean(prov.state, 2), _zip9(prov.zip_code)),
        segment("REF", "EI", "".join(ch for ch in prov.tax_id if ch.isdigit())),
    ]
    return segs


def _claim_segments(claim: Claim) -> list[str]:
    p = claim.patient
    segs = [
        segment("SBR", "P", "18", "", "", "", "", "", "", claim.payer.filing_indicator or "12"),
        segment(
            "NM1",
            "IL",
            "1",
            clean(p.last_name, 60),
            clean(p.first_name, 35),
            "",
            "",
            "",
            "MI",
            clean(p.member_id, 80),
        ),
        segment("N3", clean(p.address, 55)),
        segment("N4", clean(p.city, 30), clean(p.state, 2), "".join(ch for ch in p.zip_code if ch.isdigit())),
        segment("DMG", "D8", p.birth_date.strftime("%Y%m%d"), p.sex),
        segment(
            "NM1",
            "PR",
            "2",
            clean(claim.payer.name, 60),
            "",
            "",
            "",
            "",
            "PI",
            clean(claim.payer.payer_id, 80),
        ),
    ]
    pos = claim.place_of_service
    segs.append(
        segment(
            "CLM",
            clean(claim.claim_id, 38),
            amount(claim.total_charge),
            "",
            "",
            SUB.join((pos, "B", claim.frequency_code or "1")),
            "Y",
            "A",
            "Y",
            "Y",
        )
    )
    if claim.prior_authorization:
        segs.append(segment("REF", "G1", clean(claim.prior_authorization, 50)))
    if claim.payer_claim_number:
        segs.append(segment("REF", "F8", clean(claim.payer_claim_number, 50)))
    codes = [clean(dx).replace(".", "") for dx in claim.diagnoses][:12]
    if codes:
        hi = [f"ABK{SUB}{codes[0]}"] + [f"ABF{SUB}{c}" for c in codes[1:]]
        segs.append(segment("HI", *hi))
    rp = claim.rendering_provider
    if rp is not None and rp.npi != claim.billing_provider.npi:
        segs.append(_provider_name(rp, "82"))
        if rp.taxonomy:
            segs.append(segment("PRV", "PE", "PXC", rp.taxonomy))
    for n, line in enumerate(claim.lines, start=1):
        proc = SUB.join(["HC", clean(line.code, 48), *(clean(m, 2) for m in line.modifiers[:4])])
        line_pos = line.place_of_service if line.place_of_service != pos else ""
        pointers = SUB.join(str(i) for i in line.pointers[:4])
        segs += [
            segment("LX", n),
            segment("SV1", proc, amount(line.charge), "UN", line.units, line_pos, "", pointers),
            segment("DTP", "472", "D8", line.service_date.strftime("%Y%m%d")),
        ]
    return segs


def claims_to_837p(
    claims: Sequence[Claim] | Iterable[Claim],
    *,
    sender: str = "COURSEDEMO",
    receiver: str = "PAYERDEMO",
    control_number: int = 1,
    when: datetime | None = None,
    envelope: Envelope | None = None,
) -> str:
    """Many claims as one 837P interchange (one ISA/GS/ST), grouped under their billing providers."""
    env = envelope or Envelope(sender=sender, receiver=receiver, control_number=control_number)
    when = when or datetime(2026, 11, 26, 12, 0)
    claims = list(claims)
    st_control = f"{env.control_number % 10000:04d}"
    body = [
        segment("ST", "837", st_control, "005010X222A1"),
        segment(
            "BHT",
            "0019",
            "00",
            f"B{env.control_number}",
            when.strftime("%Y%m%d"),
            when.strftime("%H%M"),
            "CH",
        ),
        segment("NM1", "41", "2", clean(env.submitter_name, 60), "", "", "", "", "46", clean(env.sender, 80)),
        segment("PER", "IC", clean(env.submitter_contact, 60), "TE", env.submitter_phone),
        segment("NM1", "40", "2", clean(env.receiver_name, 60), "", "", "", "", "46", clean(env.receiver, 80)),
    ]
    hl = 0
    by_provider: dict[str, list[Claim]] = {}
    providers: dict[str, Provider] = {}
    for c in claims:
        by_provider.setdefault(c.billing_provider.npi, []).append(c)
        providers[c.billing_provider.npi] = c.billing_provider
    for npi, group in by_provider.items():
        hl += 1
        parent = hl
        body.append(segment("HL", parent, "", "20", "1"))
        body += _billing_provider(providers[npi])
        for c in group:
            hl += 1
            body.append(segment("HL", hl, parent, "22", "0"))
            body += _claim_segments(c)
    body.append(segment("SE", len(body) + 1, st_control))
    group_control = str(env.control_number)
    return "".join(
        [
            _isa(env, when),
            segment(
                "GS",
                "HC",
                clean(env.sender, 15),
                clean(env.receiver, 15),
                when.strftime("%Y%m%d"),
                when.strftime("%H%M"),
                group_control,
                "X",
                "005010X222A1",
            ),
            *body,
            segment("GE", 1, group_control),
            segment("IEA", 1, f"{env.control_number:09d}"),
        ]
    )


def claim_to_837p(
    claim: Claim,
    *,
    sender: str = "COURSEDEMO",
    receiver: str = "PAYERDEMO",
    control_number: int = 1,
    when: datetime | None = None,
) -> str:
    """One claim as a complete 837P interchange (ISA ... IEA)."""
    return claims_to_837p([claim], sender=sender, receiver=receiver, control_number=control_number, when=when)


def pretty(x12: str) -> str:
    """One segment per line, for reading in a lesson."""
    return x12.replace(SEG, SEG + "\n")
