"""Scoring a student's codes for a case, code by code, with the rationale for each (pure functions).

The rules (PARTIAL_CREDIT_RULES) are stated to the student by the chart-practice widget.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from course.coding.casebank.model import Case, guidelines
from course.coding.rules import canonical_code

EXACT, SEQUENCE, CATEGORY, MISSING, EXTRA = "exact", "out of sequence", "right category", "missing", "extra"
POINTS = {EXACT: 1.0, SEQUENCE: 0.5, CATEGORY: 0.5, MISSING: 0.0, EXTRA: -0.25}

PARTIAL_CREDIT_RULES = """\
How a chart is scored. Each code in the key is worth 1 point (ICD-10-CM and HCPCS Level II alike):
- exact: the code you entered is the keyed code: 1 point.
- out of sequence: you entered the keyed first-listed ICD-10-CM code, but not first: 1/2 point.
  (Only the first-listed code is judged for order; the other codes may come in any order.)
- right category, wrong specificity: your code has the keyed code's first three characters (its category)
  but is a different code, e.g. E11.9 for E11.65: 1/2 point.
- missing: no code of yours matches the keyed code: 0 points.
- extra: a code of yours that matches nothing in the key takes away 1/4 point.
Your score is your points divided by the number of keyed codes, never below 0."""


@dataclass(frozen=True)
class CodeScore:
    """The verdict on one keyed code (or on one extra code the student entered)."""

    status: str
    keyed: str | None
    entered: str | None
    points: float
    rationale: str
    kind: str = "ICD-10-CM"

    @property
    def max_points(self) -> float:
        return 0.0 if self.keyed is None else 1.0


@dataclass(frozen=True)
class CaseScore:
    """Every code's verdict, and the case's score as a fraction (0..1)."""

    case_id: str
    rows: tuple[CodeScore, ...]

    @property
    def points(self) -> float:
        return max(0.0, sum(r.points for r in self.rows))

    @property
    def max_points(self) -> float:
        return sum(r.max_points for r in self.rows)

    @property
    def score(self) -> float:
        return self.points / self.max_points if self.max_points else 0.0

    def counts(self) -> dict[str, int]:
        out = {status: 0 for status in POINTS}
        for row in self.rows:
            out[row.status] += 1
        return out


def _clean(codes: Iterable[str], icd: bool) -> list[str]:
    """Entered codes as printed (upper case; ICD-10-CM with its dot), blanks and repeats dropped, order kept."""
    out: list[str] = []
    for raw in codes:
        if not isinstance(raw, str) or not raw.strip():
            continue
        code = canonical_code(raw) if icd else raw.strip().upper()
        if code not in out:
            out.append(code)
    return out


def _cited(case: Case, code: str) -> str:
    key = next(k for k in case.codes if k.code == code)
    return f"{key.code} ({key.guideline}, {guidelines().get(key.guideline, '')}): {key.why}"


def _extra_reason(case: Case, code: str) -> str:
    if code in case.traps:
        return f"{code}: {case.traps[code]}"
    from course.coding.icd10 import get_index  # only when an extra code needs explaining

    idx = get_index()
    if not idx.is_valid(code):
        return f"{code} is not a code in the FY2026 ICD-10-CM code set."
    if not idx.is_billable(code):
        return f"{code} ({idx.description(code)}) is a header, not a billable code: it needs more characters."
    return f"{code} ({idx.description(code)}): nothing in this note supports it. Code only what is documented."


def score_case(case: Case, icd: Sequence[str], hcpcs: Sequence[str] = ()) -> CaseScore:
    """Score the student's ICD-10-CM codes (in the order entered) and HCPCS codes against the case's key."""
    entered = _clean(icd, icd=True)
    keyed = list(case.icd_codes)
    matched: dict[str, str] = {}  # keyed code -> entered code
    for code in keyed:
        if code in entered:
            matched[code] = code
    free = [c for c in entered if c not in matched.values()]
    for code in keyed:
        if code not in matched:
            same = next((c for c in free if c.replace(".", "")[:3] == code.replace(".", "")[:3]), None)
            if same:
                matched[code] = same
                free.remove(same)
    rows: list[CodeScore] = []
    for pos, code in enumerate(keyed):
        got = matched.get(code)
        if got is None:
            rows.append(CodeScore(MISSING, code, None, POINTS[MISSING], f"Missing. {_cited(case, code)}"))
        elif got != code:
            trap = f" {case.traps[got]}" if got in case.traps else ""
            why = f"{got} is in the right category but the note supports {code}.{trap} {_cited(case, code)}"
            rows.append(CodeScore(CATEGORY, code, got, POINTS[CATEGORY], why))
        elif pos == 0 and not case.any_order and entered[0] != code:
            rows.append(CodeScore(SEQUENCE, code, got, POINTS[SEQUENCE],
                                  f"Right code, but it should be listed first (you listed {entered[0]} first). "
                                  f"{_cited(case, code)}"))  # fmt: skip
        else:
            rows.append(CodeScore(EXACT, code, got, POINTS[EXACT], f"Correct. {_cited(case, code)}"))
    rows += [CodeScore(EXTRA, None, c, POINTS[EXTRA], _extra_reason(case, c)) for c in free]
    given = _clean(hcpcs, icd=False)
    for line in case.hcpcs:
        if line.code in given:
            rows.append(
                CodeScore(EXACT, line.code, line.code, POINTS[EXACT], f"Correct. {line.code}: {line.why}", "HCPCS")
            )
        else:
            rows.append(
                CodeScore(MISSING, line.code, None, POINTS[MISSING], f"Missing. {line.code}: {line.why}", "HCPCS")
            )
    for c in given:
        if c not in case.hcpcs_codes:
            why = case.traps.get(c, "nothing in this note calls for this HCPCS Level II code.")
            rows.append(CodeScore(EXTRA, None, c, POINTS[EXTRA], f"{c}: {why}", "HCPCS"))
    return CaseScore(case.case_id, tuple(rows))
