"""Every lesson meets the course's standards, checked statically on the committed notebooks.

A title; learning objectives; at least two practice widgets (code cells outside the check-your-
understanding section that call something from `course.practice`); at least one figure shown with
`show_figure` / `figure_html` (with a text alternative); check-your-understanding questions; key
points; a References section with at least one link. That the figures really render is proven by
tests/test_notebooks_execute.py, which runs every lesson.

Also, course-wide rules from the developer guide and domain-facts.md:
- no function a student writes in any source assignment exists, under that name, in the `course`
  package (the general form of the a02/a03 check in tests/test_answer_keys_coder.py);
- no autograded cell (solution or test code) touches a fact marked UNVERIFIED or a career figure;
- every pay, jobs or growth figure a lesson quotes carries its year and its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import nbformat
import pytest

from tests.support import ROOT

LESSONS = sorted((ROOT / "course" / "lessons").glob("*.ipynb"))
SOURCES = sorted((ROOT / "source").glob("*/*.ipynb"))

HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
CYU_HEADING = re.compile(r"check your understanding|quiz", re.I)
PRACTICE_IMPORT = re.compile(r"^from course\.practice\.(\w+) import \(?([\w,\s]+?)\)?\s*$", re.M)
NOT_PRACTICE = {"make_assignment_panel", "show_progress"}  # lesson 00's assignment launcher and progress view
FIGURE_CALL = re.compile(r"\b(show_figure|figure_html)\(")
URL = re.compile(r"https?://[^\s)>\]]+")


@dataclass
class Section:
    """A heading and what follows it up to the next heading: markdown lines and code cells."""

    title: str
    level: int
    text: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)


def sections(nb: nbformat.NotebookNode) -> list[Section]:
    found = [Section("", 0)]
    for cell in nb.cells:
        if cell.cell_type == "code":
            found[-1].code.append(cell.source)
            continue
        for line in cell.source.splitlines():
            heading = HEADING.match(line)
            if heading:
                found.append(Section(heading.group(2).strip(), len(heading.group(1))))
            else:
                found[-1].text.append(line)
    return found


def practice_names(nb: nbformat.NotebookNode) -> set[str]:
    """Names the lesson imports from course.practice (widget constructors and check helpers)."""
    names: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type == "code":
            for _module, imported in PRACTICE_IMPORT.findall(cell.source):
                names |= {n.strip() for n in imported.split(",") if n.strip()}
    return names - NOT_PRACTICE


def calls(source: str, names: set[str]) -> int:
    """How many calls of any of `names` the source makes (one cell may show several widgets)."""
    return sum(len(re.findall(rf"(?<![\w.]){re.escape(name)}\(", source)) for name in names)


def find(secs: list[Section], pattern: re.Pattern | str) -> list[Section]:
    return [s for s in secs if re.search(pattern, s.title, re.I)]


def load(path):
    return nbformat.read(path, as_version=4)


def lesson_id(path) -> str:
    return path.name


# --- the checks themselves, on small made-up notebooks --------------------------------------------


def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(c[3:]) if c.startswith("md:") else nbformat.v4.new_code_cell(c) for c in cells
    ]
    return nb


def test_practice_detection_ignores_quiz_and_launcher():
    nb = _nb(
        "md:## Practice 1",
        "from course.practice.choice import make_choice\nmake_choice('q', ['a'], 'a', {})",
        "from course.practice.selfpaced_panel import make_assignment_panel, show_progress\nmake_assignment_panel()",
        "md:## Check your understanding",
        "make_choice('q2', ['a'], 'a', {})",
    )
    assert practice_names(nb) == {"make_choice"}
    assert practice_cells(nb) == 1
    assert calls("display(make_choice(1))\ndisplay(make_choice(2))\nx.make_choice(3)", {"make_choice"}) == 2


def test_sections_split_cells_with_two_headings():
    nb = _nb("md:## Key points\n\n- a\n- b\n\n## References\n\n- https://www.cdc.gov/x")
    secs = sections(nb)
    assert [s.title for s in secs] == ["", "Key points", "References"]
    assert URL.findall("\n".join(find(secs, r"^references$")[0].text)) == ["https://www.cdc.gov/x"]
    assert not URL.findall("\n".join(find(secs, r"^key points$")[0].text))


def practice_cells(nb: nbformat.NotebookNode) -> int:
    """Practice widgets (and checks) called outside the check-your-understanding section."""
    names = practice_names(nb)
    count = 0
    for sec in sections(nb):
        if CYU_HEADING.search(sec.title):
            continue
        count += sum(calls(src, names) for src in sec.code)
    return count


# --- the lessons -----------------------------------------------------------------------------------


def test_there_are_nine_lessons():
    assert len(LESSONS) >= 9, [p.name for p in LESSONS]


@pytest.mark.parametrize("path", LESSONS, ids=lesson_id)
def test_title(path):
    first = load(path).cells[0]
    assert first.cell_type == "markdown", f"{path.name}: the first cell should be the title"
    title = first.source.splitlines()[0]
    assert re.match(rf"# Lesson {path.name[:2]}\b\s*[·:\-]\s*\S", title), f"{path.name}: title is {title!r}"


@pytest.mark.parametrize("path", LESSONS, ids=lesson_id)
def test_learning_objectives(path):
    text = "\n".join(c.source for c in load(path).cells if c.cell_type == "markdown")
    at = text.lower().find("learning objectives")
    assert at >= 0, f"{path.name}: no learning objectives"
    after = text[at:].split("\n\n**", 1)[0]  # up to the next bold paragraph ("Before you start", ...)
    objectives = re.findall(r"^\s*\d+\.\s+\S", after, re.M)
    assert len(objectives) >= 2, f"{path.name}: learning objectives should be a numbered list (found {len(objectives)})"


@pytest.mark.parametrize("path", LESSONS, ids=lesson_id)
def test_at_least_two_practice_widgets(path):
    count = practice_cells(load(path))
    assert count >= 2, f"{path.name}: {count} practice widget(s) outside the check-your-understanding section"


@pytest.mark.parametrize("path", LESSONS, ids=lesson_id)
def test_has_an_accessible_figure(path):
    nb = load(path)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    figures = [src for src in code if FIGURE_CALL.search(src)]
    assert figures, f"{path.name}: no figure (show_figure / figure_html from course.plots)"
    assert any(re.search(r"from course\.plots import [^\n]*\b(show_figure|figure_html)\b", src) for src in code), (
        f"{path.name}: figures should go through course.plots (palette and text alternative)"
    )
    for src in figures:
        assert re.search(r"\balt\s*=", src), f"{path.name}: a figure without a text alternative (alt=...)"


@pytest.mark.parametrize("path", LESSONS, ids=lesson_id)
def test_check_your_understanding(path):
    nb = load(path)
    cyu = [s for s in sections(nb) if CYU_HEADING.search(s.title)]
    assert cyu, f"{path.name}: no 'Check your understanding' (or quiz) section"
    names = practice_names(nb)
    questions = sum(calls(src, names) for s in cyu for src in s.code)
    questions += sum(len(re.findall(r"\?", "\n".join(s.text))) for s in cyu)
    assert questions >= 2, f"{path.name}: the check-your-understanding section holds {questions} question(s)"


@pytest.mark.parametrize("path", LESSONS, ids=lesson_id)
def test_key_points(path):
    key = find(sections(load(path)), r"^key points$")
    assert key, f"{path.name}: no 'Key points' section"
    bullets = [line for line in key[0].text if re.match(r"^\s*[-*]\s+\S", line)]
    assert len(bullets) >= 3, f"{path.name}: key points should be a short bullet list (found {len(bullets)})"


@pytest.mark.parametrize("path", LESSONS, ids=lesson_id)
def test_references_with_links(path):
    secs = sections(load(path))
    refs = find(secs, r"^references$")
    assert refs, f"{path.name}: no 'References' section"
    assert secs.index(refs[-1]) > secs.index(find(secs, r"^key points$")[0]), f"{path.name}: References come last"
    links = URL.findall("\n".join(refs[-1].text))
    assert links, f"{path.name}: the References section has no link to a source"


# --- graded functions are not in the toolkit -------------------------------------------------------


def student_functions() -> dict[str, str]:
    """Function name -> the source notebook whose solution cells define it (what students write)."""
    found = {}
    for path in SOURCES:
        for cell in load(path).cells:
            if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution"):
                for name in re.findall(r"^\s*def (\w+)\(", cell.source, re.M):
                    found[name] = str(path.relative_to(ROOT))
    return found


def test_student_functions_are_found_in_every_assignment_that_has_them():
    found = student_functions()
    assert {"patient_share", "format_issue", "add_seventh_character", "bad_npis", "costs_for_year"} <= set(found)
    assert {"can_dispute", "deidentify"} <= set(found)
    assert len({nb for nb in found.values()}) >= 7, sorted(set(found.values()))


def test_no_graded_function_is_importable_from_the_toolkit():
    wanted = student_functions()
    clashes = []
    for path in sorted((ROOT / "course").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        defined = set(re.findall(r"^\s*(?:async\s+)?def (\w+)\(", text, re.M))
        defined |= set(re.findall(r"^(\w+)\s*(?::[^=\n]+)?=\s*(?:lambda|functools\.partial)", text, re.M))
        clashes += [
            f"{path.relative_to(ROOT)} defines {n} (graded in {wanted[n]})" for n in sorted(defined & set(wanted))
        ]
    assert not clashes, clashes


# --- facts that must never be autograded, and career figures that must carry year and source ---------

# From /work/shared/reference/domain-facts.md: facts marked UNVERIFIED, and career figures (which change every
# year). None may appear in an autograded cell (solution or test code) of any assignment.
NEVER_GRADED = {
    "Good Faith Estimate delivery deadlines (UNVERIFIED)": r"business[ -]days?",
    "Billing and Posting Clerks figures (UNVERIFIED)": r"47,?170|417,?500|-0\.4\s*%",
    "the CR group code's validity (UNVERIFIED)": r"[\"']CR[\"']",
    "'about 18 months' of training (UNVERIFIED)": r"\b18[ -]months?\b",
    "career figures (change every year)": r"\b50,?250\b|\b24\.16\b|\b194,?800\b|\b187,?910\b|\b55\s*%",
    "exact HCPCS section boundaries (UNVERIFIED)": r"\b[A-Z]\d{4}\s*(?:-|to|through)\s*[A-Z]\d{4}\b",
    "the inpatient uncertain-diagnosis exception list (UNVERIFIED)": r"\bzika\b",
    "the 2025 Security Rule proposal's status (UNVERIFIED)": r"\bNPRM\b|proposed rule",
    "a remote-work ranking of coders and billers (UNVERIFIED)": r"more (?:often )?remote|remote (?:billing|coding) is more",
    "the contents of the FY2027 code set (UNVERIFIED)": r"\bFY\s?2027\b",
}


def never_graded_hits(source: str) -> list[str]:
    return [why for why, pattern in NEVER_GRADED.items() if re.search(pattern, source, re.I)]


@pytest.mark.parametrize(
    ("source", "hit"),
    [
        ("assert gfe_days == 3, 'three business days'", True),
        ("median_pay = 50250", True),
        ("assert group == 'CR'", True),
        ("assert section_range == 'A0000-A0999'", True),
        ("assert months == 12, 'Medicare filing limit'", False),
        ("assert group == 'CO'", False),
    ],
)
def test_never_graded_patterns_catch_what_they_should(source, hit):
    assert bool(never_graded_hits(source)) is hit


def test_no_unverified_fact_or_career_figure_is_autograded():
    hits = []
    for path in SOURCES:
        for cell in load(path).cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and (meta.get("grade") or meta.get("solution")):
                hits += [f"{path.name} {meta.get('grade_id')}: {why}" for why in never_graded_hits(cell.source)]
    assert not hits, hits


CAREER_WORDS = re.compile(
    r"\b(median|salar(?:y|ies)|wages?|earn(?:s|ed)?|job outlook|employment|projected|projection|"
    r"(?:annual|hourly|median) pay)\b",
    re.I,
)
NUMBER = re.compile(r"\$\s?\d[\d,]*|\b\d+(?:\.\d+)?\s?%")
YEAR = re.compile(r"\b20\d\d\b")
CAREER_SOURCE = re.compile(r"BLS|Bureau of Labor|OEWS|Occupational Outlook|O\*NET|AAPC|AHIMA|NHA|AMBA", re.I)


def unsourced_career_figures(text: str) -> list[str]:
    """Paragraphs or list items that quote a pay/jobs/growth number without a year and a source."""
    chunks = re.split(r"\n\s*\n|\n(?=\s*[-*] |\s*\d+\. )", text)
    return [
        chunk.strip()[:90]
        for chunk in chunks
        if CAREER_WORDS.search(chunk)
        and NUMBER.search(chunk)
        and not (YEAR.search(chunk) and CAREER_SOURCE.search(chunk))
    ]


def test_career_figure_check_catches_what_it_should():
    assert unsourced_career_figures("Coders earn a median of $50,250.")
    assert unsourced_career_figures("- Jobs grow 7% (projected).\n- BLS, 2024-34: +7%.") == [
        "- Jobs grow 7% (projected)."
    ]
    assert not unsourced_career_figures("BLS OOH: median pay $50,250 (May 2024).")
    assert not unsourced_career_figures("The plan pays 80% of the allowed amount.")


@pytest.mark.parametrize("path", LESSONS, ids=lesson_id)
def test_career_figures_carry_year_and_source(path):
    problems = [p for cell in load(path).cells for p in unsourced_career_figures(cell.source)]
    assert not problems, f"{path.name}: career figures without a year and a source: {problems}"
