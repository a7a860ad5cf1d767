"""Machine checks on a case, from the official data: the FY2026 code set and its tabular notes.

Nothing here is a hand-typed list of codes: validity, billable status, Excludes1 notes, "code first" and
"use additional code" notes and 7th-character rules all come from the course's ICD-10-CM index
(`course.coding.icd10`), itself built from the CDC tabular that simple-icd-10-cm bundles.

How notes are read:
- A note's code references are parsed from its text: "E10.-" (everything under E10), "O10-O11" (a range
  of categories), "I60-I69", "Z79.4"; a range covers a code when the code's leading characters fall in it.
- The notes that apply to a code are its own and those of every item above it up to and including its
  block (a category's Excludes1 applies to every code in it); Excludes1 notes of the chapter count too.
- The "code first" (or "use additional code") lines of one item are read as one note whose lines are
  alternatives ("use additional code to identify control using: / insulin (Z79.4) / ..."). It is
  satisfied when another keyed code falls in one of its references (for "code first", that code must also
  come earlier in the key). Otherwise the case must carry a waiver naming the code, the note kind and a
  piece of the note's text ("about"), with why the note asks for nothing here; a waiver that matches no
  unsatisfied note is itself a problem (so waivers cannot go stale).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from course.coding import hcpcs
from course.coding.casebank.model import DIFFICULTIES, SETTINGS, SKILLS, WAIVABLE_NOTES, Case, guidelines
from course.coding.icd10 import Icd10Index, get_index, normalize
from course.coding.rules import uncertain_terms_in

_CODE = r"[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?"
_REF = re.compile(rf"(?<![A-Za-z0-9.])({_CODE})(?:-({_CODE})|\.?-)?(?![0-9A-Za-z])")
_CPT_LIKE = re.compile(r"(?<![\d.,/])\d{4}[0-9AFTUM](?!\d|[.,/]\d)")
EXTERNAL_CAUSE = "VWXY"
MANIFESTATION = re.compile(r"\bin (?:other )?diseases classified elsewhere", re.IGNORECASE)


@dataclass(frozen=True)
class Ref:
    """A code or range named in a note, as plain (dot-less) bounds: E10.- -> ('E10', 'E10')."""

    lo: str
    hi: str

    def covers(self, code: str) -> bool:
        plain = normalize(code)
        return plain[: len(self.lo)] >= self.lo and plain[: len(self.hi)] <= self.hi


def note_refs(text: str) -> list[Ref]:
    """The codes and code ranges a note's text names, in order."""
    refs = []
    for m in _REF.finditer(text):
        lo = normalize(m.group(1))
        hi = normalize(m.group(2)) if m.group(2) else lo
        refs.append(Ref(lo, hi))
    return refs


def _chain(idx: Icd10Index, code: str, with_chapter: bool) -> list[str]:
    """The items whose notes apply to `code`: the code, its ancestors up to the block (and the chapter)."""
    items = list(dict.fromkeys(item for item, _ in idx.hierarchy(code)))  # B20 is a block and a category
    return items if with_chapter else items[1:]


def note_groups(idx: Icd10Index, code: str, kind: str) -> list[tuple[str, str]]:
    """The `kind` notes that apply to `code`, one group per owning item: (item, its lines joined by " / ")."""
    groups: list[tuple[str, str]] = []
    for item in _chain(idx, code, with_chapter=False):
        lines = idx.notes(item, inherited=False)[kind]
        if lines:
            groups.append((item, " / ".join(lines)))
    return groups


def _excludes1_hits(idx: Icd10Index, codes: Iterable[str]) -> list[tuple[str, str, str, str]]:
    """(code, other code, owning item, note text) for every Excludes1 note of a code that covers another."""
    codes = list(codes)
    found = []
    for a in codes:
        for item in _chain(idx, a, with_chapter=True):
            for text in idx.notes(item, inherited=False)["excludes1"]:
                for ref in note_refs(text):
                    for b in codes:
                        if b != a and ref.covers(b):
                            found.append((a, b, item, text))
    return list(dict.fromkeys(found))


def unsatisfied_notes(idx: Icd10Index, case: Case) -> list[tuple[str, str, str, str]]:
    """(keyed code, note kind, owning item, note text) for each code-first / use-additional note the key misses."""
    keyed = list(case.icd_codes)
    missing = []
    for pos, code in enumerate(keyed):
        for kind in WAIVABLE_NOTES:
            for item, text in note_groups(idx, code, kind):
                refs = note_refs(text)
                others = keyed[:pos] if kind == "code_first" else [c for c in keyed if c != code]
                if not any(ref.covers(o) for ref in refs for o in others):
                    missing.append((code, kind, item, text))
    return missing


def check_case(case: Case, idx: Icd10Index | None = None) -> list[str]:
    """Every problem found in a case (an empty list means it passes every check)."""
    idx = idx or get_index()
    problems: list[str] = []
    known = guidelines()
    if case.setting not in SETTINGS:
        problems.append(f"setting {case.setting!r} is not one of {SETTINGS}")
    if case.difficulty not in DIFFICULTIES:
        problems.append(f"difficulty {case.difficulty!r} is not one of {DIFFICULTIES}")
    if not case.skills or set(case.skills) - set(SKILLS):
        problems.append(f"skills must be a non-empty subset of SKILLS: {sorted(set(case.skills) - set(SKILLS))}")
    if not case.note.strip() or not case.title.strip():
        problems.append("the case needs a title and a note")
    if _CPT_LIKE.search(case.note):
        problems.append(f"the note contains a CPT-shaped code {_CPT_LIKE.search(case.note).group()!r}")
    if not case.codes:
        problems.append("no keyed ICD-10-CM code")
    keyed = list(case.icd_codes)
    if len(set(map(normalize, keyed))) != len(keyed):
        problems.append("a code is keyed twice")
    valid = True
    for k in case.codes:
        if k.guideline not in known:
            problems.append(f"{k.code}: guideline {k.guideline!r} is not in the course's guideline list")
        if not k.why.strip():
            problems.append(f"{k.code}: no rationale")
        if not idx.is_valid(k.code):
            problems.append(f"{k.code} is not an ICD-10-CM code in FY2026")
            valid = False
            continue
        if k.code != idx.format_code(k.code):
            problems.append(f"{k.code} is not written as printed ({idx.format_code(k.code)})")
        if not idx.is_billable(k.code):
            problems.append(f"{k.code} is not billable (it has codes below it)")
        seven = idx.seven_chr_def(k.code)
        if seven and (len(normalize(k.code)) != 7 or normalize(k.code)[6] not in seven):
            problems.append(f"{k.code}: its category requires a 7th character ({', '.join(seven)})")
    if keyed and keyed[0][:1].upper() in EXTERNAL_CAUSE:
        problems.append(f"{keyed[0]} is an external-cause code (V00-Y99): never first-listed")
    if not valid:
        return problems
    if keyed and MANIFESTATION.search(idx.description(keyed[0])):
        problems.append(
            f"{keyed[0]} is a manifestation code ('in ... diseases classified elsewhere'): never first-listed"
        )
    for a, b, item, text in _excludes1_hits(idx, keyed):
        problems.append(f"{a} and {b} are keyed together but {item} has Excludes1: {text}")
    missing = unsatisfied_notes(idx, case)
    used: set[int] = set()
    for code, kind, item, text in missing:
        hit = next(
            (n for n, w in enumerate(case.waivers)
             if w.code == code and w.note == kind and w.about.lower() in text.lower() and w.why.strip()),
            None,
        )  # fmt: skip
        if hit is None:
            problems.append(f"{code}: the {kind} note of {item} ({text}) is not satisfied by the key and not waived")
        else:
            used.add(hit)
    for n, w in enumerate(case.waivers):
        if n not in used:
            problems.append(f"waiver {w.code}/{w.note}/{w.about!r} matches no unsatisfied note")
    for h in case.hcpcs:
        if not hcpcs.is_valid_format(h.code) or h.code.startswith("D") or hcpcs.lookup(h.code) is None:
            problems.append(f"HCPCS {h.code} is not a code in the course's HCPCS Level II table")
        if not h.why.strip():
            problems.append(f"HCPCS {h.code}: no rationale")
    for trap in case.traps:
        if normalize(trap) in map(normalize, keyed) or trap in case.hcpcs_codes:
            problems.append(f"trap {trap} is a keyed code")
        if not idx.is_valid(trap) and hcpcs.lookup(trap) is None:
            problems.append(f"trap {trap} is neither an ICD-10-CM code nor a HCPCS code of the course's table")
    problems += _skill_problems(idx, case)
    return problems


def _skill_problems(idx: Icd10Index, case: Case) -> list[str]:
    """A claimed skill the key must show (where the data can show it)."""
    keyed = case.icd_codes
    need = {
        "7th character": any(idx.seven_chr_def(c) for c in keyed),
        "placeholder X": any("X" in normalize(c)[3:6] for c in keyed),
        "external cause": any(c[0] in EXTERNAL_CAUSE for c in keyed),
        "Z codes": any(c.startswith("Z") for c in keyed),
        "HCPCS": bool(case.hcpcs),
        "uncertain diagnosis": bool(uncertain_terms_in(case.note)),
        "code first": any(note_groups(idx, c, "code_first") for c in keyed),
        "use additional code": any(note_groups(idx, c, "use_additional_code") for c in keyed),
        "code also": any(idx.notes(c)["code_also"] for c in keyed),
    }
    return [f"skill {skill!r} is claimed but the key does not show it" for skill, ok in need.items()
            if skill in case.skills and not ok]  # fmt: skip


def check_bank(cases: Iterable[Case]) -> list[str]:
    """Problems across the bank: duplicate ids."""
    seen: set[str] = set()
    problems = []
    for case in cases:
        if case.case_id in seen:
            problems.append(f"case id {case.case_id} is used twice")
        seen.add(case.case_id)
    return problems
