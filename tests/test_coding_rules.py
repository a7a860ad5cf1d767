"""The pure functions behind lesson 02-03 practice: abstraction review, 7th characters, code-set quiz."""

from __future__ import annotations

import pytest

from course.coding.cases import NOTE_CASES, SEVENTH_CASES
from course.coding.rules import (
    canonical_code,
    explain_seventh_character,
    parse_code_list,
    review_abstraction,
    uncertain_terms_in,
)
from course.practice.code_set_quiz import CODE_SETS, ITEMS, code_set_feedback

CASES = {c.case_id: c for c in NOTE_CASES}


@pytest.fixture(scope="module")
def cm():
    import simple_icd_10_cm

    return simple_icd_10_cm


def test_canonical_code_accepts_any_case_and_dot():
    assert canonical_code(" e119 ") == "E11.9"
    assert canonical_code("s93.401a") == "S93.401A"
    assert canonical_code("i10") == "I10"
    assert canonical_code("qa0") == "QA0"


def test_parse_code_list_splits_and_dedupes():
    assert parse_code_list("e11.9, Z794;I10  E119") == ["E11.9", "Z79.4", "I10"]
    assert parse_code_list("  ") == []


def test_uncertain_terms_found_as_words_only():
    assert uncertain_terms_in("Assessment: RLQ pain, Rule out appendicitis") == ["rule out"]
    assert uncertain_terms_in("probable pneumonia; suspected flu") == ["probable", "suspected"]
    assert uncertain_terms_in("improbable story") == []  # 'probable' inside another word
    assert uncertain_terms_in("streptococcal pharyngitis, confirmed") == []


def test_every_case_key_and_trap_is_real_fy2026(cm):
    for case in NOTE_CASES:
        for code in case.codes:
            assert cm.is_valid_item(code) and cm.is_leaf(code), (case.case_id, code)
        for code in case.traps:
            assert cm.is_valid_item(code), (case.case_id, code)
        assert set(case.hints) == set(case.codes), case.case_id
    for case in SEVENTH_CASES:
        full = case.code + case.answer
        assert cm.is_valid_item(full) and cm.is_leaf(full), full
        assert not (cm.is_valid_item(case.code) and cm.is_leaf(case.code)), case.code


def test_uncertain_cases_do_not_code_the_uncertain_diagnosis():
    for case in NOTE_CASES:
        if uncertain_terms_in(case.note):
            assert not any(c[0] not in "RZ" for c in case.codes), case.case_id


@pytest.mark.parametrize("case", NOTE_CASES, ids=lambda c: c.case_id)
def test_reference_answer_is_accepted_in_any_case_and_without_dots(case):
    answer = ", ".join(c.lower().replace(".", "") for c in case.codes)
    review = review_abstraction(case, answer)
    assert review.ok, review.messages


def test_uncertain_diagnosis_is_explained():
    review = review_abstraction(CASES["probable-pneumonia"], "J18.9")
    assert not review.ok
    assert "OCG IV.H" in review.messages[0] and "J18.9" in review.messages[0]
    assert any("missing" in m for m in review.messages)


def test_symptom_of_confirmed_diagnosis_is_explained():
    review = review_abstraction(CASES["strep-throat"], "J02.0, R07.0")
    assert not review.ok
    assert review.messages == (review.messages[0],) and "OCG I.B.5" in review.messages[0]


def test_excludes1_trap_and_header_code():
    review = review_abstraction(CASES["diabetes-insulin"], "E10.9, Z79.4, I10")
    assert not review.ok and "Excludes1" in review.messages[0]
    review = review_abstraction(CASES["diabetes-insulin"], "E11, Z79.4, I10")
    assert "header" in review.messages[0]


def test_wrong_order_is_explained_only_when_codes_are_right():
    review = review_abstraction(CASES["alzheimer-dementia"], "F02.80, G30.9")
    assert not review.ok
    assert review.messages[0].startswith("Right codes, wrong order.") and "code first" in review.messages[0]
    # Symptoms of equal weight: any order is fine.
    assert review_abstraction(CASES["probable-pneumonia"], "R50.9, R05.9").ok


def test_near_misses_without_a_listed_trap():
    case = CASES["ankle-sprain"]
    seventh = review_abstraction(case, "S93.401S")
    assert "7th character" in seventh.messages[0]
    header = review_abstraction(case, "S93.40")
    assert "not a complete code" in header.messages[0]
    other = review_abstraction(case, "S93.601A")
    assert "right category (S93)" in other.messages[0]
    unrelated = review_abstraction(case, "I10")
    assert "nothing in this note supports" in unrelated.messages[0]
    assert not review_abstraction(case, "").ok


def test_feedback_never_leaks_the_missing_code():
    for case in NOTE_CASES:
        for code in case.codes:
            assert code not in case.hints[code], (case.case_id, code)


def test_seventh_character_feedback():
    case = SEVENTH_CASES[1]  # staple removal: D
    ok, message = explain_seventh_character(case, "d")
    assert ok and message.startswith("S01.01XD")
    ok, message = explain_seventh_character(case, "A")
    assert not ok and "initial encounter" in message and "not describe this visit" in message
    assert explain_seventh_character(case, "Q") == (False, "Choose A, D or S.")


def test_code_set_quiz_feedback():
    assert {item.answer for item in ITEMS} == set(CODE_SETS)
    item = next(i for i in ITEMS if i.shown == "0DTJ4ZZ")
    assert code_set_feedback(item, None)[0] is None
    ok, message = code_set_feedback(item, "ICD-10-PCS")
    assert ok and "Seven characters" in message
    ok, message = code_set_feedback(item, "ICD-10-CM")
    assert not ok and "diagnoses" in message
    assert code_set_feedback(item, "CDT")[0] is False


def test_no_cpt_code_numbers_in_quiz():
    import re

    for item in ITEMS:
        assert not re.fullmatch(r"\d{5}|\d{4}[FT]", item.shown), item.shown
