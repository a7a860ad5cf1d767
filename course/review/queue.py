"""The review queue: pure functions over a JSON-ready dict, and its storage in the progress file.

The queue is {item id: {"card": fsrs Card as a dict, "added": ISO time, "reviews": n, "last_score": x}}.
Item ids are the exam's: "case:inj-001", "quiz:05-co-16", "visit:...". Times are timezone-aware UTC (the
`fsrs` scheduler requires it); "today" ends at midnight in the time zone of the `now` given.
The scheduler is FSRS with its default parameters and learning steps (1 and 10 minutes), desired
retention 0.9, without interval fuzzing (so a schedule is reproducible).
"""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fsrs import Card, Rating, Scheduler

KEY = "review"
SCHEDULER = Scheduler(enable_fuzzing=False)


def rating_for(score: float, missed: bool) -> Rating:
    """The rating a result earns: all right Good; missed but half or more of the points Hard; else Again."""
    if not missed:
        return Rating.Good
    return Rating.Hard if score >= 0.5 else Rating.Again


def _utc(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC)


def add_result(queue: Mapping[str, Any], item_id: str, score: float, missed: bool, now: datetime) -> dict[str, Any]:
    """The queue after one result: a missed item not yet queued enters it; a queued item is reviewed
    with `rating_for(score, missed)`; an item answered right that was never missed stays out."""
    out = {k: dict(v) for k, v in queue.items()}
    entry = out.get(item_id)
    if entry is None:
        if not missed:
            return out
        card = Card(card_id=zlib.crc32(item_id.encode()), due=_utc(now))
        entry = {"added": _utc(now).isoformat(), "reviews": 0}
    else:
        card = Card.from_dict(entry["card"])
    card, _log = SCHEDULER.review_card(card, rating_for(score, missed), review_datetime=_utc(now))
    entry.update(card=card.to_dict(), reviews=int(entry.get("reviews", 0)) + 1, last_score=round(score, 4))
    out[item_id] = entry
    return out


def end_of_day(now: datetime) -> datetime:
    """Midnight at the end of `now`'s day, in `now`'s time zone."""
    return datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), tzinfo=now.tzinfo)


def due_items(queue: Mapping[str, Any], now: datetime, limit: int | None = None) -> list[str]:
    """Items due for review by the end of today, the earliest due first (ties by id)."""
    horizon = end_of_day(now)
    due = sorted(
        (datetime.fromisoformat(entry["card"]["due"]), item_id)
        for item_id, entry in queue.items()
        if datetime.fromisoformat(entry["card"]["due"]) < horizon
    )
    ids = [item_id for _, item_id in due]
    return ids if limit is None else ids[:limit]


def due_at(queue: Mapping[str, Any], item_id: str) -> datetime:
    """When the item is next due (UTC)."""
    return datetime.fromisoformat(queue[item_id]["card"]["due"])


def load_queue(root: Path | None = None) -> dict[str, Any]:
    """The stored queue (empty when there is none)."""
    from course.selfpaced.progress import load

    return dict(load(root).get(KEY, {}))


def save_queue(queue: Mapping[str, Any], root: Path | None = None) -> None:
    """Store the queue; the rest of the progress file is kept as it is."""
    from course.selfpaced.progress import LOCK, load, save

    with LOCK:
        data = load(root)
        data[KEY] = dict(queue)
        save(data, root)


def record_result(
    item_id: str, score: float, missed: bool, now: datetime | None = None, root: Path | None = None
) -> dict[str, Any]:
    """Apply one result to the stored queue at once (nothing is lost on a restart); returns the queue."""
    from course.selfpaced.progress import LOCK

    with LOCK:
        queue = add_result(load_queue(root), item_id, score, missed, now or datetime.now(UTC))
        save_queue(queue, root)
    return queue


def record_result_in_session(item_id: str, score: float, missed: bool) -> None:
    """In a lesson open in JupyterLab, apply a practice result to the student's queue; elsewhere (tests,
    nbgrader) nothing. Never breaks a lesson over it."""
    import os

    from course.selfpaced.progress import lesson_from_session

    if lesson_from_session() is None or os.environ.get("NBGRADER_EXECUTION"):
        return
    with contextlib.suppress(OSError, ValueError):
        record_result(item_id, score, missed)
