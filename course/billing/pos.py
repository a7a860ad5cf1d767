"""Place-of-service codes (CMS POS code set; CMS CR 12427 and Medicare contractor pages)."""

from __future__ import annotations

PLACE_OF_SERVICE: dict[str, str] = {
    "02": "Telehealth provided other than in the patient's home",
    "10": "Telehealth provided in the patient's home",
    "11": "Office",
    "12": "Home",
    "19": "Off-campus outpatient hospital",
    "20": "Urgent care facility",
    "21": "Inpatient hospital",
    "22": "On-campus outpatient hospital",
    "23": "Emergency room - hospital",
    "24": "Ambulatory surgical center",
    "31": "Skilled nursing facility",
}


def describe_pos(code: str) -> str:
    """The name of a place-of-service code, e.g. "11" -> "Office"; KeyError for a code not listed."""
    code = str(code).strip().zfill(2)
    return PLACE_OF_SERVICE[code]
