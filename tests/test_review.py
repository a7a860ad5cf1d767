"""Spaced review (issue 14 item 5): missed items enter an FSRS-scheduled queue kept in the progress file.

The schedule values below are FSRS's (fsrs==6.3.2, default parameters, no fuzzing) at fixed clock values.
"""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fsrs import Rating

from course.practice.quiz import quiz
from course.practice.review_session import due_today, make_review_session
from course.practice.selfpaced_panel import make_review_row
from course.quizzes import question
from course.review import add_result, due_items, load_queue, rating_for, record_result
from course.selfpaced import progress as prog
from tests.support import lesson_kernel

T0 = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


def test_rating_comes_from_the_result():
    assert rating_for(1.0, missed=False) == Rating.Good
    assert rating_for(0.5, missed=True) == Rating.Hard
    assert rating_for(0.49, missed=True) == Rating.Again
    assert rating_for(0.0, missed=True) == Rating.Again


def test_a_missed_item_enters_and_is_scheduled_exactly():
    queue = add_result({}, "case:inj-001", 0.0, True, T0)
    card = queue["case:inj-001"]["card"]
    assert card["due"] == "2026-11-29T10:01:00+00:00"  # Again: the first learning step, 1 minute
    assert (card["state"], card["step"], card["stability"], card["difficulty"]) == (1, 0, 0.212, 6.4133)
    assert queue["case:inj-001"]["added"] == "2026-11-29T10:00:00+00:00" and queue["case:inj-001"]["reviews"] == 1
    queue = add_result(queue, "case:inj-001", 1.0, False, T0 + timedelta(minutes=2))
    assert queue["case:inj-001"]["card"]["due"] == "2026-11-29T10:12:00+00:00"  # Good: the 10-minute step
    assert queue["case:inj-001"]["card"]["step"] == 1
    queue = add_result(queue, "case:inj-001", 1.0, False, T0 + timedelta(minutes=15))
    card = queue["case:inj-001"]["card"]
    assert (card["state"], card["step"], card["due"]) == (2, None, "2026-11-30T10:15:00+00:00")  # graduated: 1 day
    assert queue["case:inj-001"]["reviews"] == 3 and queue["case:inj-001"]["last_score"] == 1.0
    half = add_result({}, "quiz:05-co-16", 0.5, True, T0)["quiz:05-co-16"]["card"]
    assert half["due"] == "2026-11-29T10:05:30+00:00"  # Hard on the first step: halfway between 1 and 10 minutes


def test_right_first_time_never_enters_and_input_is_not_mutated():
    empty: dict = {}
    assert add_result(empty, "quiz:05-co-16", 1.0, False, T0) == {} and empty == {}
    with pytest.raises(ValueError):
        add_result({}, "quiz:05-co-16", 0.0, True, datetime(2026, 11, 29, 10, 0))


def test_due_today_ends_at_midnight_in_the_students_time_zone():
    queue = add_result({}, "case:inj-001", 0.0, True, T0)
    queue = add_result(queue, "case:inj-001", 1.0, False, T0 + timedelta(minutes=2))
    queue = add_result(queue, "case:inj-001", 1.0, False, T0 + timedelta(minutes=15))  # due 2026-11-30 10:15 UTC
    queue = add_result(queue, "quiz:05-co-16", 0.0, True, T0 + timedelta(minutes=30))  # due 10:31 UTC today
    queue = add_result(queue, "case:end-002", 0.0, True, T0)  # due 10:01 UTC today
    assert due_items(queue, T0) == ["case:end-002", "quiz:05-co-16"]
    assert due_items(queue, T0, limit=1) == ["case:end-002"]
    assert due_items(queue, datetime(2026, 11, 30, 0, 0, tzinfo=UTC)) == ["case:end-002", "quiz:05-co-16", "case:inj-001"]
    new_york = timezone(timedelta(hours=-5))  # 23:00 on the 29th there is 04:00 UTC on the 30th; its day ends 05:00 UTC
    assert due_items(queue, datetime(2026, 11, 29, 23, 0, tzinfo=new_york)) == ["case:end-002", "quiz:05-co-16"]
    tokyo = timezone(timedelta(hours=9))  # 10:00 on the 30th there; the day ends 15:00 UTC on the 30th
    assert "case:inj-001" in due_items(queue, datetime(2026, 11, 30, 10, 0, tzinfo=tokyo))


def test_the_queue_survives_a_restart_and_keeps_the_rest_of_the_progress(tmp_path: Path):
    prog.record_check("a03", 4, 10, root=tmp_path)
    record_result("case:inj-001", 0.0, True, T0, tmp_path)
    record_result("quiz:05-co-16", 0.0, True, T0, tmp_path)
    stored = json.loads((tmp_path / "assignments" / ".progress.json").read_text())
    assert set(stored["review"]) == {"case:inj-001", "quiz:05-co-16"}
    assert stored["assignments"]["a03"]["best"] == 4
    assert load_queue(tmp_path) == stored["review"]  # a new kernel reads back exactly what was written
    prog.record_practice("03-record-to-codes", "x", root=tmp_path)  # other progress writers keep the queue
    assert set(load_queue(tmp_path)) == {"case:inj-001", "quiz:05-co-16"}
    assert due_today(tmp_path, T0) == 2


@pytest.fixture
def lesson_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A course checkout with one lesson, and a kernel that runs that lesson."""
    return lesson_kernel(tmp_path, monkeypatch, "05-getting-paid")


def test_a_wrong_lesson_question_and_a_missed_chart_enter_the_queue(lesson_root: Path):
    question = quiz("05-co-16")
    question.options.value = next(o for o in question.options.options if o != question.answer)
    question.check.click()
    assert set(load_queue(lesson_root)) == {"quiz:05-co-16"}
    from course.practice.chart_practice import make_chart_practice

    chart = make_chart_practice()
    chart.picker.value = "inj-001"
    chart.icd.value = "S93.401A, W10.1XXA"  # the HCPCS supply is missing: a missed chart
    chart.check.click()
    chart.picker.value = "end-002"
    chart.icd.value = "E11.65, Z79.4, Z79.84"
    chart.check.click()  # fully right and never missed: stays out
    assert set(load_queue(lesson_root)) == {"quiz:05-co-16", "case:inj-001"}


def test_outside_a_lesson_practice_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COURSE_ROOT", str(tmp_path))
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    question = quiz("05-co-16")
    question.options.value = next(o for o in question.options.options if o != question.answer)
    question.check.click()
    assert not (tmp_path / "assignments" / ".progress.json").exists()


def test_review_session_rates_each_answer_and_stores_it_at_once(tmp_path: Path):
    record_result("case:inj-001", 0.0, True, T0, tmp_path)
    record_result("quiz:05-co-16", 0.0, True, T0, tmp_path)
    record_result("case:end-002", 0.0, True, T0 + timedelta(days=3), tmp_path)  # not due on the 29th
    clock = [T0 + timedelta(minutes=20)]
    session = make_review_session(tmp_path, now=lambda: clock[0])
    assert session.items == ["case:inj-001", "quiz:05-co-16"]
    assert "Review 1 of 2" in session.status.value and "sidewalk curb" in session.prompt.value
    session.check.click()
    assert "Type at least one ICD-10-CM code" in session.feedback.value
    session.icd.value, session.hcpcs.value = "S93.401A W10.1XXA", "E0114"
    session.check.click()
    assert "Score: 3 of 3 points (100%)." in session.feedback.value
    session.icd.value = "Z00.00"
    session.check.click()  # a second Check on the same item is not a second review
    assert "Score: 3 of 3 points (100%)." in session.feedback.value
    stored = load_queue(tmp_path)["case:inj-001"]  # Good at 10:20 on step 0: the 10-minute step
    assert (stored["card"]["due"], stored["reviews"], stored["last_score"]) == ("2026-11-29T10:30:00+00:00", 2, 1.0)
    session.next.click()
    session.choice.value = next(o for o in session.choice.options if o != question("05-co-16").answer)
    session.check.click()
    assert "Not quite." in session.feedback.value
    assert load_queue(tmp_path)["quiz:05-co-16"]["card"]["due"] == "2026-11-29T10:21:00+00:00"  # Again: 1 minute
    session.next.click()
    assert "Review done" in session.status.value and "2 items, 1 fully right" in session.status.value
    session.next.click()  # Next item after the last one stays on the summary
    assert "Review done" in session.status.value and session.position == 2
    assert "Due for review today: 2" in session.status.value


def test_panel_shows_due_today_and_runs_a_session(tmp_path: Path):
    assert "Due for review today: 0" in make_review_row(tmp_path).children[0].children[0].value
    record_result("quiz:05-co-16", 0.0, True, datetime.now(UTC) - timedelta(hours=1), tmp_path)  # due an hour ago
    row = make_review_row(tmp_path)
    count, button = row.children[0].children
    assert "Due for review today: 1" in count.value
    button.click()
    assert "Review 1 of 1" in row.children[1].children[0].status.value


def test_review_session_asks_a_missed_visit_note_again(tmp_path: Path):
    from course.coding.em import get_visit

    record_result("visit:em-001", 0.0, True, T0, tmp_path)
    record_result("case:no-such-case", 0.0, True, T0, tmp_path)  # removed from the bank by an update: skipped
    session = make_review_session(tmp_path, now=lambda: T0 + timedelta(hours=1))
    assert session.items == ["visit:em-001"]
    visit = get_visit("em-001")
    assert html.escape(visit.note[:40]) in session.prompt.value
    session.choice.value = visit.code
    session.check.click()
    assert "Correct." in session.feedback.value
    assert load_queue(tmp_path)["visit:em-001"]["last_score"] == 1.0


def test_writers_in_two_threads_lose_nothing(tmp_path: Path):
    import threading

    def practise() -> None:
        for n in range(40):
            prog.record_practice("05-getting-paid", f"exercise {n}", root=tmp_path)

    def miss() -> None:
        for n in range(40):
            record_result(f"quiz:item-{n}", 0.0, True, T0, tmp_path)

    threads = [threading.Thread(target=practise), threading.Thread(target=miss)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(prog.load(tmp_path)["lessons"]["05-getting-paid"]["exercises"]) == 40
    assert len(load_queue(tmp_path)) == 40
