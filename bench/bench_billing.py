"""Biller toolkit: build and validate 1,000 X12 837P claims (issue 4).

Figures: building one 1,000-claim interchange vs 1,000 one-claim interchanges; pyx12 validating one
1,000-claim interchange vs 1,000 one-claim interchanges; and our map cache vs pyx12 as shipped (which
re-parses its XML map for every file; that baseline is extrapolated from a sample to keep the bench short).
"""

from __future__ import annotations

import time

from bench.common import Figure, timed
from course.billing.x12_837p import claim_to_837p, claims_to_837p
from course.billing.x12_validate import validate_x12
from course.synthetic import practice

N = 1000
SAMPLE = 10


def _claims():
    p = practice(seed=2026, n_patients=400)
    claims = p.claims[:N]
    if len(claims) < N:
        raise RuntimeError(f"the synthetic practice gave only {len(claims)} claims")
    return claims


def run() -> list[Figure]:
    claims = _claims()
    one = claims_to_837p(claims)
    singles = [claim_to_837p(c, control_number=i) for i, c in enumerate(claims, start=1)]
    build_one = timed(lambda: claims_to_837p(claims), repeat=3)
    build_singles = timed(lambda: [claim_to_837p(c, control_number=i) for i, c in enumerate(claims, 1)], repeat=3)

    validate_x12(singles[0])  # warm the map cache, so the figures below compare validation, not first load
    start = time.perf_counter()
    ok_one = validate_x12(one).ok
    val_one = time.perf_counter() - start
    start = time.perf_counter()
    ok_singles = all(validate_x12(t).ok for t in singles)
    val_singles = time.perf_counter() - start
    start = time.perf_counter()
    ok_shipped = all(validate_x12(t, cache_maps=False).ok for t in singles[:SAMPLE])
    val_shipped = (time.perf_counter() - start) * N / SAMPLE
    if not (ok_one and ok_singles and ok_shipped):
        raise RuntimeError("a synthetic 837P failed pyx12 validation")
    return [
        Figure(
            "837P build: 1,000 claims, one interchange",
            build_one,
            "s",
            build_singles,
            "1,000 one-claim interchanges",
            note=f"{len(one) / 1e6:.2f} MB",
        ),
        Figure(
            "pyx12 validate: 1,000 claims, one interchange",
            val_one,
            "s",
            val_singles,
            "1,000 one-claim interchanges (maps cached)",
            note="0 errors",
        ),
        Figure(
            "pyx12 validate: 1,000 one-claim files, maps cached",
            val_singles,
            "s",
            val_shipped,
            f"pyx12 as shipped (extrapolated from {SAMPLE})",
            note="0 errors",
        ),
    ]
