"""Every autograded question is graded as its wording says (issue 12, item 4).

For each autograded answer cell in source/ (a01, a02, ...): alternative right answers that the question's
wording allows (other containers, number types, case, spacing only where the question mentions it)
must pass every grade cell of the question, and typical wrong answers must fail exactly the grade
cells named, with every boundary the question names tried on both sides. The answers run through
tests/answer_harness.py (one kernel per assignment); tests/test_assignments.py's real nbgrader run
holds a mixed submission per assignment and proves the harness scores it as `nbgrader autograde` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from textwrap import dedent

import nbformat
import pytest

from tests import fairness_cases_a09
from tests.answer_harness import NotebookRunner, is_answer, nbgrader_meta, questions
from tests.nbgrader_helpers import notebooks
from tests.support import ROOT

ASSIGNMENTS = sorted(p.name for p in (ROOT / "source").iterdir() if p.is_dir() and p.name.startswith("a"))
ALL = "every grade cell of the question"


@dataclass(frozen=True)
class Case:
    """An answer to one question: right (`fails` empty) or wrong (`fails`: the grade cells it must fail)."""

    aid: str
    answer: str
    name: str
    code: str
    fails: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.answer}:{'wrong' if self.fails else 'right'}:{self.name}"


CASES: list[Case] = []


def right(aid: str, answer: str, name: str, code: str) -> None:
    CASES.append(Case(aid, answer, name, dedent(code)))


def wrong(aid: str, answer: str, name: str, code: str, *fails: str) -> None:
    CASES.append(Case(aid, answer, name, dedent(code), fails or (ALL,)))


# ---------------------------------------------------------------- a01 two careers
Q = "a01", "a01-roles"
right(*Q, "case and spaces", """
    task_1, task_2, task_3 = " Coder", "BILLER ", "Both"
    task_4, task_5, task_6 = "biller", "CODER", " both "
""")
wrong(*Q, "task 3 is not only the biller's", 'task_3 = "biller"', "a01-roles-test-1")
wrong(*Q, "task 1 given to the biller", 'task_1 = "biller"', "a01-roles-test-1")
wrong(*Q, "task 5 given to the biller", 'task_5 = "biller"', "a01-roles-test-2")
wrong(*Q, "task 6 given to the coder", 'task_6 = "coder"', "a01-roles-test-2")
wrong(*Q, "not text", "task_4 = None", "a01-roles-test-2")
Q = "a01", "a01-order"
right(*Q, "tuple in lower case", 'visit_order = ("b", "e", "c", "f", "d", "a", "g")')
right(*Q, "list from a string", 'visit_order = list("BECFDAG")')
wrong(*Q, "coder before the record", 'visit_order = ["B", "C", "E", "F", "D", "A", "G"]')
wrong(*Q, "coder after the claim", 'visit_order = ["B", "E", "F", "C", "D", "A", "G"]')
wrong(*Q, "posting before the decision", 'visit_order = ["B", "E", "C", "F", "A", "D", "G"]', "a01-order-test-full")
wrong(*Q, "a step missing", 'visit_order = ["B", "E", "C", "F", "D", "A"]')
Q = "a01", "a01-patient-share"
right(*Q, "Decimal to the cent", """
    def patient_share(allowed, plan_paid):
        return (Decimal(str(allowed)) - Decimal(str(plan_paid))).quantize(Decimal("0.01"))
""")
right(*Q, "whole cents", """
    def patient_share(allowed, plan_paid):
        return (round(allowed * 100) - round(plan_paid * 100)) / 100
""")
wrong(*Q, "subtracts the wrong way", "def patient_share(allowed, plan_paid):\n    return round(plan_paid - allowed, 2)\n")
wrong(*Q, "always 20 percent", "def patient_share(allowed, plan_paid):\n    return round(allowed * 0.2, 2)\n")
wrong(*Q, "rounded to dollars", "def patient_share(allowed, plan_paid):\n    return round(allowed - plan_paid)\n")
wrong(*Q, "text", 'def patient_share(allowed, plan_paid):\n    return f"{allowed - plan_paid:.2f}"\n')
Q = "a01", "a01-next-step"
right(*Q, "capitals and spaces", """
    def next_step(balance):
        if balance > 0:
            return "Send Statement"
        if balance < 0:
            return " REFUND"
        return "close  account "
""")
wrong(*Q, "zero sends a statement", """
    def next_step(balance):
        return "send statement" if balance >= 0 else "refund"
""")
wrong(*Q, "whole dollars only", """
    def next_step(balance):
        if balance >= 1:
            return "send statement"
        if balance <= -1:
            return "refund"
        return "close account"
""")
wrong(*Q, "cents owed ignored, below zero right", """
    def next_step(balance):
        if balance >= 1:
            return "send statement"
        if balance < 0:
            return "refund"
        return "close account"
""")
wrong(*Q, "a cent paid too much ignored", """
    def next_step(balance):
        if balance > 0:
            return "send statement"
        if balance <= -1:
            return "refund"
        return "close account"
""")

# ---------------------------------------------------------------- a02 code sets
Q = "a02", "a02-q1"
right(*Q, "names typed out", """
    code_sets = {"0DTJ4ZZ": "ICD-10-PCS", "E0114": "HCPCS Level II", "F32.A": "ICD-10-CM",
                 "J1885": "HCPCS Level II", "U07.1": "ICD-10-CM"}
""")
wrong(*Q, "procedure code as a diagnosis", 'code_sets["0DTJ4ZZ"] = ICD10CM')
wrong(*Q, "drug code as CPT", 'code_sets["J1885"] = CPT')
wrong(*Q, "a key dropped", 'del code_sets["U07.1"]')
Q = "a02", "a02-q2"
right(*Q, "lower case without dots", 'dx_a, dx_b, dx_c, dx_d = "e119", "f32a", "s93401a", "m5450"')
right(*Q, "mixed", 'dx_a, dx_b, dx_c, dx_d = "E11.9", "f32.A", "S93401A", "M54.50"')
wrong(*Q, "in remission", 'dx_a = "E11.A"')
wrong(*Q, "major depression", 'dx_b = "F32.9"')
wrong(*Q, "header for the sprain", 'dx_c = "S93.401"')
wrong(*Q, "left ankle", 'dx_c = "S93.402A"')
wrong(*Q, "header for back pain", 'dx_d = "M54.5"')

_FORMAT_REGEX = r'''
    import re

    def format_issue(code):
        text = code.strip().upper()
        if "." in text:
            if not re.fullmatch(r"[^.]{3}\.[^.]+", text):
                return "dot"
            text = text.replace(".", "")
        if not 3 <= len(text) <= 7:
            return "length"
        if not re.fullmatch(r"[A-Z]", text[0]):
            return "first"
        if not re.fullmatch(r"[A-Z0-9]*", text[1:]):
            return "characters"
        return ""
'''


def _format_issue(first: str, other: str, prepare: str = "code.strip().upper()", length: str = "3 <= len(text) <= 7") -> str:
    """A format_issue answer with these tests for the first character, the others and the length."""
    return f"""
    import string

    def format_issue(code):
        text = {prepare}
        if "." in text:
            if text.count(".") != 1 or text.index(".") != 3 or text.endswith("."):
                return "dot"
            text = text.replace(".", "")
        if not ({length}):
            return "length"
        if not ({first}):
            return "first"
        if not all({other} for ch in text[1:]):
            return "characters"
        return ""
    """


Q = "a02", "a02-q3"
right(*Q, "regular expressions", _FORMAT_REGEX)
right(*Q, "string module", _format_issue("text[0] in string.ascii_uppercase", "ch in string.ascii_uppercase + string.digits"))
right(*Q, "isascii with isalpha", _format_issue("text[0].isascii() and text[0].isalpha()", "(ch.isascii() and ch.isalnum())"))
wrong(*Q, "str.isalpha lets accented letters through", _format_issue("text[0].isalpha()", "ch.isalnum()"))
wrong(*Q, "str.isdigit lets superscript digits through", _format_issue("text[0] in string.ascii_uppercase", "(ch in string.ascii_uppercase or ch.isdigit())"))
wrong(*Q, "spaces not removed", _format_issue("text[0] in string.ascii_uppercase", "ch in string.ascii_uppercase + string.digits", prepare="code.upper()"))
wrong(*Q, "lower case refused", _format_issue("text[0] in string.ascii_uppercase", "ch in string.ascii_uppercase + string.digits", prepare="code.strip()"))
wrong(*Q, "8 characters allowed", _format_issue("text[0] in string.ascii_uppercase", "ch in string.ascii_uppercase + string.digits", length="3 <= len(text) <= 8"))
wrong(*Q, "2 characters allowed", _format_issue("text[0] in string.ascii_uppercase", "ch in string.ascii_uppercase + string.digits", length="2 <= len(text) <= 7"))
wrong(*Q, "the dot counted in the length", """
    def format_issue(code):
        text = code.strip().upper()
        if not 3 <= len(text) <= 7:
            return "length"
        if "." in text and (text.count(".") != 1 or text.index(".") != 3 or text.endswith(".")):
            return "dot"
        text = text.replace(".", "")
        if not ("A" <= text[0] <= "Z"):
            return "first"
        if not all("A" <= ch <= "Z" or "0" <= ch <= "9" for ch in text[1:]):
            return "characters"
        return ""
""")
wrong(*Q, "the dot only checked before the 4th place", """
    def format_issue(code):
        text = code.strip().upper()
        if "." in text:
            if text.count(".") != 1 or text.index(".") < 3 or text.endswith("."):
                return "dot"
            text = text.replace(".", "")
        if not 3 <= len(text) <= 7:
            return "length"
        if not ("A" <= text[0] <= "Z"):
            return "first"
        if not all("A" <= ch <= "Z" or "0" <= ch <= "9" for ch in text[1:]):
            return "characters"
        return ""
""")
wrong(*Q, "the dot anywhere", """
    def format_issue(code):
        text = code.strip().upper().replace(".", "")
        if not 3 <= len(text) <= 7:
            return "length"
        if not ("A" <= text[0] <= "Z"):
            return "first"
        if not all("A" <= ch <= "Z" or "0" <= ch <= "9" for ch in text[1:]):
            return "characters"
        return ""
""")
Q = "a02", "a02-q4"
right(*Q, "compares dotted codes as written", """
    def billable_status(code, code_list):
        def plain(c):
            return c.strip().upper().replace(".", "")
        wanted = plain(code)
        others = [plain(c) for c in code_list]
        if wanted not in others:
            return "invalid"
        return "header" if any(o != wanted and o.startswith(wanted) for o in others) else "billable"
""")
wrong(*Q, "uses the excerpt, not code_list", """
    def billable_status(code, code_list):
        wanted = code.strip().upper().replace(".", "")
        plain = [c.replace(".", "") for c in FY2026_EXCERPT]
        if wanted not in plain:
            return "invalid"
        return "header" if any(o != wanted and o.startswith(wanted) for o in plain) else "billable"
""")
wrong(*Q, "case sensitive", """
    def billable_status(code, code_list):
        wanted = code.strip().replace(".", "")
        plain = [c.replace(".", "") for c in code_list]
        if wanted not in plain:
            return "invalid"
        return "header" if any(o != wanted and o.startswith(wanted) for o in plain) else "billable"
""")
wrong(*Q, "a code starts with itself", """
    def billable_status(code, code_list):
        wanted = code.strip().upper().replace(".", "")
        plain = [c.replace(".", "") for c in code_list]
        if wanted not in plain:
            return "invalid"
        return "header" if any(o.startswith(wanted) for o in plain) else "billable"
""")

# ---------------------------------------------------------------- a03 record to codes
Q = "a03", "a03-q1"
right(*Q, "frozenset, tuple, any case, no dots", """
    note_a = frozenset({"r519", "R50.9"})
    note_b = "s93402a"
    note_c = ["e119", "Z79.84", "e785"]
    note_d = ("J209",)
""")
right(*Q, "lists", 'note_a = ["R50.9", "R51.9"]\nnote_d = ["J20.9"]\n')
wrong(*Q, "codes the suspected viral syndrome", 'note_a = {"R51.9", "R50.9", "B34.9"}', "a03-q1a-test")
wrong(*Q, "one symptom only", 'note_a = {"R51.9"}', "a03-q1a-test")
wrong(*Q, "a code twice", 'note_a = ["R51.9", "R51.9", "R50.9"]', "a03-q1a-test")
wrong(*Q, "right ankle", 'note_b = "S93.401A"', "a03-q1b-test")
wrong(*Q, "subsequent encounter", 'note_b = "S93.402D"', "a03-q1b-test")
wrong(*Q, "hyperlipidemia first", 'note_c = ["E78.5", "E11.9", "Z79.84"]', "a03-q1c-test")
wrong(*Q, "insulin instead of oral drugs", 'note_c = ["E11.9", "Z79.4", "E78.5"]', "a03-q1c-test")
wrong(*Q, "cough coded with bronchitis", 'note_d = {"J20.9", "R05.1"}', "a03-q1d-test")
Q = "a03", "a03-q2"
right(*Q, "no strip, upper-case keys, while loop", """
    def add_seventh_character(code, encounter):
        letter = {"INITIAL": "A", "SUBSEQUENT": "D", "SEQUELA": "S"}[encounter.upper()]
        plain = code.upper().replace(".", "")
        while len(plain) < 6:
            plain += "X"
        return plain[:3] + "." + plain[3:] + letter
""")
wrong(*Q, "no dot in the result", """
    def add_seventh_character(code, encounter):
        letter = {"initial": "A", "subsequent": "D", "sequela": "S"}[encounter.lower()]
        return code.upper().replace(".", "").ljust(6, "X") + letter
""")
wrong(*Q, "the dot counted as a place", """
    def add_seventh_character(code, encounter):
        letter = {"initial": "A", "subsequent": "D", "sequela": "S"}[encounter.lower()]
        return code.upper().ljust(7, "X") + letter
""")
wrong(*Q, "case kept", """
    def add_seventh_character(code, encounter):
        letter = {"initial": "A", "subsequent": "D", "sequela": "S"}[encounter.lower()]
        plain = code.replace(".", "").ljust(6, "X")
        return plain[:3] + "." + plain[3:] + letter
""")
wrong(*Q, "sequela and subsequent swapped", """
    def add_seventh_character(code, encounter):
        letter = {"initial": "A", "subsequent": "S", "sequela": "D"}[encounter.lower()]
        plain = code.upper().replace(".", "").ljust(6, "X")
        return plain[:3] + "." + plain[3:] + letter
""")

_CONFLICTS = """
    def excludes1_conflicts(codes, excludes1):
        def plain(c):
            return c.strip().upper().replace(".", "")
        found = {RESULT_INIT}
        for key, excluded in {NOTES}.items():
            for a in codes:
                if {MATCH}:
                    for b in codes:
                        if plain(b) != plain(a) and any(plain(b).startswith(plain(p)) for p in excluded):
                            {ADD}
        return {RETURN}
"""


def _conflicts(*, init="set()", notes="excludes1", match="plain(a).startswith(plain(key))",
               add="found.add(frozenset((a, b)))", ret="found") -> str:
    return (_CONFLICTS.replace("{RESULT_INIT}", init).replace("{NOTES}", notes).replace("{MATCH}", match)
            .replace("{ADD}", add).replace("{RETURN}", ret))


Q = "a03", "a03-q3"
right(*Q, "a set of frozensets, dots kept", _conflicts())
right(*Q, "a frozenset", _conflicts(ret="frozenset(found)"))
right(*Q, "a list of tuples, each pair once", _conflicts(ret="[tuple(sorted(pair)) for pair in found]"))
wrong(*Q, "exact keys only", _conflicts(match="plain(a) == plain(key)"))
wrong(*Q, "uses EXCLUDES1, not the argument", _conflicts(notes="EXCLUDES1"), "a03-q3-test")
wrong(*Q, "each pair twice, both ways", _conflicts(init="[]", add="found.append((a, b))", ret="found + [(b, a) for a, b in found]"))
wrong(*Q, "the first conflict only", _conflicts(ret="set(list(found)[:1])"), "a03-q3-test")
Q = "a03", "a03-q4"
right(*Q, "keeps the dot", """
    def first_listed_code(visit_reason, codes, code_first):
        def plain(c):
            return c.strip().upper().replace(".", "")
        for key, underlying in code_first.items():
            if plain(visit_reason).startswith(plain(key)):
                for c in codes:
                    if any(plain(c).startswith(plain(p)) for p in underlying):
                        return c.strip().upper()
        return visit_reason.strip().upper()
""")
wrong(*Q, "always the reason for the visit", """
    def first_listed_code(visit_reason, codes, code_first):
        return visit_reason.strip().upper()
""", "a03-q4-test")
wrong(*Q, "case kept", """
    def first_listed_code(visit_reason, codes, code_first):
        for key, underlying in code_first.items():
            if visit_reason.upper().replace(".", "").startswith(key.replace(".", "")):
                for c in codes:
                    if any(c.upper().replace(".", "").startswith(p.replace(".", "")) for p in underlying):
                        return c
        return visit_reason
""", "a03-q4-test")
wrong(*Q, "uses CODE_FIRST, not the argument", """
    def first_listed_code(visit_reason, codes, code_first):
        for key, underlying in CODE_FIRST.items():
            if visit_reason.upper().replace(".", "").startswith(key.replace(".", "")):
                for c in codes:
                    if any(c.upper().replace(".", "").startswith(p.replace(".", "")) for p in underlying):
                        return c.upper()
        return visit_reason.upper()
""", "a03-q4-test")

# ---------------------------------------------------------------- a04 clean claims
Q = "a04", "a04-q1"
right(*Q, "a number", "icd_indicator = 0")
wrong(*Q, "ICD-9's indicator", 'icd_indicator = "9"')
Q = "a04", "a04-q2"
right(*Q, "a tuple", 'item21_codes = ("E119", "I10")')
wrong(*Q, "dots kept", 'item21_codes = ["E11.9", "I10"]')
wrong(*Q, "order swapped", 'item21_codes = ["I10", "E119"]')
Q = "a04", "a04-q3"
right(*Q, "keys in another order", 'pos = {"emergency_room": "23", "urgent_care": "20", "office": "11", "telehealth_at_home": "10"}')
wrong(*Q, "telehealth not at home", 'pos["telehealth_at_home"] = "02"')
wrong(*Q, "emergency room as inpatient", 'pos["emergency_room"] = "21"')
wrong(*Q, "a setting left empty", 'pos["urgent_care"] = None')
Q = "a04", "a04-q4"  # built on the reference answer, whatever letter it is
right(*Q, "lower case", "flu_shot_pointer = flu_shot_pointer.strip().lower()")
right(*Q, "a one-letter list", "flu_shot_pointer = [flu_shot_pointer]")
wrong(*Q, "another diagnosis", 'flu_shot_pointer = "C" if flu_shot_pointer.strip().upper() == "A" else "A"', "a04-q4-test")
wrong(*Q, "a letter past the list", 'flu_shot_pointer = "D"')
Q = "a04", "a04-q5"
right(*Q, "a float", "medicare_filing_months = 12.0")
wrong(*Q, "six months", "medicare_filing_months = 6", "a04-q5-test")
wrong(*Q, "two years", "medicare_filing_months = 24", "a04-q5-test")

_NPI = """
    def npi_steps(first_nine):
        doubled_sum = plain_sum = 0
        for i, ch in enumerate(first_nine):
            d = int(ch)
            if i % 2 == {DOUBLED}:
                {ADD}
            else:
                plain_sum += d
        total = doubled_sum + plain_sum + {PREFIX}
        return {"doubled_sum": doubled_sum, "plain_sum": plain_sum, "total": total, "check_digit": {CHECK}}
"""


def _npi(doubled="0", add="doubled_sum += sum(divmod(d * 2, 10))", prefix="24", check="(10 - total % 10) % 10") -> str:
    return _NPI.replace("{DOUBLED}", doubled).replace("{ADD}", add).replace("{PREFIX}", prefix).replace("{CHECK}", check)


Q = "a04", "a04-q6"
right(*Q, "left to right, subtract 9", _npi(add="doubled_sum += d * 2 - 9 if d * 2 > 9 else d * 2"))
wrong(*Q, "doubles the other digits", _npi(doubled="1"))
wrong(*Q, "adds the doubled number, not its digits", _npi(add="doubled_sum += d * 2"), "a04-q6-test")
wrong(*Q, "forgets the prefix", _npi(prefix="0"))
wrong(*Q, "check digit without the complement", _npi(check="total % 10"))
Q = "a04", "a04-q7"
right(*Q, "regular expression", r"""
    import re

    def bad_npis(npis):
        return [n for n in npis if not (re.fullmatch(r"[0-9]{10}", n) and npi_steps(n[:9])["check_digit"] == int(n[9]))]
""")
wrong(*Q, "no length check", """
    def bad_npis(npis):
        return [n for n in npis if not (n.isdigit() and npi_steps(n[:9])["check_digit"] == int(n[-1]))]
""", "a04-q7-test")
wrong(*Q, "the good ones", """
    def bad_npis(npis):
        return [n for n in npis if len(n) == 10 and n.isdigit() and npi_steps(n[:9])["check_digit"] == int(n[9])]
""")
wrong(*Q, "sorted", """
    def bad_npis(npis):
        return sorted(n for n in npis if not (len(n) == 10 and n.isdigit()
                                             and npi_steps(n[:9])["check_digit"] == int(n[9])))
""", "a04-q7-test")

_LINE = r'''
    import re
    from datetime import date

    def line_problems(line, n_diagnoses, submitted):
        days = (date.fromisoformat(submitted) - date.fromisoformat(line["date"])).days
        pointers, modifiers = line["pointers"], line["modifiers"]
        checks = [
            ("POS", line["pos"] not in KNOWN_POS),
            ("PROCEDURE_CODE", not re.fullmatch(r"[A-Z][0-9]{4}|[0-9]{4}[0-9FT]", line["code"])),
            ("MODIFIER", {MODIFIER}),
            ("POINTER", {POINTER}),
            ("CHARGE", {CHARGE}),
            ("UNITS", not (isinstance(line["units"], int) and line["units"] >= 1)),
            ("TIMELY_FILING", {TIMELY}),
        ]
        return {RETURN}
'''


def _line(modifier="len(modifiers) > 4 or any(len(m) != 2 for m in modifiers)",
          pointer='not 1 <= len(pointers) <= 4 or not set(pointers) <= set("ABCDEFGHIJKL"[:n_diagnoses])',
          charge='line["charge"] <= 0', timely="days > 365", ret="[name for name, bad in checks if bad]") -> str:
    return (_LINE.replace("{MODIFIER}", modifier).replace("{POINTER}", pointer).replace("{CHARGE}", charge)
            .replace("{TIMELY}", timely).replace("{RETURN}", ret))


Q = "a04", "a04-q8"
right(*Q, "regular expression and a table of checks", _line())
wrong(*Q, "365 days is late", _line(timely="days >= 365"), "a04-q8-test")
wrong(*Q, "366 days still on time", _line(timely="days > 366"), "a04-q8-test")
wrong(*Q, "four modifiers too many", _line(modifier="len(modifiers) >= 4 or any(len(m) != 2 for m in modifiers)"), "a04-q8-test")
wrong(*Q, "five pointers allowed", _line(pointer='not 1 <= len(pointers) <= 5 or not set(pointers) <= set("ABCDEFGHIJKL"[:n_diagnoses])'), "a04-q8-test")
wrong(*Q, "four pointers too many", _line(pointer='not 1 <= len(pointers) <= 3 or not set(pointers) <= set("ABCDEFGHIJKL"[:n_diagnoses])'), "a04-q8-test")
wrong(*Q, "any letter A-L", _line(pointer='not 1 <= len(pointers) <= 4 or not set(pointers) <= set("ABCDEFGHIJKL")'), "a04-q8-test")
wrong(*Q, "pointer letters as a substring", _line(pointer='not 1 <= len(pointers) <= 4 or any(p not in "ABCDEFGHIJKL"[:n_diagnoses] for p in pointers)'), "a04-q8-test")
wrong(*Q, "a zero charge allowed", _line(charge='line["charge"] < 0'), "a04-q8-test")
wrong(*Q, "a charge of at least a dollar", _line(charge='line["charge"] < 1'), "a04-q8-test")
wrong(*Q, "only the first problem", _line(ret="[name for name, bad in checks if bad][:1]"), "a04-q8-test")

_CLAIM = """
    def claim_problems(claim):
        found = []
        patient = claim.get("patient") or {}
        if not all(patient.get(k) for k in ("name", "dob", "member_id")):
            found.append("PATIENT")
        if bad_npis([claim["billing_npi"]]):
            found.append("BILLING_NPI")
        if bad_npis([claim["rendering_npi"]]):
            found.append("RENDERING_NPI")
        n = len(claim["diagnoses"])
        if n == 0:
            found.append("NO_DIAGNOSIS")
        if {TOO_MANY}:
            found.append("TOO_MANY_DIAGNOSES")
        if any("." in dx for dx in claim["diagnoses"]):
            found.append("DIAGNOSIS_DOT")
        if not claim["lines"]:
            found.append("NO_LINES")
        for line in claim["lines"]:
            found.extend(line_problems(line, n, claim["submitted"]))
        return {RETURN}
"""


def _claim(too_many="n > 12", ret="list(dict.fromkeys(found))") -> str:
    return _CLAIM.replace("{TOO_MANY}", too_many).replace("{RETURN}", ret)


Q = "a04", "a04-q9"
right(*Q, "a set", _claim(ret="set(found)"))
right(*Q, "a frozenset", _claim(ret="frozenset(found)"))
right(*Q, "a tuple, each name once", _claim(ret="tuple(dict.fromkeys(found))"))
right(*Q, "a list, each name once", _claim(ret="list(dict.fromkeys(found))"))
wrong(*Q, "more than 4 diagnoses flagged", _claim(too_many="n > 4"), "a04-q9-test")
wrong(*Q, "more than 5 diagnoses flagged", _claim(too_many="n > 5"), "a04-q9-test")
wrong(*Q, "12 diagnoses flagged", _claim(too_many="n >= 12"), "a04-q9-test")
wrong(*Q, "13 diagnoses allowed", _claim(too_many="n > 13"), "a04-q9-test")
wrong(*Q, "names repeated", _claim(ret="found"), "a04-q9-test")
wrong(*Q, "only the first problem", _claim(ret="found[:1]"), "a04-q9-test")

# ---------------------------------------------------------------- a05 getting paid
Q = "a05", "a05-q1"
right(*Q, "Decimal", 'contractual_adjustment = Decimal("120.00")')
right(*Q, "int", "contractual_adjustment = 120")
right(*Q, "less than half a cent off", "contractual_adjustment = 120.004")
wrong(*Q, "more than half a cent off", "contractual_adjustment = 120.006", "a05-q1-test")
wrong(*Q, "the allowed amount", "contractual_adjustment = 180.00", "a05-q1-test")
Q = "a05", "a05-q2"
right(*Q, "Decimal", 'patient_owes, plan_pays = Decimal("76.00"), Decimal("104.00")')
wrong(*Q, "coinsurance on the whole allowed amount", "patient_owes, plan_pays = 50 + 180 * 0.2, 180 - (50 + 180 * 0.2)", "a05-q2-test")
wrong(*Q, "coinsurance only", "patient_owes, plan_pays = 36.00, 144.00", "a05-q2-test")
Q = "a05", "a05-q3"
right(*Q, "keys in another order", """
    carc = {"filing time limit expired": "29", "copay": "3", "coinsurance": "2", "deductible": "1",
            "charge above the contracted amount": "45"}
""")
wrong(*Q, "write-off as patient responsibility", 'writeoff_group = "PR"', "a05-q3-test")
wrong(*Q, "copay and coinsurance swapped", 'carc["copay"], carc["coinsurance"] = "2", "3"', "a05-q3-test")
wrong(*Q, "timely filing as 45", 'carc["filing time limit expired"] = "45"', "a05-q3-test")
Q = "a05", "a05-q4"
right(*Q, "int", "days_in_ar = 30")
right(*Q, "Decimal", 'days_in_ar = Decimal(240000) / (Decimal(720000) / 90)')
wrong(*Q, "a year of days", "days_in_ar = 240_000 / (720_000 / 365)", "a05-q4-test")
wrong(*Q, "a month of days", "days_in_ar = 240_000 / (720_000 / 30)", "a05-q4-test")

_YEAR = """
    def costs_for_year(claims, plan):
        deductible_left, oop_left, rows = plan["deductible"], plan["oop_max"], []
        for claim in claims:
            allowed = claim["allowed"]
            copay = min(plan["copay"], allowed, oop_left)
            deductible = min(deductible_left, allowed - copay, oop_left - copay)
            coinsurance = round((allowed - copay - deductible) * plan["coinsurance"], 2)
            coinsurance = min(coinsurance, oop_left - copay - deductible)
            patient = round(copay + deductible + coinsurance, 2)
            deductible_left -= {DEDUCTIBLE_MET}
            oop_left -= {OOP_USED}
            rows.append({"id": claim["id"], "patient": patient, "plan": round(allowed - patient, 2),
                         "write_off": round(claim["billed"] - allowed, 2)})
        return rows
"""
Q = "a05", "a05-q5"
right(*Q, "floats rounded to the cent", _YEAR.replace("{DEDUCTIBLE_MET}", "deductible").replace("{OOP_USED}", "patient"))
wrong(*Q, "copays count toward the deductible", _YEAR.replace("{DEDUCTIBLE_MET}", "deductible + copay").replace("{OOP_USED}", "patient"), "a05-q5-test")
wrong(*Q, "no out-of-pocket maximum", _YEAR.replace("{DEDUCTIBLE_MET}", "deductible").replace("{OOP_USED}", "0"), "a05-q5-test")

_REMIT = """
    def balance_remittance(lines):
        totals = dict.fromkeys(["paid", "CO", "PR", "OA", "PI"], 0.0)
        out = []
        for line in lines:
            totals["paid"] += line["paid"]
            adjusted = 0.0
            for adj in line["adjustments"]:
                totals[adj["group"]] += adj["amount"]
                adjusted += adj["amount"]
            diff = line["billed"] - line["paid"] - adjusted
            if {UNBALANCED}:
                out.append(line["claim"])
        return {**{k: round(v, 2) for k, v in totals.items()}, "out_of_balance": out}
"""
Q = "a05", "a05-q6"
right(*Q, "floats, half a cent either way", _REMIT.replace("{UNBALANCED}", "abs(diff) > 0.005"))
right(*Q, "in tenths of a cent", _REMIT.replace("{UNBALANCED}", "abs(round(diff * 1000)) > 5"))
wrong(*Q, "exact float comparison", _REMIT.replace("{UNBALANCED}", "diff != 0"), "a05-q6-test")
wrong(*Q, "within a whole cent", _REMIT.replace("{UNBALANCED}", "abs(diff) >= 0.01"), "a05-q6-test")
wrong(*Q, "only claims paid too little", _REMIT.replace("{UNBALANCED}", "diff > 0.005"), "a05-q6-test")

_AGING = """
    def age_open_claims(open_claims, as_of):
        buckets = {BUCKETS}
        for claim in open_claims:
            age = (date.fromisoformat(as_of) - date.fromisoformat(claim["billed_on"])).days
            for limit, name in [({L1}, "0-30"), ({L2}, "31-60"), ({L3}, "61-90"), ({L4}, "91-120")]:
                if age <= limit:
                    break
            else:
                name = ">120"
            buckets[name] += claim["balance"]
        return buckets
"""


def _aging(limits=(30, 60, 90, 120), buckets='dict.fromkeys(["0-30", "31-60", "61-90", "91-120", ">120"], 0.0)') -> str:
    code = _AGING.replace("{BUCKETS}", buckets)
    for i, limit in enumerate(limits, 1):
        code = code.replace(f"{{L{i}}}", str(limit))
    return code


Q = "a05", "a05-q7"
right(*Q, "Decimal totals from a table of limits", _aging(buckets='dict.fromkeys(["0-30", "31-60", "61-90", "91-120", ">120"], Decimal(0))').replace('claim["balance"]', 'Decimal(str(claim["balance"]))'))
right(*Q, "share as a Decimal, 0 as an int", """
    def share_over_90(buckets):
        total = sum(Decimal(str(v)) for v in buckets.values())
        return 0 if total == 0 else (Decimal(str(buckets["91-120"])) + Decimal(str(buckets[">120"]))) / total
""")
wrong(*Q, "30 days in 31-60", _aging((29, 60, 90, 120)), "a05-q7-test")
wrong(*Q, "31 days in 0-30", _aging((31, 60, 90, 120)), "a05-q7-test")
wrong(*Q, "59 days in 61-90", _aging((30, 58, 90, 120)), "a05-q7-test")
wrong(*Q, "60 days in 61-90", _aging((30, 59, 90, 120)), "a05-q7-test")
wrong(*Q, "61 days in 31-60", _aging((30, 61, 90, 120)), "a05-q7-test")
wrong(*Q, "90 days in 91-120", _aging((30, 60, 89, 120)), "a05-q7-test")
wrong(*Q, "91 days in 61-90", _aging((30, 60, 91, 120)), "a05-q7-test")
wrong(*Q, "120 days in >120", _aging((30, 60, 90, 119)), "a05-q7-test")
wrong(*Q, "121 days in 91-120", _aging((30, 60, 90, 121)), "a05-q7-test")
wrong(*Q, "empty buckets left out", _aging(buckets="{}").replace("buckets[name] +=", "buckets[name] = buckets.get(name, 0) +"), "a05-q7-test")
wrong(*Q, "61-90 counted as over 90", """
    def share_over_90(buckets):
        total = sum(buckets.values())
        return 0 if total == 0 else (buckets["61-90"] + buckets["91-120"] + buckets[">120"]) / total
""", "a05-q8-test")
wrong(*Q, "divides by a zero total", """
    def share_over_90(buckets):
        return (buckets["91-120"] + buckets[">120"]) / sum(buckets.values())
""", "a05-q8-test")

# ---------------------------------------------------------------- a06 patients and money
Q = "a06", "a06_may_answer"
right(*Q, "keys in another order", 'may_answer = {"E": False, "D": False, "C": False, "B": True, "A": True}')
wrong(*Q, "the visit's reason told to the son", 'may_answer["C"] = True', "t_may_answer")
wrong(*Q, "the neighbour told", 'may_answer["D"] = True', "t_may_answer")
wrong(*Q, "yes and no as text", 'may_answer = {"A": "yes", "B": "yes", "C": "no", "D": "no", "E": "no"}', "t_may_answer")
Q = "a06", "a06_tell_marcus"
right(*Q, "a frozenset", 'tell_marcus = frozenset({"balance", "last_payment", "payment_plan_terms"})')
wrong(*Q, "the reason for the visit too", 'tell_marcus = tell_marcus | {"visit_reason"}', "t_tell_marcus")
wrong(*Q, "the payment plan left out", 'tell_marcus = {"balance", "last_payment"}', "t_tell_marcus")
Q = "a06", "a06_can_dispute"
right(*Q, "whole cents", """
    def can_dispute(gfe_total, billed_total, days_since_bill):
        return round(billed_total * 100) - round(gfe_total * 100) >= 40000 and days_since_bill <= 120
""")
right(*Q, "Decimal", """
    from decimal import Decimal

    def can_dispute(gfe_total, billed_total, days_since_bill):
        return Decimal(str(billed_total)) - Decimal(str(gfe_total)) >= 400 and days_since_bill <= 120
""")
wrong(*Q, "unrounded float money", """
    def can_dispute(gfe_total, billed_total, days_since_bill):
        return billed_total - gfe_total >= 400 and days_since_bill <= 120
""", "t_can_dispute")
wrong(*Q, "rounded to dollars", """
    def can_dispute(gfe_total, billed_total, days_since_bill):
        return round(billed_total - gfe_total) >= 400 and days_since_bill <= 120
""", "t_can_dispute")
wrong(*Q, "exactly $400 not enough", """
    def can_dispute(gfe_total, billed_total, days_since_bill):
        return round(billed_total - gfe_total, 2) > 400 and days_since_bill <= 120
""", "t_can_dispute")
wrong(*Q, "day 120 too late", """
    def can_dispute(gfe_total, billed_total, days_since_bill):
        return round(billed_total - gfe_total, 2) >= 400 and days_since_bill < 120
""", "t_can_dispute")
wrong(*Q, "day 121 still in time", """
    def can_dispute(gfe_total, billed_total, days_since_bill):
        return round(billed_total - gfe_total, 2) >= 400 and days_since_bill <= 121
""", "t_can_dispute")
Q = "a06", "a06_instalments"
right(*Q, "Decimal rounded down", """
    from decimal import ROUND_DOWN, Decimal

    def instalments(balance, months):
        total = Decimal(str(balance))
        each = (total / months).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
        return [each] * (months - 1) + [total - each * (months - 1)]
""")
wrong(*Q, "rounded to the nearest cent", """
    def instalments(balance, months):
        each = round(balance / months, 2)
        return [each] * (months - 1) + [round(balance - each * (months - 1), 2)]
""", "t_instalments_cents")
wrong(*Q, "leftover on the first", """
    def instalments(balance, months):
        each, left = divmod(round(balance * 100), months)
        return [(each + left) / 100] + [each / 100] * (months - 1)
""")
wrong(*Q, "a tuple", """
    def instalments(balance, months):
        each, left = divmod(round(balance * 100), months)
        return tuple([each / 100] * (months - 1) + [(each + left) / 100])
""", "t_instalments_basic")
Q = "a06", "a06_best_replies"
right(*Q, "a tuple in lower case", 'best_replies = ("b", "a", "c")')
wrong(*Q, "one reply wrong", 'best_replies = ["B", "C", "C"]', "t_best_replies")
wrong(*Q, "two letters", 'best_replies = ["B", "A"]', "t_best_replies")

# ---------------------------------------------------------------- a07 remote security
Q = "a07", "a07_identifiers"
right(*Q, "a frozenset", "identifiers = frozenset(identifiers)")
wrong(*Q, "the year alone", 'identifiers = identifiers | {"2026"}', "t_identifiers")
wrong(*Q, "the state", 'identifiers = identifiers | {"Oregon"}', "t_identifiers")
wrong(*Q, "an age under 90", 'identifiers = identifiers | {"age 47"}', "t_identifiers")
wrong(*Q, "the relative left in", 'identifiers = identifiers - {"lives with grandmother, age 93"}', "t_identifiers")
wrong(*Q, "the employer left in", 'identifiers = identifiers - {"works at Brightwater Cannery"}', "t_identifiers")
Q = "a07", "a07_breach"
right(*Q, "frozenset for no states", "media_states = frozenset()")
wrong(*Q, "61 days", "notify_individuals_by = date(2026, 6, 6)", "t_breach_deadline")
wrong(*Q, "59 days", "notify_individuals_by = date(2026, 6, 4)", "t_breach_deadline")
wrong(*Q, "500 residents counted as more than 500", 'media_states = {"Oregon"}', "t_breach_media")
wrong(*Q, "HHS at year end", "hhs_now = False", "t_breach_hhs")
wrong(*Q, "encrypted still notified", "notify_if_encrypted = True", "t_breach_encrypted")

_DEID = r'''
    def deidentify(note):
        months = "January|February|March|April|May|June|July|August|September|October|November|December"
        names = "|".join(part for full in ROSTER for part in full.split())
        text = note
        steps = [
            (r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", "[EMAIL]"),
            (r"\b\d{3}-\d{2}-\d{4}\b", "[SSN]"),
            (r"(?:\(\d{3}\) ?|\b\d{3}-)?\b\d{3}-\d{4}\b", "[PHONE]"),
            (r"\b\d{1,2}/\d{1,2}/(\d{4})\b", r"\1"),
            (r"\b(\d{4})-\d{2}-\d{2}\b", r"\1"),
            (rf"\b(?:{months}) \d{{1,2}}, (\d{{4}})\b", r"\1"),
            (r"\b(MRN:?\s*)\d+", r"\1[MRN]"),
            (r"\b\d{5}(?:-\d{4})?\b", "[ZIP]"),
            (rf"\b(?:{names})\b", "[NAME]"),
        ]
        for pattern, replacement in steps:
            text = re.sub(pattern, replacement, text)
        return text
'''
Q = "a07", "a07_deidentify"
right(*Q, "one table of patterns", _DEID)
wrong(*Q, "does nothing", "def deidentify(note):\n    return note\n")
wrong(*Q, "names only", r"""
    def deidentify(note):
        for part in " ".join(ROSTER).split():
            note = re.sub(rf"\b{part}\b", "[NAME]", note)
        return note
""", "t_deid_example", "t_deid_dates", "t_deid_contacts", "t_deid_numbers", "t_deid_keeps")
wrong(*Q, "short phone numbers first", _DEID.replace(
    r'(r"(?:\(\d{3}\) ?|\b\d{3}-)?\b\d{3}-\d{4}\b", "[PHONE]"),',
    r'(r"\b\d{3}-\d{4}\b", "[PHONE]"), (r"(?:\(\d{3}\) ?|\b\d{3}-)?\b\d{3}-\d{4}\b", "[PHONE]"),'),
    "t_deid_example", "t_deid_contacts")
wrong(*Q, "e-mail swallows the full stop", _DEID.replace(r'[\w.+-]+@[\w-]+(?:\.[\w-]+)+', r'[\w.+-]+@[\w.-]+'),
      "t_deid_example", "t_deid_contacts")
wrong(*Q, "no dates with the month's name", _DEID.replace(r'(rf"\b(?:{months}) \d{{1,2}}, (\d{{4}})\b", r"\1"),', ""),
      "t_deid_dates")
wrong(*Q, "names inside longer words, any case", _DEID.replace(r'(rf"\b(?:{names})\b", "[NAME]"),', r'(rf"(?i)\b(?:{names})", "[NAME]"),'),
      "t_deid_names")
wrong(*Q, "names in any case", _DEID.replace(r'(rf"\b(?:{names})\b", "[NAME]"),', r'(rf"(?i)\b(?:{names})\b", "[NAME]"),'),
      "t_deid_names")
wrong(*Q, "every long number is a ZIP", _DEID.replace(r'r"\b\d{5}(?:-\d{4})?\b"', r'r"\d{4,}"'),
      "t_deid_example", "t_deid_dates", "t_deid_numbers", "t_deid_keeps")

# ---------------------------------------------------------------- a08 a day at the practice
Q = "a08", "a08_codes"
right(*Q, "lower case, no dots, float units", """
    diagnoses = ["s93401a", "w000xxa", "y92480"]
    hcpcs_units = {"L4361": 1, "E0114": 1.0, "J1885": 2}
""")
wrong(*Q, "no 7th character", 'diagnoses = ["S93.401", "W00.0XXA", "Y92.480"]', "t_diagnoses")
wrong(*Q, "the cause first", 'diagnoses = ["W00.0XXA", "S93.401A", "Y92.480"]', "t_diagnoses")
wrong(*Q, "an activity code added", 'diagnoses = ["S93.401A", "W00.0XXA", "Y92.480", "Y93.01"]', "t_diagnoses")
wrong(*Q, "milligrams as units", 'hcpcs_units = {"L4361": 1, "E0114": 1, "J1885": 30}', "t_hcpcs_units")
wrong(*Q, "one unit of the drug", 'hcpcs_units = {"L4361": 1, "E0114": 1, "J1885": 1}', "t_hcpcs_units")
Q = "a08", "a08_pointers"
right(*Q, "tuples in lower case", 'pointers = {"L4361": ("a",), "E0114": ("a",), "J1885": ("a",)}')
wrong(*Q, "the external causes too", 'pointers = {"L4361": ["A", "B", "C"], "E0114": ["A"], "J1885": ["A"]}', "t_pointers")
Q = "a08", "a08_fixes"
right(*Q, "lower case, no dot", 'fixes = {"diagnosis_A": "s93401a", "j1885_pointer": "a", "j1885_units": 2}')
wrong(*Q, "milligrams as units", 'fixes = {"diagnosis_A": "S93.401A", "j1885_pointer": "A", "j1885_units": 30}', "t_fixes")
wrong(*Q, "the header kept", 'fixes = {"diagnosis_A": "S93.401", "j1885_pointer": "A", "j1885_units": 2}', "t_fixes")
Q = "a08", "a08_posting"
right(*Q, "Decimal", """
    from decimal import Decimal
    write_off = Decimal("30.00") + Decimal("15.00") + Decimal("8.00")
    patient_responsibility = Decimal("90.00") + Decimal("10.00") + Decimal("7.00") + Decimal("2.40")
    balance_due = patient_responsibility - Decimal("25.00")
""")
right(*Q, "ints and unrounded floats", """
    write_off = 53
    patient_responsibility = 90.00 + 10.00 + 7.00 + 2.40
    balance_due = patient_responsibility - 25.00
""")
wrong(*Q, "deposit not subtracted", "balance_due = patient_responsibility", "t_posting")
wrong(*Q, "a cent off", "balance_due = 84.41", "t_posting")
wrong(*Q, "coinsurance on the drug left out", "patient_responsibility = 107.00", "t_posting")
wrong(*Q, "not balanced", "balanced = False", "t_posting")
wrong(*Q, "money as text", 'write_off = "53.00"', "t_posting")
Q = "a08", "a08_best_reply"
right(*Q, "lower case", 'best_reply = " b"')
wrong(*Q, "send her to the plan", 'best_reply = "A"', "t_best_reply")
Q = "a08", "a08_incident"
right(*Q, "any case", 'first_step, hhs_notice = "a", "YEAR_END"')
wrong(*Q, "ask the stranger to delete it", 'first_step = "B"', "t_incident")
wrong(*Q, "HHS now", 'hhs_notice = "now"', "t_incident")


# ---------------------------------------------------------------- a09 the biller's loop
fairness_cases_a09.add(right, wrong)

# ---------------------------------------------------------------- a10 chart practice
# The keys of the ten notes (first-listed first); each keyed code has a category and an exact grade cell.
A10_KEYS = {
    1: ["S61.211A", "W26.0XXA"],
    2: ["E11.22", "N18.31", "Z79.4"],
    3: ["I11.0", "I50.22", "Z87.891"],
    4: ["J45.41", "Z77.22"],
    5: ["N30.01", "B96.20"],
    6: ["Z51.11", "C50.411", "Z17.0"],
    7: ["S06.0X0A", "W11.XXXA"],
    8: ["R07.9", "E78.5"],
    9: ["J44.1", "F17.210"],
    10: ["F33.1", "F41.1"],
}
for _n, _key in A10_KEYS.items():
    Q, _v, _c = "a10", f"a10-c{_n:02d}", f"a10-c{_n:02d}"
    _loose = tuple(" " + k.lower().replace(".", "") + " " for k in _key)
    right(Q, _v, "lower case, no dots, spaces, a tuple", f"case_{_n:02d} = {_loose!r}")
    right(Q, _v, "the other codes in another order", f"case_{_n:02d} = {[_key[0], *reversed(_key[1:])]!r}")
    wrong(Q, _v, "blank", f"case_{_n:02d} = []")
    wrong(Q, _v, "one code as a string", f"case_{_n:02d} = {_key[0]!r}")
    wrong(Q, _v, "a symptom added", f"case_{_n:02d} = {[*_key, 'R53.83']!r}", f"{_c}-extra")
    wrong(Q, _v, "first-listed code second", f"case_{_n:02d} = {[_key[1], _key[0], *_key[2:]]!r}", f"{_c}-k1-exact")
    for _j, _code in enumerate(_key, 1):
        wrong(Q, _v, f"code {_j} left out", f"case_{_n:02d} = {[k for k in _key if k != _code]!r}",
              f"{_c}-k{_j}-category", f"{_c}-k{_j}-exact")
# Typical wrong specificity (same category: half the code's points, and the note's no-extras point lost)
# and wrong category.
for _n, _bad, _j, _cells in [  # (note, answer, which keyed code is wrong, its cells that fail)
    (1, ["S61.210A", "W26.0XXA"], 1, ("exact",)),  # the right index finger
    (2, ["E11.9", "N18.31", "Z79.4"], 1, ("exact",)),  # without complications, yet CKD is linked
    (2, ["E11.22", "N18.30", "Z79.4"], 2, ("exact",)),  # stage 3 unspecified
    (3, ["I10", "I50.22", "Z87.891"], 1, ("category", "exact")),  # the presumed link missed
    (4, ["J45.40", "Z77.22"], 1, ("exact",)),  # uncomplicated
    (5, ["N30.00", "B96.20"], 1, ("exact",)),  # without hematuria
    (6, ["Z51.11", "C50.412", "Z17.0"], 2, ("exact",)),  # the left breast
    (7, ["S06.0X1A", "W11.XXXA"], 1, ("exact",)),  # loss of consciousness not documented
    (8, ["I20.9", "E78.5"], 1, ("category", "exact")),  # uncertain angina coded as if confirmed
    (9, ["J44.1", "Z72.0"], 2, ("category", "exact")),  # tobacco use instead of dependence
    (10, ["F32.1", "F41.1"], 1, ("category", "exact")),  # a single episode
]:
    _c = f"a10-c{_n:02d}"
    wrong("a10", _c, f"{_bad[_j - 1]} for code {_j}", f"case_{_n:02d} = {_bad!r}",
          *(f"{_c}-k{_j}-{cell}" for cell in _cells), f"{_c}-extra")

# ---------------------------------------------------------------- the tests
_RUNNER: dict[str, NotebookRunner] = {}


def source_notebook(aid: str):
    (path,) = notebooks(ROOT / "source" / aid)
    return path


def runner_for(aid: str) -> NotebookRunner:
    """One kernel at a time: the assignment's source notebook, run top to bottom once."""
    if aid not in _RUNNER:
        for other in list(_RUNNER):
            _RUNNER.pop(other).close()
        runner = NotebookRunner(source_notebook(aid))
        outcomes = runner.run_all()
        failed = {gid: o.error for gid, o in outcomes.items() if not o.ok}
        if failed:
            runner.close()
            raise AssertionError(f"{aid}: the reference solution fails {failed}")
        _RUNNER[aid] = runner
    return _RUNNER[aid]


@pytest.fixture(scope="module", autouse=True)
def _close_kernels():
    yield
    for aid in list(_RUNNER):
        _RUNNER.pop(aid).close()


def test_every_autograded_question_has_right_and_wrong_cases():
    for aid in ASSIGNMENTS:
        nb = nbformat.read(source_notebook(aid), as_version=4)
        for answer, grade_cells in questions(nb).items():
            assert grade_cells, f"{aid} {answer}: no grade cell after it"
            mine = [c for c in CASES if c.answer == answer]
            assert any(c.fails for c in mine), f"{aid} {answer}: no wrong answer is tried"
            assert any(not c.fails for c in mine), f"{aid} {answer}: no alternative right answer is tried"
            named = {gid for c in mine for gid in c.fails if gid != ALL}
            assert named <= set(grade_cells), f"{aid} {answer}: cases name other questions' cells {named - set(grade_cells)}"
            for gid in grade_cells:
                assert any(gid in c.fails or ALL in c.fails for c in mine), f"{aid} {gid}: no wrong answer fails it"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_answer_is_graded_as_worded(case):
    runner = runner_for(case.aid)
    outcomes = runner.try_answer(case.answer, case.code)
    expected = set(outcomes) if ALL in case.fails else set(case.fails)
    failed = {gid for gid, o in outcomes.items() if not o.ok}
    assert failed == expected, (
        f"{case.aid} {case.id}: expected to fail {sorted(expected)}, failed {sorted(failed)}; "
        + "; ".join(f"{gid}: {o.error}" for gid, o in outcomes.items() if not o.ok)
    )


def mixed_submission(aid: str):
    """The source notebook with, for each question in turn, a wrong answer or an alternative right one."""
    nb = nbformat.read(source_notebook(aid), as_version=4)
    for i, cell in enumerate(c for c in nb.cells if is_answer(c)):
        gid = nbgrader_meta(cell)["grade_id"]
        mine = [c for c in CASES if c.answer == gid and bool(c.fails) == (i % 2 == 0)]
        if mine:
            cell.source = cell.source + "\n" + mine[0].code
    return nb


def hand_in_mixed(folder: Path, aid: str) -> None:
    """Answer the released notebook in `folder` with the mixed submission's answer cells."""
    submission = mixed_submission(aid)
    answers = {nbgrader_meta(c)["grade_id"]: c.source for c in submission.cells if is_answer(c)}
    (nb_path,) = notebooks(folder)
    student = nbformat.read(nb_path, as_version=4)
    for cell in student.cells:
        if nbgrader_meta(cell).get("grade_id") in answers:
            cell.source = answers[nbgrader_meta(cell)["grade_id"]]
    nbformat.write(student, nb_path)


def assert_harness_agrees(course: Path, aid: str, student: str) -> None:
    """Proof for tests/test_assignments.py's real nbgrader run: the harness scores the mixed submission
    as `nbgrader autograde` did, grade cell by grade cell (full marks or not)."""
    from nbgrader.api import Gradebook

    runner = NotebookRunner(source_notebook(aid))
    try:
        predicted = {gid: o.ok for gid, o in runner.run_all(mixed_submission(aid)).items()}
    finally:
        runner.close()
    assert True in predicted.values() and False in predicted.values(), "the mixed submission should pass some, fail some"
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        graded = {}
        for gid in predicted:
            grade = gb.find_grade(gid, source_notebook(aid).stem, aid, student)
            graded[gid] = grade.auto_score == grade.max_score
    assert graded == predicted, f"{aid}: the harness and nbgrader disagree"
