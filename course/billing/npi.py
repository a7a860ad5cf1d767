"""The National Provider Identifier (NPI): 9 digits plus a Luhn check digit over the prefix 80840.

CMS's rule: double every other digit starting from the rightmost of the 9, add the digits of the products
and the undoubled digits, add 24 (the constant for the implied prefix 80840), and the check digit is what
brings the total up to the next multiple of 10. CMS's example: 123456789 -> 1234567893.

Every NPI this course makes is fictitious: a valid check digit does not make it anyone's NPI.
"""

from __future__ import annotations

import random


def _digit_sum(n: int) -> int:
    return n // 10 + n % 10


def npi_check_digit(base9: str) -> int:
    """The check digit for a 9-digit NPI base (CMS algorithm with the constant 24)."""
    if len(base9) != 9 or not base9.isdigit():
        raise ValueError(f"an NPI base is exactly 9 digits, got {base9!r}")
    total = 24
    for i, ch in enumerate(reversed(base9)):
        d = int(ch)
        total += _digit_sum(2 * d) if i % 2 == 0 else d
    return (10 - total % 10) % 10


def is_valid_npi(npi: str) -> bool:
    """True when `npi` is 10 digits whose last digit is the right check digit."""
    npi = str(npi).strip()
    return len(npi) == 10 and npi.isdigit() and npi_check_digit(npi[:9]) == int(npi[9])


def make_fictitious_npi(rng: random.Random, first: str = "1") -> str:
    """A random, fictitious NPI with a valid check digit (starting with `first`, 1 or 2 as issued)."""
    base = first + "".join(str(rng.randrange(10)) for _ in range(8))
    return base + str(npi_check_digit(base))
