"""Time of each step of a simulated class (3 students, assignment a01), next to a bare nbgrader start."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Figure
from tests.class_simulation import simulate_class

STUDENTS = {
    "rivera_m": ("Maya", "Rivera", "solution"),
    "okafor_t": ("Tunde", "Okafor", "partial"),
    "lindqvist_e": ("Elin", "Lindqvist", "blank"),
}


def _bare_nbgrader() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "nbgrader", "--version"], check=True, capture_output=True)
    return time.perf_counter() - start


def run() -> list[Figure]:
    bare = _bare_nbgrader()
    with tempfile.TemporaryDirectory() as tmp:
        timings = simulate_class(Path(tmp), "a01", STUDENTS)
    figures = [Figure(f"class of 3, {step}", seconds, "s", bare, "bare `nbgrader --version`") for step, seconds in timings.items()]
    figures.append(Figure("class of 3, whole workflow", sum(timings.values()), "s"))
    return figures
