"""Lesson 02-03 widgets: set values from Python, read the feedback they show."""

from __future__ import annotations

from course.coding.cases import NOTE_CASES, SEVENTH_CASES
from course.practice.abstracting import make_abstraction_drill, make_seventh_character_quiz
from course.practice.code_set_quiz import ITEMS, make_code_set_quiz


def test_abstraction_drill_explains_a_wrong_answer_and_accepts_the_key():
    drill = make_abstraction_drill()
    drill.picker.value = "rule-out-appendicitis"
    assert "rule out appendicitis" in drill.note.value
    drill.answer.value = "K35.80"
    drill.check.click()
    assert "Not quite." in drill.feedback.value and "OCG IV.H" in drill.feedback.value
    drill.answer.value = "r10.31"
    drill.check.click()
    assert "Correct." in drill.feedback.value


def test_changing_note_clears_answer_and_feedback():
    drill = make_abstraction_drill(NOTE_CASES[:2])
    drill.answer.value = "I10"
    drill.check.click()
    assert drill.feedback.value
    drill.picker.value = NOTE_CASES[1].case_id
    assert drill.answer.value == "" and drill.feedback.value == ""


def test_seventh_character_quiz_gives_feedback_on_choice_and_moves_on():
    quiz = make_seventh_character_quiz()
    first = SEVENTH_CASES[0]
    assert "Encounter 1 of" in quiz.story.value
    quiz.choice.value = "S"
    assert "Not quite." in quiz.feedback.value
    quiz.choice.value = first.answer
    assert "Correct." in quiz.feedback.value
    quiz.next.click()
    assert quiz.index == 1 and quiz.choice.value is None and quiz.feedback.value == ""


def test_code_set_quiz_widget():
    quiz = make_code_set_quiz()
    assert "<code>E11.9</code>" in quiz.prompt.value
    quiz.choice.value = ITEMS[0].answer
    assert "Correct." in quiz.feedback.value
    quiz.next.click()
    wrong = next(s for s in ("ICD-10-CM", "ICD-10-PCS") if s != ITEMS[1].answer)
    quiz.choice.value = wrong
    assert "Not quite." in quiz.feedback.value


def test_code_set_quiz_prompt_reads_well_for_a_described_shape():
    from course.practice.code_set_quiz import prompt_text

    shape = next(i for i in ITEMS if " " in i.shown)
    assert prompt_text(shape).startswith("Which code set uses a code made of")
