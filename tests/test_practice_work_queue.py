"""The biller's-day practice: the pure feedback on each pick, and the widget that works the queue."""

from __future__ import annotations

from decimal import Decimal as D

import ipywidgets as widgets

from course.billing.biller_day import TODAY, biller_day
from course.billing.workqueue import ordered
from course.practice.keyboard import PRACTICE_CLASS, PracticeBox
from course.practice.work_queue import ASK, day_summary, make_work_queue, pick_feedback, queue_rows, rows_html

ITEMS = biller_day().items
ORDER = [it.claim_id for it in ordered(ITEMS, TODAY)]


def test_pick_feedback_right_pick_names_the_rule_and_the_step():
    ok, message = pick_feedback("CWF-D01", ITEMS, {}, TODAY)
    assert ok is True
    assert message == (
        "CWF-D01 is the highest priority left: $1,450.00 x 2 (deadline in 26 days) = 2,900.00. Done: Not medically "
        "necessary (CO-50): a first-level appeal with the physician's notes on why the bed was needed, by 2026-11-28.")


def test_pick_feedback_wrong_picks_give_both_scores_and_the_slip():
    ok, message = pick_feedback("CWF-D10", ITEMS, {}, TODAY)
    assert ok is False and message == (
        "CWF-D10 scores $980.00 x 1 (deadline in 172 days) = 980.00; CWF-D01 scores $1,450.00 x 2 (deadline in 26 "
        "days) = 2,900.00: work CWF-D01 first.")
    worked = {"CWF-D01": "appeal"}
    ok, message = pick_feedback("CWF-D10", ITEMS, worked, TODAY)  # next is D11: $640 due in 4 days
    assert ok is False and message.endswith("work CWF-D11 first. The bigger amount can wait: its deadline is further away.")
    ok, message = pick_feedback("CWF-D02", ITEMS, worked, TODAY)  # $258 due in 3 days vs $640 due in 4
    assert ok is False and message == (
        "CWF-D02 scores $258.00 x 3 (deadline in 3 days) = 774.00; CWF-D11 scores $640.00 x 3 (deadline in 4 days) = "
        "1,920.00: work CWF-D11 first. A nearer deadline alone is not enough: more dollars are at stake on the other "
        "claim.")
    ok, message = pick_feedback("CWF-D06", ITEMS, worked, TODAY)
    assert ok is False and message.endswith("Its deadline has passed, so there is nothing left to win on it: clear it last.")
    worked = {c: "x" for c in ORDER[:3]}  # next is D02 ($258, 3 days)
    ok, message = pick_feedback("CWF-D04", ITEMS, worked, TODAY)  # $95, 16 days: nearer than D05 but not than D02
    assert ok is False and "work CWF-D02 first" in message


def test_pick_feedback_nothing_picked_already_worked_and_empty():
    assert pick_feedback(None, ITEMS, {}, TODAY) == (None, ASK)
    ok, message = pick_feedback("CWF-D01", ITEMS, {"CWF-D01": "appeal"}, TODAY)
    assert ok is None and "already worked" in message
    ok, message = pick_feedback("CWF-D01", ITEMS, {c: "x" for c in ORDER}, TODAY)
    assert ok is None and message.startswith("The queue is empty")


def test_queue_rows_hide_the_scores_and_leave_out_worked_claims():
    rows = queue_rows(ITEMS, {"CWF-D01": "appeal"}, TODAY)
    assert [r["Claim"] for r in rows] == sorted(set(ORDER) - {"CWF-D01"})
    assert rows[0] == {"Claim": "CWF-D02", "Patient": "Omar Glenrock", "Payer": "Example Care Plan",
                       "Why it is here": "no answer", "At stake": "$258.00", "Deadline": "2026-11-05 (filing)",
                       "Days left": "3"}
    table = rows_html(rows)
    assert table.count('<th scope="col"') == 7 and table.count("<tr>") == len(rows) + 1
    assert rows_html([]) == "<p>The queue is empty.</p>"


def test_day_summary_exact():
    text = day_summary(biller_day(), {"CWF-D01": "appeal", "CWF-D06": "write off"})
    assert text.startswith("Worked 2 of 11 claims. To work: $2,626.00; waiting for payment: $1,450.00; written off: "
                           "$210.00. This month's clean-claim rate: 83.3% (50 of 60 claims")
    assert "Denial rate: 14.0% (8 of 57 answered claims denied; HFMA MAP Key AR-5, by count)" in text


def test_widget_is_a_keyboard_practice():
    practice = make_work_queue()
    assert isinstance(practice, PracticeBox) and PRACTICE_CLASS in practice._dom_classes
    assert isinstance(practice.choice, widgets.RadioButtons)
    assert [value for _label, value in practice.choice.options] == sorted(ORDER)
    assert practice.choice.value is None and "alt=" in practice.picture.value
    assert "role=" not in practice.summary.value, "only the feedback area is a status (it is what the page announces)"


def test_widget_a_wrong_pick_changes_nothing_but_the_feedback():
    practice = make_work_queue()
    picture, table = practice.picture.value, practice.table.value
    practice.choice.value = "CWF-D10"
    practice.work.click()
    assert "Not quite. CWF-D10 scores" in practice.feedback.value
    assert practice.worked == {} and practice.picture.value == picture and practice.table.value == table


def test_widget_works_the_whole_queue_and_the_figure_moves():
    practice = make_work_queue()
    pictures = [practice.picture.value]
    for claim_id in ORDER:
        practice.choice.value = claim_id
        practice.work.click()
        assert "Correct." in practice.feedback.value, (claim_id, practice.feedback.value)
        pictures.append(practice.picture.value)
        assert claim_id not in [v for _l, v in practice.choice.options]
    assert len(set(pictures)) == len(pictures), "every worked claim redraws a different figure"
    assert practice.worked["CWF-D06"] == "write off" and practice.worked["CWF-D02"] == "status check"
    assert "Written off today: $420.00." in practice.picture.value  # D03 + D06
    assert practice.summary.value.count("Worked 11 of 11 claims. To work: $0.00; waiting for payment: $3,866.00") == 1
    assert D("3866.00") + D("420.00") == D("4286.00")
    practice.work.click()
    assert "The queue is empty" in practice.feedback.value


def test_widget_start_again():
    practice = make_work_queue()
    practice.choice.value = "CWF-D01"
    practice.work.click()
    practice.again.click()
    assert practice.worked == {} and len(practice.choice.options) == 11
    assert ASK in practice.feedback.value


def test_reasons_note_explains_each_reason_once():
    from course.practice.work_queue import reasons_note

    assert reasons_note(ITEMS) == (
        "CO-50: Not deemed medically necessary by the payer; no answer: the payer has not answered 30+ days after "
        "the claim went in; CO-97: Paid as part of another service already adjudicated (bundled); CO-16 MA130: "
        "Claim lacks information or has a submission/billing error (a remark code says what) (MA130: the claim "
        "could not be processed); CO-29: The time limit for filing has expired.")


def test_figure_has_a_short_caption_and_the_numbers_in_its_alt_text():
    import html

    from course.practice.work_queue import CAPTION

    practice = make_work_queue()
    assert f"<figcaption>{html.escape(CAPTION)}</figcaption>" in practice.picture.value
    assert 'alt="Stacked bars of the queue&#x27;s A/R by age. 0-30 days: $980.00 to work' in practice.picture.value
