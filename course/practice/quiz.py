"""A lesson's check-your-understanding question, shown by id: `quiz("05-co-16")`.

The question, its options, the right answer and the explanations live in course/data/quizzes/
(see course.quizzes), so the lesson's cell names the question and shows nothing of its answer.
"""

from __future__ import annotations

from course.practice.choice import ChoicePractice, make_choice
from course.quizzes import question


def quiz(qid: str) -> ChoicePractice:
    """The multiple-choice practice for the question called `qid`."""
    q = question(qid)
    return make_choice(q.question, q.options, q.answer, q.explanations)
