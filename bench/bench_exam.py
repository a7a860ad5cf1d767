"""Exam mode: drawing and building a 50-item practice exam, against a bare import of the toolkit.

The baseline is what a fresh kernel pays to import the toolkit (`python -c "import course"`, wall time of
the whole process, interpreter start included). Against it: a fresh process that draws a 50-item exam by
the blueprint and builds its widget, then shows every item once (the case bank and the lesson questions loaded;
an item's inputs are built when it is first shown);
inside that process, the draw alone (first, banks loading) and the widget build; and, with the banks
loaded, a draw and a build (p50 of 20) and scoring a whole exam. BENCH_EXAM_RUNS (default 5) fresh
processes; the median is reported.
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
RUNS = int(os.environ.get("BENCH_EXAM_RUNS", "5"))
BASELINE = "fresh `import course`"
SIZE = 50

_BARE = "import course"
_EXAM = f"""
import time
t0 = time.perf_counter()
from course.exam import draw
exam = draw({SIZE}, seed=1)
t1 = time.perf_counter()
from course.practice.exam_practice import ExamPractice
widget = ExamPractice(exam, record=False, start_timer=False)
for i in range({SIZE}):
    widget.go(i)
assert len(widget.inputs) == {SIZE}, len(widget.inputs)
print(t1 - t0, time.perf_counter() - t1)
"""


def _process(code: str) -> tuple[float, str]:
    """Wall time of a fresh interpreter running `code`, and what it printed."""
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=180
    )
    return time.perf_counter() - start, out.stdout


def _p50(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def run() -> list[Figure]:
    from course.exam import draw, score_exam
    from course.practice.exam_practice import ExamPractice

    bare = statistics.median(_process(_BARE)[0] for _ in range(RUNS)) * 1000
    runs = [_process(_EXAM) for _ in range(RUNS)]
    wall = statistics.median(r[0] for r in runs) * 1000
    first_draw = statistics.median(float(r[1].split()[0]) for r in runs) * 1000
    first_build = statistics.median(float(r[1].split()[1]) for r in runs) * 1000
    seeds = iter(range(1000))
    warm_draw = _p50(lambda: draw(SIZE, seed=next(seeds)), 20)
    exam = draw(SIZE, seed=2)
    assert len(exam.items) == SIZE
    warm_build = _p50(lambda: ExamPractice(exam, record=False, start_timer=False), 20)

    def every_item() -> None:
        widget = ExamPractice(exam, record=False, start_timer=False)
        for i in range(SIZE):
            widget.go(i)

    warm_all = _p50(every_item, 5)
    warm_score = _p50(lambda: score_exam(exam, {}), 20)
    note = f"{SIZE} items; median of {RUNS} fresh processes"
    return [
        Figure(f"exam: fresh process, draw + build a {SIZE}-item exam", wall, "ms", bare, BASELINE,
               f"{note}; interpreter start included in both"),
        Figure("exam: first draw inside that process (banks loading)", first_draw, "ms", bare, BASELINE, note),
        Figure("exam: build the widget and show every item, inside that process", first_build, "ms", bare, BASELINE, note),
        Figure(f"exam: draw {SIZE} items, banks loaded (p50 of 20)", warm_draw, "ms", bare, BASELINE),
        Figure(f"exam: build the {SIZE}-item widget, banks loaded (p50 of 20)", warm_build, "ms", bare, BASELINE),
        Figure(f"exam: build it and show each of the {SIZE} items once (p50 of 5)", warm_all, "ms", bare, BASELINE),
        Figure(f"exam: score {SIZE} unanswered items (p50 of 20)", warm_score, "ms", bare, BASELINE),
    ]  # fmt: skip
