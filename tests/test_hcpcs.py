"""HCPCS Level II: format, sections and the curated table."""

from __future__ import annotations

import csv

import pytest

from course.coding import hcpcs


def test_table_rows_are_well_formed():
    rows = hcpcs.table()
    assert len(rows) >= 40
    for code, row in rows.items():
        assert hcpcs.is_valid_format(code), code
        assert row.section == code[0], code
        assert row.section in hcpcs.SECTIONS, code
        assert row.description and row.source.startswith("CMS"), code


def test_no_dental_cdt_codes_and_no_duplicates():
    with hcpcs.DATA.open(encoding="utf-8", newline="") as fh:
        codes = [row["code"] for row in csv.DictReader(fh)]
    assert len(codes) == len(set(codes))
    assert not [c for c in codes if c.upper().startswith("D")]


def test_known_codes_keep_their_meaning():
    assert "crutches" in hcpcs.lookup("e0114").description.lower()
    assert "basic life support, non-emergency" in hcpcs.lookup("A0428").description
    assert "ketorolac" in hcpcs.lookup(" J1885 ").description.lower()
    assert "15 mg" in hcpcs.lookup("J1885").description
    assert "per 50 strips" in hcpcs.lookup("A4253").description
    assert hcpcs.lookup("Z9999") is None
    assert hcpcs.lookup(None) is None


@pytest.mark.parametrize("code", ["E0114", "e0114", " J1885 ", "A0428", "V2020"])
def test_format_accepts(code):
    assert hcpcs.is_valid_format(code)


@pytest.mark.parametrize("code", ["", "E011", "E01144", "0114E", "EE114", "E 114", "99213", "0001F", None])
def test_format_rejects(code):
    assert not hcpcs.is_valid_format(code)


def test_sections():
    assert "Durable medical equipment" in hcpcs.section_name("E0114")
    assert "Drugs" in hcpcs.section_name("j")
    assert "ADA" in hcpcs.section_name("D")
    assert "approximate" in hcpcs.SECTION_NOTE
    for letter in "FINOWXYZ":
        with pytest.raises(KeyError):
            hcpcs.section_name(letter)
