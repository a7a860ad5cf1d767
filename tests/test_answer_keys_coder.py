"""Every ICD-10-CM code in the a02/a03 answer keys is real in the bundled FY2026 data.

The codes are extracted (by regex) from the source notebooks' solution regions, hidden tests and
model answers. Each must be a billable FY2026 code unless it is listed below on purpose: headers and
invalid codes used as negative examples, and HCPCS Level II codes that merely look like ICD-10-CM.
The data the notebooks hand to students (tabular excerpts, Excludes1 and code-first tables) is also
checked against the real notes.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from tests.nbgrader_helpers import REGION
from tests.support import ROOT

NOTEBOOKS = ("source/a02/a02-code-sets.ipynb", "source/a03/a03-record-to-codes.ipynb")

# Quoted strings shaped like ICD-10-CM codes (code cells), bare upper-case codes (markdown).
QUOTED = re.compile(r"""["']\s*([A-Za-z](?:\d[0-9A-Za-z]|A0)(?:\.?[0-9A-Za-z]{1,4})?)\s*["']""")
BARE = re.compile(r"\b([A-Z](?:\d[0-9A-Z]|A0)(?:\.[0-9A-Z]{1,4})?)\b")

# Deliberate negative examples: valid codes that are headers (not billable) ...
EXPECTED_HEADER = {
    "QA0", "C4A", "E11.6", "E11.64", "M54.5", "S93.401", "QA0.0", "R05", "S93", "W19", "T14.90",
    "S01.01", "S06.0X1", "S80.02", "W10.1", "S60.012", "S00.03", "J20", "G30",
}  # fmt: skip
# ... codes that do not exist in FY2026 ...
EXPECTED_INVALID = {"E11.90", "I10.9", "S93.401X", "E11.99"}
# ... and HCPCS Level II codes (one letter + four digits) that the regex also picks up.
NOT_ICD10CM = {"E0114", "J1885"}


def canonical(code: str) -> str:
    raw = code.strip().upper().replace(".", "")
    return raw if len(raw) <= 3 else f"{raw[:3]}.{raw[3:]}"


@pytest.fixture(scope="module")
def cm():
    import simple_icd_10_cm

    return simple_icd_10_cm


def status(cm, code: str) -> str:
    if code in NOT_ICD10CM:
        return "not ICD-10-CM"
    if not cm.is_valid_item(code):
        return "invalid"
    return "billable" if cm.is_leaf(code) else "header"


def key_codes() -> set[str]:
    """Every code in the solution regions, hidden tests and model answers of the two notebooks."""
    codes: set[str] = set()
    for rel in NOTEBOOKS:
        for cell in nbformat.read(ROOT / rel, as_version=4).cells:
            pattern = QUOTED if cell.cell_type == "code" else BARE
            for match in REGION.finditer(cell.source):
                for found in pattern.findall(match.group(2)):
                    codes.add(found.upper() if found.upper() in NOT_ICD10CM else canonical(found))
    return codes


def cell_source(rel: str, grade_id: str) -> str:
    for cell in nbformat.read(ROOT / rel, as_version=4).cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return cell.source
    raise AssertionError(f"{rel} has no cell {grade_id}")


def test_extraction_finds_the_answer_keys():
    codes = key_codes()
    # Spot checks that the regexes see quoted, lower-case, dotless and markdown codes.
    assert {"E11.9", "S93.401A", "F32.A", "M54.50", "Z79.84", "G20.A1", "R51.9"} <= codes
    assert {"W19.XXXA", "S06.0X1A", "C4A", "U07.1"} <= codes


def test_every_key_code_is_billable_unless_listed(cm):
    problems = []
    for code in sorted(key_codes()):
        got = status(cm, code)
        if code in EXPECTED_HEADER:
            want = "header"
        elif code in EXPECTED_INVALID:
            want = "invalid"
        elif code in NOT_ICD10CM:
            want = "not ICD-10-CM"
        else:
            want = "billable"
        if got != want:
            problems.append(f"{code}: {got}, expected {want}")
    assert not problems, problems


def test_expected_lists_hold_no_stale_entries():
    codes = key_codes()
    stale = (EXPECTED_HEADER | EXPECTED_INVALID | NOT_ICD10CM) - codes
    assert not stale, f"listed as negative examples but no longer used: {sorted(stale)}"


def test_hcpcs_look_alikes_are_not_icd10cm(cm):
    for code in NOT_ICD10CM:
        assert not cm.is_valid_item(code) and re.fullmatch(r"[A-CE-VX-Z]\d{4}", code), code


@pytest.mark.parametrize("rel", NOTEBOOKS)
def test_tabular_tables_in_markdown_match_the_data(cm, rel):
    rows = 0
    for cell in nbformat.read(ROOT / rel, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        for code, description, rest in re.findall(r"^\| ([A-Z][0-9A-Z.]+) \| ([^|]+) \|(.*)$", cell.source, re.M):
            rows += 1
            assert cm.is_valid_item(code), code
            assert cm.get_description(code) == description.strip(), code
            mark = rest.strip(" |")
            if mark in ("B", "header"):
                assert (mark == "B") == cm.is_leaf(code), f"{code} is marked {mark}"
    assert rows >= 10


def _data(rel: str, grade_id: str) -> dict:
    namespace: dict = {}
    exec(cell_source(rel, grade_id), namespace)  # the notebook's own locked data cell
    return namespace


def test_excerpt_headers_match_the_real_code_set(cm):
    excerpt = _data(NOTEBOOKS[0], "a02-q4-data")["FY2026_EXCERPT"]
    plain = [c.replace(".", "") for c in excerpt]
    for code, p in zip(excerpt, plain, strict=True):
        assert cm.is_valid_item(code), code
        has_child = any(o != p and o.startswith(p) for o in plain)
        assert has_child == (not cm.is_leaf(code)), f"{code}: header by the exercise's rule must match FY2026"


def test_excludes1_table_is_taken_from_the_real_notes(cm):
    table = _data(NOTEBOOKS[1], "a03-q3-data")["EXCLUDES1"]
    for key, prefixes in table.items():
        notes = " ".join(cm.get_excludes1(key))
        for prefix in prefixes:
            assert f"({prefix}" in notes, f"{key}'s Excludes1 notes do not name {prefix}"


def test_code_first_table_is_taken_from_the_real_notes(cm):
    table = _data(NOTEBOOKS[1], "a03-q4-data")["CODE_FIRST"]
    for key, prefixes in table.items():
        notes = cm.get_code_first(key)
        for prefix in prefixes:
            assert f"({prefix}" in notes, f"{key}'s code-first note does not name {prefix}"


def test_graded_functions_are_not_importable_from_the_toolkit():
    """No `course` module defines a function with the name of one that a02/a03 students write."""
    student_functions = set()
    for rel in NOTEBOOKS:
        for cell in nbformat.read(ROOT / rel, as_version=4).cells:
            if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "code":
                student_functions.update(re.findall(r"^def (\w+)\(", cell.source, re.M))
    assert student_functions >= {"format_issue", "billable_status", "add_seventh_character", "first_listed_code"}
    clashes = []
    for path in (ROOT / "course").rglob("*.py"):
        defined = set(re.findall(r"^\s*def (\w+)\(", path.read_text(encoding="utf-8"), re.M))
        clashes += [f"{path.relative_to(ROOT)}: {name}" for name in sorted(defined & student_functions)]
    assert not clashes, clashes


LESSONS = ("course/lessons/02-code-sets.ipynb", "course/lessons/03-record-to-codes.ipynb")
# A code in lesson text: upper case, dot only after the 3rd character, not part of a longer token.
LESSON_CODE = re.compile(r"(?<![A-Za-z0-9.])([A-Z](?:\d[0-9A-Z]|A0)(?:\.[0-9A-Z]{1,4})?)(?![A-Za-z0-9])")
LESSON_NEGATIVE_EXAMPLES = {"T45.01A", "W19.XXX"}  # shown on purpose as codes that do not exist
RANGE_ENDPOINTS = {"U00", "U85"}  # chapter 22's range as the CDC writes it; not codes themselves


def test_every_code_the_lessons_mention_exists_in_fy2026(cm):
    seen: set[str] = set()
    for rel in LESSONS:
        for cell in nbformat.read(ROOT / rel, as_version=4).cells:
            seen.update(LESSON_CODE.findall(cell.source))
        # the lesson's quiz questions, options and explanations live in the toolkit's data
        quizzes = ROOT / "course" / "data" / "quizzes" / (Path(rel).stem + ".json")
        seen.update(LESSON_CODE.findall(quizzes.read_text(encoding="utf-8")))
    assert len(seen) > 50
    invalid = {c for c in seen if not cm.is_valid_item(c)}
    assert invalid == LESSON_NEGATIVE_EXAMPLES | RANGE_ENDPOINTS


def test_lesson_02_chapter_table_matches_the_data(cm):
    text = "\n".join(c.source for c in nbformat.read(ROOT / LESSONS[0], as_version=4).cells)
    table = dict(re.findall(r"\| (\d{1,2}) \| ([A-Z]\d\d-[A-Z][0-9A-Z]{2}) \|", text))
    assert sorted(table, key=int) == [str(n) for n in range(1, 23)]
    for chapter, code_range in table.items():
        assert cm.get_description(chapter).endswith(f"({code_range})"), chapter
