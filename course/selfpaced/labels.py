"""Readable question labels for the self-check table: "Q4. Once the payment is posted…", plain text.

Pure functions over a notebook's cells: the label of a graded cell is the question of the markdown cell
above it, with the markdown taken out, never an internal grade id.
"""

from __future__ import annotations

import html
import re

MAX_CHARS = 80
QUESTION = re.compile(r"^\W*Q\d+\b")
POINTS = re.compile(r"\s*\([^()]*\bpoints?\b[^()]*\)", re.I)


def plain(markdown: str) -> str:
    """One line of markdown as plain text: no headings, emphasis, code marks, links, HTML or escapes."""
    text = re.sub(r"^\s{0,3}(#{1,6}\s*|>\s*|[-*+]\s+|\d+[.)]\s+)", "", markdown.strip())
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links and images: their text
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML tags
    text = re.sub(r"(\*\*|__|\*|`)", "", text)  # emphasis and code marks
    text = re.sub(r"(?<!\w)_(\S(?:.*?\S)?)_(?!\w)", r"\1", text)  # _emphasis_, not snake_case
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!$|>~])", r"\1", text)  # markdown escapes such as \$
    return " ".join(html.unescape(text).split())


def shorten(text: str, limit: int = MAX_CHARS) -> str:
    """At most `limit` characters, cut at a word and ended with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def question_lines(markdown: str) -> list[str]:
    """The cell's questions as plain text: its "**Q4.** ..." lines, else its heading, else nothing."""
    lines = [plain(line) for line in markdown.splitlines() if line.strip()]
    questions = [line for line in lines if QUESTION.match(line)]
    if not questions and markdown.lstrip().startswith("#") and lines:
        questions = lines[:1]
    return [shorten(POINTS.sub("", line).strip()) for line in questions]


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _sections(cells) -> list[tuple[list[str], list[str]]]:
    """(questions, graded cell ids) for each markdown cell that asks something, in order."""
    sections: list[tuple[list[str], list[str]]] = [([], [])]
    for cell in cells:
        meta = _nbgrader(cell)
        if cell.get("cell_type") == "markdown" and not meta.get("solution"):
            asked = question_lines(cell.get("source", ""))
            if not asked and not sections[-1][0]:  # nothing asked yet: a plain paragraph says what to do
                asked = [shorten(plain(line)) for line in cell.get("source", "").splitlines() if plain(line)][:1]
            if asked:
                sections.append((asked, []))
        if meta.get("grade") and meta.get("grade_id"):
            sections[-1][1].append(meta["grade_id"])
    return sections


def question_labels(cells) -> dict[str, str]:
    """grade_id -> label for every graded cell; several checks of one question say "check 1 of 2"."""
    labels: dict[str, str] = {}
    for asked, graded in _sections(cells):
        if len(asked) == len(graded) > 1:  # one markdown cell asks several questions, one check each
            labels.update(zip(graded, asked, strict=True))
            continue
        label = asked[0] if asked else "Question"
        for number, gid in enumerate(graded, start=1):
            labels[gid] = f"{label} (check {number} of {len(graded)})" if len(graded) > 1 else label
    return labels
