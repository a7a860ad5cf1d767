"""The denial simulator (issue 15 item 1): scenarios, every path to a closed claim, real X12 throughout."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from course.billing.denials import (
    CARCS,
    GROUPS,
    RARCS,
    RULES,
    Action,
    choose,
    is_closed,
    open_balance,
    options,
    result,
    scenario,
    scenario_ids,
    start,
)
from course.billing.npi import is_valid_npi
from course.billing.x12_835 import read_835_tables
from course.billing.x12_validate import validate_x12

REQUIRED = {"CO-16", "MA130", "CO-29", "CO-50", "CO-97", "CO-4", "CO-11", "CO-22", "PR-204", "CO-45", "PR-1",
            "PR-2", "PR-3", "CO-18", "CO-109", "CO-197"}  # fmt: skip
FACTS_SHEET_CODES = {"1", "2", "3", "16", "29", "45", "50", "97", "MA130"}  # domain-facts.md §3


def segs(text: str) -> list[list[str]]:
    return [s.split("*") for s in text.split("~") if s]


def seg(text: str, sid: str, first: str | None = None) -> list[list[str]]:
    return [s for s in segs(text) if s[0] == sid and (first is None or s[1] == first)]


def play(sid: str, *moves: tuple[Action, dict]) -> object:
    s = start(sid)
    for action, details in moves:
        s = choose(s, action, **details)
    return s


def best(sid: str):
    s = start(sid)
    for action, detail in scenario(sid).best:
        key = {Action.APPEAL: "evidence"}.get(action, "fix")
        s = choose(s, action, **({key: detail} if detail else {}))
    return s


# ------------------------------------------------------------------ the scenario set


def test_at_least_40_scenarios_cover_the_required_codes():
    ids = scenario_ids()
    assert len(ids) >= 40
    taught = {c for sid in ids for c in scenario(sid).codes}
    assert taught >= REQUIRED, REQUIRED - taught


def test_every_code_in_every_answer_has_a_meaning_and_a_source():
    for sid in scenario_ids():
        for step in scenario(sid).steps.values():
            for line in step.answer or ():
                for group, carc, amount in line.adjustments:
                    assert group in GROUPS and carc in CARCS, (sid, group, carc)
                    assert amount > 0
                for rarc in line.remarks:
                    assert rarc in RARCS, (sid, rarc)
            assert step.rule in RULES, (sid, step.name)
    for code in [*CARCS.values(), *RARCS.values(), *GROUPS.values(), *RULES.values()]:
        assert code.source.strip()
    graded = {c.code for c in [*CARCS.values(), *RARCS.values()] if c.on_facts_sheet}
    assert graded == FACTS_SHEET_CODES  # nothing off the facts sheet is marked gradable


def test_people_and_providers_are_fictional():
    for sid in scenario_ids():
        c = scenario(sid).claim
        p = c.patient
        assert p.ssn.startswith("666-") and p.phone.startswith("217-555-01") and p.email.endswith("@example.com")
        assert is_valid_npi(c.billing_provider.npi) and is_valid_npi(c.rendering_provider.npi)


# ------------------------------------------------------------------ every path ends, every file validates


def _key(s) -> tuple:
    return (s.key, s.deadline, open_balance(s))


def _walk(s, depth: int, memo: dict[tuple, int], docs: dict[tuple[str, str], str], outcomes: set[str]) -> int:
    """The number of paths from `s` to a closed claim, asserting each one closes within 8 choices."""
    assert depth <= 8, f"{s.scenario_id}: a path runs past 8 choices"
    k = _key(s)
    if k in memo:
        return memo[k]
    for d in s.documents:
        if d.kind in ("837P", "835"):
            docs.setdefault((d.kind, d.text[106:]), d.text)
    if is_closed(s):
        assert options(s) == []
        outcomes.add(s.outcome.code)
        result(s)  # a closed claim always scores
        memo[k] = 1
        return 1
    opts = options(s)
    assert opts, f"{s.scenario_id}: open at step {s.step} with nothing to do"
    memo[k] = sum(_walk(choose(s, a, **d), depth + 1, memo, docs, outcomes) for a, d in opts)
    return memo[k]


def test_every_path_through_every_scenario_ends_closed_and_every_x12_file_validates():
    """Walks every action sequence (each option() at each state) to closure; equal states are walked once.

    The future of a state depends only on `_key` (step, claim as fixed, date, deadline, mistakes, balance),
    so counting the paths through the memo gives the same number as walking them one by one.
    """
    docs: dict[tuple[str, str], str] = {}
    outcomes: set[str] = set()
    total_paths = 0
    for sid in scenario_ids():
        paths = _walk(start(sid), 0, {}, docs, outcomes)
        assert paths > 10, sid
        total_paths += paths
    assert total_paths > 100_000
    assert outcomes == {"paid", "patient_billed", "written_off", "lost_write_off", "out_of_time"}
    assert {k for k, _ in docs} == {"837P", "835"}
    failures = {text[:200]: r.errors[:3] for text in docs.values() if not (r := validate_x12(text)).ok}
    assert not failures, failures


def test_the_right_path_scores_full_marks_and_collects_what_can_be_collected():
    for sid in scenario_ids():
        s = best(sid)
        assert is_closed(s), sid
        r = result(s)
        assert r["good"] and r["points"] == 100 and r["mistakes"] == 0, (sid, r)
        assert r["paid_by_payer"] + r["billed_to_patient"] == scenario(sid).collectible, sid
        assert open_balance(s) == 0, sid


# ------------------------------------------------------------------ exact expectations


def test_unprocessable_claim_is_fixed_with_a_new_claim_not_a_replacement():
    s = start("D01")
    denial = s.reply.text
    assert seg(denial, "CAS")[0][:3] == ["CAS", "CO", "16"]
    assert ["LQ", "HE", "MA130"] in segs(denial) and ["LQ", "HE", "M76"] in segs(denial)
    assert seg(denial, "CLP")[0][2] == "4" and seg(denial, "CLP")[0][6] == "MB"  # denied, Medicare Part B
    assert seg(s.documents[0].text, "SBR")[0][9] == "MB"
    assert list(read_835_tables(denial).services["remarks"]) == [("MA130", "M76"), ("MA130", "M76")]
    appealed = choose(s, Action.APPEAL, evidence="records")
    assert "no appeal rights" in appealed.reply.text and appealed.mistakes == 1 and not is_closed(appealed)
    replaced = choose(s, Action.CORRECTED_CLAIM, fix="diagnosis")
    assert replaced.reply.kind == "letter" and "never processed" in replaced.reply.text
    fixed = choose(s, Action.NEW_CLAIM, fix="diagnosis")
    claim_text = fixed.documents[-2].text
    assert seg(claim_text, "CLM")[0][5] == "11:B:1"
    assert seg(claim_text, "REF", "F8") == []
    assert seg(claim_text, "HI")[0][1] == "ABK:M5450"
    paid = read_835_tables(fixed.reply.text)
    assert paid.claims["paid"].iloc[0] == D("26.66") and paid.claims["patient_responsibility"].iloc[0] == D("26.66")
    closed = choose(fixed, Action.BILL_PATIENT)
    assert result(closed) == {
        "outcome": "patient_billed",
        "good": True,
        "paid_by_payer": D("26.66"),
        "billed_to_patient": D("26.66"),
        "written_off": D("0.00"),
        "lost": D("0.00"),
        "mistakes": 0,
        "points": 100,
    }
    assert closed.contractual == D("32.68")  # 86.00 - 53.32 allowed: CO-45, posted at closing


def test_corrected_claim_has_frequency_7_and_the_payers_claim_number():
    s = start("D15")
    pcn = seg(s.reply.text, "CLP")[0][7]
    assert pcn == s.payer_claim_number
    resent = choose(s, Action.NEW_CLAIM, fix="modifier")  # a resend of a processed claim is a duplicate
    assert seg(resent.reply.text, "CAS")[0][:3] == ["CAS", "CO", "18"] and resent.mistakes == 1
    fixed = choose(resent, Action.CORRECTED_CLAIM, fix="modifier")
    text = fixed.documents[-2].text
    assert validate_x12(text).ok
    assert seg(text, "CLM")[0][5] == "11:B:7"
    assert seg(text, "REF", "F8") == [["REF", "F8", resent.payer_claim_number]]
    assert seg(text, "SV1")[0][1] == "HC:L4361:RT"
    assert seg(fixed.reply.text, "CLP")[0][2] == "1"


def test_authorization_number_goes_in_ref_g1():
    fixed = choose(start("D39"), Action.CORRECTED_CLAIM, fix="auth")
    text = fixed.documents[-2].text
    assert seg(text, "REF", "G1") == [["REF", "G1", "SMIA2026071"]] and seg(text, "CLM")[0][5] == "11:B:7"


def test_appeal_deadlines_name_their_rule():
    medicare = start("D08")
    assert medicare.deadline == medicare.today + timedelta(days=125) and medicare.deadline_rule == "redetermination"
    assert "42 CFR 405.942(a)" in RULES["redetermination"].source
    plan = start("D06")
    assert plan.deadline == plan.today + timedelta(days=180) and plan.deadline_rule == "plan_appeal"
    won = choose(plan, Action.APPEAL, evidence="proof")
    assert f"deadline {plan.deadline} (the simulator's fictional" in won.documents[-2].text  # and its source
    lost = choose(plan, Action.APPEAL, evidence="letter_only")
    assert "upheld" in lost.reply.text and not is_closed(lost)


def test_right_action_after_the_filing_deadline_closes_out_of_time():
    s = start("D17")  # an old claim: 163 days after the date of service, the plan allows 180
    assert s.deadline == scenario("D17").claim.first_service_date + timedelta(days=180)
    late = choose(choose(s, Action.APPEAL, evidence="records"), Action.CORRECTED_CLAIM, fix="modifier")
    assert result(late)["outcome"] == "out_of_time" and "too late" in late.feedback
    assert result(late)["lost"] == D("90.00")


def test_patient_share_amounts_and_co45_never_billed():
    s = start("D28")
    t = read_835_tables(s.reply.text)
    adj = {(a["group"], a["carc"]): a["amount"] for a in t.adjustments.to_dict("records")}
    assert adj == {("CO", "45"): D("100.00"), ("PR", "1"): D("100.00")}
    assert t.claims["paid"].iloc[0] == D("50.00")
    too_much = choose(s, Action.BILL_PATIENT, amount=D("200.00"))  # PR + CO-45
    assert not is_closed(too_much) and too_much.mistakes == 1 and "exactly the PR total, $100.00" in too_much.feedback
    assert too_much.documents == s.documents  # nothing went out
    done = choose(too_much, Action.BILL_PATIENT)
    assert done.documents[-1].kind == "statement" and "you owe $100.00 for" in done.documents[-1].text
    assert result(done)["points"] == 80
    contractual = start("D33")
    refused = choose(contractual, Action.BILL_PATIENT, amount=D("20.16"))
    assert "never billed to the patient" in refused.feedback and refused.mistakes == 1
    written = choose(refused, Action.WRITE_OFF)
    assert result(written)["outcome"] == "written_off" and result(written)["written_off"] == D("20.16")
    assert (
        written.documents[-1].kind == "adjustment"
        and "20.16 adjusted off, following CO-45" in written.documents[-1].text
    )


def test_coordination_of_benefits_bills_primary_then_secondary():
    s = choose(start("D24"), Action.BILL_OTHER_PAYER)
    assert seg(s.documents[-2].text, "NM1", "PR")[0][3] == "SAMPLE MUTUAL INSURANCE"
    primary = read_835_tables(s.reply.text)
    assert primary.payments["payer"].iloc[0] == "SAMPLE MUTUAL INSURANCE"
    statement = choose(s, Action.BILL_PATIENT)
    assert "not billed yet" in statement.feedback and not is_closed(statement)
    done = choose(s, Action.BILL_OTHER_PAYER)
    secondary = read_835_tables(done.reply.text)
    assert secondary.claims["status"].iloc[0] == "2" and set(secondary.adjustments["carc"]) == {"23"}
    assert result(done)["outcome"] == "paid" and result(done)["paid_by_payer"] == D("38.40")


def test_a_wrong_write_off_closes_with_the_loss_and_three_wrong_turns_close_the_claim():
    s = choose(start("D09"), Action.WRITE_OFF)
    assert result(s)["outcome"] == "lost_write_off" and result(s)["lost"] == scenario("D09").collectible
    assert "could be collected" in s.feedback
    t = start("D09")
    for _ in range(3):
        t = choose(t, Action.APPEAL, evidence="letter_only")
    assert result(t)["outcome"] == "out_of_time" and result(t)["points"] == 0
    with pytest.raises(ValueError, match="closed"):
        choose(t, Action.APPEAL, evidence="records")


def test_choose_is_pure_and_rejects_unknown_details():
    s = start("D15")
    before = (s.step, len(s.documents), s.mistakes, s.today)
    choose(s, Action.CORRECTED_CLAIM, fix="modifier")
    assert (s.step, len(s.documents), s.mistakes, s.today) == before
    with pytest.raises(ValueError):
        choose(s, Action.CORRECTED_CLAIM, fix="no-such-fix")
    with pytest.raises(ValueError):
        choose(s, "shred_it")
    with pytest.raises(KeyError):
        start("D999")


def test_toolkit_837p_defaults_stay_an_original_claim():
    claim = scenario("D01").claim
    assert claim.frequency_code == "1" and claim.payer_claim_number == "" and claim.prior_authorization == ""
    text = start("D01").documents[0].text
    assert seg(text, "CLM")[0][5] == "11:B:1" and seg(text, "REF", "F8") == [] and seg(text, "REF", "G1") == []
    void = replace(claim, frequency_code="8", payer_claim_number="X1")
    from course.billing.x12_837p import claim_to_837p

    assert validate_x12(claim_to_837p(void)).ok


def test_bench_loop_exchanges_four_valid_files():
    from bench.bench_denials import one_loop

    claim, denial, corrected, paid = one_loop()
    assert seg(claim, "CLM")[0][5] == "11:B:1" and seg(corrected, "CLM")[0][5] == "11:B:7"
    assert seg(corrected, "REF", "F8")[0][2] == seg(denial, "CLP")[0][7]
    assert seg(denial, "CLP")[0][2] == "4" and seg(paid, "CLP")[0][2] == "1"


def test_a_scenario_built_outside_the_registry_plays_the_same_way():
    from course.billing.denials.kinds import k_modifier
    from course.billing.denials.scenarios import DHP, make_claim, make_scenario

    claim = make_claim(90, DHP, ["S93.401A"], [("L4361", "100.00", 1, (), (1,))], date(2026, 9, 1))
    hidden = make_scenario("H01", "Hidden: a boot without its side", claim, k_modifier(claim, 0, "LT", "left ankle"))
    assert "H01" not in scenario_ids()
    s = choose(start(hidden), Action.CORRECTED_CLAIM, fix="modifier")
    assert s.scenario_id == "H01" and seg(s.documents[-2].text, "SV1")[0][1] == "HC:L4361:LT"
    done = choose(s, Action.BILL_PATIENT)
    assert result(done)["billed_to_patient"] == D("12.00") and hidden.best == (
        (Action.CORRECTED_CLAIM, "modifier"),
        (Action.BILL_PATIENT, ""),
    )


def test_sources_shown_to_students_name_public_documents() -> None:
    """Feedback cites its sources; the team's facts sheet is not something a student can open."""
    from course.billing.denials import CARCS, GROUPS, RARCS, RULES

    shown = [c.source for table in (CARCS, GROUPS, RARCS) for c in table.values()]
    shown += [r.source for r in RULES.values()]
    assert shown and not [s for s in shown if "facts sheet" in s.lower()]
