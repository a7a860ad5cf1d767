"""A lesson's check-your-understanding question, shown by id: `quiz("05-co-16")`.

The question, its options, the right answer and the explanations live in course/data/quizzes/
(see course.quizzes), so the lesson's cell names the question and shows nothing of its answer.
"""

from __future__ import annotations

from course.practice.choice import ChoicePractice
from course.quizzes import question


class QuizPractice(ChoicePractice):
    """A lesson's question: a wrong answer also enters the student's review queue (course.review)."""

    def __init__(self, qid: str):
        q = question(qid)
        self.qid = qid
        super().__init__(q.question, q.options, q.answer, q.explanations)

    def show_feedback(self) -> None:
        super().show_feedback()
        if self.options.value is not None:
            from course.review.queue import record_result_in_session

            right = self.options.value == self.answer
            record_result_in_session(f"quiz:{self.qid}", 1.0 if right else 0.0, not right)


def quiz(qid: str) -> ChoicePractice:
    """The multiple-choice practice for the question called `qid`."""
    return QuizPractice(qid)
