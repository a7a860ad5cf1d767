"""The 2021 office and outpatient E/M rules as pure functions: medical decision making (MDM) by the
two-of-three rule, the visit code for that level, an element-by-element explanation, and the level by
total time on the date of the encounter.

Source of the rules: the AMA's 2021 office/outpatient E/M guidelines as summarised in CMS's public
MLN booklet "Evaluation and Management Services Guide" (MLN006764, listed at
https://www.cms.gov/outreach-and-education/medicare-learning-network-mln/mlnproducts). Everything below is in the course's own words; the course
reproduces no CPT descriptor text. Visit levels are named only by their code numbers.

Time: a level may instead be chosen by the practitioner's total time on the date of the encounter
(`time_level`, `TIME_MINIMUMS`): the minutes that the practitioner personally spends on the patient that
day, with and without the patient present; clinical staff time does not count. The level is the highest
one whose minimum the documented minutes reach; below the lowest minimum, time selects no level and the
visit is levelled by MDM. 99211 is never chosen by time. When both bases are allowed the practitioner
may use either, and the course reports the one that supports the higher level (`reported_code`).
Sources of the minimums (numbers only; the course reproduces no descriptor wording):
- American Academy of Pediatrics, "2021 Office-Based E/M Changes: Time Changes" (the 2021 ranges, whose
  lower bounds these are; what total time includes and excludes):
  https://www.aap.org/en/practice-management/practice-financing/coding-and-valuation/evaluation-and-management/2021-office-based-em-changes2/time-changes
- AAPC, Pediatric Coding Alert, reader question "Make time to understand the new time-based E/M
  descriptors" (from 1 January 2024 each code has one minimum, the old range's lower bound, that the
  time must reach; under the minimum, level by MDM):
  https://www.aapc.com/codes/coding-newsletters/my-pediatric-coding-alert/reader-questions-make-time-to-understand-the-new-time-based-em-descriptors-176976-article
- CMS, "Physician Fee Schedule (PFS) Payment for Office/Outpatient Evaluation and Management (E/M)
  Visits - Fact Sheet", January 11, 2021 (level by MDM or by total time personally spent by the reporting
  practitioner on the day of the visit):
  https://www.cms.gov/files/document/physician-fee-schedule-pfs-payment-officeoutpatient-evaluation-and-management-em-visits-fact-sheet.pdf
Prolonged services (time beyond the highest level's minimum) are out of the course's scope.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ELEMENTS = ("problems", "data", "risk")
ELEMENT_TITLES = {
    "problems": "Problems addressed (how many, how complex)",
    "data": "Data reviewed and analyzed",
    "risk": "Risk of the patient's management",
}
# One scale for the three elements and for MDM: rank 1..4.
ELEMENT_LEVELS = ("minimal", "low", "moderate", "high")
MDM_LEVELS = ("straightforward", "low", "moderate", "high")
PATIENT_STATUSES = ("new", "established")
VISIT_CODES = {
    "new": ("99202", "99203", "99204", "99205"),
    "established": ("99212", "99213", "99214", "99215"),
}
ALL_CODES = VISIT_CODES["new"] + VISIT_CODES["established"]
# Level by time: each code's minimum total minutes on the date of the encounter (sources in the module
# docstring: the lower bounds of the 2021 ranges, the single minimums since 1 January 2024). There is
# no time row for 99211, which time never selects.
TIME_MINIMUMS: dict[str, dict[str, int]] = {
    "new": {"99202": 15, "99203": 30, "99204": 45, "99205": 60},
    "established": {"99212": 10, "99213": 20, "99214": 30, "99215": 40},
}

# What each element level looks like, in the course's own words (a summary to learn from, not a quote).
ELEMENT_GUIDE = {
    "problems": {
        "minimal": "one self-limited or minor problem",
        "low": "two or more minor problems, or one stable chronic illness, or one acute uncomplicated illness or injury",
        "moderate": "a chronic illness that is worsening or has treatment side effects, two or more stable chronic "
        "illnesses, a new problem not yet diagnosed with an uncertain outlook, an acute illness with systemic "
        "symptoms (more than fever and aches in a minor illness treated for comfort), or an acute complicated injury",
        "high": "a chronic illness with a severe flare or progression, or an illness or injury that threatens life "
        "or bodily function in the near term",
    },
    "data": {
        "minimal": "little or no data reviewed or analyzed",
        "low": "two items from: each unique test ordered or result reviewed, each external note reviewed; "
        "or a history taken from an independent historian",
        "moderate": "one of three categories: (1) three items from tests, external notes and an independent "
        "historian; (2) the practitioner's own interpretation of a test another practitioner bills for; "
        "(3) discussing management or a test with an external practitioner or appropriate source",
        "high": "two of those three categories",
    },
    "risk": {
        "minimal": "treatment with minimal risk, such as rest, fluids, gargles or a bandage",
        "low": "low risk, such as over-the-counter drugs or physical therapy",
        "moderate": "moderate risk, such as managing a prescription drug, deciding on minor surgery for a patient "
        "with risk factors, or care limited by social determinants of health",
        "high": "high risk, such as drug therapy needing intensive monitoring for toxicity, deciding on "
        "hospital admission, or deciding on emergency major surgery",
    },
}


def rank(level: str, scale: tuple[str, ...] = ELEMENT_LEVELS) -> int:
    """1..4 for a level name of `scale` (case and spaces ignored); ValueError for anything else."""
    name = level.strip().lower()
    if name not in scale:
        raise ValueError(f"{level!r} is not one of {', '.join(scale)}")
    return scale.index(name) + 1


def mdm_rank(problems: int, data: int, risk: int) -> int:
    """The MDM rank (1..4) from three element ranks: the highest rank met or exceeded by two of the three."""
    ranks = (problems, data, risk)
    if any(r not in (1, 2, 3, 4) for r in ranks):
        raise ValueError(f"element ranks must be 1..4, got {ranks}")
    return max(level for level in (1, 2, 3, 4) if sum(r >= level for r in ranks) >= 2)


def mdm_level(problems: str, data: str, risk: str) -> str:
    """The MDM level name ("straightforward" .. "high") from three element level names (two of three)."""
    return MDM_LEVELS[mdm_rank(rank(problems), rank(data), rank(risk)) - 1]


def visit_code(patient: str, mdm: str) -> str:
    """The office/outpatient visit code number for a new or established patient at an MDM level."""
    if patient not in PATIENT_STATUSES:
        raise ValueError(f"patient must be 'new' or 'established', got {patient!r}")
    return VISIT_CODES[patient][rank(mdm, MDM_LEVELS) - 1]


def code_from_elements(patient: str, problems: str, data: str, risk: str) -> str:
    """The visit code that three element levels support for a new or established patient."""
    return visit_code(patient, mdm_level(problems, data, risk))


def level_from_time(minutes: int, thresholds: Mapping[str, int]) -> str | None:
    """The code whose minimum minutes (in `thresholds`, code -> minutes) is the highest one `minutes` reaches.

    None when `minutes` is below every minimum. `TIME_MINIMUMS` holds the course's tables.
    """
    if minutes < 0:
        raise ValueError("minutes cannot be negative")
    met = [(need, code) for code, need in thresholds.items() if minutes >= need]
    return max(met)[1] if met else None


@dataclass(frozen=True)
class TimeLevel:
    """The code that a visit's documented total time selects (None: below the lowest minimum), and why."""

    code: str | None
    why: str


def time_level(patient: str, minutes: int) -> TimeLevel:
    """The office/outpatient code that `minutes` of total time on the date selects, with the step in words.

    "Documented 34 minutes, established patient: meets 30 (99214), not 40 (99215)."
    """
    if patient not in PATIENT_STATUSES:
        raise ValueError(f"patient must be 'new' or 'established', got {patient!r}")
    table = TIME_MINIMUMS[patient]
    code = level_from_time(minutes, table)
    start = f"Documented {minutes} minutes, {patient} patient: "
    if code is None:
        lowest = min(table, key=table.__getitem__)
        return TimeLevel(
            None,
            start + f"below {table[lowest]} ({lowest}), the lowest minimum, so time cannot select a level; "
            "level the visit by MDM.",
        )
    higher = [c for c in VISIT_CODES[patient] if table[c] > table[code]]
    rest = f"not {table[higher[0]]} ({higher[0]})." if higher else "the highest level's minimum."
    return TimeLevel(code, start + f"meets {table[code]} ({code}), {rest}")


def reported_code(patient: str, mdm_code: str, time_code: str | None) -> str:
    """The code to report when either basis may be used: the higher of the MDM and time codes."""
    codes = VISIT_CODES[patient]
    if mdm_code not in codes or (time_code is not None and time_code not in codes):
        raise ValueError(f"{mdm_code} and {time_code} must both be {patient}-patient codes")
    return mdm_code if time_code is None else max(mdm_code, time_code, key=codes.index)


def explain_report(patient: str, mdm_code: str, time_code: str | None) -> str:
    """Why the reported code is the one it is, in a sentence."""
    code = reported_code(patient, mdm_code, time_code)
    if time_code is None:
        return f"Report {code}: time selects no level here, so the visit is levelled by MDM."
    if time_code == mdm_code:
        return f"Report {code}: MDM and time select the same level."
    return (
        f"Report {code}, the higher of {mdm_code} by MDM and {time_code} by time: the practitioner may use "
        "either basis, and the one that supports the higher level is reported."
    )


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def explain(patient: str, levels: Mapping[str, str], reasons: Mapping[str, str] | None = None) -> list[str]:
    """Element-by-element reasoning from three element levels to the MDM level and the visit code."""
    reasons = reasons or {}
    lines = []
    for element in ELEMENTS:
        level = levels[element]
        why = reasons.get(element) or ELEMENT_GUIDE[element][level]
        lines.append(f"{ELEMENT_TITLES[element]}: {level}. {why}")
    mdm = mdm_level(*(levels[e] for e in ELEMENTS))
    meeting = [e for e in ELEMENTS if rank(levels[e]) >= rank(mdm, MDM_LEVELS)]
    lines.append(
        f"MDM: {mdm}. Two of the three elements must meet a level; {_and(meeting)} "
        f"{'meet' if len(meeting) > 1 else 'meets'} {mdm}"
        + ("" if rank(mdm, MDM_LEVELS) == 4 else ", and no two elements reach a higher level")
        + "."
    )
    lines.append(f"Visit code: {visit_code(patient, mdm)} ({patient} patient, MDM {mdm}).")
    return lines
