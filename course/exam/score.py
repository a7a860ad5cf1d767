"""Scoring an exam: each item 0..1 (a chart by the case bank's partial-credit rules, a choice 0 or 1),
a score per domain, and which items were missed (pure functions)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from course.exam.blueprint import CASE
from course.exam.draw import Exam, ExamItem, choice_items


@dataclass(frozen=True)
class ItemResult:
    """One item's score (0..1), whether it was missed (anything short of fully right) and why."""

    item_id: str
    domain: str
    score: float
    missed: bool
    detail: str


@dataclass(frozen=True)
class ExamResult:
    """Every item's result, in exam order."""

    items: tuple[ItemResult, ...]

    @property
    def score(self) -> float:
        """The whole exam as a fraction (each item weighs the same)."""
        return sum(r.score for r in self.items) / len(self.items) if self.items else 0.0

    def by_domain(self) -> dict[str, tuple[float, int]]:
        """{domain: (points, items)} in exam-domain order."""
        out: dict[str, tuple[float, int]] = {}
        for r in self.items:
            points, count = out.get(r.domain, (0.0, 0))
            out[r.domain] = (points + r.score, count + 1)
        return out

    def missed(self) -> list[str]:
        return [r.item_id for r in self.items if r.missed]


def parse_codes(value: Any, icd: bool) -> list[str]:
    """Codes from typed text (comma, semicolon or space between them) or a list."""
    if isinstance(value, str):
        from course.coding.rules import parse_code_list

        return parse_code_list(value) if icd else [c.upper() for c in re.split(r"[\s,;]+", value) if c]
    return [str(v) for v in value or ()]


def score_item(item: ExamItem, answer: Any) -> ItemResult:
    """Score one item. A chart's answer is {"icd": codes, "hcpcs": codes} (lists or typed text);
    a choice item's answer is the option chosen (None: unanswered)."""
    if item.kind == CASE:
        from course.coding.casebank import get_case, score_case

        given = answer if isinstance(answer, Mapping) else {}
        result = score_case(get_case(item.ref), parse_codes(given.get("icd"), True), parse_codes(given.get("hcpcs"), False))
        missed = any(row.status != "exact" for row in result.rows)
        return ItemResult(item.item_id, item.domain, result.score, missed,
                          f"{result.points:g} of {result.max_points:g} points")  # fmt: skip
    choice = choice_items(item.kind)[item.item_id]
    right = answer == choice.answer
    detail = "right" if right else ("not answered" if answer is None else f"the answer is: {choice.answer}")
    return ItemResult(item.item_id, item.domain, 1.0 if right else 0.0, not right, detail)


def score_exam(exam: Exam, answers: Mapping[str, Any]) -> ExamResult:
    """Score every item of `exam` from `answers` ({item id: answer}); an item with no answer scores 0."""
    return ExamResult(tuple(score_item(item, answers.get(item.item_id)) for item in exam.items))
