"""Careers for lesson 08: training routes, certifications and labour-market figures, each with its source.

Figures change every year: each carries its year and source, and `verified` says whether the course could
confirm it on the primary source. Cost ranges are EXAMPLE ASSUMPTIONS for the picture, not data: programme
prices vary widely, so students must check the ones they consider. Nothing here is graded.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Route:
    key: str
    name: str
    months: tuple[int, int]  # typical full-time length, low-high
    example_cost: tuple[int, int]  # US$, an example assumption (see module docstring), not a sourced figure
    leads_to: str
    source: str


ROUTES: tuple[Route, ...] = (
    Route(
        "certificate",
        "Certificate or diploma programme",
        (4, 12),
        (1_500, 6_000),
        "entry-level certification exams (for example AAPC CPC or CPB, AHIMA CCA, NHA CBCS); "
        "online or in person",
        "Programme lengths: AAPC and AHIMA education pages; domain survey of programme listings",
    ),
    Route(
        "associate",
        "Associate degree (e.g. health information technology)",
        (24, 24),
        (6_000, 20_000),
        "the same exams, plus AHIMA's RHIT when the programme is CAHIIM-accredited",
        "AHIMA RHIT eligibility page; CAHIIM programme directory",
    ),
    Route(
        "bachelor",
        "Bachelor's degree (e.g. health information management)",
        (48, 48),
        (30_000, 100_000),
        "coding and billing roles, and a path to supervisory and health information management work",
        "CAHIIM programme directory",
    ),
)


@dataclass(frozen=True)
class Certification:
    body: str
    code: str
    name: str
    certifies: str


CERTIFICATIONS: tuple[Certification, ...] = (
    Certification(
        "AAPC",
        "CPC",
        "Certified Professional Coder",
        "physician and outpatient coding with CPT, ICD-10-CM and HCPCS Level II",
    ),
    Certification(
        "AAPC",
        "COC",
        "Certified Outpatient Coder",
        "hospital outpatient and ambulatory surgery centre coding",
    ),
    Certification(
        "AAPC", "CPB", "Certified Professional Biller", "professional billing: claims, payment, follow-up"
    ),
    Certification(
        "AAPC", "CRC", "Certified Risk Adjustment Coder", "risk-adjustment coding (ICD-10-CM to HCCs)"
    ),
    Certification(
        "AHIMA", "CCA", "Certified Coding Associate", "entry-level coding competence in all settings"
    ),
    Certification(
        "AHIMA",
        "CCS",
        "Certified Coding Specialist",
        "mastery-level hospital coding: inpatient (ICD-10-CM/PCS) and outpatient",
    ),
    Certification(
        "AHIMA", "CCS-P", "Certified Coding Specialist - Physician-based", "physician-practice coding"
    ),
    Certification(
        "AHIMA",
        "RHIT",
        "Registered Health Information Technician",
        "broader health information work; needs a CAHIIM-accredited associate degree",
    ),
    Certification(
        "NHA", "CBCS", "Certified Billing and Coding Specialist", "entry-level billing and coding together"
    ),
    Certification(
        "AMBA",
        "CMRS",
        "Certified Medical Reimbursement Specialist",
        "medical billing and reimbursement (AMBA membership required)",
    ),
)


@dataclass(frozen=True)
class CareerFigure:
    occupation: str
    measure: str
    value: str
    year: str
    source: str
    verified: bool


FIGURES: tuple[CareerFigure, ...] = (
    CareerFigure(
        "Medical records specialists (SOC 29-2072, includes medical coders)",
        "median annual pay",
        "$50,250 ($24.16 an hour)",
        "May 2024",
        "BLS Occupational Outlook Handbook, Medical Records Specialists",
        True,
    ),
    CareerFigure(
        "Medical records specialists (SOC 29-2072)",
        "jobs",
        "194,800",
        "2024",
        "BLS Occupational Outlook Handbook, Medical Records Specialists",
        True,
    ),
    CareerFigure(
        "Medical records specialists (SOC 29-2072)",
        "projected employment change",
        "+7%",
        "2024-34",
        "BLS Occupational Outlook Handbook, Medical Records Specialists",
        True,
    ),
    CareerFigure(
        "Billing and posting clerks (SOC 43-3021)",
        "median annual pay",
        "$47,170",
        "May 2024",
        "secondary sites quoting BLS OEWS; not confirmed on bls.gov by the course",
        False,
    ),
    CareerFigure(
        "Billing and posting clerks (SOC 43-3021)",
        "projected employment change",
        "-0.4%",
        "2024-34",
        "secondary sites quoting BLS projections; not confirmed on bls.gov by the course",
        False,
    ),
)


def get_route(key: str) -> Route:
    """One route by key (certificate, associate, bachelor)."""
    for r in ROUTES:
        if r.key == key:
            return r
    raise KeyError(f"no route {key!r}; known: {[r.key for r in ROUTES]}")


def add_months(start: date, months: int) -> date:
    """The same day `months` later (clamped to the month's last day)."""
    y, m = divmod(start.month - 1 + months, 12)
    year, month = start.year + y, m + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


FIRST_CERTIFICATIONS = {
    "coding": ("CPC", "CCA"),
    "billing": ("CPB", "CBCS", "CMRS"),
    "both": ("CBCS", "CPC", "CPB"),
}


@dataclass(frozen=True)
class StudyPlan:
    route: Route
    finish_earliest: date
    finish_latest: date
    certifications: tuple[Certification, ...]


def study_plan(route_key: str, start: date, interest: str, part_time: bool = False) -> StudyPlan:
    """When a route could end and which certifications fit the interest (coding, billing or both).

    Part-time study is shown as twice the full-time length: an EXAMPLE ASSUMPTION, not a sourced figure.
    """
    route = get_route(route_key)
    if interest not in FIRST_CERTIFICATIONS:
        raise KeyError(f"interest must be one of {sorted(FIRST_CERTIFICATIONS)}")
    factor = 2 if part_time else 1
    low, high = (m * factor for m in route.months)
    certs = tuple(c for code in FIRST_CERTIFICATIONS[interest] for c in CERTIFICATIONS if c.code == code)
    if route.key != "certificate":
        certs += tuple(c for c in CERTIFICATIONS if c.code == "RHIT")
    return StudyPlan(route, add_months(start, low), add_months(start, high), certs)


def plan_text(route_key: str, start: date, interest: str, part_time: bool = False) -> str:
    """The plan in words, with the caveats a student needs."""
    p = study_plan(route_key, start, interest, part_time)
    when = (
        f"around {p.finish_earliest:%B %Y}"
        if p.finish_earliest == p.finish_latest
        else f"between {p.finish_earliest:%B %Y} and {p.finish_latest:%B %Y}"
    )
    certs = "; ".join(f"{c.body} {c.code} ({c.certifies})" for c in p.certifications)
    pace = " part-time (example assumption: twice as long)" if part_time else " full-time"
    low, high = p.route.example_cost
    return (
        f"{p.route.name},{pace}: you could finish {when}. Certifications to look at: {certs}. "
        f"Example cost assumption ${low:,}-${high:,}: check real programmes, and whether they are accredited."
    )
