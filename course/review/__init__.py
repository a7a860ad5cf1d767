"""Spaced review of missed items, scheduled by the FSRS memory model (the `fsrs` package).

Every missed item (a chart with any code not exact, a lesson question answered wrong, a missed exam
item) enters the queue; each later try is a review rated from the result. The queue lives in the
student's progress file (assignments/.progress.json, key "review"). See `course.review.queue`.
"""

from __future__ import annotations

from course.review.queue import (
    KEY,
    add_result,
    due_items,
    load_queue,
    rating_for,
    record_result,
    record_result_in_session,
    save_queue,
)

__all__ = [
    "KEY",
    "add_result",
    "due_items",
    "load_queue",
    "rating_for",
    "record_result",
    "record_result_in_session",
    "save_queue",
]
