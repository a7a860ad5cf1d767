"""The self-check table's question labels are plain, readable text; each assignment says what Validate checks."""

from __future__ import annotations

import re

import nbformat
import pytest

from course.selfpaced.labels import plain, question_labels, question_lines, shorten
from tests.support import ROOT

RELEASED = sorted((ROOT / "release").glob("a*/*.ipynb"))
RAW_MARKDOWN = re.compile(r"\*\*|__|`|^#|\]\(|\\[$*_]")


def _md(source: str, grade_id: str = "text") -> dict:
    return {"cell_type": "markdown", "source": source, "metadata": {"nbgrader": {"grade_id": grade_id}}}


def _test(grade_id: str, points: int = 1) -> dict:
    meta = {"grade": True, "solution": False, "grade_id": grade_id, "points": points}
    return {"cell_type": "code", "source": "assert True", "metadata": {"nbgrader": meta}}


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("**Q4.** Which code set has `E11.9`?", "Q4. Which code set has E11.9?"),
        ("## Part 1: who *does* it?", "Part 1: who does it?"),
        ("See [the CMS site](https://example.com) for \\$40.00", "See the CMS site for $40.00"),
        ("Call `patient_share(allowed, plan_paid)` &amp; check", "Call patient_share(allowed, plan_paid) & check"),
        ("- <b>bold</b> item", "bold item"),
    ],
)
def test_plain_takes_the_markdown_out(markdown, text):
    assert plain(markdown) == text


def test_long_questions_are_cut_at_a_word():
    cut = shorten("Q3. " + "word " * 40)
    assert len(cut) <= 80 and cut.endswith("word…")


def test_the_question_line_is_preferred_and_points_are_dropped():
    cell = "## Part 4: aging (3 points)\n\nOpen claims are...\n\n**Q7 (2 points).** Write `age(x)`.\n\n**Q8 (1 point).** Write `share(b)`."
    assert question_lines(cell) == ["Q7. Write age(x).", "Q8. Write share(b)."]
    assert question_lines("## Part 1: who does it? (4 points)\n\nFor each task...") == ["Part 1: who does it?"]


def test_labels_follow_questions_and_number_several_checks():
    cells = [
        _md("# Assignment 01"),
        _md("## Part 1: roles (4 points)\n\nFor each task, write..."),
        _test("roles-1"), _test("roles-2"),
        _md("**Q3.** After the insurer has paid..."),
        _test("share"),
        _md("Part 4\n\n**Q7.** Write `a`.\n\n**Q8.** Write `b`."),
        _test("q7"), _test("q8"),
    ]
    assert question_labels(cells) == {
        "roles-1": "Part 1: roles (check 1 of 2)",
        "roles-2": "Part 1: roles (check 2 of 2)",
        "share": "Q3. After the insurer has paid...",
        "q7": "Q7. Write a.",
        "q8": "Q8. Write b.",
    }


@pytest.mark.parametrize("path", RELEASED, ids=lambda p: p.parent.name)
def test_every_graded_cell_of_every_assignment_has_a_readable_label(path):
    nb = nbformat.read(path, as_version=4)
    labels = question_labels(nb.cells)
    graded = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert list(labels) == graded
    for gid, label in labels.items():
        assert gid not in label, f"{path.name}: the label of {gid} shows its internal id"
        assert not RAW_MARKDOWN.search(label), f"{path.name}: raw markdown in {label!r}"
        assert 8 <= len(label) <= 100, f"{path.name}: {label!r}"


VALIDATE_SAYS = re.compile(
    r"\*\*Validate\*\* button run only\s+the\s+\*visible\* tests.*?"
    r"\*hidden\*\s+tests, with the real cases, run only when your work is graded, or when you press\s+"
    r"\*\*Check my work\*\*.*?make selfcheck ASSIGNMENT=(a\d\d)",
    re.S,
)


@pytest.mark.parametrize("path", RELEASED, ids=lambda p: p.parent.name)
def test_every_assignment_says_what_validate_and_check_my_work_check(path):
    """Validate says "Success!" on visible tests alone: the first cell says so, and what grading adds."""
    first = nbformat.read(path, as_version=4).cells[0]
    assert first.cell_type == "markdown"
    found = VALIDATE_SAYS.search(first.source)
    assert found, f"{path.parent.name}'s introduction does not say what Validate and Check my work check"
    assert found.group(1) == path.parent.name
