"""Tables in lessons, readable: every cell in full (pandas cuts text at 50 characters with "..."), text
left-aligned (JupyterLab right-aligns every table cell), numbers right-aligned so their digits line up.

`table_html` is the pure function (tested directly); `show_table` displays it in a notebook.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from numbers import Number

import pandas as pd

CELL = "padding:0.2em 0.8em;vertical-align:top;text-align:{align}"


def is_number(value: object) -> bool:
    """Numbers (int, float, Decimal), not booleans: these are right-aligned."""
    return isinstance(value, Number | Decimal) and not isinstance(value, bool)


def cell_text(value: object) -> str:
    """What a cell shows: the value in full; floats without trailing noise; missing values empty."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) >= 1e6 else f"{value:.6g}"
    return str(value)


def table_html(frame: pd.DataFrame, *, index: bool = False, caption: str | None = None) -> str:
    """The frame as an HTML table: full text, text columns left, number columns right."""
    data = frame.reset_index(names=frame.index.name or "#") if index else frame
    numeric = {
        col: bool(data[col].notna().any()) and all(is_number(v) for v in data[col].dropna()) for col in data.columns
    }

    def cell(tag: str, text: str, col: object, extra: str = "") -> str:
        align = "right" if numeric[col] else "left"
        return f"<{tag}{extra} style='{CELL.format(align=align)}'>{escape(text)}</{tag}>"

    head = "".join(cell("th", str(col), col, " scope='col'") for col in data.columns)
    rows = "".join(
        "<tr>" + "".join(cell("td", cell_text(v), col) for col, v in zip(data.columns, row, strict=True)) + "</tr>"
        for row in data.itertuples(index=False, name=None)
    )
    cap = f"<caption style='text-align:left'>{escape(caption)}</caption>" if caption else ""
    return (
        "<table class='course-table' style='border-collapse:collapse;table-layout:auto'>"
        f"{cap}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def show_table(frame: pd.DataFrame, *, index: bool = False, caption: str | None = None) -> None:
    """Display the frame in the notebook as a readable table (see `table_html`)."""
    from IPython.display import HTML, display

    display(HTML(table_html(frame, index=index, caption=caption)))
