"""Keep hidden tests and solutions out of what students see (pure functions over notebooks)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import nbformat

HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?^[ \t]*### END HIDDEN TESTS[^\n]*\n?", re.S | re.M)
REGION = re.compile(
    r"^[ \t]*### BEGIN (HIDDEN TESTS|SOLUTION)[^\n]*\n(.*?)^[ \t]*### END \1", re.S | re.M
)
MIN_LINE = 12  # shorter lines ("pass", "return x") are too common to be evidence of a leak
REDACTED = "[output hidden: it quoted the assignment's hidden tests or solution]"
HIDDEN_NOTE = "# (hidden tests run here; their code is not shown)"


def secret_lines(sources: Iterable[str]) -> set[str]:
    """Distinctive lines inside hidden-test and solution regions of the instructor's cell sources."""
    lines: set[str] = set()
    for src in sources:
        for match in REGION.finditer(src):
            for line in match.group(2).splitlines():
                line = line.strip()
                if len(line) >= MIN_LINE:
                    lines.add(line)
    return lines


def secret_lines_of(source_dir: Path) -> set[str]:
    """`secret_lines` of every notebook in an assignment's source folder."""
    srcs = []
    for path in sorted(source_dir.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        srcs += [c.source for c in nb.cells]
    return secret_lines(srcs)


def strip_hidden(source: str) -> str:
    """A test cell's source with its hidden region replaced by a one-line note."""
    return HIDDEN.sub(HIDDEN_NOTE + "\n", source).rstrip("\n")


def leaks(text: str, secrets: set[str]) -> bool:
    """True when `text` contains any of the secret lines."""
    return any(s in text for s in secrets)


def _output_text(out: dict) -> str:
    parts = [str(out.get("text", "")), str(out.get("evalue", "")), "\n".join(out.get("traceback", []))]
    for value in (out.get("data") or {}).values():
        parts.append(value if isinstance(value, str) else str(value))
    return "\n".join(parts)


def sanitize_notebook(nb: nbformat.NotebookNode, secrets: set[str]) -> int:
    """Make an autograded notebook fit to show a student; returns how many outputs were hidden.

    Test cells lose their hidden region; their errors keep only the exception's name and message (the
    assert message is the hint); any output anywhere quoting a secret line is replaced by a notice.
    """
    hidden = 0
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        is_test = meta.get("grade") and not meta.get("solution") and cell.cell_type == "code"
        if is_test:
            cell.source = strip_hidden(cell.source)
        for out in cell.get("outputs", []):
            if is_test and out.get("output_type") == "error":
                message = f"{out.get('ename', 'Error')}: {out.get('evalue', '')}".rstrip(": ")
                out["traceback"] = [message]
            if leaks(_output_text(out), secrets):
                hidden += 1
                out.clear()
                out.update({"output_type": "stream", "name": "stdout", "text": REDACTED + "\n"})
    return hidden
