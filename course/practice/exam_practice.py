"""Exam mode: a timed practice exam drawn by the course's blueprint, one item at a time.

A thin view over `course.exam` (draw, score, attempts) and `course.review` (missed items are queued).
The time left is shown in whole minutes; when it runs out the exam is submitted with what was entered
(every field's value reaches the kernel as it is typed). `tick()` does the timing: a background thread
calls it every few seconds in a notebook; tests call it with a fake clock.
"""

from __future__ import annotations

import html
import math
import random
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from course.coding.casebank import PARTIAL_CREDIT_RULES, get_case, score_case
from course.exam import BLUEPRINT, ChoiceItem, Domain, Exam, ExamResult, choice_items, draw, score_exam
from course.exam.attempts import (
    attempt_record,
    attempts,
    attempts_figure_html,
    attempts_table_html,
    clear_draft,
    domain_figure_html,
    draft_owner,
    load_draft,
    record_attempt,
    save_draft,
    seen_items,
)
from course.exam.blueprint import CASE
from course.exam.score import parse_codes
from course.practice.chart_practice import note_html, score_html
from course.practice.feedback import BAD, GOOD, NEUTRAL, answer_radios, feedback_box, quoted_note
from course.practice.keyboard import PracticeBox

TICK_SECONDS = 5.0


def minutes_left_text(seconds_left: float) -> str:
    """The timer's words: whole minutes left, rounded up ("Time left: 1 minute" in the last minute)."""
    if seconds_left <= 0:
        return "Time is up."
    minutes = math.ceil(seconds_left / 60)
    return f"Time left: {minutes} minute{'' if minutes == 1 else 's'}"


def item_input(exam: Exam, index: int) -> dict[str, Any]:
    """The widgets that take one item's answer, with its statement (built once per item)."""
    item = exam.items[index]
    head = f"<p><b>Item {index + 1} of {len(exam.items)}</b> · {html.escape(item.domain)}</p>"
    if item.kind == CASE:
        case = get_case(item.ref)
        icd = widgets.Text(placeholder="ICD-10-CM codes, first-listed first", description="ICD-10-CM:",
                           layout={"width": "46em"})  # fmt: skip
        hcpcs = widgets.Text(placeholder="HCPCS Level II codes, if any", description="HCPCS:", layout={"width": "46em"})
        return {"box": widgets.VBox([widgets.HTML(head + note_html(case)), icd, hcpcs]), "icd": icd, "hcpcs": hcpcs}
    choice = choice_items(item.kind)[item.item_id]
    radio = answer_radios(choice.options)
    return {"box": widgets.VBox([widgets.HTML(head + choice_html(choice)), radio]), "choice": radio}


def choice_html(choice: ChoiceItem) -> str:
    """A choice item's statement: its note (if any) as a quotation, then the question."""
    note = quoted_note(choice.context, keep_lines=True) if choice.context else ""
    return f"{note}<p><b>{html.escape(choice.prompt)}</b></p>"


def item_review_html(exam: Exam, result: ExamResult, answers: dict[str, Any]) -> str:
    """Every item's score, with the per-code verdicts of a chart or the right answer of a question."""
    parts = []
    for n, (item, got) in enumerate(zip(exam.items, result.items, strict=True), 1):
        colour = GOOD if not got.missed else BAD
        summary = (f'Item {n} ({html.escape(item.domain)}): <span style="color:{colour}">'
                   f"{'right' if not got.missed else 'missed'}</span>, {got.score:.0%}: {html.escape(got.detail)}")  # fmt: skip
        if item.kind == CASE:
            given = answers.get(item.item_id) or {}
            detail = score_html(score_case(get_case(item.ref), parse_codes(given.get("icd"), True),
                                           parse_codes(given.get("hcpcs"), False)))  # fmt: skip
        else:
            choice = choice_items(item.kind)[item.item_id]
            detail = f"<p>{html.escape(choice.prompt)}</p><p>Answer: {html.escape(choice.answer)}. {html.escape(choice.explanation)}</p>"
        parts.append(f"<details><summary>{summary}</summary>{detail}</details>")
    return "".join(parts)


class ExamPractice(PracticeBox):
    """A timed exam: Previous / Next between items, Submit exam at any time; the timer submits at 0.

    No button is ever disabled, so the keyboard focus never drops out of the exam: Previous on the first
    item and Next on the last stay where they are, and Submit exam answers once."""

    def __init__(
        self,
        exam: Exam,
        root: Path | None = None,
        *,
        record: bool = True,
        clock: Callable[[], float] = time.time,
        start_timer: bool = True,
        started: float | None = None,
        answers: Mapping[str, Any] | None = None,
    ):
        self.exam, self.root, self.record, self.clock = exam, root, record, clock
        self.owner = uuid.uuid4().hex  # a newer widget resuming this exam takes it over (see `tick`)
        self.lock = threading.Lock()  # the timer thread and a press of Submit never both submit
        self.handed_over = False
        self.started = clock() if started is None else started
        self.result: ExamResult | None = None
        self.inputs: dict[int, dict[str, Any]] = {}  # built when an item is first shown
        self.index = 0
        resumed = (" (resumed: your answers so far are back, and the clock kept running; submit it to start "
                   "another)" if answers is not None else "")  # fmt: skip
        self.intro = widgets.HTML(
            f"<p><b>Practice exam</b>{resumed}: {len(exam.items)} items from {len(exam.domains())} domains, "
            f"{exam.minutes:g} minutes. Move with Previous and Next; nothing you enter is lost when you move, "
            "and your answers are kept every few seconds. When the time runs out, the exam is submitted with "
            "what you entered.</p>"
        )
        self._restore(answers or {})
        self._kept = self.answers()
        self.timer = widgets.HTML(self._timer_html(exam.minutes * 60))
        self.item_box = widgets.Box([self.input_for(0)["box"]] if exam.items else [])
        self.previous = widgets.Button(description="Previous", icon="arrow-left")
        self.next = widgets.Button(description="Next", icon="arrow-right")
        self.submit_button = widgets.Button(description="Submit exam", button_style="primary", icon="check")
        self.feedback = feedback_box()
        self.rules = widgets.Accordion(children=[widgets.HTML(f"<pre style='white-space:pre-wrap'>{html.escape(PARTIAL_CREDIT_RULES)}</pre>")],
                                       selected_index=None)  # fmt: skip
        self.rules.set_title(0, "How a chart is scored (a question is right or wrong)")
        self.previous.on_click(lambda _b: self.go(self.index - 1))
        self.next.on_click(lambda _b: self.go(self.index + 1))
        self.on_press(self.submit_button, self.submit, self.feedback)
        super().__init__([self.intro, self.timer, self.item_box,
                          widgets.HBox([self.previous, self.next, self.submit_button]), self.feedback, self.rules])  # fmt: skip
        if self.record:
            save_draft(exam, self._kept, self.started, root, self.owner)
        self.tick()  # a resumed exam whose time ran out while the notebook was closed is submitted now
        if start_timer and self.result is None and not self.handed_over:
            threading.Thread(target=self._run_timer, daemon=True).start()

    def _restore(self, answers: Mapping[str, Any]) -> None:
        """Put back the answers of a resumed exam."""
        for index, item in enumerate(self.exam.items):
            given = answers.get(item.item_id)
            if given is None:
                continue
            widget = self.input_for(index)
            if item.kind == CASE and isinstance(given, Mapping):
                widget["icd"].value, widget["hcpcs"].value = given.get("icd") or "", given.get("hcpcs") or ""
            elif item.kind != CASE and given in widget["choice"].options:
                widget["choice"].value = given

    def keep(self) -> None:
        """Store the answers in the progress file if they changed since last time."""
        if not self.record or self.result is not None:
            return
        now = self.answers()
        if now != self._kept:
            save_draft(self.exam, now, self.started, self.root, self.owner)
            self._kept = now

    def _timer_html(self, seconds_left: float) -> str:
        return f'<div role="timer" aria-live="off" style="color:{NEUTRAL}"><b>{minutes_left_text(seconds_left)}</b></div>'

    def seconds_left(self) -> float:
        return self.exam.minutes * 60 - (self.clock() - self.started)

    def tick(self) -> None:
        """Update the minutes shown; at 0, submit what was entered."""
        if self.result is not None or self.handed_over:
            return
        if self.record and draft_owner(self.root) != self.owner:  # resumed in a newer cell: stop here
            self.handed_over = True
            self.timer.value = self._timer_html(self.seconds_left()) + (
                "<p>This exam continues where you ran it again; answer it there.</p>")
            return
        self.keep()
        left = self.seconds_left()
        text = self._timer_html(left)
        if self.timer.value != text:
            self.timer.value = text
        if left <= 0:
            self.submit(timed_out=True)

    def _run_timer(self) -> None:
        while self.result is None and not self.handed_over:
            time.sleep(TICK_SECONDS)
            self.tick()

    def input_for(self, index: int) -> dict[str, Any]:
        """Item `index`'s widgets, built the first time it is shown (a 50-item exam opens at once)."""
        if index not in self.inputs:
            self.inputs[index] = item_input(self.exam, index)
        return self.inputs[index]

    def go(self, index: int) -> None:
        """Show item `index` (kept within the exam)."""
        self.index = max(0, min(index, len(self.exam.items) - 1))
        self.item_box.children = [self.input_for(self.index)["box"]]
        self.keep()

    def answers(self) -> dict[str, Any]:
        """What was entered so far: {item id: {"icd": text, "hcpcs": text} or the option chosen}
        (an item never shown has no answer)."""
        out: dict[str, Any] = {}
        for index, widget in sorted(self.inputs.items()):
            item = self.exam.items[index]
            if item.kind == CASE:
                out[item.item_id] = {"icd": widget["icd"].value, "hcpcs": widget["hcpcs"].value}
            else:
                out[item.item_id] = widget["choice"].value
        return out

    def submit(self, timed_out: bool = False) -> None:
        """Score the exam, keep the attempt and queue the missed items for review, show the results."""
        with self.lock:
            if self.result is None and not self.handed_over:
                self._submit(timed_out)

    def _submit(self, timed_out: bool) -> None:
        answers = self.answers()
        self.result = result = score_exam(self.exam, answers)
        used = min(self.exam.minutes, (self.clock() - self.started) / 60)
        for widget in self.inputs.values():
            for control in widget.values():
                if not isinstance(control, widgets.Box):
                    control.disabled = True
        self.submit_button.description = "Submitted"  # not disabled: the focus stays on it (keyboard)
        self.timer.value = self._timer_html(0 if timed_out else self.seconds_left())
        record = attempt_record(self.exam, result, answers, at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                                minutes_used=used, timed_out=timed_out)  # fmt: skip
        history = attempts(self.root)
        saved = ""
        if self.record:
            from course.review.queue import add_result, load_queue, save_queue
            from course.selfpaced.progress import LOCK

            with LOCK:
                history = record_attempt(record, self.root)
                clear_draft(self.root)
                queue, now = load_queue(self.root), datetime.now(UTC)
                for got in result.items:
                    queue = add_result(queue, got.item_id, got.score, got.missed, now)
                save_queue(queue, self.root)
            saved = " Your result is kept in your progress; the items you missed are in your review queue."
        else:
            history = [*history, record]
        previous = history[-2] if len(history) >= 2 else None
        why = "Time ran out: the exam was submitted with what you had entered. " if timed_out else ""
        self.feedback.value = (
            f'<div role="status" style="color:{NEUTRAL}">{html.escape(why)}<b>Score: {result.score:.0%}</b> '
            f"({len(result.missed())} of {len(result.items)} items missed).{html.escape(saved)}</div>"
            + domain_figure_html(record, previous)
            + "<h4>Item by item</h4>"
            + item_review_html(self.exam, result, answers)
            + "<h4>Your attempts</h4>"
            + attempts_table_html(history)
            + attempts_figure_html(history)
        )


def in_a_lesson() -> bool:
    """Whether this kernel runs a lesson open in JupyterLab (not a test, not nbgrader)."""
    import os

    from course.selfpaced.progress import lesson_from_session

    return lesson_from_session() is not None and not os.environ.get("NBGRADER_EXECUTION")


def make_exam(
    size: int = 20, seed: int | None = None, root: Path | None = None, *, record: bool | None = None,
    start_timer: bool = True, blueprint: Sequence[Domain] = BLUEPRINT, resume: bool = True,
) -> ExamPractice:
    """A new practice exam of `size` items (a fresh seed each time unless given), preferring items not
    drawn in the student's earlier attempts; or, when an exam is in progress (`resume`), that exam with its
    answers. Attempts, the exam in progress and missed items are kept in the progress file when `record`
    is true; by default when a `root` is given or the exam runs in a lesson open in JupyterLab (so a
    lesson run by the tests or by nbgrader writes nothing)."""
    record = (root is not None or in_a_lesson()) if record is None else record
    draft = load_draft(root) if record and resume else None
    if draft is not None:
        exam, answers, started = draft
        return ExamPractice(exam, root, started=started, answers=answers, start_timer=start_timer)
    seed = random.SystemRandom().randrange(2**31) if seed is None else seed
    avoid = seen_items(attempts(root)) if record else set()
    return ExamPractice(draw(size, seed, blueprint, avoid), root, record=record, start_timer=start_timer)
