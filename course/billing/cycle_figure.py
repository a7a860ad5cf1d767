"""Lesson 01's figure: the revenue cycle as a loop of steps, coloured by who mainly does each one."""

from __future__ import annotations

import math
import textwrap

from matplotlib.patches import Patch

from course.billing.revenue_cycle import CYCLE, WHO, Step
from course.plots import OKABE_ITO, new_figure

COLOURS = dict(zip(WHO, (OKABE_ITO[4], OKABE_ITO[6], OKABE_ITO[1], OKABE_ITO[2], OKABE_ITO[3]), strict=True))


def revenue_cycle_alt(steps: tuple[Step, ...] = CYCLE) -> str:
    """A text alternative for the figure: every step in order, with who does it."""
    listed = "; ".join(f"{i}. {step.name} ({step.who})" for i, step in enumerate(steps, 1))
    return (
        f"A loop of {len(steps)} steps, read clockwise from the top, each coloured by who mainly does it: "
        f"{listed}. After the last step the cycle starts again with the patient's next visit."
    )


def draw_revenue_cycle(steps: tuple[Step, ...] = CYCLE):
    """The figure (not yet shown): steps on a circle, arrows between them, a legend of who does what."""
    fig, ax = new_figure(10.0, 7.0)
    n = len(steps)
    angles = [math.pi / 2 - 2 * math.pi * i / n for i in range(n)]
    points = [(1.6 * math.cos(a), math.sin(a)) for a in angles]
    for i, (step, (x, y)) in enumerate(zip(steps, points, strict=True)):
        label = f"{i + 1}. " + "\n".join(textwrap.wrap(step.name, 16))
        ax.text(
            x,
            y,
            label,
            ha="center",
            va="center",
            fontsize=10,
            bbox={"boxstyle": "round,pad=0.4", "facecolor": COLOURS[step.who], "edgecolor": "#333333"},
            zorder=3,
        )
        nx, ny = points[(i + 1) % n]
        ax.annotate(
            "",
            xy=(x + 0.78 * (nx - x), y + 0.78 * (ny - y)),
            xytext=(x + 0.22 * (nx - x), y + 0.22 * (ny - y)),
            arrowprops={"arrowstyle": "->", "color": "#333333", "lw": 1.4},
            zorder=2,
        )
    ax.text(0, 0, "From visit\nto payment", ha="center", va="center", fontsize=13, fontweight="bold")
    handles = [Patch(facecolor=COLOURS[w], edgecolor="#333333", label=w) for w in WHO]
    ax.legend(
        handles=handles, title="Mainly done by", loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=len(WHO)
    )
    ax.set_xlim(-2.05, 2.05)
    ax.set_ylim(-1.25, 1.25)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("The revenue cycle")
    return fig
