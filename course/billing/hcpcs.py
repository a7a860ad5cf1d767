"""A few HCPCS Level II codes (CMS) used by the synthetic practice, with our own short wording.

HCPCS Level II is CMS's code set (letter + 4 digits). The wording here is ours, written for beginners,
not CMS's long descriptors, and no CPT (AMA) descriptor appears anywhere in the course. No D-codes
(those are the ADA's CDT). Codes and meanings were checked against the author's knowledge of the CMS
HCPCS quarterly file; check a code against the current CMS file before using it on a real claim.
"""

from __future__ import annotations

import re

PROCEDURES: dict[str, str] = {
    "G0438": "Medicare annual wellness visit, first one",
    "G0439": "Medicare annual wellness visit, later ones",
    "G0442": "Yearly alcohol misuse screening, 15 minutes",
    "G0444": "Yearly depression screening, 15 minutes",
    "G0447": "Face-to-face counselling for obesity, 15 minutes",
    "G0008": "Giving a flu vaccine",
    "G0009": "Giving a pneumococcal vaccine",
    "J1885": "Ketorolac injection, per 15 mg",
    "J3420": "Vitamin B-12 injection, up to 1,000 mcg",
    "J1100": "Dexamethasone injection, 1 mg",
    "J0696": "Ceftriaxone injection, per 250 mg",
    "E0114": "Underarm crutches (not wood), pair",
}

# Modifiers the practice uses (HCPCS Level II modifiers, our own wording).
MODIFIERS: dict[str, str] = {
    "RT": "Right side",
    "LT": "Left side",
    "GY": "Item or service not covered by Medicare (statutorily excluded)",
    "NU": "New equipment",
}

_CPT_SHAPE = re.compile(r"^\d{4}[\dFT]$")  # CPT by structure only: 5 digits, or 4 digits + F/T


def code_shape(code: str) -> str | None:
    """ "HCPCS" for a letter + 4 digits, "CPT" for the CPT shape (5 digits, or 4 + F/T), else None."""
    code = str(code).strip().upper()
    if re.fullmatch(r"[A-Z]\d{4}", code):
        return "HCPCS"
    if _CPT_SHAPE.fullmatch(code):
        return "CPT"
    return None
