"""The shape of a bench result and small timing helpers shared by bench modules."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One measured figure, with the baseline it is compared against (measured in the same run)."""

    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    note: str = ""

    @property
    def skipped(self) -> bool:
        """Not measured here, for a reason in `note` (a missing tool, a machine that cannot)."""
        return math.isnan(self.value) and not self.failed

    @property
    def failed(self) -> bool:
        """Measuring it raised an error (in `note`): a real problem, unlike a skip."""
        return self.note.startswith("FAILED")

    @property
    def ratio(self) -> float | None:
        """baseline / value: above 1 means better than the baseline for times and sizes."""
        if self.baseline is None or self.value == 0 or math.isnan(self.value):
            return None
        return self.baseline / self.value


def timed(fn: Callable[[], object], repeat: int = 1) -> float:
    """Median wall time of `fn` over `repeat` runs, in seconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


class Skip(Exception):  # noqa: N818  it is not an error: the section cannot be measured on this machine
    """Raised by a bench section that cannot measure anything here; the message says why."""


def skipped(name: str, reason: str) -> Figure:
    """A figure this machine cannot measure, and why."""
    return Figure(name, float("nan"), "", note=f"skipped: {reason}")


def failed(name: str, error: BaseException) -> Figure:
    """A figure whose measurement raised: reported, counted as an error, and the section goes on."""
    return Figure(name, float("nan"), "", note=f"FAILED: {type(error).__name__}: {error}"[:600])
