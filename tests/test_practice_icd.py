"""The ICD-10-CM explorer and code dissector: their pure functions, and the widgets wired to them."""

from __future__ import annotations

import pytest

from course.practice.code_dissector import dissect, dissection_html, format_problem, make_dissector
from course.practice.icd_explorer import details_html, make_explorer, result_options, summary


def test_dissect_explains_every_character():
    rows = dissect("s93.401a")
    assert [part for part, _ in rows] == ["S93", "4", "0", "1", "A", "S93.401A"]
    assert "Sprain of ankle" in rows[1][1]
    assert "laterality (right)" in rows[3][1]
    assert "initial encounter" in rows[4][1] and rows[4][1].startswith("7th character")
    assert rows[-1][1].startswith("Valid and billable")


def test_dissect_placeholder_and_seventh_character():
    rows = dissect("W19XXXA")
    assert [part for part, _ in rows[1:4]] == ["X", "X", "X"]
    assert all("placeholder X" in text for _, text in rows[1:4])
    assert "initial encounter" in rows[4][1]
    assert "placeholder X" in dissect("T45.0X1A")[2][1]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("T45.01A", "can be: X"),  # the placeholder is missing
        ("W19.XXX", "needs its 7th character: A = initial encounter"),
        ("S93.401", "needs a 7th character"),
        ("E11", "header. Add the 4th character"),
        ("M54.5", "Add the 5th character: 0, 1, 9"),
        ("E11.99", "E11.9 is complete"),
        ("S52.501Z", "7th character can be: A = initial encounter for closed fracture"),
        ("Z9Z", "no category Z9Z"),
    ],
)
def test_dissect_says_what_is_wrong(code, expected):
    text = " ".join(t for _, t in dissect(code))
    assert expected in text


def test_format_problems_are_specific():
    assert format_problem("E11.9") is None
    assert format_problem("QA0") is None
    assert "starts with a letter" in format_problem("1E11")
    assert "at most 7" in format_problem("S93401AA")
    assert "after the 3rd character" in format_problem("E1.19")
    assert "Type a code" in format_problem("  ")


def test_dissector_widget_updates_as_you_type():
    box = make_dissector()
    text, out = box.children
    assert "Valid and billable" in out.value
    text.value = "t45.01a"
    assert "No code T45.01 exists" in out.value and "Not a valid" in out.value
    text.value = "F32.A"
    assert "Depression, unspecified" in out.value
    assert dissection_html("") and "Type a code" in dissection_html("")


def test_result_options_and_summary():
    options = result_options("covid")
    assert options[0] == ("U07.1  COVID-19", "U07.1")
    assert all(code.startswith("E11") for _, code in result_options("E11", limit=5))
    assert "No code matches" in summary("zzzz", 0)
    assert "Type a code" in summary("", 0)


def test_details_show_hierarchy_status_and_notes():
    text = details_html("S93.401A")
    for piece in (
        "Chapter 19",
        "Block S90-S99",
        "Category S93",
        "Subcategory S93.401",
        "Code S93.401A",
        "is billable",
        "7th character choices",
        "A: initial encounter",
        "Excludes2",
    ):
        assert piece in text, piece
    e11 = details_html("E11")
    assert "NOT billable" in e11 and "Excludes1" in e11 and "type 1 diabetes mellitus (E10.-)" in e11
    assert "Use additional code" in e11 and "Z79.4" in e11
    assert "not a code" in details_html("E11.90")


def test_explorer_widget_searches_as_you_type():
    box = make_explorer()
    query, billable, info, results, details = box.children
    query.value = "ankle sprain right"
    assert results.options and "right ankle" in results.options[0][0]
    assert results.value == results.options[0][1]
    assert "Chapter 19" in details.value
    billable.value = True
    assert all(code.endswith(("A", "D", "S")) for _, code in results.options)
    query.value = "zzzz qqqq"
    assert results.options == () and details.value == "" and "No code matches" in info.value
    query.value = "i10"
    results.value = "I10"
    assert "Essential (primary) hypertension" in details.value and "is billable" in details.value
