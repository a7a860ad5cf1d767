"""The HCPCS Level II codes the synthetic practice bills, and the shape of a procedure code.

Codes and their (course-worded) meanings come from the course's curated HCPCS Level II table,
`course.hcpcs` (checked against a CMS file; see course/data/README-hcpcs.md). No CPT (AMA) descriptor
appears anywhere in the course, and no D-codes (the ADA's CDT).
"""

from __future__ import annotations

import re

from course.hcpcs import table

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
