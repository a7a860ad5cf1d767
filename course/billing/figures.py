"""Figures for the biller lessons: who pays what, a year of claims, A/R aging and denials.

Each function returns a matplotlib figure drawn with `course.plots.new_figure()` (colour-blind-safe
palette); show it with `course.plots.show_figure(fig, alt=..., caption=...)`. The `*_alt` functions give
the text alternative, written from the same numbers as the picture.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pandas as pd

from course.billing.responsibility import Share
from course.plots import OKABE_ITO, new_figure

SHARE_PARTS = ("plan", "copay", "deductible", "coinsurance", "contractual")
SHARE_LABELS = {
    "plan": "Plan pays",
    "copay": "Patient: copay (PR-3)",
    "deductible": "Patient: deductible (PR-1)",
    "coinsurance": "Patient: coinsurance (PR-2)",
    "contractual": "Write-off (CO-45)",
}
SHARE_COLOURS = dict(zip(SHARE_PARTS, (OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[5], OKABE_ITO[3], "#BBBBBB"),
                         strict=True))


def share_parts(share: Share) -> dict[str, Decimal]:
    """The billed amount split into the five parts of SHARE_PARTS (they add up to billed)."""
    return {part: getattr(share, part) for part in SHARE_PARTS}


def share_figure(share: Share):
    """One stacked horizontal bar of the billed amount: plan, patient's three parts, write-off."""
    fig, ax = new_figure(7.5, 2.4)
    left = 0.0
    for part, amount in share_parts(share).items():
        value = float(amount)
        ax.barh(["Billed"], [value], left=left, color=SHARE_COLOURS[part], label=f"{SHARE_LABELS[part]} ${value:,.2f}",
                edgecolor="white")
        left += value
    ax.set_xlabel("Dollars")
    ax.set_title(f"Who pays the ${float(share.billed):,.2f} billed")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.45), ncol=2, frameon=False, fontsize=9)
    return fig


def share_alt(share: Share) -> str:
    """Text alternative for `share_figure`."""
    parts = "; ".join(f"{SHARE_LABELS[p]} ${float(v):,.2f}" for p, v in share_parts(share).items())
    return f"Stacked bar of the ${float(share.billed):,.2f} billed: {parts}."


def year_figure(year: pd.DataFrame):
    """A stacked bar per claim of a year (from `year_of_claims`): patient, plan, write-off."""
    fig, ax = new_figure(7.5, 3.6)
    ids = list(year["claim_id"])
    bottom = [0.0] * len(ids)
    for col, label, colour in (("patient", "Patient pays", OKABE_ITO[5]), ("plan", "Plan pays", OKABE_ITO[0]),
                               ("contractual", "Write-off (CO-45)", "#BBBBBB")):
        values = [float(v) for v in year[col]]
        ax.bar(range(len(ids)), values, bottom=bottom, label=label, color=colour, edgecolor="white")
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    # one word a line ("Mar\nemergency\nroom"): long claim names would overlap side by side
    ax.set_xticks(range(len(ids)), [str(i).replace(" ", "\n") for i in ids])
    ax.set_ylabel("Dollars")
    ax.set_title("A year of claims: who pays what")
    ax.legend(frameon=False)
    return fig


def year_alt(year: pd.DataFrame) -> str:
    """Text alternative for `year_figure`."""
    rows = "; ".join(f"{r.claim_id}: patient ${float(r.patient):,.2f}, plan ${float(r.plan):,.2f}, "
                     f"write-off ${float(r.contractual):,.2f}" for r in year.itertuples())
    return f"Stacked bars, one per claim in date order. {rows}."


def aging_figure(buckets: Mapping[str, object]):
    """Bars of the open balance in each aging bucket."""
    fig, ax = new_figure(7.0, 3.4)
    pairs = dict(buckets)  # a dict, or a pandas Series indexed by bucket name
    names = list(pairs)
    values = [float(pairs[n]) for n in names]
    bars = ax.bar(names, values, color=OKABE_ITO[0])
    ax.bar_label(bars, labels=[f"${v:,.0f}" for v in values], padding=2)
    ax.set_xlabel("Days since the date of service")
    ax.set_ylabel("Open balance ($)")
    ax.set_title("A/R aging")
    return fig


def aging_alt(buckets: Mapping[str, object]) -> str:
    """Text alternative for `aging_figure`."""
    return "Bar chart of open A/R by age: " + "; ".join(f"{k} days ${float(v):,.2f}" for k, v in dict(buckets).items()) + "."


def denial_figure(denials: pd.DataFrame):
    """Horizontal bars: number of denied claims per reason (CARC with its paraphrase)."""
    counts = denials.groupby(["denial_carc", "reason"]).size().sort_values()
    fig, ax = new_figure(7.5, 0.6 + 0.5 * max(len(counts), 1))
    labels = [f"CARC {carc}: {reason}" for carc, reason in counts.index]
    ax.barh(labels, list(counts.values), color=OKABE_ITO[5])
    ax.set_xlabel("Denied claims")
    ax.set_title("Why claims were denied")
    ax.xaxis.get_major_locator().set_params(integer=True)
    return fig


def denial_alt(denials: pd.DataFrame) -> str:
    """Text alternative for `denial_figure`."""
    counts = denials.groupby(["denial_carc", "reason"]).size().sort_values(ascending=False)
    return "Denied claims by reason: " + "; ".join(f"CARC {c} ({r}): {n}" for (c, r), n in counts.items()) + "."
