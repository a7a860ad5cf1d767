"""A claim seen as the CMS-1500 paper form (02/12) and its 837P segments side by side, for the lessons."""

from __future__ import annotations

import pandas as pd

from course.billing.claim import Claim, pointer_letter
from course.billing.x12_837p import SEG

# (segment id, first element or None) -> (loop, what it carries, CMS-1500 item)
_SEGMENTS: dict[tuple[str, str | None], tuple[str, str, str]] = {
    ("ISA", None): ("envelope", "Interchange header: sender, receiver, date, control number", "-"),
    ("GS", None): ("envelope", "Functional group header: HC = health care claim, version 005010X222A1", "-"),
    ("ST", None): ("header", "Transaction set header: 837", "-"),
    ("BHT", None): ("header", "Beginning of hierarchical transaction: purpose, reference, date", "-"),
    ("NM1", "41"): ("1000A", "Submitter name", "-"),
    ("PER", "IC"): ("1000A", "Submitter contact", "-"),
    ("NM1", "40"): ("1000B", "Receiver name", "-"),
    ("HL", "20"): ("2000A", "Billing provider level", "-"),
    ("PRV", "BI"): ("2000A", "Billing provider taxonomy (specialty)", "33b"),
    ("NM1", "85"): ("2010AA", "Billing provider name and NPI", "33, 33a"),
    ("N3", "2010AA"): ("2010AA", "Billing provider address", "33"),
    ("N4", "2010AA"): ("2010AA", "Billing provider city, state, ZIP+4", "33"),
    ("REF", "EI"): ("2010AA", "Billing provider tax ID (EIN)", "25"),
    ("HL", "22"): ("2000B", "Subscriber level (here the patient is the subscriber)", "-"),
    ("SBR", None): ("2000B", "Subscriber information: primary payer, relationship 18 = self", "6, 11"),
    ("NM1", "IL"): ("2010BA", "Subscriber (insured) name and member ID", "1a, 2, 4"),
    ("N3", "2010BA"): ("2010BA", "Subscriber address", "5, 7"),
    ("N4", "2010BA"): ("2010BA", "Subscriber city, state, ZIP", "5, 7"),
    ("DMG", None): ("2010BA", "Subscriber birth date and sex", "3"),
    ("NM1", "PR"): ("2010BB", "Payer name and ID", "top of form"),
    ("CLM", None): ("2300", "Claim: patient account number, total charge, place of service, signatures", "26, 28, 24B"),
    ("HI", None): ("2300", "Diagnosis codes: ABK = principal, ABF = others; no dots", "21 A-L, ICD Ind 0"),
    ("NM1", "82"): ("2310B", "Rendering provider name and NPI", "24J"),
    ("PRV", "PE"): ("2310B", "Rendering provider taxonomy", "24I/24J shaded"),
    ("LX", None): ("2400", "Service line number", "24 (line)"),
    ("SV1", None): ("2400", "Procedure code and modifiers, charge, units, place of service, pointers", "24D-24G, 24E"),
    ("DTP", "472"): ("2400", "Date of service", "24A"),
    ("SE", None): ("trailer", "Transaction set trailer: number of segments from ST to SE", "-"),
    ("GE", None): ("trailer", "Functional group trailer: number of transaction sets", "-"),
    ("IEA", None): ("trailer", "Interchange trailer: number of groups, control number", "-"),
}


def segment_table(x12: str) -> pd.DataFrame:
    """One row per segment of an 837P: the segment, its loop, what it carries and the CMS-1500 item."""
    rows = []
    loop = ""
    for raw in (s.strip() for s in x12.split(SEG)):
        if not raw:
            continue
        elements = raw.split("*")
        sid, first = elements[0], elements[1] if len(elements) > 1 else ""
        if sid == "HL":  # the level code (20 billing provider, 22 subscriber) is HL03
            first = elements[3] if len(elements) > 3 else ""
        if sid == "NM1" and first == "85":
            loop = "2010AA"
        elif sid == "NM1" and first == "IL":
            loop = "2010BA"
        key = (sid, first) if (sid, first) in _SEGMENTS else (sid, loop) if (sid, loop) in _SEGMENTS else (sid, None)
        where, what, item = _SEGMENTS.get(key, ("?", "Segment this table does not describe", "-"))
        rows.append({"segment": raw + SEG, "loop": where, "what": what, "cms1500_item": item})
    return pd.DataFrame(rows, columns=["segment", "loop", "what", "cms1500_item"])


def cms1500_rows(claim: Claim) -> pd.DataFrame:
    """The claim's main CMS-1500 items as (item, field, value) rows, diagnoses as letters A-L."""
    p = claim.patient
    rows = [
        ("1a", "Insured's ID number", p.member_id),
        ("2", "Patient's name", f"{p.last_name}, {p.first_name}"),
        ("3", "Patient's birth date and sex", f"{p.birth_date:%m/%d/%Y} {p.sex}"),
        ("5", "Patient's address", f"{p.address}, {p.city}, {p.state} {p.zip_code}"),
        ("21", "ICD indicator", "0 (ICD-10-CM)"),
    ]
    for i, dx in enumerate(claim.diagnoses[:12], start=1):
        rows.append((f"21{pointer_letter(i)}", "Diagnosis", dx.replace(".", "").upper()))
    for n, ln in enumerate(claim.lines, start=1):
        rows += [
            (f"24A/{n}", "Date of service", f"{ln.service_date:%m/%d/%Y}"),
            (f"24B/{n}", "Place of service", ln.place_of_service),
            (f"24D/{n}", "Procedure code and modifiers", " ".join([ln.code, *ln.modifiers])),
            (f"24E/{n}", "Diagnosis pointer", "".join(pointer_letter(x) for x in ln.pointers)),
            (f"24F/{n}", "Charges", f"{ln.charge:.2f}"),
            (f"24G/{n}", "Units", str(ln.units)),
            (
                f"24J/{n}",
                "Rendering provider NPI (fictitious)",
                (claim.rendering_provider or claim.billing_provider).npi,
            ),
        ]
    rows += [
        ("25", "Federal tax ID (EIN)", claim.billing_provider.tax_id),
        ("26", "Patient's account number", claim.claim_id),
        ("28", "Total charge", f"{claim.total_charge:.2f}"),
        ("33", "Billing provider", claim.billing_provider.name),
        ("33a", "Billing provider NPI (fictitious)", claim.billing_provider.npi),
    ]
    return pd.DataFrame(rows, columns=["item", "field", "value"])
