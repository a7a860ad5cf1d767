"""Grading one E/M practice attempt: the verdict on each element, the code by MDM, the code by time, the
code to report, and why (pure). A student may level a note by MDM, by time, or both."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from course.coding.em.rules import (
    ELEMENT_TITLES,
    ELEMENTS,
    TIME_MINIMUMS,
    VISIT_CODES,
    code_from_elements,
    mdm_level,
)
from course.coding.em.visits import Visit

NO_TIME_LEVEL = "none"  # the answer "time selects no level" (the documented time is below every minimum)


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


def _mdm_verdicts(visit: Visit, levels: Mapping[str, str], code: str) -> list[Verdict]:
    """The verdicts on the three elements and on the code by MDM."""
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
    return [*verdicts, Verdict("Visit code by MDM", code, visit.code, code == visit.code, code_why)]


def _time_verdict(visit: Visit, chosen: str) -> Verdict:
    """The verdict on the code by time ("none": time selects no level)."""
    key = visit.time_code or NO_TIME_LEVEL
    why = visit.by_time.why
    if chosen != key:
        table = TIME_MINIMUMS[visit.patient]
        if chosen == NO_TIME_LEVEL:
            hint = f"The time does select a level: {visit.total_minutes} minutes reach a minimum. "
        elif chosen not in table:
            hint = f"{chosen} is not a code for {_a(visit.patient)} patient ({', '.join(table)}). "
        elif visit.total_minutes < table[chosen]:
            hint = f"{chosen} needs {table[chosen]} minutes, more than the {visit.total_minutes} documented. "
        else:
            hint = f"{visit.total_minutes} minutes reach {chosen}'s {table[chosen]} but also a higher minimum. "
        why = f"The key is {key}, not {chosen}. {hint}{why}"
    return Verdict("Visit code by time", chosen, key, chosen == key, why)


def _report_verdict(visit: Visit, chosen: str) -> Verdict:
    """The verdict on the code to report (the higher of the MDM and time codes)."""
    key = visit.reported_code
    why = visit.report_reason()
    if chosen != key:
        why = f"The key is {key}, not {chosen}. {why}"
    return Verdict("Visit code to report", chosen, key, chosen == key, why)


def grade_attempt(
    visit: Visit,
    levels: Mapping[str, str] | None,
    code: str | None,
    by_time: str | None = None,
    report: str | None = None,
) -> Attempt:
    """Compare the student's answers with the note's key, one verdict per answer given.

    `levels` and `code` (both or neither): the three element levels and the code by MDM. `by_time`: the code
    the documented time selects, or `NO_TIME_LEVEL`. `report`: the code to report, the higher of the two.
    """
    if (levels is None) != (code is None):
        raise ValueError("the element levels and the code by MDM go together")
    if levels is None and by_time is None and report is None:
        raise ValueError("nothing to grade: level the note by MDM, by time, or both")
    verdicts = [] if levels is None or code is None else _mdm_verdicts(visit, levels, code)
    if by_time is not None:
        verdicts.append(_time_verdict(visit, by_time))
    if report is not None:
        verdicts.append(_report_verdict(visit, report))
    final = visit.code if by_time is None and report is None else visit.reported_code
    right = sum(v.ok for v in verdicts)
    summary = f"All {right} right: {final}." if right == len(verdicts) else f"{right} of {len(verdicts)} right."
    return Attempt(tuple(verdicts), summary)
