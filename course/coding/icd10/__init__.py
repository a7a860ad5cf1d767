"""ICD-10-CM for the course: a fast index over the FY2026 code set, and code-format rules.

from course.coding.icd10 import get_index, is_valid_format
idx = get_index()            # built from simple-icd-10-cm's data once, then loaded from a cache
idx.is_billable("e11.9")     # True
idx.search("ankle sprain right", billable_only=True)
"""

from __future__ import annotations

import re

from course.coding.icd10.index import Icd10Index, format_code, get_index, normalize

__all__ = ["Icd10Index", "format_code", "get_index", "is_valid_format", "normalize", "FORMAT_RULE"]

# Shape of an ICD-10-CM code as the real code set has it: a letter (any of the 26, U included); two
# characters of which at least one is a digit (A00, C4A, QA0); then up to four letters or digits
# (F32.A, T45.0X1A, with placeholder X), with an optional dot after the 3rd character.
FORMAT_RULE = re.compile(r"[A-Z](?:[0-9][0-9A-Z]|[A-Z][0-9])(?:\.?[0-9A-Z]{1,4})?")


def is_valid_format(code: str) -> bool:
    """True when `code` has the SHAPE of an ICD-10-CM code (any case, dot optional); existence is not checked.

    Accepts QA0, C4A, F32.A, U07.1 and placeholder X; rejects empty strings, a digit first, a dot anywhere
    but after the 3rd character, more than 7 characters and anything that is not a letter or digit.
    """
    if not isinstance(code, str):
        return False
    return FORMAT_RULE.fullmatch(code.strip().upper()) is not None
