"""HCPCS Level II: code format, the sections by first letter, and the course's small table of real codes.

Level II codes are one letter and four digits (E0114, J1885). CMS maintains them (42 CFR 414.40) and
updates them quarterly. The table in course/data/hcpcs_level2.csv is a curated handful, not the code set:
see course/data/README-hcpcs.md.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "hcpcs_level2.csv"
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
