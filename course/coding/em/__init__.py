"""E/M level practice (2021 office/outpatient rules, by MDM or by time): pure rules and the synthetic visit notes.

    from course.coding.em import load_visits, mdm_level, visit_code, explain
    mdm_level("moderate", "low", "moderate")     # "moderate": two of the three elements meet it
    visit_code("established", "moderate")        # "99214"
    time_level("established", 34).code           # "99214": 34 minutes reach 30, not 40
    reported_code("established", "99213", "99214")   # "99214": the higher of the MDM and time codes

Visit levels are named by code number only; the course reproduces no CPT descriptor text.
"""

from __future__ import annotations

from course.coding.em.grading import NO_TIME_LEVEL, Attempt, Verdict, grade_attempt
from course.coding.em.rules import (
    ALL_CODES,
    ELEMENT_GUIDE,
    ELEMENT_LEVELS,
    ELEMENT_TITLES,
    ELEMENTS,
    MDM_LEVELS,
    PATIENT_STATUSES,
    TIME_MINIMUMS,
    VISIT_CODES,
    TimeLevel,
    code_from_elements,
    explain,
    explain_report,
    level_from_time,
    mdm_level,
    mdm_rank,
    rank,
    reported_code,
    time_level,
    visit_code,
)
from course.coding.em.visits import Visit, check_visit, get_visit, load_visits, visit_from_dict

__all__ = [
    "ALL_CODES",
    "Attempt",
    "ELEMENTS",
    "ELEMENT_GUIDE",
    "ELEMENT_LEVELS",
    "ELEMENT_TITLES",
    "MDM_LEVELS",
    "NO_TIME_LEVEL",
    "PATIENT_STATUSES",
    "TIME_MINIMUMS",
    "VISIT_CODES",
    "TimeLevel",
    "Verdict",
    "Visit",
    "check_visit",
    "code_from_elements",
    "explain",
    "explain_report",
    "get_visit",
    "grade_attempt",
    "level_from_time",
    "load_visits",
    "mdm_level",
    "mdm_rank",
    "rank",
    "reported_code",
    "time_level",
    "visit_code",
    "visit_from_dict",
]
