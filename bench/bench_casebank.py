"""Chart-practice case bank: loading the bank and scoring one case, against a bare import of the toolkit.

The baseline is what a fresh kernel pays to import the toolkit (`python -c "import course"`, wall time of
the whole process, interpreter start included). Against it: the same kind of fresh process that loads the
whole bank and scores one case (with a wrong, an extra and a right code, so the ICD-10-CM index is loaded
to explain the extra one); inside that process, the time to import and load the bank and the time of the
first score (index load included); and scoring one case in a process where the bank is already loaded. Goal: a case scored in under 50 ms. BENCH_CASEBANK_RUNS (default
5) fresh processes per figure; the median is reported.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import Figure

ROOT = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("BENCH_CASEBANK_RUNS", "5"))
BASELINE = "fresh `import course`"
ANSWER = (["S93.402A", "W10.1XXA", "Z99.89"], ["E0114"])  # for case inj-001: category, exact, extra, HCPCS

_BARE = "import course"
_BANK = f"""
import time
t0 = time.perf_counter()
from course.coding.casebank import get_case, load_bank, score_case
load_bank()
t1 = time.perf_counter()
case = get_case("inj-001")
result = score_case(case, *{ANSWER!r})
assert len(result.rows) == 4, result.rows
print(t1 - t0, time.perf_counter() - t1)
"""


def _process(code: str) -> tuple[float, str]:
    """Wall time of a fresh interpreter running `code`, and what it printed."""
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    return time.perf_counter() - start, out.stdout


def run() -> list[Figure]:
    from course.coding.casebank import get_case, load_bank, score_case
    from course.coding.icd10 import get_index

    get_index()  # the per-user index cache exists before anything is timed
    bare = statistics.median(_process(_BARE)[0] for _ in range(RUNS)) * 1000
    runs = [_process(_BANK) for _ in range(RUNS)]
    wall = statistics.median(r[0] for r in runs) * 1000
    loading = statistics.median(float(r[1].split()[0]) for r in runs) * 1000
    first = statistics.median(float(r[1].split()[1]) for r in runs) * 1000
    bank = load_bank()
    case = get_case("inj-001")
    samples = []
    for _ in range(200):
        start = time.perf_counter()
        score_case(case, *ANSWER)
        samples.append(time.perf_counter() - start)
    warm = statistics.median(samples) * 1000
    note = f"{len(bank)} cases; median of {RUNS} fresh processes"
    return [
        Figure("case bank: fresh process, load bank + score 1 case", wall, "ms", bare, BASELINE,
               f"{note}; interpreter start included in both"),
        Figure("case bank: import + load the bank, inside that process", loading, "ms", bare, BASELINE, note),
        Figure("case bank: first score, inside that process", first, "ms", bare, BASELINE,
               f"{note}; includes loading the ICD-10-CM index to explain the extra code; goal < 50 ms"),
        Figure("case bank: score 1 case, bank loaded (p50 of 200)", warm, "ms", bare, BASELINE, "goal < 50 ms"),
    ]  # fmt: skip
