"""tests/test_fairness.py's cases for a09, the biller's loop (kept here so that file's diff stays small).

`add(right, wrong)` registers them with test_fairness's own `right` and `wrong`: alternative right answers
the wording allows, typical wrong answers, and each day boundary on both sides.
"""

from __future__ import annotations

from collections.abc import Callable

_ACTION = '''
    def choose_denial_action(denial):
        group, carc, rarcs = denial["group"], denial["carc"], denial["rarcs"]
        if {PR}:
            return "bill_patient"
        if carc == "45":
            return "write_off"
        if {SIXTEEN}:
            return {MA130}
        if denial["records_support_claim"] and {IN_TIME}:
            return "appeal"
        return "write_off"
'''


def _action(
    pr: str = 'group == "PR"',
    sixteen: str = 'carc == "16"',
    ma130: str = '"new_claim" if "MA130" in rarcs else "corrected_claim"',
    in_time: str = 'denial["days_since_denial"] <= denial["appeal_days"]',
) -> str:
    """A choose_denial_action answer with these pieces swapped in."""
    return (
        _ACTION.replace("{PR}", pr).replace("{SIXTEEN}", sixteen).replace("{MA130}", ma130).replace("{IN_TIME}", in_time)
    )


_CORRECTED = '''
    import copy

    def make_corrected_claim(claim, remittance, fixes):
        new = {COPY}
        new["frequency_code"] = {FREQ}
        new["original_reference"] = {REF}
        for fix in {FIXES}:
            if fix["line"] is None:
                new[fix["field"]] = fix["value"]
            else:
                new["lines"][{INDEX}][fix["field"]] = fix["value"]
        return {RETURN}
'''


def _corrected(
    copy: str = "copy.deepcopy(claim)",
    freq: str = '"7"',
    ref: str = 'remittance["payer_claim_number"]',
    fixes: str = "fixes",
    index: str = 'fix["line"] - 1',
    ret: str = "new",
) -> str:
    """A make_corrected_claim answer with these pieces swapped in."""
    return (
        _CORRECTED.replace("{COPY}", copy).replace("{FREQ}", freq).replace("{REF}", ref).replace("{FIXES}", fixes)
        .replace("{INDEX}", index).replace("{RETURN}", ret)
    )


def add(right: Callable[..., None], wrong: Callable[..., None]) -> None:
    """Register a09's right and wrong answers."""
    q = "a09", "a09_deadline"
    right(*q, "ISO text with spaces", 'last_appeal_day = " 2026-07-07 "')
    right(*q, "a datetime", "from datetime import datetime\nlast_appeal_day = datetime(2026, 7, 7, 17, 0)")
    wrong(*q, "day 119 (one short)", 'last_appeal_day = "2026-07-06"')
    wrong(*q, "day 121 (one late)", "last_appeal_day = date(2026, 7, 8)")
    wrong(*q, "four months instead of 120 days", "last_appeal_day = date(2026, 7, 9)")
    wrong(*q, "not a date", 'last_appeal_day = "7 July"')

    q = "a09", "a09_action"
    right(*q, "upper case and spaces", _action().replace('"appeal"', '" APPEAL "').replace('"bill_patient"', '"Bill_Patient"'))
    right(*q, "reason code as a number", _action(sixteen='int(carc) == 16').replace('carc == "45"', "int(carc) == 45"))
    right(*q, "a set of remark codes", _action(ma130='"new_claim" if {"MA130"} & set(rarcs) else "corrected_claim"'))
    right(*q, "a window counted the other way", _action(in_time='not denial["days_since_denial"] > denial["appeal_days"]'))
    wrong(*q, "every CO-16 is a corrected claim", _action(ma130='"corrected_claim"'), "t_action_rules")
    wrong(*q, "every CO-16 is a new claim", _action(ma130='"new_claim"'), "t_action_rules")
    wrong(*q, "an unprocessable claim appealed", _action(ma130='"appeal" if "MA130" in rarcs else "corrected_claim"'),
          "t_action_rules")
    wrong(*q, "MA130 only as the first remark", _action(ma130='"new_claim" if rarcs[:1] == ["MA130"] else "corrected_claim"'),
          "t_action_rules")
    wrong(*q, "CO-45 billed to the patient", _action().replace('carc == "45":\n            return "write_off"',
                                                               'carc == "45":\n            return "bill_patient"'),
          "t_action_rules")
    wrong(*q, "reason code compared as a number", _action(sixteen="carc == 16"), "t_action_rules")
    wrong(*q, "PR-1 only, not every PR", _action(pr='group == "PR" and carc in ("1", "2", "3")'), "t_action_rules")
    wrong(*q, "appeals whatever the record says",
          _action().replace('denial["records_support_claim"] and ', ""), "t_action_rules", "t_action_deadline")
    wrong(*q, "the last day counted as late", _action(in_time='denial["days_since_denial"] < denial["appeal_days"]'),
          "t_action_deadline")
    wrong(*q, "one day too many", _action(in_time='denial["days_since_denial"] <= denial["appeal_days"] + 1'),
          "t_action_deadline")
    wrong(*q, "always Medicare's 120 days", _action(in_time='denial["days_since_denial"] <= 120'), "t_action_deadline")
    wrong(*q, "no deadline at all", _action(in_time="True"), "t_action_deadline")
    wrong(*q, "an answer not in ACTIONS", _action().replace('"write_off"', '"adjust"'))

    q = "a09", "a09_corrected"
    right(*q, "copied by hand, frequency as a number", """
        def make_corrected_claim(claim, remittance, fixes):
            new = dict(claim)
            new["lines"] = [dict(line) for line in claim["lines"]]
            new["frequency_code"] = 7
            new["original_reference"] = remittance["payer_claim_number"]
            for fix in fixes:
                target = new if fix["line"] is None else new["lines"][fix["line"] - 1]
                target[fix["field"]] = fix["value"]
            return new
    """)
    right(*q, "a JSON round trip", _corrected(copy="__import__('json').loads(__import__('json').dumps(claim))"))
    right(*q, "enumerate from 1", _corrected(index='[i for i, _ in enumerate(new["lines"], 1)].index(fix["line"])'))
    wrong(*q, "frequency code left at 1", _corrected(freq='claim["frequency_code"]'), "t_corrected_header")
    wrong(*q, "void (8) instead of replacement", _corrected(freq='"8"'), "t_corrected_header")
    wrong(*q, "own claim number as the reference", _corrected(ref='claim["claim_id"]'), "t_corrected_header")
    wrong(*q, "the reference from the example, not the argument", _corrected(ref='remittance_entry["payer_claim_number"]'),
          "t_corrected_header")
    wrong(*q, "line numbers counted from 0", _corrected(index='fix["line"]'), "t_corrected_fixes")
    wrong(*q, "only the first fix", _corrected(fixes="fixes[:1]"), "t_corrected_fixes")
    wrong(*q, "a shallow copy changes the sent claim's lines", _corrected(copy="dict(claim)"), "t_corrected_fixes")
    wrong(*q, "only the fixed lines sent", _corrected(ret='dict(new, lines=[ln for i, ln in enumerate(new["lines"], 1) '
                                                          'if any(f["line"] == i for f in fixes)])'),
          "t_corrected_fixes")
    wrong(*q, "the sent claim changed in place", _corrected(copy="claim"), "t_corrected_fixes")
