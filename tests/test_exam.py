"""Exam mode (issue 14 item 4): the course's blueprint, seeded draws, scores per domain, attempts kept."""

from __future__ import annotations

import importlib
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from course.coding.casebank import get_case
from course.exam import BLUEPRINT, ChoiceItem, Domain, apportion, choice_items, draw, pool, register_pool, score_exam
from course.exam.attempts import attempt_record, attempts, attempts_table_html, record_attempt, seen_items
from course.exam.blueprint import CASE, QUIZ, VISIT
from course.practice.exam_practice import make_exam, minutes_left_text
from course.selfpaced import progress as prog


def test_blueprint_is_the_courses_own_and_every_domain_has_items():
    for domain in BLUEPRINT:
        assert pool(domain), domain.name
        assert not re.search(r"\b(CPC|CCS|CCA|AAPC|AHIMA|certification)\b", domain.name)
    assert sum(d.weight for d in BLUEPRINT) == 50
    assert {d.kind for d in BLUEPRINT} == {CASE, QUIZ, VISIT}


def test_apportion_keeps_the_weights_and_the_size():
    assert apportion(BLUEPRINT, 50) == {d.name: d.weight for d in BLUEPRINT}
    twenty = apportion(BLUEPRINT, 20)
    assert sum(twenty.values()) == 20 and min(twenty.values()) >= 1
    assert list(twenty.values()) == [3, 3, 4, 2, 2, 2, 1, 2, 1]
    five = apportion(BLUEPRINT, 5)
    assert sum(five.values()) == 5
    with pytest.raises(ValueError):
        apportion(BLUEPRINT, 0)


def test_draw_is_reproducible_by_seed_and_differs_between_seeds():
    first, again, other = draw(50, seed=11), draw(50, seed=11), draw(50, seed=12)
    assert first == again
    assert first.items != other.items
    ids = [item.item_id for item in first.items]
    assert len(ids) == len(set(ids)) == 50
    counts = {d.name: sum(1 for i in first.items if i.domain == d.name) for d in BLUEPRINT}
    assert counts == {d.name: d.weight for d in BLUEPRINT}
    assert first.minutes == sum(1.0 if i.kind == QUIZ else 3.0 for i in first.items)
    for item in first.items:  # every drawn item belongs to its domain's pool
        assert item.item_id in pool(next(d for d in BLUEPRINT if d.name == item.domain))


def test_draw_avoids_items_of_earlier_attempts_while_the_pools_allow():
    first = draw(20, seed=1)
    second = draw(20, seed=1, avoid={i.item_id for i in first.items})
    cases_before = {i.item_id for i in first.items if i.kind == CASE}
    cases_after = {i.item_id for i in second.items if i.kind == CASE}
    assert cases_before and not cases_before & cases_after


def test_score_per_domain_with_partial_credit():
    exam = draw(10, seed=5)
    case_item = next(i for i in exam.items if i.kind == CASE)
    quiz_item = next(i for i in exam.items if i.kind == QUIZ)
    key = get_case(case_item.ref)
    right_choice = choice_items(QUIZ)[quiz_item.item_id].answer
    answers = {case_item.item_id: {"icd": ", ".join(key.icd_codes), "hcpcs": list(key.hcpcs_codes)},
               quiz_item.item_id: right_choice}  # fmt: skip
    result = score_exam(exam, answers)
    by_id = {r.item_id: r for r in result.items}
    assert by_id[case_item.item_id].score == 1.0 and not by_id[case_item.item_id].missed
    assert by_id[quiz_item.item_id].score == 1.0 and not by_id[quiz_item.item_id].missed
    assert result.score == pytest.approx(2 / 10)
    assert sorted(result.missed()) == sorted(i.item_id for i in exam.items if i.item_id not in answers)
    per = result.by_domain()
    assert sum(count for _, count in per.values()) == 10
    assert per[case_item.domain][0] >= 1.0
    # a chart with the first-listed code out of order is half-right and still missed
    codes = list(key.icd_codes)
    if len(codes) > 1 and not key.any_order:
        partial = score_exam(exam, {case_item.item_id: {"icd": codes[::-1]}}).items
        got = next(r for r in partial if r.item_id == case_item.item_id)
        assert got.missed and 0 < got.score < 1


def test_attempts_are_kept_in_the_progress_file_without_touching_the_rest(tmp_path: Path):
    prog.record_check("a01", 3, 5, root=tmp_path)
    exam = draw(8, seed=2)
    result = score_exam(exam, {})
    record = attempt_record(exam, result, {exam.items[0].item_id: None}, at="2026-11-29T10:00:00Z", minutes_used=4.5)
    assert record["answers"] == {} and record["score"] == 0.0 and record["missed"] == [i.item_id for i in exam.items]
    record_attempt(record, tmp_path)
    record_attempt({**record, "at": "2026-11-30T10:00:00Z", "score": 0.5}, tmp_path)
    stored = json.loads((tmp_path / "assignments" / ".progress.json").read_text())
    assert stored["assignments"]["a01"]["best"] == 3
    assert [a["at"] for a in attempts(tmp_path)] == ["2026-11-29T10:00:00Z", "2026-11-30T10:00:00Z"]
    assert seen_items(attempts(tmp_path)) == {i.item_id for i in exam.items}
    table = attempts_table_html(attempts(tmp_path))
    assert table.count("<tr>") == 3 and "0%" in table and "50%" in table


def test_timer_says_whole_minutes_left():
    assert minutes_left_text(30 * 60) == "Time left: 30 minutes"
    assert minutes_left_text(61) == "Time left: 2 minutes"
    assert minutes_left_text(60) == "Time left: 1 minute"
    assert minutes_left_text(0) == "Time is up."


def test_exam_widget_submits_at_time_out_with_what_was_entered(tmp_path: Path):
    now = [0.0]
    widget = make_exam(6, seed=4, root=tmp_path, start_timer=False)
    widget.clock, widget.started = (lambda: now[0]), 0.0
    case_index = next(n for n, i in enumerate(widget.exam.items) if i.kind == CASE)
    item = widget.exam.items[case_index]
    widget.go(case_index)
    assert widget.item_box.children == (widget.input_for(case_index)["box"],)
    widget.input_for(case_index)["icd"].value = ", ".join(get_case(item.ref).icd_codes)
    widget.input_for(case_index)["hcpcs"].value = " ".join(get_case(item.ref).hcpcs_codes)
    now[0] = widget.exam.minutes * 60 - 90
    widget.tick()
    assert "Time left: 2 minutes" in widget.timer.value and widget.result is None
    now[0] = widget.exam.minutes * 60 + 1
    widget.tick()
    assert widget.result is not None
    assert "Time ran out" in widget.feedback.value and "Bar chart of the exam score per domain" in widget.feedback.value
    got = next(r for r in widget.result.items if r.item_id == item.item_id)
    assert got.score == 1.0 and not got.missed
    stored = attempts(tmp_path)
    assert len(stored) == 1 and stored[0]["timed_out"] and item.item_id in stored[0]["answers"]
    queue = json.loads((tmp_path / "assignments" / ".progress.json").read_text())["review"]
    assert set(queue) == set(widget.result.missed()) and item.item_id not in queue
    assert widget.submit_button.description == "Submitted" and not widget.submit_button.disabled
    assert all(w["icd"].disabled for w in widget.inputs.values() if "icd" in w)
    widget.submit_button.click()  # a second press changes nothing
    assert len(attempts(tmp_path)) == 1
    # a second exam prefers charts the first did not draw, and its results compare the two attempts
    second = make_exam(6, seed=4, root=tmp_path, start_timer=False)
    assert not {i.item_id for i in second.exam.items if i.kind == CASE} & set(stored[0]["items"])
    second.submit_button.click()
    assert "(previous " in second.feedback.value and len(attempts(tmp_path)) == 2


def test_exam_widget_moves_between_items_and_keeps_answers():
    widget = make_exam(5, seed=9, record=False, start_timer=False)
    widget.previous.click()
    assert widget.index == 0  # Previous on the first item stays there
    widget.next.click()
    assert widget.index == 1
    first = widget.input_for(0)
    if "icd" in first:
        first["icd"].value, expected = "I10", {"icd": "I10", "hcpcs": ""}
    else:
        first["choice"].value = expected = first["choice"].options[0]
    widget.previous.click()
    assert widget.index == 0 and widget.item_box.children == (first["box"],)
    assert widget.answers()[widget.exam.items[0].item_id] == expected
    widget.submit_button.click()
    for _ in range(6):
        widget.next.click()
    assert widget.index == 4  # Next on the last item stays there
    assert widget.result is not None and widget.submit_button.description == "Submitted"


def test_visit_notes_are_asked_as_which_visit_code_with_the_reasoning():
    from course.coding.em import load_visits

    items = choice_items(VISIT)
    assert len(items) == len(load_visits())
    visit = load_visits()[0]
    item = items[f"visit:{visit.visit_id}"]
    assert item.answer == visit.code and item.answer in item.options and item.context == visit.note
    assert "Two of the three elements" in item.explanation
    exam = draw(50, seed=3)
    visits = [i for i in exam.items if i.kind == VISIT]
    assert len(visits) == 4
    result = score_exam(exam, {visits[0].item_id: items[visits[0].item_id].answer})
    assert result.by_domain()["E/M visit levels (office and outpatient)"] == (1.0, 4)


def test_a_registered_pool_becomes_a_domain():
    register_pool("drill", lambda: [ChoiceItem("drill:d-1", "Which?", ("a", "b"), "b")])
    try:
        domain = Domain("a drill", 5, "drill", minutes_per_item=2.0)
        exam = draw(6, seed=1, blueprint=(*BLUEPRINT[:1], domain))
        assert [i.item_id for i in exam.items if i.kind == "drill"] == ["drill:d-1"]
        assert score_exam(exam, {"drill:d-1": "b"}).by_domain()["a drill"] == (1.0, 1)
    finally:
        importlib.import_module("course.exam.draw")._POOLS.pop("drill", None)


def test_an_exam_in_progress_survives_a_restart_and_its_clock_keeps_running(tmp_path: Path):
    widget = make_exam(4, seed=21, root=tmp_path, start_timer=False)
    case_index = next(n for n, i in enumerate(widget.exam.items) if i.kind == CASE)
    widget.go(case_index)
    widget.input_for(case_index)["icd"].value = "S93.401A"
    widget.tick()  # the timer keeps the answers every few seconds
    stored = json.loads((tmp_path / "assignments" / ".progress.json").read_text())["exam_draft"]
    item_id = widget.exam.items[case_index].item_id
    assert stored["answers"] == {item_id: {"icd": "S93.401A", "hcpcs": ""}}
    # a new kernel: make_exam resumes the same exam with the answer typed, not a new draw
    again = make_exam(4, seed=99, root=tmp_path, start_timer=False)
    assert again.exam == widget.exam and again.started == widget.started
    assert again.input_for(case_index)["icd"].value == "S93.401A" and "resumed" in again.intro.value
    widget.tick()  # the older widget hands the exam over: it neither keeps answers nor submits any more
    widget.submit_button.click()
    assert widget.handed_over and widget.result is None and attempts(tmp_path) == []
    assert "continues where you ran it again" in widget.timer.value
    # the notebook stayed closed past the time: the exam is submitted with what was kept
    import course.exam.attempts as att

    data = prog.load(tmp_path)
    data[att.DRAFT]["started"] -= widget.exam.minutes * 60 + 5
    prog.save(data, tmp_path)
    late = make_exam(4, root=tmp_path, start_timer=False)
    assert late.result is not None and "Time ran out" in late.feedback.value
    kept = attempts(tmp_path)[-1]
    assert kept["timed_out"] and kept["answers"] == {item_id: {"icd": "S93.401A", "hcpcs": ""}}
    assert att.DRAFT not in prog.load(tmp_path)
    fresh = make_exam(4, seed=5, root=tmp_path, start_timer=False)
    assert fresh.result is None and "resumed" not in fresh.intro.value


def test_outside_a_lesson_and_without_a_root_an_exam_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COURSE_ROOT", str(tmp_path))
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    widget = make_exam(3, seed=1, start_timer=False)
    widget.submit_button.click()
    assert widget.result is not None and not widget.record
    assert not (tmp_path / "assignments" / ".progress.json").exists()
    monkeypatch.setenv("JPY_SESSION_NAME", "assignments/lessons/10-chart-practice.ipynb")
    assert make_exam(3, seed=1, start_timer=False).record  # in a lesson open in Lab: kept


def test_the_quiz_pool_read_from_the_files_is_the_lessons_questions():
    from course.quizzes import all_questions

    ids = {i for d in BLUEPRINT if d.kind == QUIZ for i in pool(d)}
    wanted = {f"quiz:{q}" for q in all_questions() if q[:2] in {"02", "03", "04", "05", "06", "07"}}
    assert ids == wanted and set(choice_items(QUIZ)) >= ids


def test_progress_view_compares_the_attempts(tmp_path: Path):
    from course.practice.selfpaced_panel import exam_history_html

    assert exam_history_html(tmp_path) == ""
    exam = draw(5, seed=8)
    for at, answers in (("2026-11-29T10:00:00Z", {}), ("2026-11-30T10:00:00Z", {exam.items[0].item_id: "x"})):
        record_attempt(attempt_record(exam, score_exam(exam, answers), answers, at=at, minutes_used=3), tmp_path)
    shown = exam_history_html(tmp_path)
    assert shown.count("<tr>") == 3 and "attempt 1: 0%; attempt 2: 0%" in shown


def test_make_progress_prints_the_attempts_and_what_is_due(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    from course.review import record_result
    from course.selfpaced.__main__ import main

    monkeypatch.setenv("COURSE_ROOT", str(tmp_path))
    exam = draw(3, seed=8)
    record_attempt(attempt_record(exam, score_exam(exam, {}), {}, at="2026-11-29T10:00:00Z", minutes_used=3), tmp_path)
    record_result("quiz:05-co-16", 0.0, True, datetime.now(UTC) - timedelta(hours=1), tmp_path)
    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    assert "Practice exams:\n   1. 2026-11-29T10:00:00Z  0% of 3 items; weakest: " in out
    assert "Due for review today: 1" in out
