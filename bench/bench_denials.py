"""The biller's loop (issue 15): the denial simulator with pyx12 validating every file it exchanges.

Figures: one claim's full loop (write the 837P, validate, the payer's denial 835, validate, a corrected
claim, re-validate, the payment 835, validate) against pyx12 validating the same four files alone; 1,000
simulated claims through the loop (each scenario's right path, round robin over the scenarios) against
pyx12 alone on the same files; and the simulator
without X12 (choices, states, documents as data) against the full loop.
"""

from __future__ import annotations

import time

from bench.common import Figure, timed
from course.billing.denials import Action, choose, is_closed, scenario, scenario_ids, start
from course.billing.x12_validate import validate_x12

N = 1000
LOOP_SCENARIO = "D15"  # CO-4: denied, corrected (frequency 7, REF*F8), paid


def _validated(text: str) -> str:
    result = validate_x12(text)
    if not result.ok:
        raise RuntimeError(f"pyx12 rejected a simulator file: {result.errors[:2]}")
    return text


def one_loop() -> list[str]:
    """Write, validate, deny, validate, correct, re-validate, pay, validate: the four files, in order."""
    s = start(LOOP_SCENARIO)
    files = [_validated(s.documents[0].text), _validated(s.reply.text)]
    s = choose(s, Action.CORRECTED_CLAIM, fix="modifier")
    files += [_validated(s.documents[-2].text), _validated(s.reply.text)]
    return files


def _right_path(sid: str, *, x12: bool) -> list[str]:
    s = start(sid)
    for action, detail in scenario(sid).best:
        key = "evidence" if action == Action.APPEAL else "fix"
        s = choose(s, action, **({key: detail} if detail else {}))
    if not is_closed(s):
        raise RuntimeError(f"{sid}: the right path did not close the claim")
    if not x12:
        return []
    return [_validated(d.text) for d in s.documents if d.kind in ("837P", "835")]


def run() -> list[Figure]:
    ids = scenario_ids()
    files = one_loop()  # also warms pyx12's map cache
    loop = timed(one_loop, repeat=5)
    alone = timed(lambda: [_validated(t) for t in files], repeat=5)

    start_t = time.perf_counter()
    produced = [t for i in range(N) for t in _right_path(ids[i % len(ids)], x12=True)]
    many = time.perf_counter() - start_t
    start_t = time.perf_counter()
    for t in produced:
        _validated(t)
    many_alone = time.perf_counter() - start_t
    engine_only = timed(lambda: [_right_path(ids[i % len(ids)], x12=False) for i in range(N)], repeat=3)
    return [
        Figure(
            "denial loop: one claim (write, validate, deny, correct, pay)",
            loop,
            "s",
            alone,
            "pyx12 validating the same 4 files alone",
            note="837P, 835 denial, 837P frequency 7 + REF*F8, 835 paid; 0 errors",
        ),
        Figure(
            "denial loop: 1,000 simulated claims, every file validated",
            many,
            "s",
            many_alone,
            f"pyx12 alone on the same {len(produced):,} files",
            note=f"{len(ids)} scenarios round robin, right path; 0 errors",
        ),
        Figure(
            "denial simulator alone: 1,000 claims, no X12",
            engine_only,
            "s",
            many,
            "the same 1,000 claims with X12 written and validated",
            note="choices, states and documents as data",
        ),
    ]
