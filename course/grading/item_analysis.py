"""Item analysis of one graded assignment: pure functions over a score table (no gradebook, no files).

A score table maps each student to their scores per item (grade id), or to None when the student has no
graded submission. An item score of None means "not graded yet" (a written answer awaiting its grader).
Students without a submission are left out of every statistic (not counted as 0) and counted apart.

Discrimination is the **item-rest correlation** (the corrected item-total, or corrected point-biserial,
correlation): Pearson's r between the score on the item and the sum of the student's scores on the
*other* items of the assignment. The rest uses only items that every graded student has a score on, so
a half-graded written answer does not shift the other items' figures. It is undefined, and said so, when
fewer than two students have scores, when everyone has the same score on the item, or when the rest
has no spread.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Scores = Mapping[str, Mapping[str, float | None] | None]

DISCRIMINATION = "item-rest correlation (Pearson r of the item with the sum of the other items)"


@dataclass(frozen=True)
class Item:
    """One graded cell: its grade id, its points, and whether a person grades it."""

    id: str
    max_points: float
    manual: bool = False


@dataclass(frozen=True)
class ItemStat:
    """How the class did on one item."""

    item: str
    max_points: float
    n: int  # students with a score on this item
    pending: int  # graded submissions whose score on this item is not in yet
    full: float  # share of the n with full points
    partial: float  # share with more than 0 and less than full
    zero: float  # share with 0
    mean: float | None  # mean points (None when n == 0)
    discrimination: float | None
    note: str = ""  # why discrimination is undefined, when it is

    @property
    def mean_share(self) -> float | None:
        """Mean points as a share of the item's points (the item's "difficulty" p)."""
        if self.mean is None or not self.max_points:
            return None
        return self.mean / self.max_points


@dataclass(frozen=True)
class ObjectiveStat:
    """How the class did on the items that assess one learning objective."""

    objective: str
    items: tuple[str, ...]
    max_points: float  # per student, over the items with scores
    n: int  # students with a score on at least one of the items
    mean_share: float | None  # points earned / points possible, over every scored (student, item)
    weakest: str  # the item with the lowest mean share


def graded(scores: Scores) -> dict[str, Mapping[str, float | None]]:
    """The students who have a graded submission (rows that are not None)."""
    return {s: row for s, row in scores.items() if row is not None}


def pearson(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r; None when either list has no spread or there are fewer than two pairs."""
    n = len(xs)
    if n < 2 or n != len(ys):
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / math.sqrt(sxx * syy)


def complete_items(items: list[Item], scores: Scores) -> list[str]:
    """Items that every graded student has a score on (the ones the rest score is built from)."""
    rows = graded(scores)
    return [it.id for it in items if all(row.get(it.id) is not None for row in rows.values())]


def item_stats(items: list[Item], scores: Scores) -> list[ItemStat]:
    """Shares of full, partial and zero scores, the mean and the item-rest correlation, per item."""
    rows = graded(scores)
    complete = complete_items(items, scores)
    out = []
    for it in items:
        have = {s: row[it.id] for s, row in rows.items() if row.get(it.id) is not None}
        vals = [float(v) for v in have.values()]
        n = len(vals)
        full = sum(1 for v in vals if v >= it.max_points - 1e-9 and it.max_points > 0)
        zero = sum(1 for v in vals if v <= 1e-9)
        others = [c for c in complete if c != it.id]
        rest = [sum(float(rows[s][c]) for c in others) for s in have]
        r = pearson(vals, rest) if others else None
        if n < 2:
            note = f"discrimination undefined: {n} student{'s' if n != 1 else ''} with a score (needs 2)"
        elif not others:
            note = "discrimination undefined: no other fully scored item to compare with"
        elif len(set(vals)) == 1:
            note = "discrimination undefined: every student has the same score on this item"
        elif r is None:
            note = "discrimination undefined: every student has the same score on the rest of the assignment"
        else:
            note = ""
        out.append(ItemStat(
            item=it.id, max_points=it.max_points, n=n, pending=len(rows) - n,
            full=full / n if n else 0.0, partial=(n - full - zero) / n if n else 0.0, zero=zero / n if n else 0.0,
            mean=sum(vals) / n if n else None, discrimination=r, note=note,
        ))
    return out


def objective_stats(items: list[Item], scores: Scores, objectives: Mapping[str, Iterable[str]]) -> list[ObjectiveStat]:
    """Per learning objective (objective -> the item ids that assess it): the share of its points earned."""
    rows = graded(scores)
    points = {it.id: it.max_points for it in items}
    by_item = {s.item: s for s in item_stats(items, scores)}
    out = []
    for objective, ids in objectives.items():
        ids = tuple(i for i in ids if i in points)
        earned = possible = 0.0
        students = set()
        for s, row in rows.items():
            for i in ids:
                if row.get(i) is not None:
                    earned += float(row[i])
                    possible += points[i]
                    students.add(s)
        shares = [(by_item[i].mean_share, i) for i in ids if by_item[i].mean_share is not None]
        out.append(ObjectiveStat(
            objective=objective, items=ids, max_points=sum(points[i] for i in ids), n=len(students),
            mean_share=earned / possible if possible else None, weakest=min(shares)[1] if shares else "",
        ))
    return out


def objectives_of(mapping: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """Invert item -> objectives into objective -> items (objectives and items in first-seen order)."""
    out: dict[str, list[str]] = {}
    for item, objs in mapping.items():
        for o in objs:
            out.setdefault(o, []).append(item)
    return dict(sorted(out.items()))


def most_common(messages: Iterable[str]) -> tuple[str, int] | None:
    """The most frequent message and its count (ties: the alphabetically first); None when there are none."""
    counts = Counter(m for m in messages if m)
    if not counts:
        return None
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def failure_message(outputs: list[Mapping]) -> str:
    """The failing check's message from a cell's outputs ("AssertionError: ..."); '' when the cell passed."""
    for out in outputs:
        if out.get("output_type") == "error":
            name, value = out.get("ename", "Error"), str(out.get("evalue", "")).strip()
            return f"{name}: {value}" if value else f"{name} (no message)"
    return ""


@dataclass(frozen=True)
class Progress:
    """One student's standing on one assignment."""

    student: str
    assignment: str
    status: str  # "graded", "awaiting grading" (written answers), "failed", "missing"
    score: float | None
    max_score: float
    late_seconds: float = 0.0
    penalty: float = 0.0


def progress_summary(rows: list[Progress]) -> dict[str, dict[str, int]]:
    """Per assignment, how many students are in each status."""
    out: dict[str, dict[str, int]] = {}
    for r in rows:
        counts = out.setdefault(r.assignment, {"graded": 0, "awaiting grading": 0, "failed": 0, "missing": 0, "late": 0})
        counts[r.status] = counts.get(r.status, 0) + 1
        if r.late_seconds > 0:
            counts["late"] += 1
    return out
