"""E/M level rules (2021 office/outpatient, by MDM or by total time) and the synthetic visit notes (issue 14 item 6)."""

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
    NO_TIME_LEVEL,
    TIME_MINIMUMS,
    VISIT_CODES,
    check_visit,
    code_from_elements,
    get_visit,
    grade_attempt,
    level_from_time,
    load_visits,
    mdm_level,
    mdm_rank,
    rank,
    reported_code,
    time_level,
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
    made_up = {"X1": 10, "X2": 25, "X3": 40}  # any table: the function is not tied to the course's
    assert [level_from_time(m, made_up) for m in (0, 9, 10, 24, 25, 39, 40, 90)] == [
        None, None, "X1", "X1", "X2", "X2", "X3", "X3"
    ]
    with pytest.raises(ValueError):
        level_from_time(-1, made_up)


# --------------------------------------------------------------------------- the level by time

# The 2021 ranges as the AAP page gives them (a second statement of the rule: a code by its range, the
# level 5 range open above, since time past it stays level 5 and prolonged services are out of scope).
RANGES_2021 = {
    "new": [("99202", 15, 29), ("99203", 30, 44), ("99204", 45, 59), ("99205", 60, None)],
    "established": [("99212", 10, 19), ("99213", 20, 29), ("99214", 30, 39), ("99215", 40, None)],
}


def code_by_range(patient: str, minutes: int) -> str | None:
    return next((c for c, low, high in RANGES_2021[patient] if low <= minutes and (high is None or minutes <= high)), None)


def test_time_minimums_are_the_lower_bounds_of_the_2021_ranges():
    assert {patient: {c: low for c, low, _ in rows} for patient, rows in RANGES_2021.items()} == TIME_MINIMUMS
    assert {p: tuple(t) for p, t in TIME_MINIMUMS.items()} == VISIT_CODES


@pytest.mark.parametrize(
    ("patient", "below", "at", "lower_code", "code"),
    [
        ("established", 9, 10, None, "99212"),
        ("established", 19, 20, "99212", "99213"),
        ("established", 29, 30, "99213", "99214"),
        ("established", 39, 40, "99214", "99215"),
        ("new", 14, 15, None, "99202"),
        ("new", 29, 30, "99202", "99203"),
        ("new", 44, 45, "99203", "99204"),
        ("new", 59, 60, "99204", "99205"),
    ],
)
def test_time_on_both_sides_of_every_minimum(patient, below, at, lower_code, code):
    assert time_level(patient, below).code == lower_code
    assert time_level(patient, at).code == code


@pytest.mark.parametrize("patient", ["new", "established"])
def test_every_minute_agrees_with_the_2021_ranges_and_99211_is_never_chosen(patient):
    codes = [time_level(patient, m).code for m in range(0, 181)]
    assert codes == [code_by_range(patient, m) for m in range(0, 181)]
    assert "99211" not in codes
    assert set(codes) - {None} == set(VISIT_CODES[patient])


def test_new_and_established_differ_for_the_same_minutes():
    assert [time_level("new", m).code for m in (10, 20, 30, 40)] == [None, "99202", "99203", "99203"]
    assert [time_level("established", m).code for m in (10, 20, 30, 40)] == ["99212", "99213", "99214", "99215"]
    with pytest.raises(ValueError):
        time_level("returning", 30)
    with pytest.raises(ValueError):
        time_level("new", -5)


def test_time_feedback_states_the_step():
    assert time_level("established", 34).why == "Documented 34 minutes, established patient: meets 30 (99214), not 40 (99215)."
    assert time_level("new", 45).why == "Documented 45 minutes, new patient: meets 45 (99204), not 60 (99205)."
    assert time_level("established", 75).why == (
        "Documented 75 minutes, established patient: meets 40 (99215), the highest level's minimum."
    )
    assert time_level("established", 9).why == (
        "Documented 9 minutes, established patient: below 10 (99212), the lowest minimum, so time cannot select "
        "a level; level the visit by MDM."
    )


def test_the_code_to_report_is_the_higher_basis():
    assert reported_code("established", "99213", "99214") == "99214"
    assert reported_code("established", "99215", "99212") == "99215"
    assert reported_code("new", "99203", None) == "99203"
    with pytest.raises(ValueError):
        reported_code("new", "99213", "99203")


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


TIME_STATED = re.compile(r"Total practitioner time on the date of the visit: (\d+) minutes\.")


def test_at_least_20_notes_state_their_total_time_as_keyed():
    stated = [v for v in VISITS if TIME_STATED.findall(v.note) == [str(v.total_minutes)]]
    assert len(stated) >= 20 and len(stated) == len(VISITS)


def test_notes_where_time_gives_a_higher_level_a_lower_one_and_none():
    def relation(v):
        if v.time_code is None:
            return "below"
        step = VISIT_CODES[v.patient].index(v.time_code) - VISIT_CODES[v.patient].index(v.code)
        return "higher" if step > 0 else "lower" if step < 0 else "same"

    counts = {r: sum(relation(v) == r for v in VISITS) for r in ("higher", "lower", "same", "below")}
    assert all(n >= 2 for n in counts.values()), counts
    assert {v.patient for v in VISITS if v.time_code is None} == {"new", "established"}


@pytest.mark.parametrize("visit", VISITS, ids=lambda v: v.visit_id)
def test_each_note_scores_consistently_by_time(visit):
    assert visit.time_code == code_by_range(visit.patient, visit.total_minutes)
    order = VISIT_CODES[visit.patient]
    expected = visit.code if visit.time_code is None else max(visit.code, visit.time_code, key=order.index)
    assert visit.reported_code == expected
    key = grade_attempt(visit, visit.levels, visit.code, visit.time_code or NO_TIME_LEVEL, visit.reported_code)
    assert key.ok and key.summary == f"All 6 right: {expected}."
    assert f"Documented {visit.total_minutes} minutes, {visit.patient} patient: " in key.verdicts[4].why


def test_check_visit_requires_the_note_to_state_the_keyed_time():
    visit = get_visit("em-002")  # states 15 minutes
    assert check_visit(dataclasses.replace(visit, total_minutes=16)) == [
        "the note states its total time as [15], not once as 16 minutes"
    ]
    unstated = visit.note.replace("Total practitioner time", "Time")
    assert check_visit(dataclasses.replace(visit, note=unstated)) == [
        "the note states its total time as [], not once as 15 minutes"
    ]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"code": "99214"}, "code keyed 99214 but the elements give 99213"),
        ({"mdm": "moderate"}, "MDM keyed 'moderate' but the elements give 'low'"),
        ({"patient": "new"}, "code keyed 99213 but the elements give 99203"),
        ({"note": "Billed 99213 today."}, "code-shaped number in the text: 99213"),
        ({"levels": {"problems": "low", "data": "none", "risk": "moderate"}}, "data level 'none'"),
        ({"total_minutes": 0}, "total_minutes 0"),
        ({"total_minutes": 20}, "the note states its total time as [15], not once as 20 minutes"),
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


def test_grade_attempt_by_time_explains_the_time_step():
    visit = get_visit("em-019")  # established, 25 minutes: 99213 by time; 99214 by MDM; report 99214
    right = grade_attempt(visit, None, None, "99213", "99214")
    assert right.ok and right.summary == "All 2 right: 99214."
    assert [v.item for v in right.verdicts] == ["Visit code by time", "Visit code to report"]
    assert right.verdicts[0].why == "Documented 25 minutes, established patient: meets 20 (99213), not 30 (99214)."
    assert right.verdicts[1].why.startswith("Report 99214, the higher of 99214 by MDM and 99213 by time")
    too_high = grade_attempt(visit, None, None, "99214").verdicts[0]
    assert not too_high.ok and too_high.why.startswith(
        "The key is 99213, not 99214. 99214 needs 30 minutes, more than the 25 documented. Documented 25 minutes"
    )
    too_low = grade_attempt(visit, None, None, "99212").verdicts[0]
    assert too_low.why.startswith("The key is 99213, not 99212. 25 minutes reach 99212's 10 but also a higher minimum.")
    assert "99203 is not a code for an established patient" in grade_attempt(visit, None, None, "99203").verdicts[0].why
    nothing = grade_attempt(visit, None, None, NO_TIME_LEVEL).verdicts[0]
    assert nothing.why.startswith("The key is 99213, not none. The time does select a level")
    lower_basis = grade_attempt(visit, None, None, None, "99213")
    assert lower_basis.summary == "0 of 1 right." and lower_basis.verdicts[0].why.startswith("The key is 99214, not 99213.")


def test_grade_attempt_below_the_minimum_and_with_both_bases():
    visit = get_visit("em-028")  # established, 8 minutes: no level by time; 99213 by MDM
    both = grade_attempt(visit, visit.levels, visit.code, NO_TIME_LEVEL, "99213")
    assert both.ok and both.summary == "All 6 right: 99213." and len(both.verdicts) == 6
    assert both.verdicts[4].why.startswith("Documented 8 minutes, established patient: below 10 (99212)")
    assert both.verdicts[5].why == "Report 99213: time selects no level here, so the visit is levelled by MDM."
    guessed = grade_attempt(visit, visit.levels, visit.code, "99212", "99213")
    assert guessed.summary == "5 of 6 right."
    assert guessed.verdicts[4].why.startswith("The key is none, not 99212. 99212 needs 10 minutes, more than the 8")
    higher = get_visit("em-030")  # 42 minutes: 99215 by time, above 99213 by MDM
    assert grade_attempt(higher, None, None, "99215", "99215").summary == "All 2 right: 99215."


def test_grade_attempt_refuses_nothing_or_half_an_mdm_answer():
    visit = get_visit("em-002")
    with pytest.raises(ValueError, match="nothing to grade"):
        grade_attempt(visit, None, None)
    with pytest.raises(ValueError, match="go together"):
        grade_attempt(visit, visit.levels, None, "99212")


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
def test_no_cpt_descriptor_text_and_only_the_office_visit_codes(path: Path):
    text = path.read_text(encoding="utf-8")
    lowered = " ".join(text.lower().split())
    assert [f for f in DESCRIPTOR_FRAGMENTS if f in lowered] == []
    codes = set(re.findall(r"(?<![\d.])\d{4}[\dAFTUM](?!\d)", text))
    named = set(ALL_CODES) | {"99211"}  # 99211 is named only to say that time never selects it
    assert codes <= named, codes - named
