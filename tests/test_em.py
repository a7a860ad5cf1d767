"""E/M level rules (2021 office/outpatient, by MDM) and the synthetic visit notes (issue 14 item 6)."""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path

import pytest

from course.coding.em import (
    ALL_CODES,
    ELEMENT_LEVELS,
    ELEMENTS,
    MDM_LEVELS,
    check_visit,
    code_from_elements,
    get_visit,
    grade_attempt,
    level_from_time,
    load_visits,
    mdm_level,
    mdm_rank,
    rank,
    visit_code,
)
from tests.support import ROOT

EM_FILES = [
    ROOT / "course/coding/em/visits.json",
    *sorted((ROOT / "course/coding/em").glob("*.py")),
    ROOT / "course/practice/em_practice.py",
    ROOT / "course/coding/em/README.md",
]
VISITS = load_visits()


# --------------------------------------------------------------------------- the two-of-three rule


@pytest.mark.parametrize("levels", list(itertools.product(ELEMENT_LEVELS, repeat=3)), ids="-".join)
def test_mdm_is_the_level_two_of_three_elements_meet(levels):
    ranks = [ELEMENT_LEVELS.index(level) + 1 for level in levels]
    # Independent statements of the rule: the middle of the three ranks; and "two meet it, two do not meet higher".
    expected = sorted(ranks)[1]
    assert sum(r >= expected for r in ranks) >= 2
    assert expected == 4 or sum(r >= expected + 1 for r in ranks) < 2
    assert mdm_rank(*ranks) == expected
    assert mdm_level(*levels) == MDM_LEVELS[expected - 1]


def test_how_many_of_the_64_combinations_give_each_level():
    counts = {level: 0 for level in MDM_LEVELS}
    for levels in itertools.product(ELEMENT_LEVELS, repeat=3):
        counts[mdm_level(*levels)] += 1
    assert counts == {"straightforward": 10, "low": 22, "moderate": 22, "high": 10}


@pytest.mark.parametrize(
    ("problems", "data", "risk", "mdm"),
    [
        ("high", "minimal", "minimal", "straightforward"),  # one high element alone lifts nothing
        ("low", "minimal", "moderate", "low"),
        ("moderate", "minimal", "high", "moderate"),
        ("moderate", "high", "moderate", "moderate"),
        ("high", "low", "high", "high"),
        ("minimal", "moderate", "moderate", "moderate"),
        (" Low", "LOW", "minimal", "low"),  # case and spaces do not matter
    ],
)
def test_mdm_examples(problems, data, risk, mdm):
    assert mdm_level(problems, data, risk) == mdm


def test_visit_codes_by_status_and_level():
    assert [visit_code("new", m) for m in MDM_LEVELS] == ["99202", "99203", "99204", "99205"]
    assert [visit_code("established", m) for m in MDM_LEVELS] == ["99212", "99213", "99214", "99215"]
    assert code_from_elements("established", "low", "minimal", "moderate") == "99213"
    assert code_from_elements("new", "high", "high", "minimal") == "99205"


@pytest.mark.parametrize(
    "call",
    [
        lambda: mdm_level("severe", "low", "low"),
        lambda: mdm_rank(0, 1, 2),
        lambda: mdm_rank(1, 5, 2),
        lambda: visit_code("returning", "low"),
        lambda: visit_code("new", "minimal"),  # an element level is not an MDM level
        lambda: rank("straightforward"),
    ],
)
def test_bad_input_is_refused(call):
    with pytest.raises(ValueError):
        call()


def test_level_from_time_applies_the_callers_table():
    made_up = {"X1": 10, "X2": 25, "X3": 40}  # invented numbers: the course ships no time thresholds
    assert [level_from_time(m, made_up) for m in (0, 9, 10, 24, 25, 39, 40, 90)] == [
        None, None, "X1", "X1", "X2", "X2", "X3", "X3"
    ]
    with pytest.raises(ValueError):
        level_from_time(-1, made_up)


def test_no_time_thresholds_ship_with_the_course():
    import course.coding.em.rules as rules

    tables = [k for k, v in vars(rules).items() if not k.startswith("__") and isinstance(v, dict) and any(isinstance(x, int) for x in v.values())]
    assert tables == []


# --------------------------------------------------------------------------- the notes


def test_there_are_at_least_20_notes_with_stable_unique_ids():
    assert len(VISITS) >= 20
    ids = [v.visit_id for v in VISITS]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"em-\d{3}", i) for i in ids)
    assert ids == sorted(ids)
    assert get_visit("em-001") is VISITS[0]
    with pytest.raises(KeyError):
        get_visit("em-999")


def test_notes_cover_both_statuses_and_every_code():
    assert {v.patient for v in VISITS} == {"new", "established"}
    assert {v.code for v in VISITS} == set(ALL_CODES)
    # and the two-of-three rule matters: some notes have elements that disagree
    assert sum(len(set(v.levels.values())) > 1 for v in VISITS) >= 10


@pytest.mark.parametrize("visit", VISITS, ids=lambda v: v.visit_id)
def test_each_notes_key_follows_the_rule(visit):
    assert check_visit(visit) == []
    assert visit.code == code_from_elements(visit.patient, *(visit.levels[e] for e in ELEMENTS))


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"code": "99214"}, "code keyed 99214 but the elements give 99213"),
        ({"mdm": "moderate"}, "MDM keyed 'moderate' but the elements give 'low'"),
        ({"patient": "new"}, "code keyed 99213 but the elements give 99203"),
        ({"note": "Billed 99213 today."}, "code-shaped number in the text: 99213"),
        ({"levels": {"problems": "low", "data": "none", "risk": "moderate"}}, "data level 'none'"),
        ({"total_minutes": 0}, "total_minutes 0"),
    ],
)
def test_check_visit_catches_a_wrong_key(change, problem):
    assert problem in check_visit(dataclasses.replace(get_visit("em-002"), **change))


def test_explanation_walks_through_each_element():
    assert get_visit("em-019").explanation() == [
        "Problems addressed (how many, how complex): moderate. A chronic illness with a side effect of treatment "
        "(the INR is too high).",
        "Data reviewed and analyzed: minimal. One unique test ordered: not enough for the low level, which needs two "
        "items.",
        "Risk of the patient's management: high. Drug therapy that needs intensive monitoring for toxicity (warfarin "
        "with INR checks).",
        "MDM: moderate. Two of the three elements must meet a level; problems and risk meet moderate, and no two "
        "elements reach a higher level.",
        "Visit code: 99214 (established patient, MDM moderate).",
    ]


def test_grade_attempt_element_by_element():
    visit = get_visit("em-002")  # key: low, minimal, moderate -> 99213
    right = grade_attempt(visit, visit.levels, "99213")
    assert right.ok and right.summary == "All 4 right: 99213." and right.right == 4
    wrong = grade_attempt(visit, {"problems": "moderate", "data": "minimal", "risk": "moderate"}, "99214")
    assert [v.ok for v in wrong.verdicts] == [False, True, True, False]
    assert wrong.summary == "2 of 4 right."
    assert wrong.verdicts[0].why.startswith("The key is low, not moderate: One stable chronic illness")
    assert wrong.verdicts[3].why.startswith("99214 follows from your element levels by the two-of-three rule")
    other = grade_attempt(visit, visit.levels, "99203")
    assert other.verdicts[3].why.startswith("99203 is not a code for an established patient (99212, 99213, 99214, 99215).")
    slip = grade_attempt(visit, visit.levels, "99215")
    assert slip.verdicts[3].why.startswith(
        "Your element levels give MDM low by the two-of-three rule, which is 99213 for an established patient, not 99215."
    )


# --------------------------------------------------------------------------- content rules


@pytest.mark.parametrize("path", EM_FILES, ids=lambda p: p.name)
def test_em_files_follow_the_fictional_data_rules(path: Path):
    from tests.test_fictional_data import file_problems

    assert file_problems(path) == []


# Fragments of the AMA's office-visit code descriptors and time language: none may appear in the course's files.
DESCRIPTOR_FRAGMENTS = [
    "office or other outpatient visit",
    "medically appropriate history",
    "history and/or examination",
    "evaluation and management of a new patient",
    "evaluation and management of an established patient",
    "must be met or exceeded",
    "minutes of total time",
    "may not require the presence",
]


@pytest.mark.parametrize("path", EM_FILES, ids=lambda p: p.name)
def test_no_cpt_descriptor_text_and_only_the_eight_visit_codes(path: Path):
    text = path.read_text(encoding="utf-8")
    lowered = " ".join(text.lower().split())
    assert [f for f in DESCRIPTOR_FRAGMENTS if f in lowered] == []
    codes = set(re.findall(r"(?<![\d.])\d{4}[\dAFTUM](?!\d)", text))
    assert codes <= set(ALL_CODES), codes - set(ALL_CODES)
