"""The NPI check digit (CMS algorithm) and fictitious NPIs."""

from __future__ import annotations

import random

import pytest

from course.billing.npi import is_valid_npi, make_fictitious_npi, npi_check_digit


def test_cms_example_and_domain_facts_worked_example():
    assert npi_check_digit("123456789") == 3
    assert npi_check_digit("135792468") == 1
    assert is_valid_npi("1234567893")
    assert is_valid_npi("1357924681")


def test_luhn_with_prefix_80840_agrees():
    """The +24 shortcut equals a plain Luhn check over 80840 + the 10 digits."""
    rng = random.Random(7)
    for _ in range(200):
        base = "".join(str(rng.randrange(10)) for _ in range(9))
        full = "80840" + base + str(npi_check_digit(base))
        total = 0
        for i, ch in enumerate(reversed(full)):
            d = int(ch) * (2 if i % 2 else 1)
            total += d - 9 if d > 9 else d
        assert total % 10 == 0, full


@pytest.mark.parametrize("bad", ["1234567890", "123456789", "12345678933", "12345678a3", "", "  "])
def test_invalid_npis(bad):
    assert not is_valid_npi(bad)


def test_every_wrong_check_digit_is_rejected():
    for d in range(10):
        assert is_valid_npi("123456789" + str(d)) == (d == 3)


def test_fictitious_npis_are_valid_and_reproducible():
    a = [make_fictitious_npi(random.Random(1)) for _ in range(3)]
    assert len(set(a)) == 1
    rng = random.Random(2)
    npis = [make_fictitious_npi(rng) for _ in range(50)]
    assert all(is_valid_npi(n) and n[0] == "1" for n in npis)
    assert make_fictitious_npi(rng, first="2")[0] == "2"


def test_check_digit_rejects_wrong_length():
    with pytest.raises(ValueError):
        npi_check_digit("12345")
