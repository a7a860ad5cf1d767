"""The chart-practice case bank (issue 14): every case passes the machine checks; the checks can fail; scoring."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

import pytest

from course.coding.casebank import (
    DIFFICULTIES,
    PARTIAL_CREDIT_RULES,
    SETTINGS,
    SKILLS,
    Waiver,
    case_from_dict,
    get_case,
    guidelines,
    load_bank,
    score_case,
)
from course.coding.casebank.checks import Ref, check_bank, check_case, note_refs
from course.coding.casebank.model import DATA, GUIDELINES, KeyedCode
from course.coding.icd10 import get_index

BANK = load_bank()


@pytest.fixture(scope="module")
def idx():
    return get_index()


@pytest.mark.parametrize("case", BANK, ids=[c.case_id for c in BANK])
def test_case_passes_every_check(case, idx):
    assert check_case(case, idx) == []


def test_bank_size_ids_and_spread():
    assert len(BANK) >= 150
    assert check_bank(BANK) == []
    assert {c.setting for c in BANK} == set(SETTINGS)
    assert {c.difficulty for c in BANK} == set(DIFFICULTIES)
    skills = Counter(s for c in BANK for s in c.skills)
    assert {s: skills[s] for s in SKILLS if skills[s] < 5} == {}, "every skill is exercised by at least 5 cases"


DOMAINS = {  # the chapters outpatient coders meet most: at least this many cases key a code from each
    "injuries": (lambda c: c[0] in "ST", 20),
    "diabetes": (lambda c: "E08" <= c[:3] <= "E13" or c.startswith("O24"), 10),
    "hypertension and heart disease": (lambda c: "I10" <= c[:3] <= "I52", 10),
    "respiratory": (lambda c: c[0] == "J", 10),
    "mental health": (lambda c: c[0] == "F", 10),
    "pregnancy": (lambda c: c[0] == "O", 8),
    "neoplasms": (lambda c: c[0] == "C" or "D00" <= c[:3] <= "D49", 8),
}


@pytest.mark.parametrize("domain", DOMAINS)
def test_domains_covered(domain):
    hit, least = DOMAINS[domain]
    assert sum(any(hit(code) for code in c.icd_codes) for c in BANK) >= least


def test_guideline_list_is_fy2026_and_well_formed():
    import json

    from course.coding.casebank.model import GUIDELINES

    data = json.loads(GUIDELINES.read_text(encoding="utf-8"))
    assert "FY 2026" in data["title"] and "FY 2026" in data["source"]
    for sid, title in guidelines().items():
        assert re.fullmatch(r"(I\.[ABC](\.\d+(\.[a-z](\.\d+)?)?)?|IV\.[A-Q])", sid), sid
        assert title.strip(), sid
    cited = {k.guideline for c in BANK for k in c.codes}
    assert {"I.C.19.a", "IV.H", "I.A.12.a", "I.A.13", "I.C.4.a"} <= cited


def test_get_case_finds_by_id():
    assert get_case(BANK[0].case_id) is BANK[0]
    with pytest.raises(KeyError):
        get_case("no-such-case")


# --- the checks can fail: one deliberately broken case per check --------------------------------------

BASE = {
    "id": "t-base", "title": "Type 2 diabetes on insulin", "setting": "office", "difficulty": "easy",
    "skills": ["use additional code"],
    "note": "Office visit. Test Person, 60. Type 2 diabetes without complications, takes insulin daily.",
    "codes": [["E11.9", "I.C.4.a", "Type 2 diabetes without complications."],
              ["Z79.4", "I.C.4.a.3", "Long-term insulin use, as E11 asks."]],
}  # fmt: skip


def _case(**changes):
    return case_from_dict(BASE | changes)


def _problems(idx, **changes) -> str:
    return "\n".join(check_case(_case(**changes), idx))


def test_the_base_case_is_clean(idx):
    assert check_case(_case(), idx) == []


def test_catches_a_code_that_does_not_exist(idx):
    assert "not an ICD-10-CM code" in _problems(idx, codes=[["E11.99", "I.C.4.a", "x"], BASE["codes"][1]])


def test_catches_a_header_code(idx):
    assert "not billable" in _problems(idx, codes=[["E11", "I.C.4.a", "x"], BASE["codes"][1]])


def test_catches_a_missing_7th_character(idx):
    found = _problems(idx, codes=[["S93.401", "I.C.19.a", "x"]], skills=["7th character"])
    assert "requires a 7th character" in found and "not billable" in found


def test_catches_a_wrong_7th_character_value(idx):
    # S93.401 takes A, D or S; a K (nonunion) belongs to fractures and does not exist here.
    assert "not an ICD-10-CM code" in _problems(idx, codes=[["S93.401K", "I.C.19.a", "x"]])


def test_catches_excludes1_at_the_code(idx):
    found = _problems(idx, codes=BASE["codes"] + [["E11.A", "I.C.4.a", "x"]])
    assert "E11.9 and E11.A are keyed together but E11.9 has Excludes1" in found


def test_catches_excludes1_inherited_from_the_category(idx):
    # E11's own Excludes1 names type 1 diabetes (E10.-); E11.9 inherits it, and E10.65 is under E10.
    found = _problems(idx, codes=BASE["codes"] + [["E10.65", "I.C.4.a", "x"]])
    assert "E11.9 and E10.65 are keyed together but E11 has Excludes1" in found


def test_catches_excludes1_through_a_range(idx):
    # I10: Excludes1 hypertensive disease complicating pregnancy (O10-O11, O13-O16): O13.2 is inside O13-O16.
    hypertension = ["I10", "I.C.9.a", "x"]
    waiver = [["I10", "use_additional_code", "tobacco", "No tobacco use."]]
    found = _problems(idx, codes=[["O13.2", "I.C.15.c", "x"], hypertension], waivers=waiver)
    assert "I10 and O13.2 are keyed together but I10 has Excludes1" in found
    outside = _problems(idx, codes=[["O12.00", "I.C.15.a", "x"], hypertension], waivers=waiver)
    assert "Excludes1" not in outside  # O12 is outside both ranges


def test_catches_an_unsatisfied_use_additional_code_note(idx):
    found = _problems(idx, codes=[BASE["codes"][0]])
    assert "E11.9: the use_additional_code note" in found and "insulin (Z79.4)" in found


def test_a_waiver_answers_the_note_and_a_stale_waiver_is_caught(idx):
    waiver = ["E11.9", "use_additional_code", "insulin", "Diet-controlled: no diabetes drug."]
    assert check_case(_case(codes=[BASE["codes"][0]], waivers=[waiver]), idx) == []
    assert "matches no unsatisfied note" in _problems(idx, waivers=[waiver])  # Z79.4 is keyed: nothing to waive
    blank = [waiver[:3] + [" "]]
    assert "not satisfied" in _problems(idx, codes=[BASE["codes"][0]], waivers=blank)  # a waiver must say why


def test_catches_code_first_missing_and_out_of_order(idx):
    dementia = ["F02.80", "I.A.13", "Dementia due to Alzheimer's disease."]
    alzheimer = ["G30.9", "I.A.13", "The underlying disease."]
    ok = _problems(idx, codes=[alzheimer, dementia], skills=["code first"])
    assert ok == ""
    alone = _problems(idx, codes=[dementia], skills=["code first"])
    assert "F02.80: the code_first note" in alone and "manifestation code" in alone
    swapped = _problems(idx, codes=[dementia, alzheimer], skills=["code first"])
    assert "F02.80: the code_first note" in swapped  # G30.9 keyed, but after F02.80


def test_catches_an_external_cause_code_listed_first(idx):
    found = _problems(
        idx, codes=[["W19.XXXA", "I.C.20.a", "x"], ["S00.03XA", "I.C.19.b", "x"]], skills=["external cause"]
    )
    assert "W19.XXXA is an external-cause code (V00-Y99): never first-listed" in found


def test_catches_a_guideline_not_in_the_list(idx):
    assert "guideline 'I.Z.99'" in _problems(idx, codes=[["E11.9", "I.Z.99", "x"], BASE["codes"][1]])


def test_catches_hcpcs_outside_the_table_and_cpt_in_the_note(idx):
    assert "HCPCS D0120" in _problems(idx, hcpcs=[["D0120", "x"]])
    assert "HCPCS J9999" in _problems(idx, hcpcs=[["J9999", "x"]])
    assert "CPT-shaped code '99213'" in _problems(idx, note=BASE["note"] + " Billed 99213.")


def test_catches_a_claimed_skill_the_key_does_not_show(idx):
    found = _problems(idx, skills=["7th character", "external cause", "uncertain diagnosis"])
    for skill in ("7th character", "external cause", "uncertain diagnosis"):
        assert f"skill {skill!r} is claimed" in found


def test_catches_bad_metadata_and_duplicates(idx):
    found = _problems(idx, setting="inpatient", difficulty="expert", skills=["juggling"])
    assert "setting 'inpatient'" in found and "difficulty 'expert'" in found and "skills must be" in found
    assert "a code is keyed twice" in _problems(idx, codes=BASE["codes"] + [BASE["codes"][0]])
    assert check_bank([_case(), _case()]) == ["case id t-base is used twice"]
    assert "trap E11.9 is a keyed code" in _problems(idx, traps={"E11.9": "x"})


def test_note_refs_parse_codes_and_ranges():
    assert note_refs("type 1 diabetes mellitus (E10.-)") == [Ref("E10", "E10")]
    assert note_refs("(O10-O11, O13-O16)") == [Ref("O10", "O11"), Ref("O13", "O16")]
    assert note_refs("insulin (Z79.4)") == [Ref("Z794", "Z794")]
    assert note_refs("(T36-T50 with fifth or sixth character 5)") == [Ref("T36", "T50")]
    assert Ref("O13", "O16").covers("O16.1") and not Ref("O13", "O16").covers("O12.00")
    assert Ref("Y63.8", "Y63.9").__class__ and Ref("Y638", "Y639").covers("Y63.9")


# --- scoring -------------------------------------------------------------------------------------------

SCORED = case_from_dict(
    BASE
    | {
        "id": "t-score",
        "codes": [["E11.65", "I.C.4.a", "Hyperglycemia documented."], ["Z79.4", "I.C.4.a.3", "On insulin."],
                  ["I10", "IV.J", "Coexisting hypertension."]],
        "hcpcs": [["A4253", "Test strips."]],
        "traps": {"E10.65": "The note says type 2."},
    }
)  # fmt: skip


def _rows(result):
    return [(r.status, r.keyed, r.entered, r.points) for r in result.rows]


def test_score_all_exact():
    result = score_case(SCORED, ["e1165", "Z79.4", "i10"], ["a4253"])
    assert result.score == 1.0 and result.points == 4.0 and result.max_points == 4.0
    assert result.counts()["exact"] == 4


def test_score_wrong_specificity_missing_and_extra():
    result = score_case(SCORED, ["E11.9", "I10", "E10.65"], [])
    assert _rows(result) == [
        ("right category", "E11.65", "E11.9", 0.5),
        ("missing", "Z79.4", None, 0.0),
        ("exact", "I10", "I10", 1.0),
        ("extra", None, "E10.65", -0.25),
        ("missing", "A4253", None, 0.0),
    ]
    assert result.points == 1.25 and result.score == pytest.approx(1.25 / 4)
    assert "The note says type 2." in result.rows[3].rationale
    assert "I.C.4.a" in result.rows[0].rationale and "Hyperglycemia documented." in result.rows[0].rationale


def test_score_out_of_sequence_only_for_the_first_listed_code():
    result = score_case(SCORED, ["Z79.4", "I10", "E11.65"], ["A4253"])
    assert _rows(result)[:3] == [
        ("out of sequence", "E11.65", "E11.65", 0.5),
        ("exact", "Z79.4", "Z79.4", 1.0),
        ("exact", "I10", "I10", 1.0),
    ]
    assert result.score == pytest.approx(3.5 / 4)
    any_order = dataclasses.replace(SCORED, any_order=True)
    assert score_case(any_order, ["Z79.4", "I10", "E11.65"], ["A4253"]).score == 1.0


def test_score_never_below_zero_and_explains_unknown_codes():
    result = score_case(SCORED, ["X99.99", "E11", "J45.909", "R51.9", "R05.9"], ["E0114"])
    assert result.points == 0.0 and result.score == 0.0
    texts = {r.entered: r.rationale for r in result.rows if r.status == "extra"}
    assert "not a code in the FY2026" in texts["X99.99"]
    assert ("right category", "E11.65", "E11", 0.5) in _rows(result)  # a header of the right category: 1/2
    assert "nothing in this note calls for" in texts["E0114"]


def test_score_explains_a_near_miss_with_its_trap():
    row = score_case(get_case("inj-001"), ["S93.402A", "W10.1XXA"]).rows[0]
    assert (row.status, row.entered, row.points) == ("right category", "S93.402A", 0.5)
    assert "left ankle; the note says right" in row.rationale and "I.C.19.a" in row.rationale


def test_score_ignores_blanks_and_repeats():
    assert score_case(SCORED, ["", " e11.65 ", "E11.65", "Z79.4", "I10"], ["A4253", "a4253"]).score == 1.0


def test_partial_credit_rules_state_every_status():
    for words in ("exact", "out of sequence", "right category", "missing", "extra", "1/2 point", "1/4 point"):
        assert words in PARTIAL_CREDIT_RULES


def test_score_a_bank_case_with_its_own_key():
    case = BANK[0]
    assert score_case(case, case.icd_codes, case.hcpcs_codes).score == 1.0
    assert score_case(case, [], []).score == 0.0


def test_waiver_dataclass_fields():
    assert [f.name for f in dataclasses.fields(Waiver)] == ["code", "note", "about", "why"]
    assert [f.name for f in dataclasses.fields(KeyedCode)] == ["code", "guideline", "why"]


@pytest.mark.parametrize("path", sorted(DATA.glob("*.json")) + [GUIDELINES], ids=lambda p: p.name)
def test_case_files_follow_the_fictional_data_rules(path):
    from tests.test_fictional_data import file_problems

    assert file_problems(path) == []


def test_bench_section_measures_every_figure(monkeypatch):
    import math

    from bench import bench_casebank

    monkeypatch.setattr(bench_casebank, "RUNS", 1)
    figures = bench_casebank.run()
    assert len(figures) == 4
    for fig in figures:
        assert not fig.failed and not fig.skipped and fig.value > 0 and not math.isnan(fig.baseline), fig
    assert figures[-1].value < 50  # the goal: a case scored in under 50 ms (warm, bank loaded)


def test_command_line_check(capsys):
    from course.coding.casebank.__main__ import main

    assert main(["inj-001", "end-002"]) == 0
    assert "2 cases checked, 0 problems" in capsys.readouterr().out
