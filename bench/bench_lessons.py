"""Each lesson's headless execution time and kernel peak memory, next to a bare kernel's."""

from __future__ import annotations

from pathlib import Path

from bench.common import Figure
from bench.kernel_run import execute

LESSONS = sorted((Path(__file__).resolve().parents[1] / "course" / "lessons").glob("*.ipynb"))


def run() -> list[Figure]:
    bare_time, bare_mem = execute(None, ["import sys"])
    figures = []
    for lesson in LESSONS:
        seconds, mib = execute(lesson)
        name = lesson.stem
        figures.append(Figure(f"{name}: run all (cold kernel)", seconds, "s", bare_time, "bare kernel"))
        figures.append(Figure(f"{name}: kernel peak memory", mib, "MiB", bare_mem, "bare kernel"))
    return figures
