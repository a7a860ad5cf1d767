"""A short review session: the items due today from the review queue, one at a time.

A thin view over `course.review`: each answer is scored like the original item (a chart by the case
bank's rules, a question right or wrong), rated from that result and stored at once, so nothing is lost
on a restart. `now` is a function so tests can fix the clock.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import ipywidgets as widgets

from course.coding.casebank import get_case, score_case
from course.exam.blueprint import CASE
from course.exam.draw import choice_items
from course.exam.score import parse_codes
from course.practice.chart_practice import note_html, score_html
from course.practice.exam_practice import choice_html
from course.practice.feedback import answer_radios, feedback_box, feedback_html
from course.practice.keyboard import PracticeBox
from course.review.queue import due_at, due_items, load_queue, record_result

SESSION_SIZE = 5


def due_today_text(count: int) -> str:
    """The panel's line: "Due for review today: 3"."""
    return f"Due for review today: {count}"


def _kind(item_id: str) -> str:
    return item_id.split(":", 1)[0]


def _local_now() -> datetime:
    return datetime.now(UTC).astimezone()


class ReviewSession(PracticeBox):
    """Answer each due item, press Check (the result rates it), then Next item."""

    def __init__(self, root: Path | None = None, *, limit: int = SESSION_SIZE,
                 now: Callable[[], datetime] = _local_now):  # fmt: skip
        self.root, self.now = root, now
        self.items = [i for i in due_items(load_queue(root), now(), limit) if self._known(i)]
        self.position = 0
        self.done: dict[str, float] = {}
        self.status = widgets.HTML()
        self.prompt = widgets.HTML()
        self.icd = widgets.Text(placeholder="ICD-10-CM codes, first-listed first", description="ICD-10-CM:",
                                layout={"width": "46em"})  # fmt: skip
        self.hcpcs = widgets.Text(placeholder="HCPCS Level II codes, if any", description="HCPCS:", layout={"width": "46em"})
        self.choice = answer_radios()
        self.answer_box = widgets.VBox()
        self.check = widgets.Button(description="Check", button_style="primary", icon="check")
        self.next = widgets.Button(description="Next item", icon="arrow-right")  # no button is ever disabled:
        # the keyboard focus stays on it (Check answers once per item; Next item skips an unanswered one)
        self.feedback = feedback_box()
        self.on_press(self.check, self.show_feedback, self.feedback)
        self.next.on_click(lambda _b: self.advance())
        super().__init__([self.status, self.prompt, self.answer_box, widgets.HBox([self.check, self.next]), self.feedback])
        self._show()

    @staticmethod
    def _known(item_id: str) -> bool:
        """Whether the item still exists in its bank (a course update may remove one)."""
        try:
            if _kind(item_id) == CASE:
                get_case(item_id.split(":", 1)[1])
                return True
            return item_id in choice_items(_kind(item_id))
        except KeyError:
            return False

    @property
    def item_id(self) -> str | None:
        return self.items[self.position] if self.position < len(self.items) else None

    def _show(self) -> None:
        item_id = self.item_id
        self.feedback.value = ""
        if item_id is None:
            self._finish()
            return
        self.status.value = (f"<p><b>Review {self.position + 1} of {len(self.items)}</b> "
                             f"({html.escape(due_today_text(len(self.items)))} when you started)</p>")  # fmt: skip
        if _kind(item_id) == CASE:
            self.prompt.value = note_html(get_case(item_id.split(":", 1)[1]))
            self.icd.value = self.hcpcs.value = ""
            self.answer_box.children = [self.icd, self.hcpcs]
        else:
            item = choice_items(_kind(item_id))[item_id]
            self.prompt.value = choice_html(item)
            self.choice.options = list(item.options)
            self.choice.value = None
            self.answer_box.children = [self.choice]

    def _finish(self) -> None:
        self.answer_box.children = []
        self.prompt.value = ""
        queue = load_queue(self.root)
        if not self.items:
            self.status.value = "<p>Nothing is due for review today.</p>"
            return
        later = sorted(due_at(queue, i) for i in queue)
        when = f" The next item is due {later[0].astimezone(self.now().tzinfo):%Y-%m-%d %H:%M}." if later else ""
        right = sum(1 for s in self.done.values() if s == 1.0)
        self.status.value = (f"<p role='status'><b>Review done</b>: {len(self.done)} item{'' if len(self.done) == 1 else 's'}, {right} fully right. "
                             f"{html.escape(due_today_text(len(due_items(queue, self.now()))))}.{when}</p>")  # fmt: skip

    def result(self) -> tuple[float, bool, str]:
        """The current answer's score, whether it is a miss, and the feedback HTML."""
        item_id = self.item_id
        assert item_id is not None
        if _kind(item_id) == CASE:
            scored = score_case(get_case(item_id.split(":", 1)[1]), parse_codes(self.icd.value, True),
                                parse_codes(self.hcpcs.value, False))  # fmt: skip
            missed = any(row.status != "exact" for row in scored.rows)
            head = "Every code is right." if not missed else "Some codes need another look."
            return scored.score, missed, feedback_html(head, not missed, f"review: {item_id}") + score_html(scored)
        item = choice_items(_kind(item_id))[item_id]
        right = self.choice.value == item.answer
        words = item.explanation if right else f"The answer is: {item.answer}. {item.explanation}"
        return (1.0 if right else 0.0), not right, feedback_html(words, right, f"review: {item_id}")

    def show_feedback(self) -> None:
        """Score the answer, store the review (rated from the result) and show why."""
        if self.item_id is None or self.item_id in self.done:
            return
        if _kind(self.item_id) == CASE and not parse_codes(self.icd.value, True):
            self.feedback.value = feedback_html("Type at least one ICD-10-CM code, for example: I10, E11.9", None)
            return
        if _kind(self.item_id) != CASE and self.choice.value is None:
            self.feedback.value = feedback_html("Pick one answer, then press Check.", None)
            return
        score, missed, shown = self.result()
        record_result(self.item_id, score, missed, self.now().astimezone(UTC), self.root)
        self.done[self.item_id] = score
        self.feedback.value = shown

    def advance(self) -> None:
        """Go to the next due item (or the summary)."""
        if self.position < len(self.items):
            self.position += 1
            self._show()


def due_today(root: Path | None = None, now: datetime | None = None) -> int:
    """How many items of the student's queue are due by the end of today."""
    return len(due_items(load_queue(root), now or _local_now()))


def make_review_session(root: Path | None = None, limit: int = SESSION_SIZE,
                        now: Callable[[], datetime] = _local_now) -> ReviewSession:  # fmt: skip
    """A review session of at most `limit` items due today (the earliest due first)."""
    return ReviewSession(root, limit=limit, now=now)

