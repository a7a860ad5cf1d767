"""Figures for the lessons: a colour-blind-safe palette and accessible display.

`show_figure(fig, alt=...)` renders a matplotlib figure as an image with a text alternative (for
screen readers) and a visible caption, instead of an unlabelled PNG.
"""

from __future__ import annotations

import base64
import html
import io

import matplotlib

matplotlib.use("Agg")  # figures are rendered to PNG; no GUI backend is needed (or available) here
import matplotlib.pyplot as plt  # noqa: E402

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision deficiencies.
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)


def new_figure(width: float = 7.0, height: float = 4.0):
    """A figure and axes with the course style (palette, readable font sizes)."""
    plt.rcParams.update(
        {
            "axes.prop_cycle": matplotlib.cycler(color=OKABE_ITO),
            "font.size": 11,
            "axes.titlesize": 13,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return plt.subplots(figsize=(width, height), dpi=100)


def figure_html(fig, alt: str, caption: str | None = None) -> str:
    """The figure as an HTML <figure> with an embedded PNG, alt text and caption; closes the figure."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    cap = html.escape(caption if caption is not None else alt)
    return (
        f'<figure style="margin:0"><img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
        f'style="max-width:100%"/><figcaption>{cap}</figcaption></figure>'
    )


def show_figure(fig, alt: str, caption: str | None = None) -> None:
    """Display a figure accessibly in the notebook (PNG + alt text + caption)."""
    from IPython.display import HTML, display

    display(HTML(figure_html(fig, alt, caption)))
