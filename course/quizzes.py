"""The lessons' multiple-choice questions, kept as data so no answer sits in a lesson's visible code.

Each lesson has one file, course/data/quizzes/<lesson stem>.json, mapping a question id ("05-co-16":
lesson number, then a short name) to its question, options, answer and one explanation per option.
A question may be computed from the toolkit: with a `claim` entry (arguments of `split_claim`), the
texts are templates filled in from the split ({billed}, {allowed}, {plan}, {contractual},
{coinsurance}, {deductible}, {copay}, {patient}, {patient_plus_contractual}).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from course.billing.responsibility import split_claim

DATA = Path(__file__).parent / "data" / "quizzes"


@dataclass(frozen=True)
class Question:
    """One multiple-choice question: the right option is `answer`; `explanations` says why for each."""

    qid: str
    question: str
    options: tuple[str, ...]
    answer: str
    explanations: MappingProxyType

    def __post_init__(self) -> None:
        if self.answer not in self.options:
            raise ValueError(f"{self.qid}: the answer {self.answer!r} is not one of the options")
        if len(set(self.options)) != len(self.options):
            raise ValueError(f"{self.qid}: two options are the same")
        unknown = set(self.explanations) - set(self.options)
        if unknown:
            raise ValueError(f"{self.qid}: explanations for options that do not exist: {sorted(unknown)}")


def _claim_fields(claim: dict[str, str]) -> dict[str, str]:
    """The amounts a computed question's templates may use, as the lesson printed them (e.g. 96.00)."""
    share = split_claim(
        Decimal(claim["billed"]),
        Decimal(claim["allowed"]),
        deductible_left=Decimal(claim.get("deductible_left", "0")),
        coinsurance=Decimal(claim.get("coinsurance", "0")),
        copay=Decimal(claim.get("copay", "0")),
        oop_left=Decimal(claim["oop_left"]),
    )
    names = ["billed", "allowed", "plan", "contractual", "coinsurance", "deductible", "copay", "patient"]
    fields = {name: str(getattr(share, name)) for name in names}
    fields["patient_plus_contractual"] = str(share.patient + share.contractual)
    return fields


def _question(qid: str, raw: dict[str, Any]) -> Question:
    fill = (lambda text: text.format(**_claim_fields(raw["claim"]))) if "claim" in raw else (lambda text: text)
    return Question(
        qid=qid,
        question=fill(raw["question"]),
        options=tuple(fill(o) for o in raw["options"]),
        answer=fill(raw["answer"]),
        explanations=MappingProxyType({fill(k): fill(v) for k, v in raw.get("explanations", {}).items()}),
    )


@cache
def lesson_questions(lesson: str) -> dict[str, Question]:
    """Every question of one lesson, in order; `lesson` is its number ("05") or its file stem."""
    files = sorted(DATA.glob(f"{lesson[:2]}-*.json"))
    if not files:
        raise KeyError(f"no questions for lesson {lesson!r} in {DATA}")
    raw = json.loads(files[0].read_text(encoding="utf-8"))
    return {qid: _question(qid, entry) for qid, entry in raw.items()}


def question(qid: str) -> Question:
    """The question called `qid` ("05-co-16"): its lesson is the id's first two characters."""
    found = lesson_questions(qid[:2])
    if qid not in found:
        raise KeyError(f"no question {qid!r}; lesson {qid[:2]} has: {', '.join(found)}")
    return found[qid]


def all_questions() -> dict[str, Question]:
    """Every lesson's questions, by id."""
    return {qid: q for path in sorted(DATA.glob("*.json")) for qid, q in lesson_questions(path.stem).items()}
