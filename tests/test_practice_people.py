"""Widgets for lessons 06-08: set values from Python and read the feedback they show."""

from __future__ import annotations

from datetime import date

from course.practice.conversation import make_conversation
from course.practice.home_office_audit import make_home_office_audit
from course.practice.payment_plan import make_payment_plan
from course.practice.phishing_spotter import make_phishing_spotter
from course.practice.planner import make_planner


def test_conversation_widget_walks_a_call_to_its_score():
    w = make_conversation("practice_error")
    w.say_button.click()
    assert "Pick a reply first" in w.feedback.value
    for _ in range(3):
        w.replies.value = 0
        w.say_button.click()
    assert "Correct." in w.feedback.value
    assert "Score 100%" in w.summary.value and w.replies.disabled
    w.restart_button.click()
    assert w.summary.value == "" and not w.replies.disabled


def test_conversation_widget_flags_a_bad_reply():
    w = make_conversation("relative_account")
    w.replies.value = 1
    w.say_button.click()
    assert "Not quite." in w.feedback.value and "privacy 0/2" in w.feedback.value
    assert "privacy incident" in w.summary.value


def test_payment_plan_widget():
    w = make_payment_plan()
    w.balance.value, w.monthly.value = 300.0, 75.0
    assert "4 monthly payments of $75.00 clear $300.00." in w.feedback.value


def test_home_office_widget_scores_as_you_tick():
    w = make_home_office_audit()
    for box in w.checks.values():
        box.value = True
    assert "Score 100/100" in w.feedback.value
    w.checks["mfa"].value = False
    assert "164.312(d)" in w.feedback.value and w.audit().score < 100


def test_phishing_widget_feedback():
    w = make_phishing_spotter()
    w.picker.value = "voicemail_html"
    w.check.click()
    assert "Choose Genuine or Phishing" in w.feedback.value
    w.verdict.value = False
    w.check.click()
    assert "Wrong: this is phishing." in w.feedback.value


def test_planner_widget():
    w = make_planner(today=date(2027, 3, 10))
    w.route.value = "associate"
    w.start.value = date(2027, 9, 1)
    assert "around September 2029" in w.feedback.value and "RHIT" in w.feedback.value
