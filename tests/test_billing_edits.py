"""The course's claim edits: code pairs (indicators 0, 1, 9), units a day, the right modifier, in the scrubber."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from course.billing.claim import Claim, Patient, Payer, Provider, ServiceLine
from course.billing.edits import (
    DISTINCT_MODIFIERS,
    MODIFIER_MEANINGS,
    UNIT_KINDS,
    VISIT_CODES,
    EditHit,
    edit_hits,
    modifier_hits,
    or_list,
    pair_edits,
    pair_hits,
    unit_hits,
    unit_limits,
)
from course.billing.scrubber import Problem, scrub
from course.coding.hcpcs import table

DAY = date(2026, 10, 5)
OTHER_DAY = date(2026, 10, 6)
TODAY = date(2026, 11, 1)


def line(code: str, units: int = 1, modifiers: tuple[str, ...] = (), day: date = DAY) -> ServiceLine:
    return ServiceLine(day, code, D("50.00"), units, modifiers, (1,))


def claim(*lines: ServiceLine) -> Claim:
    patient = Patient("P9", "Vera", "Fernley", date(1950, 3, 3), "F", "4 Aspen Ct", "Springfield", "IL", "62701",
                      "XDM00000009", phone="217-555-0142")
    return Claim("C-EDIT", patient, Provider("1234567893", "Demo Family Clinic"), Payer("DHP01", "Demo"),
                 ["Z00.00"], list(lines), received_date=date(2026, 10, 7))


# --- the tables ------------------------------------------------------------------------------------------

def test_tables_use_only_codes_from_the_course_hcpcs_table():
    codes = set(table())
    for (c1, c2), edit in pair_edits().items():
        assert {c1, c2} <= codes, (c1, c2)
        assert edit.indicator in (0, 1, 9)
        assert (edit.indicator == 1) == bool(edit.modifiers), "only indicator 1 lists modifiers"
        assert set(edit.modifiers) <= set(MODIFIER_MEANINGS)
        assert edit.why.endswith(".")
    for code, limit in unit_limits().items():
        assert code in codes and limit.kind in UNIT_KINDS and limit.max_units >= 1
    assert codes >= VISIT_CODES


def test_tables_say_they_are_the_courses_fictional_teaching_tables():
    from course.billing.edits import MUE_FILE, PTP_FILE

    for path in (PTP_FILE, MUE_FILE):
        head = path.read_text(encoding="utf-8").splitlines()[0]
        assert "COURSE'S OWN TEACHING TABLE, NOT CMS's" in head
        assert "FICTIONAL" in path.read_text(encoding="utf-8")
    readme = (PTP_FILE.parent / "README-edits.md").read_text(encoding="utf-8")
    assert "not CMS's" in readme and "MLN1783722" in readme and "8863" in readme


def test_exact_table_rows():
    assert len(pair_edits()) == 12 and len(unit_limits()) == 12
    boot = pair_edits()[("L4361", "L1830")]
    assert (boot.indicator, boot.modifiers) == (1, ("XS", "59"))
    assert pair_edits()[("Q0091", "T1015")].modifiers == ("25",)
    assert pair_edits()[("G0008", "G0010")].indicator == 9
    assert unit_limits()["J1885"].max_units == 8 and unit_limits()["J1885"].kind == "day-clinical"
    assert unit_limits()["T1013"].kind == "line"


def test_or_list():
    assert or_list(["XS"]) == "XS"
    assert or_list(["XS", "59"]) == "XS or 59"
    assert or_list(["XE", "XP", "59"]) == "XE, XP or 59"


# --- pairs ---------------------------------------------------------------------------------------------

def test_indicator_0_denies_the_column_2_line_whatever_the_modifier():
    for mods in ((), ("59",), ("XS",)):
        hits = pair_hits([line("G0438"), line("G0439", modifiers=mods)])
        assert [(h.line, h.item, h.severity) for h in hits] == [(2, "24D code", "error")]
        assert hits[0].message == (
            "G0439 is never paid with G0438 (line 1) on the same day (the course's edit table): The first annual "
            "wellness visit and a later one are the same kind of visit: a patient has one or the other on a day. Edit indicator 0: no "
            "modifier changes that, and the payer would deny this line (CARC 97). Remove this line, or correct "
            "its code if the record shows another service.")


def test_the_column_order_does_not_matter_on_the_claim():
    hits = pair_hits([line("A4206"), line("J1885")])
    assert [(h.line, h.item) for h in hits] == [(1, "24D code")]
    assert hits[0].message.startswith("A4206 is never paid with J1885 (line 2)")


def test_pairs_on_different_days_are_not_edited():
    assert pair_hits([line("G0438"), line("G0439", day=OTHER_DAY)]) == []


def test_indicator_1_without_a_modifier_says_which_and_when():
    hits = pair_hits([line("L4361", modifiers=("RT",)), line("L1830", modifiers=("LT",))])
    assert hits == [EditHit(2, "24D modifiers",
                            "L1830 and L4361 (line 1) on the same day (the course's edit table): A walking boot "
                            "and a knee immobilizer overlap on the same leg; on different legs (a separate structure) both can be "
                            "right. Both are paid only with one of the modifiers XS or 59 on this line (edit "
                            "indicator 1). Add the one that fits only if the record shows the services were "
                            "distinct; otherwise remove this line.")]


@pytest.mark.parametrize("mods", [("XS", "LT"), ("LT", "XS")])
def test_indicator_1_with_the_fitting_modifier_passes(mods):
    assert pair_hits([line("L4361", modifiers=("RT",)), line("L1830", modifiers=mods)]) == []


def test_59_where_an_x_modifier_fits_is_a_warning_naming_it():
    hits = pair_hits([line("L4361"), line("L1830", modifiers=("59",))])
    assert [(h.line, h.severity) for h in hits] == [(2, "warning")]
    assert "more specific X modifier when one fits (XS here)" in hits[0].message


def test_a_modifier_on_the_column_1_line_is_told_to_move():
    hits = pair_hits([line("H0031", modifiers=("XE",)), line("H0001")])
    assert len(hits) == 1 and hits[0].line == 2
    assert "one of the modifiers XE, XP or 59 on this line" in hits[0].message
    assert "Modifier XE is on line 1 (H0031): it belongs on this line, the column 2 code." in hits[0].message


def test_25_pair_says_significant_separately_identifiable_visit():
    hits = pair_hits([line("Q0091"), line("T1015")])
    assert len(hits) == 1 and hits[0].line == 2
    assert "only with modifier 25 on this line" in hits[0].message
    assert "significant, separately identifiable visit" in hits[0].message
    assert hits[0].message.endswith("Add 25 to this visit line only if the record shows such a visit; otherwise "
                                    "remove this line.")
    assert pair_hits([line("Q0091"), line("T1015", modifiers=("25",))]) == []
    assert len(pair_hits([line("Q0091"), line("T1015", modifiers=("59",))])) == 1  # 59 does not open a 25 pair


def test_indicator_9_is_not_edited():
    assert pair_hits([line("G0008"), line("G0010")]) == []


# --- units ---------------------------------------------------------------------------------------------

def test_day_policy_limit_adds_lines_of_the_same_day():
    assert unit_hits([line("G0008")]) == []
    hits = unit_hits([line("G0008"), line("G0008")])
    assert hits == [EditHit(2, "24G units",
                            f"2 units of G0008 on {DAY} (lines 1, 2): the course's edit table allows 1 a day. One "
                            "flu vaccine is given on a day. This limit is a rule: more are never paid, even on "
                            "appeal. Correct the units.")]
    assert unit_hits([line("G0008"), line("G0008", day=OTHER_DAY)]) == []


def test_day_clinical_limit_points_to_an_appeal_with_the_record():
    assert unit_hits([line("J1885", 8)]) == []
    hits = unit_hits([line("J1885", 5), line("J1885", 4)])
    assert [(h.line, h.item) for h in hits] == [(2, "24G units")]
    assert hits[0].message.startswith(f"9 units of J1885 on {DAY} (lines 1, 2): the course's edit table allows 8 a day.")
    assert hits[0].message.endswith("expect a denial and appeal with the record.")


def test_line_limit_counts_each_line_alone():
    assert unit_hits([line("T1013", 16), line("T1013", 16)]) == []
    hits = unit_hits([line("T1013", 17)])
    assert [(h.line, h.item) for h in hits] == [(1, "24G units")]
    assert hits[0].message.startswith("17 units of T1013 on one line: the course's edit table allows 16 a line.")


# --- modifiers -----------------------------------------------------------------------------------------

def test_25_off_a_visit_and_59_on_a_visit():
    hits = modifier_hits([line("J1885", modifiers=("25",)), line("G0439", modifiers=("XE",))])
    assert [(h.line, h.item, h.severity) for h in hits] == [(1, "24D modifiers", "error"), (2, "24D modifiers", "error")]
    assert hits[0].message.startswith("Modifier 25 goes only on a visit (evaluation and management) line, and J1885")
    assert hits[1].message.startswith("Modifier XE is never for a visit (G0439)")
    assert "the visit takes 25" in hits[1].message


def test_59_beside_an_x_modifier_is_a_warning():
    hits = modifier_hits([line("L1830", modifiers=("59", "XS"))])
    assert [(h.line, h.severity) for h in hits] == [(1, "warning")]


def test_25_on_a_cpt_shaped_code_is_not_judged():
    # the course lists no CPT codes, so it cannot tell a CPT visit from a CPT procedure
    assert modifier_hits([line("99999", modifiers=("25",))]) == []


def test_every_distinct_modifier_is_explained():
    assert set(DISTINCT_MODIFIERS) | {"25"} == set(MODIFIER_MEANINGS)


# --- in the scrubber -----------------------------------------------------------------------------------

def test_scrubber_reports_the_edits_with_their_item():
    problems = scrub(claim(line("G0438"), line("G0439"), line("J1885", 9)), today=TODAY)
    edits = [p for p in problems if p.field.startswith("24 line")]
    assert [(p.field, p.severity) for p in edits] == [
        ("24 line 2 (24D code)", "error"),
        ("24 line 3 (24G units)", "error"),
    ]
    assert all(isinstance(p, Problem) for p in problems)


def test_scrubber_clean_claim_with_the_right_modifier():
    ok = claim(line("L4361", modifiers=("RT",)), line("L1830", modifiers=("XS", "LT")))
    assert scrub(ok, today=TODAY) == []
    wrong = replace(ok, lines=[ok.lines[0], replace(ok.lines[1], modifiers=("LT",))])
    assert [p.field for p in scrub(wrong, today=TODAY)] == ["24 line 2 (24D modifiers)"]


def test_edit_hits_are_in_line_order():
    hits = edit_hits([line("G0439", modifiers=("59",)), line("G0438"), line("G0008"), line("G0008")])
    assert [h.line for h in hits] == sorted(h.line for h in hits)
    assert {(h.line, h.item) for h in hits} == {(1, "24D code"), (1, "24D modifiers"), (4, "24G units")}


def test_the_synthetic_practice_bills_no_edited_combination():
    from course.synthetic.practice import VISITS

    for _dx, lines, _pos in VISITS:
        service = [line(code, units, mods) for code, _charge, units, mods in lines]
        assert edit_hits(service) == [], lines
