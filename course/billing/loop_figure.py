"""Lesson 09's figure: one claim's path through the biller's loop, on a time line.

`loop_events(state)` lists what went out from the practice and what came back from the payer, each with
its day (a state of `course.billing.denials`); `loop_figure` draws them in two lanes with the deadline
that applied, and `loop_alt` says the same in words for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from course.plots import OKABE_ITO, new_figure

PRACTICE, PAYER = "Practice", "Payer"
PRACTICE_KINDS = ("837P", "statement", "adjustment")


@dataclass(frozen=True)
class LoopEvent:
    """One document on the time line: the day, who sent it, and what it was."""

    day: date
    side: str
    title: str


def loop_events(state) -> list[LoopEvent]:
    """Every document of a denial-simulator state, in order, with the side that sent it."""
    out = []
    for doc in state.documents:
        side = PRACTICE if doc.kind in PRACTICE_KINDS or doc.title.startswith("Your") else PAYER
        out.append(LoopEvent(doc.day, side, doc.title))
    return out


def loop_figure(state, deadline: date | None = None):
    """One row per document, top to bottom, at its day; practice and payer by colour and marker; the deadline dashed."""
    events = loop_events(state)
    fig, ax = new_figure(8.5, 0.9 + 0.45 * len(events))
    start = events[0].day
    colours = {PRACTICE: OKABE_ITO[0], PAYER: OKABE_ITO[5]}
    markers = {PRACTICE: "o", PAYER: "s"}
    days = [(e.day - start).days for e in events]
    right = max(days + ([(deadline - start).days] if deadline else []))
    for side in (PRACTICE, PAYER):
        rows = [(d, n) for n, (d, e) in enumerate(zip(days, events, strict=True), start=1) if e.side == side]
        ax.plot([d for d, _ in rows], [n for _, n in rows], linestyle="none", marker=markers[side], markersize=9,
                color=colours[side], label=f"sent by the {side.lower()}")
    ax.plot(days, range(1, len(events) + 1), color="#999999", linewidth=1, zorder=0)
    for n, (d, e) in enumerate(zip(days, events, strict=True), start=1):
        ax.annotate(e.title, (d, n), xytext=(8, -3), textcoords="offset points", fontsize=8)
    if deadline is not None:
        dx = (deadline - start).days
        ax.axvline(dx, color=OKABE_ITO[7], linestyle="--", linewidth=1)
        ax.annotate(f"deadline {deadline}", (dx, 0.5), xytext=(-4, 0), textcoords="offset points", ha="right",
                    fontsize=8)
    ax.set_xlim(-5, right * 1.15 + 20)
    ax.set_ylim(len(events) + 0.7, 0.2)
    ax.set_yticks(range(1, len(events) + 1), [f"{n}. {e.side}" for n, e in enumerate(events, start=1)])
    ax.set_xlabel(f"Days since the claim was first sent ({start})")
    ax.set_title("One claim through the biller's loop")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22 - 0.6 / len(events)), ncol=2, frameon=False, fontsize=9)
    return fig


def loop_alt(state, deadline: date | None = None) -> str:
    """The figure in words: each document with its day number and who sent it."""
    events = loop_events(state)
    start = events[0].day
    steps = "; ".join(f"day {(e.day - start).days}: {e.side.lower()}, {e.title}" for e in events)
    end = f" The deadline that applied was day {(deadline - start).days} ({deadline})." if deadline else ""
    return f"A time line of one claim in {len(events)} documents: {steps}.{end}"
