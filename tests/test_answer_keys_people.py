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
    "course/home_office.py",
    "course/careers_path.py",
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
    if not path.exists():
        assert rel.startswith(("course/lessons/", "source/a08/")), f"{rel} is missing"
        pytest.skip(f"{rel} not written yet")
    problems = violations(path.read_text(encoding="utf-8"), lesson=rel.startswith("course/lessons/"))
    assert problems == [], f"{rel}: {problems[:5]}"
