"""The 2021 office and outpatient E/M rules as pure functions: medical decision making (MDM) by the
two-of-three rule, the visit code for that level, and an element-by-element explanation.

Source of the rules: the AMA's 2021 office/outpatient E/M guidelines as summarised in CMS's public
MLN booklet "Evaluation and Management Services Guide" (MLN006764, listed at
https://www.cms.gov/outreach-and-education/medicare-learning-network-mln/mlnproducts). Everything below is in the course's own words; the course
reproduces no CPT descriptor text. Visit levels are named only by their code numbers.

Time: a level may also be chosen by the practitioner's total time on the date of the encounter. The
course's facts sheet has no verified time thresholds, so no threshold table ships here and nothing
time-based is autograded; `level_from_time` applies a table the caller supplies (read from the
current CMS source) and is tested with made-up numbers only.
"""

from __future__ import annotations

from collections.abc import Mapping

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
    """The code whose minimum minutes (from `thresholds`, supplied by the caller) is the highest one met.

    None when `minutes` is below every threshold. The course ships no thresholds (see the module docstring).
    """
    if minutes < 0:
        raise ValueError("minutes cannot be negative")
    met = [(need, code) for code, need in thresholds.items() if minutes >= need]
    return max(met)[1] if met else None


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
