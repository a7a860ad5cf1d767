"""The biller lessons' practice widgets (claim builder, find-the-error drill, responsibility calculator)
and figures: the pure feedback functions directly, then the widgets driven from Python."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from course.billing import figures as biller_figures
from course.billing.responsibility import split_claim
from course.billing.scrubber import Problem
from course.practice.claim_builder import STARTER, check_form, form_to_claim, make_claim_builder
from course.practice.find_errors import ITEMS, claim_form_html, drill_feedback, make_find_errors
from course.practice.responsibility_calc import (
    compute_share,
    explain_share,
    guess_feedback,
    make_responsibility_calc,
)

TODAY = date(2026, 11, 2)
FIXED = {**STARTER, "diagnoses": "E11.9, I10", "rendering_npi": "1357924681"}


# --- claim builder -------------------------------------------------------------------------------------
def test_starter_claim_has_exactly_its_two_planted_errors():
    items = sorted(item for item, _msg, sev in check_form(STARTER, TODAY) if sev == "error")
    assert items == ["21A diagnosis", "24J rendering provider NPI"]


def test_fixed_claim_is_clean():
    assert check_form(FIXED, TODAY) == []


@pytest.mark.parametrize(
    ("change", "item_part"),
    [
        ({"billing_npi": "1234567890"}, "33a"),
        ({"member_id": " "}, "1a"),
        ({"pos": "99"}, "24B"),
        ({"pointers": "C"}, "24E"),
        ({"pointers": "M"}, "24E"),
        ({"charge": "0"}, "24F"),
        ({"charge": "abc"}, "24F"),
        ({"units": 0}, "24G"),
        ({"code": "G04"}, "24D"),
        ({"modifiers": "25 59 GT RT LT"}, "24D"),
        ({"service_date": "2027-01-05"}, "24A"),
        ({"service_date": "05/01/2026"}, "24A"),
        ({"diagnoses": ""}, "21"),
        ({"patient_name": "QUINTERO"}, "2 patient"),
    ],
)
def test_each_mistake_is_named_by_its_item(change, item_part):
    problems = check_form({**FIXED, **change}, TODAY)
    assert any(item_part in item for item, _m, sev in problems if sev == "error"), problems


def test_form_to_claim_reads_pointers_as_positions():
    claim, problems = form_to_claim({**FIXED, "pointers": "b, a"})
    assert problems == []
    assert claim.lines[0].pointers == (2, 1)
    assert claim.diagnoses == ["E11.9", "I10"]


def test_builder_widget_updates_feedback_as_fields_change():
    builder = make_claim_builder(today=TODAY)
    assert "2 error(s)" in builder.feedback.value
    builder.inputs["diagnoses"].value = "E11.9, I10"
    assert "1 error(s)" in builder.feedback.value
    builder.inputs["rendering_npi"].value = "1357924681"
    assert "Correct." in builder.feedback.value and "ready to send" in builder.feedback.value
    builder.inputs["pos"].value = "99"
    assert "24B place of service" in builder.feedback.value


# --- find the error ------------------------------------------------------------------------------------
def test_drill_feedback_right_wrong_and_unanswered():
    problems = [Problem("24B", "'99' is not a place-of-service code.")]
    assert drill_feedback(None, "24B", problems)[0] is None
    ok, message = drill_feedback("24B", "24B", problems)
    assert ok is True and "'99' is not a place-of-service code." in message
    ok, message = drill_feedback("33a", "24B", problems)
    assert ok is False and "place-of-service" in message and "33a" in message


def test_claim_form_shows_the_items_a_student_must_inspect():
    drill = make_find_errors(today=TODAY)
    claim, _ = drill.drills[0]
    page = claim_form_html(claim)
    for text in ("1a Insured", "21 Diagnoses", "33a Billing NPI", "24B POS", claim.billing_provider.npi):
        assert text in page


def test_drill_widget_scores_each_claim_once():
    drill = make_find_errors(today=TODAY)
    assert all(answer in ITEMS for _claim, answer in drill.drills)
    for _ in drill.drills:
        answer = drill.drills[drill.index][1]
        wrong = next(k for k in ITEMS if k != answer)
        drill.choices.value = wrong
        drill.check.click()
        assert "Not quite." in drill.feedback.value
        drill.choices.value = answer
        drill.check.click()
        assert "Correct." in drill.feedback.value and "The scrubber says" in drill.feedback.value
        drill.next.click()
    assert drill.score == 0 and len(drill.answered) == len(drill.drills)  # first answers were all wrong
    assert f"score 0/{len(drill.drills)}" in drill.title.value


# --- patient responsibility ----------------------------------------------------------------------------
def test_worked_example_from_the_domain_facts():
    share = compute_share({"billed": 250, "allowed": 150, "deductible_left": 100, "coinsurance_pct": 20,
                           "copay": 0, "oop_left": 1000})
    assert (share.contractual, share.deductible, share.coinsurance, share.plan, share.patient) == (
        Decimal("100.00"), Decimal("100.00"), Decimal("10.00"), Decimal("40.00"), Decimal("110.00"))
    text = explain_share(share)
    assert "writes off $100.00 (CO-45)" in text and "The patient owes $110.00" in text
    assert "The plan pays $40.00" in text and "= $250.00." in text


def test_oop_cap_in_the_explanation():
    share = compute_share({"billed": 250, "allowed": 150, "deductible_left": 100, "coinsurance_pct": 20,
                           "copay": 0, "oop_left": 60})
    assert share.patient == Decimal("60.00") and share.plan == Decimal("90.00")
    assert "The patient owes $60.00" in explain_share(share)


def test_guess_feedback():
    share = split_claim(250, 150, deductible_left=100, coinsurance=Decimal("0.2"), oop_left=1000)
    assert guess_feedback("", share)[0] is None
    assert guess_feedback("$110.00", share) == (True, "The patient owes $110.00.")
    assert guess_feedback("110.004", share)[0] is True
    ok, message = guess_feedback("100", share)
    assert ok is False and "deductible part only" in message
    ok, message = guess_feedback("200", share)
    assert ok is False and "never pays more than the allowed amount" in message
    assert guess_feedback("ten", share)[0] is False


def test_calculator_widget_redraws_and_checks_the_guess():
    calc = make_responsibility_calc()
    calc.guess.value = "110"
    calc.check.click()  # the worked answer comes after the guess (tests/test_lessons_no_answers.py)
    assert "<img" in calc.picture.value and "$110.00" in calc.explanation.value
    calc.inputs["oop_left"].value = 60
    assert "$60.00" not in calc.explanation.value  # a new claim: a new guess first
    calc.guess.value = "60"
    calc.check.click()
    assert "Correct." in calc.feedback.value
    assert "The patient owes $60.00" in calc.explanation.value
    calc.inputs["allowed"].value = 300  # more than billed: the toolkit refuses, the widget explains
    assert "allowed amount" in calc.explanation.value and calc.picture.value == ""


# --- figures -------------------------------------------------------------------------------------------
def test_share_figure_parts_add_up_to_billed():
    share = split_claim(300, 180, deductible_left=50, coinsurance=Decimal("0.2"), copay=10, oop_left=5000)
    parts = biller_figures.share_parts(share)
    assert sum(parts.values()) == share.billed
    fig = biller_figures.share_figure(share)
    widths = [patch.get_width() for patch in fig.axes[0].patches]
    assert widths == pytest.approx([float(v) for v in parts.values()])
    assert "Write-off (CO-45) $120.00" in biller_figures.share_alt(share)


def test_aging_and_denial_figures_and_their_text():
    buckets = {"0-30": Decimal("10"), "31-60": Decimal("0"), "61-90": Decimal("5.5"), "91-120": 0, ">120": 2}
    fig = biller_figures.aging_figure(buckets)
    assert [p.get_height() for p in fig.axes[0].patches] == [10, 0, 5.5, 0, 2]
    assert "61-90 days $5.50" in biller_figures.aging_alt(buckets)
    series = pd.Series(buckets)  # what course.billing.ar.aging_buckets returns
    assert [p.get_height() for p in biller_figures.aging_figure(series).axes[0].patches] == [10, 0, 5.5, 0, 2]
    assert biller_figures.aging_alt(series) == biller_figures.aging_alt(buckets)
    denials = pd.DataFrame({"denial_carc": ["97", "16", "97"], "reason": ["bundled", "info", "bundled"]})
    fig = biller_figures.denial_figure(denials)
    assert sorted(p.get_width() for p in fig.axes[0].patches) == [1, 2]
    assert biller_figures.denial_alt(denials).startswith("Denied claims by reason: CARC 97 (bundled): 2")


# --- Lesson 05: its patient-responsibility numbers are computed, and right ------------------------------
def test_lesson05_year_of_claims_story():
    from course.billing.responsibility import year_of_claims
    from course.practice.responsibility_calc import EXAMPLE_YEAR, example_benefits, year_story

    plan = example_benefits()
    year = year_of_claims(EXAMPLE_YEAR, plan)
    # Worked by hand: deductible 1,500 met in March (110 + 45 + 1,345), then 20% coinsurance until the
    # 3,000 OOP maximum is reached in June (1,531 + 220 + 1,249 = 3,000); September costs the patient 0.
    assert [str(v) for v in year["patient"]] == ["110.00", "45.00", "1376.00", "220.00", "1249.00", "0.00"]
    story = year_story(year, plan)
    assert "deductible is met with the claim *Mar emergency room*" in story
    assert "maximum is reached with *Jun surgery*" in story
    assert "$16,650.00 was billed: the patient paid $3,000.00, the plan $7,865.00" in story
    assert "wrote off $5,785.00" in story


def test_year_story_without_meeting_the_deductible():
    from course.billing.responsibility import year_of_claims
    from course.practice.responsibility_calc import example_benefits, year_story

    plan = example_benefits()
    story = year_story(year_of_claims([("only", "100.00", "80.00")], plan), plan)
    assert "deductible is met" not in story and "maximum is reached" not in story
    assert "the patient paid $80.00, the plan $0.00" in story


def test_lesson05_prose_types_no_patient_amounts(root):
    """Amounts about what a patient owes come from code cells; prose may only quote the sourced ACA limits."""
    import re

    import nbformat

    nb = nbformat.read(root / "course" / "lessons" / "05-getting-paid.ipynb", as_version=4)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    amounts = re.findall(r"\$\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s+dollars", prose)
    assert set(amounts) == {"$10,600", "$21,200", "$12,000", "$24,000"}, amounts  # ACA 2026 and 2027 limits
    code_cells = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "explain_share(" in code_cells and "year_story(" in code_cells
