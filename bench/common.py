"""The shape of a bench result and small timing helpers shared by bench modules."""

from __future__ import annotations

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
    def ratio(self) -> float | None:
        """baseline / value: above 1 means better than the baseline for times and sizes."""
        if self.baseline is None or self.value == 0:
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
