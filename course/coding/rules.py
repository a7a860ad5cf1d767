"""Outpatient coding decisions, explained: the pure functions behind lesson 03's practice widgets.

Each practice case is a short synthetic provider note with its answer key and the traps a beginner
falls into. The functions compare a student's answer with the case's key and say *why* a wrong answer
is wrong, citing the ICD-10-CM Official Guidelines for Coding and Reporting FY2026 (OCG). They never
compute codes from scratch: the key is data, checked against the bundled FY2026 code set by the tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Words that make an outpatient diagnosis uncertain (OCG IV.H): such a diagnosis is not coded.
UNCERTAIN_TERMS = (
    "probable",
    "suspected",
    "suspect",
    "questionable",
    "rule out",
    "r/o",
    "compatible with",
    "consistent with",
    "working diagnosis",
    "likely",
)

_SPLIT = re.compile(r"[\s,;]+")


def canonical_code(text: str) -> str:
    """`text` as ICD-10-CM is printed: upper case, no spaces, a dot after the 3rd character if longer."""
    raw = text.strip().upper().replace(".", "")
    return raw if len(raw) <= 3 else f"{raw[:3]}.{raw[3:]}"


def parse_code_list(text: str) -> list[str]:
    """The codes in a comma-, semicolon- or space-separated answer, in order, duplicates dropped."""
    codes: list[str] = []
    for part in _SPLIT.split(text):
        if part.strip():
            code = canonical_code(part)
            if code not in codes:
                codes.append(code)
    return codes


def uncertain_terms_in(note: str) -> list[str]:
    """The uncertainty words (OCG IV.H) that appear in a note, in the order of UNCERTAIN_TERMS."""
    low = note.lower()
    return [term for term in UNCERTAIN_TERMS if re.search(rf"(?<![a-z]){re.escape(term)}(?![a-z])", low)]


@dataclass(frozen=True)
class NoteCase:
    """A synthetic outpatient note and its answer key.

    `codes` lists the correct codes, first-listed first. When `order_matters` is False any order is
    accepted (for example two symptoms of equal weight). `traps` maps a wrong code to the reason it is
    wrong; `hints` maps a missing correct code to a nudge that does not give the code away.
    """

    case_id: str
    title: str
    note: str
    codes: tuple[str, ...]
    order_matters: bool = True
    first_listed_reason: str = ""
    traps: dict[str, str] = field(default_factory=dict)
    hints: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Review:
    """The verdict on one answer: ok, and one message per problem (or a confirmation)."""

    ok: bool
    messages: tuple[str, ...]


def _near_miss(given: str, expected: str) -> str | None:
    """Why `given` is close to, but not, `expected` (same category); None if they are unrelated."""
    g, e = given.replace(".", ""), expected.replace(".", "")
    if g[:3] != e[:3]:
        return None
    if e.startswith(g):
        return (
            f"{given} is not a complete code: it is a header with more specific codes below it. "
            "A code is invalid without all its characters, 7th included (OCG I.B.2)."
        )
    if len(g) == len(e) == 7 and g[:6] == e[:6]:
        return (
            f"{given} has the right injury code but the wrong 7th character. A = initial encounter "
            "(active treatment), D = subsequent encounter (healing, follow-up), S = sequela (a late effect)."
        )
    return (
        f"{given} is in the right category ({g[:3]}) but not the code the note supports: re-read the note "
        "for the detail (type, side, severity, organism) and pick the code that matches it."
    )


def review_abstraction(case: NoteCase, answer: str) -> Review:
    """Compare a student's codes for `case` with its key, explaining each problem."""
    given = parse_code_list(answer)
    if not given:
        return Review(False, ("Type at least one code, for example: I10, E11.9",))
    expected = list(case.codes)
    messages: list[str] = []
    matched_expected: set[str] = set()
    for code in given:
        if code in expected:
            matched_expected.add(code)
            continue
        if code in case.traps:
            messages.append(f"{code}: {case.traps[code]}")
            continue
        near = next((m for e in expected if (m := _near_miss(code, e))), None)
        if near:
            messages.append(near)
        else:
            messages.append(f"{code}: nothing in this note supports this code. Code only what is documented.")
    for code in expected:
        if code not in matched_expected:
            messages.append("Something is missing: " + case.hints.get(code, "re-read the note's assessment."))
    if not messages and case.order_matters and given[0] != expected[0]:
        reason = case.first_listed_reason or "list first the condition chiefly responsible for the visit."
        messages.append(f"Right codes, wrong order. {given[0]} should not be first-listed: {reason}")
    if messages:
        return Review(False, tuple(messages))
    return Review(True, (f"{', '.join(expected)}. {case.first_listed_reason}".strip(),))


@dataclass(frozen=True)
class SeventhCharacterCase:
    """An injury encounter and the 7th character it needs (A, D or S)."""

    case_id: str
    story: str
    code: str
    answer: str
    why: str


SEVENTH_MEANINGS = {
    "A": "initial encounter: the patient is receiving active treatment for the injury",
    "D": "subsequent encounter: the injury was treated and the patient comes for routine care "
    "while it heals or recovers",
    "S": "sequela: a late effect (a scar, a limp) that remains after the injury itself has been treated",
}


def explain_seventh_character(case: SeventhCharacterCase, choice: str) -> tuple[bool, str]:
    """Whether `choice` (A, D or S) is right for the encounter, and why."""
    pick = choice.strip().upper()[:1]
    if pick not in SEVENTH_MEANINGS:
        return False, "Choose A, D or S."
    if pick == case.answer:
        return True, f"{case.code}{pick}: {SEVENTH_MEANINGS[pick]}. {case.why}"
    return False, (
        f"{pick} means {SEVENTH_MEANINGS[pick]}. That does not describe this visit. {case.why} "
        "Remember: A, D or S depends on the stage of care, not on which doctor sees the patient."
    )
