"""Claim edits that stop a claim before it goes out: code pairs, units a day, and the right modifier.

The tables are the course's own teaching data (course/data/edits_ptp.csv, edits_mue.csv; see
course/data/README-edits.md): real HCPCS Level II codes in FICTIONAL pairs and limits, shaped like the
CMS NCCI procedure-to-procedure (PTP) edits and Medically Unlikely Edits (MUEs). They are not CMS's.
All lines of one claim are taken as one provider and one patient, as the edits assume.

- A PTP pair: when both codes are billed on one date, the column 1 code is paid. Indicator 0: the
  column 2 line is never paid with it. Indicator 1: it is paid only with one of the pair's modifiers on
  the column 2 line, when the record supports it. Indicator 9: the edit does not apply.
- A units limit: at most `max_units` on one line (`line`) or on one date of service (`day-policy`,
  absolute; `day-clinical`, more is medically unlikely but the record can show it on appeal).
- Modifiers: 25 only on a visit; 59 and XE/XS/XP/XU never on a visit; the X modifier that fits rather
  than 59 (CMS MLN1783722, CR 8863).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from course.billing.claim import ServiceLine
from course.coding.hcpcs import code_shape

DATA = Path(__file__).parents[1] / "data"
PTP_FILE = DATA / "edits_ptp.csv"
MUE_FILE = DATA / "edits_mue.csv"

# The visit (evaluation and management) codes of the course's HCPCS Level II table.
VISIT_CODES = frozenset({"G0402", "G0438", "G0439", "T1015"})

# The modifiers the edits know, in the course's own words (sources: course/data/README-edits.md).
MODIFIER_MEANINGS: dict[str, str] = {
    "59": "distinct service: a non-visit service separate from another done the same day (use only when no X "
          "modifier fits)",
    "XE": "separate encounter: distinct because it was done at another encounter the same day",
    "XS": "separate structure: distinct because it was done on another organ or site",
    "XP": "separate practitioner: distinct because another practitioner did it",
    "XU": "unusual non-overlapping service: distinct because it does not overlap the main service",
    "25": "a significant, separately identifiable visit on the day of a procedure (visit lines only)",
}
X_MODIFIERS = ("XE", "XS", "XP", "XU")
DISTINCT_MODIFIERS = ("59", *X_MODIFIERS)
UNIT_KINDS = ("line", "day-policy", "day-clinical")


@dataclass(frozen=True)
class PairEdit:
    """One procedure-to-procedure pair of the course's table."""

    column1: str
    column2: str
    indicator: int  # 0, 1 or 9
    modifiers: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class UnitLimit:
    """One units-of-service limit of the course's table."""

    code: str
    max_units: int
    kind: str  # one of UNIT_KINDS
    why: str


@dataclass(frozen=True)
class EditHit:
    """One edit a claim line fails: the line (1-based), the CMS-1500 part, the message and its severity."""

    line: int
    item: str  # "24D code", "24D modifiers" or "24G units"
    message: str
    severity: str = "error"


def _rows(path: Path) -> list[dict[str, str]]:
    """The CSV's rows, without its leading '#' comment lines."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


@cache
def pair_edits() -> dict[tuple[str, str], PairEdit]:
    """The course's PTP table keyed by (column 1, column 2)."""
    out = {}
    for row in _rows(PTP_FILE):
        edit = PairEdit(row["column1"], row["column2"], int(row["modifier_indicator"]),
                        tuple(row["modifiers"].split()), row["why"])
        out[(edit.column1, edit.column2)] = edit
    return out


@cache
def unit_limits() -> dict[str, UnitLimit]:
    """The course's units table keyed by code."""
    return {r["code"]: UnitLimit(r["code"], int(r["max_units"]), r["kind"], r["why"]) for r in _rows(MUE_FILE)}


def _code(line: ServiceLine) -> str:
    return str(line.code).strip().upper()


def _mods(line: ServiceLine) -> set[str]:
    return {str(m).strip().upper() for m in line.modifiers}


def or_list(items: Sequence[str]) -> str:
    """'XS' / 'XS or 59' / 'XE, XP or 59'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _pair_hit(edit: PairEdit, first: int, second: int, lines: Sequence[ServiceLine]) -> list[EditHit]:
    """What is wrong with the column 2 line `second` (1-based) billed with the column 1 line `first`."""
    c1, c2 = edit.column1, edit.column2
    if edit.indicator == 9:
        return []
    if edit.indicator == 0:
        return [EditHit(second, "24D code",
                        f"{c2} is never paid with {c1} (line {first}) on the same day (the course's edit table): "
                        f"{edit.why} Edit "
                        "indicator 0: no modifier changes that, and the payer would deny this line (CARC 97). "
                        "Remove this line, or correct its code if the record shows another service.")]
    allowed = edit.modifiers
    on_line = _mods(lines[second - 1]) & set(allowed)
    which = f"modifier {or_list(allowed)}" if len(allowed) == 1 else f"one of the modifiers {or_list(allowed)}"
    if not on_line:
        misplaced = sorted(_mods(lines[first - 1]) & set(allowed))
        where = (f" Modifier {misplaced[0]} is on line {first} ({c1}): it belongs on this line, the column 2 "
                 "code." if misplaced else "")
        if allowed == ("25",):
            todo = "Add 25 to this visit line only if the record shows such a visit; otherwise remove this line."
        else:
            todo = ("Add the one that fits only if the record shows the services were distinct; otherwise "
                    "remove this line.")
        return [EditHit(second, "24D modifiers",
                        f"{c2} and {c1} (line {first}) on the same day (the course's edit table): {edit.why} "
                        "Both are paid only with "
                        f"{which} on this line (edit indicator 1).{where} {todo}")]
    xs = [m for m in allowed if m in X_MODIFIERS]
    if on_line == {"59"} and xs:
        return [EditHit(second, "24D modifiers",
                        f"Modifier 59 lets {c2} be paid with {c1}, but CMS asks for the more specific X modifier "
                        f"when one fits ({or_list(xs)} here): use 59 only when none of them describes why the "
                        "services were distinct.", "warning")]
    return []


def pair_hits(lines: Sequence[ServiceLine]) -> list[EditHit]:
    """The PTP edits that the claim's lines fail (pairs on the same date of service)."""
    table = pair_edits()
    out: list[EditHit] = []
    for i, a in enumerate(lines, start=1):
        for j, b in enumerate(lines, start=1):
            if i == j or a.service_date != b.service_date:
                continue
            edit = table.get((_code(a), _code(b)))
            if edit is not None:
                out.extend(_pair_hit(edit, i, j, lines))
    return out


def unit_hits(lines: Sequence[ServiceLine]) -> list[EditHit]:
    """The units limits the claim's lines go over: per line, or per code and date of service."""
    limits = unit_limits()
    out: list[EditHit] = []
    days: dict[tuple[str, date], list[int]] = {}
    for n, line in enumerate(lines, start=1):
        limit = limits.get(_code(line))
        if limit is None:
            continue
        if limit.kind == "line":
            if line.units > limit.max_units:
                out.append(EditHit(n, "24G units",
                                   f"{line.units} units of {limit.code} on one line: the course's edit table "
                                   f"allows {limit.max_units} a line. {limit.why} Check the units against the "
                                   "record; units truly given in separate sessions go on separate lines."))
        else:
            days.setdefault((limit.code, line.service_date), []).append(n)
    for (code, day), numbers in days.items():
        limit = limits[code]
        total = sum(lines[n - 1].units for n in numbers)
        if total <= limit.max_units:
            continue
        if limit.kind == "day-policy":
            todo = "This limit is a rule: more are never paid, even on appeal. Correct the units."
        else:
            todo = ("Correct the units if they are wrong; if the record shows more were truly needed, expect a "
                    "denial and appeal with the record.")
        lines_word = f"line {numbers[0]}" if len(numbers) == 1 else f"lines {', '.join(map(str, numbers))}"
        out.append(EditHit(numbers[-1], "24G units",
                           f"{total} units of {code} on {day} ({lines_word}): the course's edit table allows "
                           f"{limit.max_units} a day. {limit.why} {todo}"))
    return out


def modifier_hits(lines: Sequence[ServiceLine]) -> list[EditHit]:
    """Modifiers on the wrong kind of line: 25 off a visit, 59/X on a visit, 59 beside an X modifier."""
    out: list[EditHit] = []
    for n, line in enumerate(lines, start=1):
        code, mods = _code(line), _mods(line)
        is_visit = code in VISIT_CODES
        if "25" in mods and not is_visit and code_shape(code) == "HCPCS":
            out.append(EditHit(n, "24D modifiers",
                               f"Modifier 25 goes only on a visit (evaluation and management) line, and {code} is "
                               "not a visit. Remove it; a procedure that was distinct from another one that day "
                               "takes 59 or the X modifier that fits."))
        distinct = sorted(mods & set(DISTINCT_MODIFIERS))
        if distinct and is_visit:
            out.append(EditHit(n, "24D modifiers",
                               f"Modifier {or_list(distinct)} is never for a visit ({code}): 59 and the X modifiers "
                               "are for procedures. If the visit was significant and separately identifiable from "
                               "a procedure that day, the visit takes 25."))
        elif "59" in mods and mods & set(X_MODIFIERS):
            out.append(EditHit(n, "24D modifiers",
                               "The line has 59 and an X modifier: use one, the X modifier (it says more).",
                               "warning"))
    return out


def edit_hits(lines: Iterable[ServiceLine]) -> list[EditHit]:
    """Every edit the lines fail, in line order (pairs, units, modifiers)."""
    lines = list(lines)
    hits = pair_hits(lines) + unit_hits(lines) + modifier_hits(lines)
    return sorted(hits, key=lambda h: h.line)
