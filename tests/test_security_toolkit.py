"""Lesson 07's toolkit: HIPAA data with citations, the home-office audit and the phishing spotter."""

from __future__ import annotations

import re

import pytest

from course.security import hipaa, home_office, phishing


def test_eighteen_safe_harbor_identifiers_lettered_a_to_r():
    assert [letter for letter, _, _ in hipaa.SAFE_HARBOR] == [chr(c) for c in range(ord("A"), ord("R") + 1)]


def test_security_rule_has_14_required_and_22_addressable_specifications():
    specs = [s for s in hipaa.SAFEGUARDS if s.name not in hipaa.STANDARDS_WITHOUT_SPECIFICATIONS]
    assert sum(s.required for s in specs) == 14
    assert sum(not s.required for s in specs) == 22
    assert all(s.required for s in hipaa.SAFEGUARDS if s.name in hipaa.STANDARDS_WITHOUT_SPECIFICATIONS)


@pytest.mark.parametrize(
    ("name", "required", "cfr"),
    [
        ("Disposal", True, "164.310(d)(2)(i)"),
        ("Automatic logoff", False, "164.312(a)(2)(iii)"),
        ("Encryption and decryption", False, "164.312(a)(2)(iv)"),
        ("Unique user identification", True, "164.312(a)(2)(i)"),
        ("Risk analysis", True, "164.308(a)(1)(ii)(A)"),
    ],
)
def test_key_safeguards(name, required, cfr):
    s = hipaa.safeguard(name)
    assert (s.required, s.cfr) == (required, cfr)
    assert s.cfr.startswith({"administrative": "164.308", "physical": "164.310", "technical": "164.312"}[s.kind])


def test_breach_thresholds_keep_more_than_versus_at_least():
    assert hipaa.MEDIA_NOTICE_MORE_THAN == 500 and hipaa.HHS_IMMEDIATE_AT_LEAST == 500
    media = next(n for n in hipaa.BREACH_NOTICES if n.cfr == "164.406")
    assert "more than 500" in media.threshold
    assert any(n.cfr == "164.408(c)" and "end of the calendar year" in n.when for n in hipaa.BREACH_NOTICES)


def test_audit_perfect_and_empty_setups():
    perfect = home_office.audit(dict.fromkeys(home_office.CHECK_KEYS, True))
    assert (perfect.score, perfect.fixes, perfect.rating) == (100, (), "ready for PHI")
    empty = home_office.audit({})
    assert empty.score == 0 and len(empty.fixes) == len(home_office.CHECKS)
    assert [f.weight for f in empty.fixes] == sorted((f.weight for f in empty.fixes), reverse=True)


def test_audit_names_the_rule_behind_each_fix():
    answers = dict.fromkeys(home_office.CHECK_KEYS, True) | {"disk_encryption": False, "screen_lock": False}
    report = home_office.audit_report(answers)
    assert "164.312(a)(2)(iv)" in report and "164.312(a)(2)(iii)" in report
    assert home_office.audit(answers).rating == "not ready for PHI"  # a weight-3 control is missing
    assert all(re.search(r"164\.\d{3}|NIST SP", c.rule) for c in home_office.CHECKS)


def test_audit_rejects_unknown_keys():
    with pytest.raises(KeyError):
        home_office.audit({"firewall_of_dreams": True})


def test_phishing_set_has_both_kinds_and_known_flags():
    emails = phishing.load_emails()
    assert {e.is_phish for e in emails} == {True, False}
    known = set(phishing.flag_descriptions())
    for e in emails:
        assert e.flags <= known
        assert bool(e.flags) == e.is_phish, e.email_id


def test_judge_reports_missed_and_extra_flags():
    e = phishing.get_email("password_expiry")
    j = phishing.judge(e, True, {"urgency", "money_request"})
    assert j.verdict_right and not j.perfect
    assert j.extra == {"money_request"} and "credential_request" in j.missed
    text = phishing.judgement_text(e, True, {"urgency", "money_request"})
    assert "Red flags you missed" in text and "money_request" in text
    assert phishing.judge(e, True, e.flags).perfect


def test_genuine_email_called_phishing_is_wrong():
    e = phishing.get_email("staff_meeting")
    assert phishing.judgement_text(e, True, set()).startswith("Wrong: this is a genuine e-mail.")
