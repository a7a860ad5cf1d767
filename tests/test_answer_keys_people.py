"""Fictional-data rules for lessons 06-08, assignments a06-a08 and their data (scanned as text).

Phones only 555-0100..555-0199; SSNs only with area 666 or group 00; e-mail addresses only at
example.com/.org/.net or .test/.invalid/.example; links in data and assignments only to those domains
(lessons may also link to the primary sources in their References).
"""

from __future__ import annotations

import re

import pytest

from tests.support import ROOT

FICTIONAL_DOMAIN = re.compile(r"(^|\.)(example\.(com|org|net)|[\w-]+\.(test|invalid|example))$", re.I)
REFERENCE_HOSTS = re.compile(
    r"(^|\.)(\w+\.gov|ecfr\.gov|aapc\.com|ahima\.org|nhanow\.com|ambanet\.net|cahiim\.org|ietf\.org|"
    r"rfc-editor\.org|federalregister\.gov|onetonline\.org|988lifeline\.org|nist\.gov)$",
    re.I,
)
PHONE = re.compile(r"(?:\(\d{3}\)\s?|\b\d{3}-)?\b(\d{3})-(\d{4})\b")
SSN = re.compile(r"\b(\d{3})-(\d{2})-(\d{4})\b")
EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
URL = re.compile(r"https?://([^/\s\"'<>)\]]+)")

MY_FILES = [
    "course/data/conversations.json",
    "course/data/phishing_emails.json",
    "course/security/home_office.py",
    "course/careers/path.py",
    "course/lessons/06-patients-and-money.ipynb",
    "course/lessons/07-remote-security.ipynb",
    "course/lessons/08-path-into-the-field.ipynb",
    "source/a06/a06-customer-service.ipynb",
    "source/a07/a07-remote-security.ipynb",
    "source/a08/a08-day-at-the-practice.ipynb",
]


def violations(text: str, *, lesson: bool = False) -> list[str]:
    """Every phone, SSN, e-mail or link in `text` that breaks the fictional-data rules."""
    found = []
    for m in SSN.finditer(text):
        if m.group(1) != "666" and m.group(2) != "00":
            found.append(f"SSN {m.group(0)}")
    without_ssn = SSN.sub(" ", text)
    for m in PHONE.finditer(without_ssn):
        if m.group(1) != "555" or not 100 <= int(m.group(2)) <= 199:
            found.append(f"phone {m.group(0)}")
    for m in EMAIL.finditer(text):
        if not FICTIONAL_DOMAIN.search(m.group(1)):
            found.append(f"e-mail {m.group(0)}")
    for m in URL.finditer(text):
        host = m.group(1).split(":")[0]
        if not (FICTIONAL_DOMAIN.search(host) or (lesson and REFERENCE_HOSTS.search(host))):
            found.append(f"link {m.group(0)}")
    return found


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("Call 503-555-0142 or (971) 555-0199.", False),
        ("Call 503-555-0200.", True),
        ("Call 867-5309.", True),
        ("SSN 666-12-3456, ITIN-free 123-00-4567.", False),
        ("SSN 123-45-6789.", True),
        ("Mail jvale@example.org, ops@mail.example.net, x@host.test.", False),
        ("Mail jvale@gmail.com.", True),
        ("See https://portal.clearwaterfp.example.org/training", False),
        ("See https://clearwater-clinic.com/login", True),
    ],
)
def test_checker_catches_what_it_should(text, bad):
    assert bool(violations(text)) is bad, violations(text)


def test_lessons_may_link_primary_sources_but_data_may_not():
    link = "https://www.ecfr.gov/current/title-45/section-164.514"
    assert violations(link, lesson=True) == []
    assert violations(link) != []


@pytest.mark.parametrize("rel", MY_FILES)
def test_file_follows_fictional_data_rules(rel):
    path = ROOT / rel
    assert path.exists(), f"{rel} is missing"
    problems = violations(path.read_text(encoding="utf-8"), lesson=rel.startswith("course/lessons/"))
    assert problems == [], f"{rel}: {problems[:5]}"


CODE_LIKE = re.compile(r"[\"']([A-Za-z][0-9][0-9A-Za-z](?:\.?[0-9A-Za-z]{1,4})?)[\"']")
ASSIGNMENTS = [
    "source/a06/a06-customer-service.ipynb",
    "source/a07/a07-remote-security.ipynb",
    "source/a08/a08-day-at-the-practice.ipynb",
]


def answer_key_codes(path) -> set[str]:
    """Quoted code-like strings inside the solution and hidden-test cells of a source notebook."""
    import nbformat

    found = set()
    for cell in nbformat.read(path, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and (meta.get("solution") or meta.get("grade")):
            found |= {m.group(1).upper() for m in CODE_LIKE.finditer(cell.source)}
    return found


@pytest.mark.parametrize("rel", ASSIGNMENTS)
def test_answer_key_codes_are_valid_billable_icd10cm_or_known_hcpcs(rel):
    import warnings

    from course.coding.hcpcs import table

    with warnings.catch_warnings():  # the package reads its data with a deprecated importlib call
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as cm

    hcpcs = table()
    codes = answer_key_codes(ROOT / rel)
    bad = []
    for code in sorted(codes):
        if re.fullmatch(r"[A-Z]\d{4}", code) and code in hcpcs and not code.startswith("D"):
            continue
        dotted = code if "." in code or len(code) <= 3 else code[:3] + "." + code[3:]
        if not (cm.is_valid_item(dotted) and cm.is_category_or_subcategory(dotted) and cm.is_leaf(dotted)):
            bad.append(code)
    assert bad == [], f"{rel}: not billable ICD-10-CM FY2026 nor a known HCPCS Level II code: {bad}"


def test_capstone_key_holds_the_expected_codes():
    codes = answer_key_codes(ROOT / "source/a08/a08-day-at-the-practice.ipynb")
    assert {"S93.401A", "W00.0XXA", "Y92.480", "L4361", "E0114", "J1885"} <= codes
