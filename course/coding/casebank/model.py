"""The case bank's data model and loader (pure, cached; no ICD-10-CM index needed to load).

A case file is JSON: {"group": "...", "cases": [case, ...]}, each case
    {"id", "title", "setting", "difficulty", "skills": [...], "note",
     "codes": [[code, guideline_id, why], ...]            first-listed first
     "hcpcs": [[code, why], ...]                           optional
     "waivers": [[code, note_kind, about, why], ...]       optional: a tabular note that does not apply
     "traps": {wrong_code: why}                            optional: feedback for a likely wrong answer
     "any_order": bool}                                    optional: no first-listed code is required
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
GUIDELINES = Path(__file__).parent / "guidelines.json"

SETTINGS = ("office", "emergency department", "urgent care", "telehealth")
DIFFICULTIES = ("easy", "medium", "hard")
SKILLS = (
    "specificity",
    "laterality",
    "7th character",
    "placeholder X",
    "combination code",
    "excludes",
    "code first",
    "use additional code",
    "code also",
    "uncertain diagnosis",
    "signs and symptoms",
    "Z codes",
    "external cause",
    "sequencing",
    "HCPCS",
)
# The tabular note kinds a waiver may name (see checks.py): notes that ask for another code.
WAIVABLE_NOTES = ("code_first", "use_additional_code")


@dataclass(frozen=True)
class KeyedCode:
    """One keyed ICD-10-CM code with the guideline section (id in guidelines.json) that decides it, and why."""

    code: str
    guideline: str
    why: str


@dataclass(frozen=True)
class HcpcsLine:
    """A keyed HCPCS Level II code (from the course's table) and why the encounter reports it."""

    code: str
    why: str


@dataclass(frozen=True)
class Waiver:
    """Why a 'code first' / 'use additional code' note on a keyed code asks for nothing in this case.

    `about` is a piece of the note's text (case-insensitive) naming which note it is, e.g. "insulin".
    """

    code: str
    note: str
    about: str
    why: str


@dataclass(frozen=True)
class Case:
    """A synthetic outpatient encounter: the provider's note and its key."""

    case_id: str
    title: str
    setting: str
    difficulty: str
    skills: tuple[str, ...]
    note: str
    codes: tuple[KeyedCode, ...]
    hcpcs: tuple[HcpcsLine, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    traps: dict[str, str] = field(default_factory=dict)
    any_order: bool = False
    group: str = ""

    @property
    def icd_codes(self) -> tuple[str, ...]:
        """The keyed ICD-10-CM codes, first-listed first."""
        return tuple(k.code for k in self.codes)

    @property
    def hcpcs_codes(self) -> tuple[str, ...]:
        return tuple(h.code for h in self.hcpcs)


def case_from_dict(raw: dict, group: str = "") -> Case:
    """A Case from its JSON form (see the module docstring); KeyError/ValueError on a malformed entry."""
    return Case(
        case_id=raw["id"],
        title=raw["title"],
        setting=raw["setting"],
        difficulty=raw["difficulty"],
        skills=tuple(raw["skills"]),
        note=raw["note"],
        codes=tuple(KeyedCode(*row) for row in raw["codes"]),
        hcpcs=tuple(HcpcsLine(*row) for row in raw.get("hcpcs", ())),
        waivers=tuple(Waiver(*row) for row in raw.get("waivers", ())),
        traps=dict(raw.get("traps", {})),
        any_order=bool(raw.get("any_order", False)),
        group=group,
    )


@cache
def load_bank(folder: Path = DATA) -> tuple[Case, ...]:
    """Every case in the bank, file by file (sorted by name), in file order."""
    cases: list[Case] = []
    for path in sorted(Path(folder).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        cases += [case_from_dict(raw, data.get("group", path.stem)) for raw in data["cases"]]
    return tuple(cases)


@cache
def _by_id() -> dict[str, Case]:
    return {case.case_id: case for case in load_bank()}


def get_case(case_id: str) -> Case:
    """The case with this id; KeyError if the bank has none."""
    return _by_id()[case_id]


@cache
def guidelines() -> dict[str, str]:
    """The course's list of FY2026 Official Guidelines sections: {section id: short title}."""
    return dict(json.loads(GUIDELINES.read_text(encoding="utf-8"))["sections"])
