"""The course's ICD-10-CM index agrees with simple-icd-10-cm on every one of its ~98,500 items.

The index is built by our own parser (course.coding.icd10.build) from the package's data files, so this
compares two independent readings of the same CDC data.
"""

from __future__ import annotations

import random
import warnings

import pytest

from course.coding.icd10 import get_index, is_valid_format


@pytest.fixture(scope="module")
def sicd():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # importlib.resources.read_text on 3.11
        import simple_icd_10_cm

    return simple_icd_10_cm


@pytest.fixture(scope="module")
def idx():
    return get_index()


def test_every_item_agrees_on_validity_billable_status_and_description(sicd, idx):
    items = sicd.get_all_codes(with_dots=True)
    assert len(items) == 98_505
    mismatches = []
    for item in items:
        is_code = sicd.is_category_or_subcategory(item)
        ours = (idx.is_valid(item), idx.is_billable(item), idx.description(item))
        theirs = (is_code, is_code and sicd.is_leaf(item), sicd.get_description(item))
        if ours != theirs:
            mismatches.append((item, ours, theirs))
    assert mismatches == [], f"{len(mismatches)} items disagree, first: {mismatches[:3]}"


def test_every_item_agrees_without_dots_and_in_lower_case(sicd, idx):
    for plain in sicd.get_all_codes(with_dots=False):
        if sicd.is_category_or_subcategory(plain):
            assert idx.is_valid(plain.lower()), plain
            assert idx.is_billable(plain) == sicd.is_leaf(plain), plain


def test_kinds_and_parents_agree(sicd, idx):
    for item in sicd.get_all_codes(with_dots=True):
        if sicd.is_chapter(item):
            assert idx.kind(item) == "chapter", item
        elif sicd.is_category(item):
            assert idx.kind(item) == "category", item
        elif sicd.is_extended_subcategory(item):
            assert idx.kind(item) == "extended subcategory", item
        elif sicd.is_subcategory(item):
            assert idx.kind(item) == "subcategory", item
        else:
            assert idx.kind(item) == "block", item
        if sicd.is_category_or_subcategory(item):
            assert idx.parent(item) == sicd.get_parent(item), item


def test_every_code_passes_the_format_check(sicd):
    for item in sicd.get_all_codes(with_dots=True):
        if sicd.is_category_or_subcategory(item):
            assert is_valid_format(item), item
            assert is_valid_format(item.replace(".", "").lower()), item


def test_near_miss_codes_agree(sicd, idx):
    """Codes one character away from real ones: both must say the same, valid or not."""
    rng = random.Random(2026)
    codes = [c for c in sicd.get_all_codes(with_dots=False) if sicd.is_category_or_subcategory(c)]
    alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    for code in rng.sample(codes, 4000):
        pos = rng.randrange(len(code))
        variant = code[:pos] + rng.choice(alphabet) + code[pos + 1 :]
        for candidate in (variant, code + rng.choice(alphabet), code[:-1]):
            expected = sicd.is_valid_item(candidate) and sicd.is_category_or_subcategory(candidate)
            assert idx.is_valid(candidate) == expected, candidate


def test_notes_and_seven_character_definitions_agree(sicd, idx):
    for item in sicd.get_all_codes(with_dots=True)[::7]:
        if not sicd.is_category_or_subcategory(item):
            continue
        own = idx.notes(item, inherited=False)
        assert own["excludes1"] == sicd.get_excludes1(item), item
        assert own["excludes2"] == sicd.get_excludes2(item), item
        assert own["includes"] == sicd.get_includes(item), item
        assert own["inclusion_term"] == sicd.get_inclusion_term(item), item
        assert "\n".join(own["code_first"]) == sicd.get_code_first(item), item
        assert "\n".join(own["use_additional_code"]) == sicd.get_use_additional_code(item), item
        assert "\n".join(own["code_also"]) == sicd.get_code_also(item), item
        expected = sicd.get_seven_chr_def(item, search_in_ancestors=True)
        assert idx.seven_chr_def(item) == expected, item
