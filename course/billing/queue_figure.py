"""The biller's-day figure: the queue's A/R by age bucket, split into 'to work' and 'waiting for payment'.

Drawn from `course.billing.workqueue.ar_by_bucket`; as claims are worked, their dollars move from the
orange-red, hatched part of each bar to the blue part, and written-off dollars leave the chart.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from course.billing.ar import BUCKETS
from course.plots import OKABE_ITO, new_figure

PARTS = (("to work", OKABE_ITO[5], "//"), ("waiting for payment", OKABE_ITO[0], ""))


def queue_ar_figure(ar: Mapping[str, Mapping[str, Decimal]], written_off: Decimal, ymax: float | None = None):
    """Stacked bars per aging bucket: dollars still to work (hatched) under dollars waiting for payment.

    `ymax` keeps the axis still while the queue is worked, so the bars visibly move.
    """
    fig, ax = new_figure(7.0, 3.6)
    bottom = [0.0] * len(BUCKETS)
    for part, colour, hatch in PARTS:
        values = [float(ar[part][b]) for b in BUCKETS]
        ax.bar(BUCKETS, values, bottom=bottom, color=colour, hatch=hatch, edgecolor="white",
               label=f"{part.capitalize()} ${sum(values):,.2f}")
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    if ymax:
        ax.set_ylim(0, ymax)
    ax.set_xlabel("Days since the date of service")
    ax.set_ylabel("Dollars")
    ax.set_title(f"The queue's A/R by age (written off today: ${float(written_off):,.2f})")
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2)
    return fig


def queue_ar_alt(ar: Mapping[str, Mapping[str, Decimal]], written_off: Decimal) -> str:
    """Text alternative for `queue_ar_figure`, from the same numbers."""
    rows = "; ".join(f"{b} days: ${float(ar['to work'][b]):,.2f} to work, "
                     f"${float(ar['waiting for payment'][b]):,.2f} waiting for payment" for b in BUCKETS)
    return f"Stacked bars of the queue's A/R by age. {rows}. Written off today: ${float(written_off):,.2f}."
