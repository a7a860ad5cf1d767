"""ICD-10-CM index: cold load and memory vs `import simple_icd_10_cm`; search latency vs a pandas scan.

Each load is measured in a fresh Python process (time and added RSS around the import/load only, so the
interpreter's own start-up is left out of both). The search compares `get_index().search(q, 20,
billable_only=True)` with `df[df.description.str.contains(q, case=False, regex=False)]` over the same
74,719 billable codes, for the same queries, in this process.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import Figure

ROOT = Path(__file__).resolve().parents[1]
RUNS = 3  # fresh processes per loader; the median is reported
QUERIES = (
    "diabetes", "type 2 diabetes", "ankle sprain right", "E11", "hypertension", "fracture femur", "asthma",
    "low back pain", "covid", "S93.4", "chest pain", "urinary tract infection", "pneumonia", "migraine",
    "fall", "depression", "otitis media", "hyperlipidemia", "obesity", "z00.00",
)  # fmt: skip
REPEAT = 20  # timings per query

_CHILD = """
import gc, sys, time, warnings
import psutil
warnings.simplefilter("ignore")
proc = psutil.Process()
gc.collect()
rss0 = proc.memory_info().rss
t0 = time.perf_counter()
{load}
elapsed = time.perf_counter() - t0
print(elapsed, (proc.memory_info().rss - rss0) / 2**20)
"""
LOADERS = {
    "index": "from course.coding.icd10 import get_index\nidx = get_index()\nassert idx.is_billable('E11.9')",
    "simple": "import simple_icd_10_cm as s\nassert s.is_leaf('E11.9')",
}


def _load_once(kind: str) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD.format(load=LOADERS[kind])],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    seconds, mib = out.stdout.split()
    return float(seconds), float(mib)


def _load_figures() -> list[Figure]:
    from course.coding.icd10 import get_index

    get_index()  # the per-user cache exists before the cold loads are timed
    runs = {kind: [_load_once(kind) for _ in range(RUNS)] for kind in LOADERS}
    t = {kind: statistics.median(r[0] for r in rs) * 1000 for kind, rs in runs.items()}
    m = {kind: statistics.median(r[1] for r in rs) for kind, rs in runs.items()}
    note = f"median of {RUNS} fresh processes"
    return [
        Figure("ICD-10-CM index cold load from cache", t["index"], "ms", t["simple"],
               "import simple_icd_10_cm", f"{note}; goal ratio >= 10"),
        Figure("ICD-10-CM index added memory (RSS)", m["index"], "MiB", m["simple"],
               "import simple_icd_10_cm", f"{note}; goal ratio >= 5"),
    ]  # fmt: skip


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _search_figures() -> list[Figure]:
    import pandas as pd

    from course.coding.icd10 import get_index

    idx = get_index()
    codes = idx.codes(billable_only=True)
    df = pd.DataFrame({"code": codes, "description": [idx.description(c) for c in codes]})
    ours: list[float] = []
    scan: list[float] = []
    for query in QUERIES:
        for _ in range(REPEAT):
            start = time.perf_counter()
            idx.search(query, 20, billable_only=True)
            ours.append(time.perf_counter() - start)
        for _ in range(max(3, REPEAT // 4)):
            start = time.perf_counter()
            df[df.description.str.contains(query, case=False, regex=False)]
            scan.append(time.perf_counter() - start)
    note = f"{len(QUERIES)} queries over {len(codes):,} billable codes"
    p50, p95 = (_percentile(ours, 0.5) * 1000, _percentile(ours, 0.95) * 1000)
    b50, b95 = (_percentile(scan, 0.5) * 1000, _percentile(scan, 0.95) * 1000)
    return [
        Figure("ICD-10-CM search p50", p50, "ms", b50, "pandas str.contains scan p50", note),
        Figure("ICD-10-CM search p95", p95, "ms", b95, "pandas str.contains scan p95",
               f"{note}; goal <= 10 ms and ratio >= 15"),
    ]  # fmt: skip


def run() -> list[Figure]:
    return _load_figures() + _search_figures()
