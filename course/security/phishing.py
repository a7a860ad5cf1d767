"""Phishing spotter for lesson 07: synthetic e-mails and feedback on a verdict and the red flags marked.

Data: course/data/phishing_emails.json (fictional practice; reserved example and .test domains only).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parents[1] / "data" / "phishing_emails.json"


@dataclass(frozen=True)
class Email:
    email_id: str
    from_name: str
    from_address: str
    subject: str
    body: str
    links: tuple[tuple[str, str], ...]  # (text shown, real address)
    attachments: tuple[str, ...]
    is_phish: bool
    flags: frozenset[str]
    explanation: str


@dataclass(frozen=True)
class Judgement:
    verdict_right: bool
    found: frozenset[str]
    missed: frozenset[str]
    extra: frozenset[str]

    @property
    def perfect(self) -> bool:
        return self.verdict_right and not self.missed and not self.extra


@cache
def _raw() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def flag_descriptions() -> dict[str, str]:
    """Red-flag key -> what it means."""
    return dict(_raw()["flags"])


@cache
def load_emails() -> tuple[Email, ...]:
    """All e-mails, in order."""
    return tuple(
        Email(
            e["id"],
            e["from_name"],
            e["from_address"],
            e["subject"],
            e["body"],
            tuple(tuple(link) for link in e["links"]),
            tuple(e["attachments"]),
            bool(e["is_phish"]),
            frozenset(e["flags"]),
            e["explanation"],
        )
        for e in _raw()["emails"]
    )


def get_email(email_id: str) -> Email:
    """One e-mail by id."""
    for e in load_emails():
        if e.email_id == email_id:
            return e
    raise KeyError(email_id)


def judge(email: Email, says_phish: bool, flags: set[str] | frozenset[str]) -> Judgement:
    """Compare a learner's verdict and marked red flags with the answer."""
    unknown = set(flags) - set(flag_descriptions())
    if unknown:
        raise KeyError(f"unknown flags: {sorted(unknown)}")
    marked = frozenset(flags)
    return Judgement(
        says_phish == email.is_phish, marked & email.flags, email.flags - marked, marked - email.flags
    )


def judgement_text(email: Email, says_phish: bool, flags: set[str] | frozenset[str]) -> str:
    """Specific feedback: the verdict, each missed or extra red flag by name, then the explanation."""
    j = judge(email, says_phish, flags)
    names = flag_descriptions()
    kind = "phishing" if email.is_phish else "a genuine e-mail"
    parts = [f"{'Right' if j.verdict_right else 'Wrong'}: this is {kind}."]
    if j.missed:
        parts.append("Red flags you missed: " + " ".join(names[f] for f in sorted(j.missed)))
    if j.extra:
        parts.append("Not a red flag here: " + ", ".join(sorted(j.extra)) + ".")
    if j.perfect and email.flags:
        parts.append("You found every red flag.")
    parts.append(email.explanation)
    return " ".join(parts)
