"""Check every case in the bank: `python -m course.coding.casebank [case-id ...]` (exit 1 on a problem)."""

from __future__ import annotations

import sys

from course.coding.casebank.checks import check_bank, check_case
from course.coding.casebank.model import load_bank
from course.coding.icd10 import get_index


def main(argv: list[str]) -> int:
    idx = get_index()
    bank = load_bank()
    chosen = [c for c in bank if not argv or c.case_id in argv]
    problems = check_bank(bank)
    for case in chosen:
        problems += [f"{case.case_id}: {p}" for p in check_case(case, idx)]
    for line in problems:
        print(line)
    print(f"{len(chosen)} cases checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
