"""Grading one E/M practice attempt: the verdict on each element, the visit code, and why (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from course.coding.em.rules import ELEMENT_TITLES, ELEMENTS, VISIT_CODES, code_from_elements, mdm_level
from course.coding.em.visits import Visit


@dataclass(frozen=True)
class Verdict:
    """One line of feedback: what was asked, the student's pick, the key, right or not, and why."""

    item: str
    chosen: str
    key: str
    ok: bool
    why: str


@dataclass(frozen=True)
class Attempt:
    """The verdicts on the three elements and the code, and a one-line summary."""

    verdicts: tuple[Verdict, ...]
    summary: str

    @property
    def right(self) -> int:
        return sum(v.ok for v in self.verdicts)

    @property
    def ok(self) -> bool:
        return self.right == len(self.verdicts)


def _a(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word


def grade_attempt(visit: Visit, levels: Mapping[str, str], code: str) -> Attempt:
    """Compare the student's three element levels and visit code with the note's key, element by element."""
    verdicts = []
    for element in ELEMENTS:
        chosen = levels[element]
        key = visit.levels[element]
        why = visit.reasons[element]
        if chosen != key:
            why = f"The key is {key}, not {chosen}: {why}"
        verdicts.append(Verdict(ELEMENT_TITLES[element], chosen, key, chosen == key, why))
    rule = visit.explanation()[-2:]  # the MDM line and the code line
    code_why = " ".join(rule)
    if code != visit.code:
        if code not in VISIT_CODES[visit.patient]:
            code_why = f"{code} is not a code for {_a(visit.patient)} patient ({', '.join(VISIT_CODES[visit.patient])}). " + code_why
        elif code == code_from_elements(visit.patient, *(levels[e] for e in ELEMENTS)):
            code_why = (
                f"{code} follows from your element levels by the two-of-three rule, so the rule is applied right; "
                "look again at the elements that differ from the key. " + code_why
            )
        else:
            mine = mdm_level(*(levels[e] for e in ELEMENTS))
            code_why = (
                f"Your element levels give MDM {mine} by the two-of-three rule, which is "
                f"{code_from_elements(visit.patient, *(levels[e] for e in ELEMENTS))} for {_a(visit.patient)} patient, "
                f"not {code}. " + code_why
            )
    verdicts.append(Verdict("Visit code", code, visit.code, code == visit.code, code_why))
    right = sum(v.ok for v in verdicts)
    summary = (
        f"All {right} right: {visit.code}." if right == len(verdicts) else f"{right} of {len(verdicts)} right."
    )
    return Attempt(tuple(verdicts), summary)
