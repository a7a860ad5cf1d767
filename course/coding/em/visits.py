"""The E/M practice notes: synthetic office and telehealth visits with keyed element levels.

    from course.coding.em import load_visits, get_visit
    visit = get_visit("em-001")
    visit.code, visit.levels, visit.reasons

Data: course/coding/em/visits.json (every person is fictitious). Each note keys the three MDM element
levels with the reason for each, and the MDM level and visit code those levels give; `check_visit`
recomputes the level and code from the element levels (tests/test_em.py runs it on every note). Each
note also documents the practitioner's total time in its text ("Total practitioner time on the date of
the visit: N minutes."), which must match its `total_minutes`: the level by time (`time_code`) and the
code to report (`reported_code`) follow from it by the rules.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from course.coding.em.rules import (
    ELEMENT_LEVELS,
    ELEMENTS,
    MDM_LEVELS,
    PATIENT_STATUSES,
    VISIT_CODES,
    TimeLevel,
    code_from_elements,
    explain,
    explain_report,
    mdm_level,
    time_level,
)
from course.coding.em.rules import reported_code as higher_code

SETTINGS = ("office", "telehealth")
FIVE_DIGITS = re.compile(r"(?<![\d.])\d{4}[\dAFTUM](?![\d])")
TIME_STATEMENT = re.compile(r"Total practitioner time on the date of the visit: (\d+) minutes\.")


@dataclass(frozen=True)
class Visit:
    """One synthetic visit note and its key (element levels with reasons, MDM level, visit code)."""

    visit_id: str
    title: str
    patient: str  # "new" or "established"
    setting: str
    note: str
    total_minutes: int  # the practitioner's total time on the date, as the note states it
    levels: dict[str, str]  # element -> "minimal" | "low" | "moderate" | "high"
    reasons: dict[str, str]  # element -> why that level
    mdm: str
    code: str

    def explanation(self) -> list[str]:
        """The element-by-element reasoning from the key to the visit code."""
        return explain(self.patient, self.levels, self.reasons)

    @property
    def by_time(self) -> TimeLevel:
        """The level the documented total time selects (code None below the lowest minimum), and why."""
        return time_level(self.patient, self.total_minutes)

    @property
    def time_code(self) -> str | None:
        """The code by time, or None when the time is below the lowest minimum."""
        return self.by_time.code

    @property
    def reported_code(self) -> str:
        """The code to report: the higher of the MDM code and the code by time."""
        return higher_code(self.patient, self.code, self.time_code)

    def report_reason(self) -> str:
        """Why `reported_code` is the one to report, in a sentence."""
        return explain_report(self.patient, self.code, self.time_code)


def visit_from_dict(raw: dict) -> Visit:
    """A Visit from one JSON record."""
    elements = raw["elements"]
    return Visit(
        visit_id=raw["id"],
        title=raw["title"],
        patient=raw["patient"],
        setting=raw["setting"],
        note=raw["note"],
        total_minutes=int(raw["total_minutes"]),
        levels={e: elements[e]["level"] for e in ELEMENTS},
        reasons={e: elements[e]["why"] for e in ELEMENTS},
        mdm=raw["mdm"],
        code=raw["code"],
    )


@cache
def _load() -> tuple[Visit, ...]:
    raw = json.loads(resources.files("course.coding.em").joinpath("visits.json").read_text(encoding="utf-8"))
    return tuple(visit_from_dict(v) for v in raw["visits"])


def load_visits() -> tuple[Visit, ...]:
    """Every practice note, in a stable order (ids em-001, em-002, ...)."""
    return _load()


def get_visit(visit_id: str) -> Visit:
    """The note with id `visit_id`; KeyError if there is none."""
    for visit in _load():
        if visit.visit_id == visit_id:
            return visit
    raise KeyError(visit_id)


def check_visit(visit: Visit) -> list[str]:
    """Every problem with one note's key; [] when the key follows the rules."""
    problems = []
    if visit.patient not in PATIENT_STATUSES:
        problems.append(f"patient status {visit.patient!r}")
    if visit.setting not in SETTINGS:
        problems.append(f"setting {visit.setting!r}")
    for element in ELEMENTS:
        if visit.levels.get(element) not in ELEMENT_LEVELS:
            problems.append(f"{element} level {visit.levels.get(element)!r}")
        if len(visit.reasons.get(element, "").strip()) < 20:
            problems.append(f"{element} has no reason")
    if problems:
        return problems
    expected_mdm = mdm_level(*(visit.levels[e] for e in ELEMENTS))
    if visit.mdm != expected_mdm:
        problems.append(f"MDM keyed {visit.mdm!r} but the elements give {expected_mdm!r}")
    expected_code = code_from_elements(visit.patient, *(visit.levels[e] for e in ELEMENTS))
    if visit.code != expected_code:
        problems.append(f"code keyed {visit.code} but the elements give {expected_code}")
    if visit.code not in VISIT_CODES.get(visit.patient, ()):
        problems.append(f"code {visit.code} is not a {visit.patient}-patient code")
    if visit.mdm not in MDM_LEVELS:
        problems.append(f"MDM level {visit.mdm!r}")
    for text in (visit.note, visit.title, *visit.reasons.values()):
        if FIVE_DIGITS.search(text):
            problems.append(f"code-shaped number in the text: {FIVE_DIGITS.search(text).group(0)}")
    if not 5 <= visit.total_minutes <= 180:
        problems.append(f"total_minutes {visit.total_minutes}")
    stated = [int(m) for m in TIME_STATEMENT.findall(visit.note)]
    if stated != [visit.total_minutes]:
        problems.append(f"the note states its total time as {stated}, not once as {visit.total_minutes} minutes")
    return problems
