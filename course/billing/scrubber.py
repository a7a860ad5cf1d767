"""A claim scrubber: the checks a billing office runs before a claim goes out, in plain words.

The course's claim edits (`course.billing.edits`: code pairs, units a day, the right modifier) run with
the other checks. Each problem names the CMS-1500 item it is about, says what is wrong and what to do, and has a severity:
"error" (the payer would reject or deny it) or "warning" (worth a second look).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from course.billing.claim import Claim, pointer_letter
from course.billing.edits import edit_hits
from course.billing.npi import is_valid_npi
from course.billing.pointers import EXTERNAL_CAUSE_ONLY, is_external_cause, pointer_rule_problems
from course.billing.pos import PLACE_OF_SERVICE
from course.coding.hcpcs import code_shape
from course.coding.icd10 import get_index


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a claim."""

    field: str
    message: str
    severity: str = "error"


@lru_cache(maxsize=4096)
def icd10cm_status(code: str) -> str:
    """ "billable", "not billable" (a category or header), or "invalid", in the bundled FY2026 ICD-10-CM.

    Uses the course's cached index (agreement with simple-icd-10-cm is proven by its tests) instead of
    importing simple_icd_10_cm, which costs every kernel ~2 s and ~190 MB.
    """
    index = get_index()
    code = code.strip()
    if not code or not index.is_valid(code):
        return "invalid"
    return "billable" if index.is_billable(code) else "not billable"


def _npi_problems(claim: Claim) -> list[Problem]:
    out = []
    if not is_valid_npi(claim.billing_provider.npi):
        out.append(
            Problem(
                "33a billing provider NPI",
                f"The billing NPI {claim.billing_provider.npi!r} is not 10 digits with a correct check "
                "digit. Copy it again from the provider's record.",
            )
        )
    rp = claim.rendering_provider
    if rp is not None and not is_valid_npi(rp.npi):
        out.append(
            Problem(
                "24J rendering provider NPI",
                f"The rendering NPI {rp.npi!r} is not 10 digits with a correct check digit.",
            )
        )
    return out


def _diagnosis_problems(claim: Claim) -> list[Problem]:
    out = []
    dx = claim.diagnoses
    if not dx:
        out.append(Problem("21 diagnoses", "The claim has no diagnosis code: every claim needs at least one (A)."))
    if len(dx) > 12:
        out.append(Problem("21 diagnoses", f"The claim has {len(dx)} diagnosis codes; a claim holds at most 12 (A-L)."))
    seen = set()
    for i, code in enumerate(dx[:12], start=1):
        letter = pointer_letter(i)
        status = icd10cm_status(code)
        if status == "invalid":
            out.append(Problem(f"21{letter} diagnosis", f"{code!r} is not an ICD-10-CM code in the FY2026 code set."))
        elif status == "not billable":
            kind = "a category" if len(code.strip().replace(".", "")) == 3 else "a subcategory"
            out.append(
                Problem(
                    f"21{letter} diagnosis",
                    f"{code} is {kind} (a header), not a billable code: add the missing characters.",
                )
            )
        key = code.strip().upper().replace(".", "")
        if key in seen:
            out.append(
                Problem(f"21{letter} diagnosis", f"{code} is listed twice; list each diagnosis once.", "warning")
            )
        seen.add(key)
    return out


def _line_problems(claim: Claim, today: date) -> list[Problem]:
    out = []
    if not claim.lines:
        out.append(Problem("24 service lines", "The claim has no service line: bill at least one service."))
    used: set[int] = set()
    for n, line in enumerate(claim.lines, start=1):
        where = f"24 line {n}"
        if code_shape(line.code) is None:
            out.append(
                Problem(
                    f"{where} (24D code)",
                    f"{line.code!r} is not shaped like a HCPCS Level II code (a letter and 4 digits) "
                    "or a CPT code (4 digits, then a digit or A, F, T, U or M).",
                )
            )
        if len(line.modifiers) > 4:
            out.append(Problem(f"{where} (24D modifiers)", "A line takes at most 4 modifiers."))
        for m in line.modifiers:
            if not re.fullmatch(r"[A-Z0-9]{2}", m.strip().upper()):
                out.append(Problem(f"{where} (24D modifiers)", f"Modifier {m!r} should be 2 letters or digits."))
        if line.place_of_service not in PLACE_OF_SERVICE:
            out.append(
                Problem(
                    f"{where} (24B place of service)",
                    f"{line.place_of_service!r} is not a place-of-service code the course knows "
                    "(e.g. 11 office, 02/10 telehealth).",
                )
            )
        if not line.pointers:
            out.append(Problem(f"{where} (24E pointer)", "The line points to no diagnosis: add a pointer (A-L)."))
        if len(line.pointers) > 4:
            out.append(Problem(f"{where} (24E pointer)", "A line points to at most 4 diagnoses."))
        for p in line.pointers:
            if not 1 <= p <= len(claim.diagnoses[:12]):
                out.append(
                    Problem(
                        f"{where} (24E pointer)",
                        f"Pointer {pointer_letter(p)} points to a diagnosis the claim does not have.",
                    )
                )
            used.add(p)
        for rule, message in pointer_rule_problems(claim.diagnoses[:12], line.code, line.pointers):
            severity = "error" if rule == EXTERNAL_CAUSE_ONLY else "warning"
            out.append(Problem(f"{where} (24E pointer)", message, severity))
        if line.charge <= 0:
            out.append(Problem(f"{where} (24F charges)", "The charge must be more than 0."))
        if line.units < 1:
            out.append(Problem(f"{where} (24G units)", "Units must be at least 1."))
        if line.service_date > today:
            out.append(Problem(f"{where} (24A date)", f"The date of service {line.service_date} is in the future."))
    for i, code in enumerate(claim.diagnoses[:12], start=1):
        if claim.lines and i not in used and not is_external_cause(code):
            out.append(
                Problem(
                    f"21{pointer_letter(i)} diagnosis",
                    f"No service line points to diagnosis {pointer_letter(i)} ({code}). That is fine for a "
                    "coexisting condition that affects the care (OCG IV.J); if it is why a service was "
                    "given, point that line to it.",
                    "warning",
                )
            )
    return out


def _edit_problems(claim: Claim) -> list[Problem]:
    """The course's claim edits (code pairs, units a day, modifiers: `course.billing.edits`), as problems."""
    return [Problem(f"24 line {hit.line} ({hit.item})", hit.message, hit.severity) for hit in edit_hits(claim.lines)]


def one_calendar_year_later(day: date) -> date:
    """The same date a year later; 29 February gives 28 February (the last day of that month).

    Medicare's filing limit is one calendar year after the date of service (42 CFR 424.44(a)(1)):
    365 days, or 366 when the year crosses a 29 February.
    """
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def filing_deadline(service_date: date, timely_filing_days: int | None = None) -> date:
    """The last day a claim may reach the payer: one calendar year (Medicare), or a payer's number of days."""
    if timely_filing_days is None:
        return one_calendar_year_later(service_date)
    return service_date + timedelta(days=timely_filing_days)


def scrub(claim: Claim, *, today: date | None = None, timely_filing_days: int | None = None) -> list[Problem]:
    """Every problem found in the claim (an empty list means it looks clean).

    The filing limit is Medicare's one calendar year after the date of service unless
    `timely_filing_days` gives a payer's own limit in days.
    """
    today = today or date.today()
    problems = (_npi_problems(claim) + _diagnosis_problems(claim) + _line_problems(claim, today)
                + _edit_problems(claim))
    if not claim.patient.member_id.strip():
        problems.append(Problem("1a insured's ID", "The insured's member ID is missing: copy it from the card."))
    if claim.patient.birth_date > today:
        problems.append(Problem("3 patient's birth date", "The birth date is in the future."))
    if claim.lines:
        deadline = filing_deadline(claim.first_service_date, timely_filing_days)
        limit = "one calendar year" if timely_filing_days is None else f"{timely_filing_days} days"
        sent = claim.received_date or today
        if sent > deadline:
            problems.append(
                Problem(
                    "24A dates of service",
                    f"The filing limit ({limit} from {claim.first_service_date}) "
                    f"ended on {deadline}: the payer will deny it (CARC 29).",
                )
            )
    return problems
