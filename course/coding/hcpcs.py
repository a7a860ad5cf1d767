"""HCPCS Level II, the one place for the code set: format, sections, the course's table, the codes billed.

Level II codes are one letter and four digits (E0114, J1885). CMS maintains them (42 CFR 414.40) and
updates them quarterly. The table in course/data/hcpcs_level2.csv is a curated handful, not the code set:
see course/data/README-hcpcs.md. `PROCEDURES` are the codes the synthetic practice bills, in the table's
(course-worded) meanings; `code_shape` tells a HCPCS Level II code from a CPT code by shape. No CPT (AMA)
descriptor appears anywhere in the course, and no D-codes (the ADA's CDT).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parents[1] / "data" / "hcpcs_level2.csv"
FORMAT = re.compile(r"[A-Z][0-9]{4}")

# What each first letter is used for. Ranges inside a letter (e.g. A0000-A0999 transport) and the exact
# boundaries between uses are APPROXIMATE: check a CMS quarterly file before relying on one.
SECTIONS: dict[str, str] = {
    "A": "Transportation (ambulance), medical and surgical supplies, miscellaneous",
    "B": "Enteral and parenteral therapy",
    "C": "Outpatient prospective payment system (hospital outpatient, temporary)",
    "D": "Dental procedures (the ADA's CDT codes; copyrighted, not used in this course)",
    "E": "Durable medical equipment (DME)",
    "G": "Procedures and professional services (temporary)",
    "H": "Behavioral health and substance abuse treatment (mostly Medicaid)",
    "J": "Drugs administered other than by mouth, and chemotherapy drugs",
    "K": "Temporary codes for the DME Medicare administrative contractors",
    "L": "Orthotics and prosthetics",
    "M": "Other medical services and quality measures",
    "P": "Pathology and laboratory services",
    "Q": "Temporary codes (miscellaneous services, drugs, supplies)",
    "R": "Diagnostic radiology services",
    "S": "Temporary national codes for private payers (not Medicare)",
    "T": "National codes for state Medicaid agencies",
    "U": "Coronavirus (COVID-19) laboratory tests",
    "V": "Vision, hearing and speech-language pathology services",
}
SECTION_NOTE = "Section boundaries are approximate; the CMS HCPCS quarterly file is the authority."


@dataclass(frozen=True)
class HcpcsCode:
    """One row of the course's HCPCS Level II table."""

    code: str
    description: str
    section: str
    source: str


def normalize(code: str) -> str:
    """Surrounding spaces removed, upper case: ' e0114 ' -> 'E0114'."""
    return code.strip().upper()


def is_valid_format(code: str) -> bool:
    """True when `code` has the shape of a HCPCS Level II code: one letter and four digits (any case)."""
    return isinstance(code, str) and FORMAT.fullmatch(normalize(code)) is not None


def section_name(code_or_letter: str) -> str:
    """What a code's first letter stands for ('J1885' or 'J' -> drugs ...); KeyError for an unused letter."""
    letter = normalize(code_or_letter)[:1]
    if letter not in SECTIONS:
        raise KeyError(f"no HCPCS Level II section uses the letter {letter!r}")
    return SECTIONS[letter]


@cache
def table() -> dict[str, HcpcsCode]:
    """The course's curated HCPCS Level II codes, keyed by code."""
    with DATA.open(encoding="utf-8", newline="") as fh:
        rows = [HcpcsCode(**row) for row in csv.DictReader(fh)]
    return {row.code: row for row in rows}


def lookup(code: str) -> HcpcsCode | None:
    """The table's row for a code (any case), or None when the course's table does not have it."""
    return table().get(normalize(code)) if isinstance(code, str) else None


# The codes the synthetic practice bills.
USED = (
    "G0402",
    "G0438",
    "G0439",
    "G0008",
    "G0009",
    "J1885",
    "J3420",
    "J1100",
    "J0696",
    "J2405",
    "J7030",
    "J1030",
    "E0114",
    "L4361",
    "Q0091",
    "H0031",
)

# Each code's meaning in the course's own words (from course/data/hcpcs_level2.csv).
PROCEDURES: dict[str, str] = {code: table()[code].description for code in USED}

# HCPCS Level II modifiers the practice uses, in our own words.
MODIFIERS: dict[str, str] = {
    "RT": "Right side",
    "LT": "Left side",
    "NU": "New equipment",
}

# CPT by structure only (the AMA's code set): 4 digits, then a digit (most Category I), A (Category I vaccine
# administration, e.g. 0001A), F (Category II), T (Category III), U (Proprietary Laboratory Analyses,
# e.g. 0001U) or M (administrative MAAA codes). AMA, "CPT: Category I, II and III codes" and "CPT PLA codes".
CPT_LAST_CHARACTERS = "0123456789AFTUM"
_CPT_SHAPE = re.compile(rf"\d{{4}}[{CPT_LAST_CHARACTERS}]")


def code_shape(code: str) -> str | None:
    """ "HCPCS" for a letter + 4 digits, "CPT" for 4 digits + a digit/A/F/T/U/M, else None."""
    code = str(code).strip().upper()
    if re.fullmatch(r"[A-Z]\d{4}", code):
        return "HCPCS"
    if _CPT_SHAPE.fullmatch(code):
        return "CPT"
    return None
