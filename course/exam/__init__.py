"""Timed practice exams drawn from the course's question banks by the course's own blueprint.

    from course.exam import draw, score_exam
    exam = draw(size=20, seed=7)                   # a different seed, a different draw
    result = score_exam(exam, {"case:inj-001": {"icd": ["S93.401A"], "hcpcs": []}})
    result.by_domain()                             # {domain: (points, items)}

The widget is `course.practice.exam_practice.make_exam()`; attempts are kept in the student's progress
file (`course.exam.attempts`), missed items go to the review queue (`course.review`).
"""

from __future__ import annotations

from course.exam.blueprint import BLUEPRINT, Domain, apportion
from course.exam.draw import ChoiceItem, Exam, ExamItem, choice_items, draw, pool, register_pool
from course.exam.score import ExamResult, ItemResult, score_exam, score_item

__all__ = [
    "BLUEPRINT",
    "ChoiceItem",
    "Domain",
    "Exam",
    "ExamItem",
    "ExamResult",
    "ItemResult",
    "apportion",
    "choice_items",
    "draw",
    "pool",
    "register_pool",
    "score_exam",
    "score_item",
]
