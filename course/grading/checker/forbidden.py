"""Toolkit packages an assignment forbids, hidden from the student's kernel (issue 12 item 2).

An assignment that grades a skill the toolkit also implements says so in a hidden test that looks for
the package in the kernel's modules (`_m == "course.billing" or ...`). The kernel can fake that list, so
`make grade` also gives the kernel a view in which the package's folder is empty: the skill cannot be
borrowed, whatever the student's code does to `sys.modules` afterwards.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import nbformat

PATTERN = re.compile(r"""_m\s*==\s*["'](course(?:\.\w+)+)["']""")


def forbidden_packages(source: Path) -> list[str]:
    """Packages the test cells of the assignment in `source` forbid, e.g. ['course.billing']."""
    found: set[str] = set()
    for path in sorted(source.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
                found.update(PATTERN.findall(cell.source))
    return sorted(found)


def forbidden_folders(source: Path) -> tuple[str, ...]:
    """The folders of those packages on this machine (to hide from the kernel)."""
    folders = []
    for name in forbidden_packages(source):
        spec = importlib.util.find_spec(name)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            folders.append(str(Path(folder).resolve()))
    return tuple(folders)


def hidden_folders(source: Path) -> tuple[str, ...]:
    """What `make grade` hides from the kernel for the assignment in `source`: none with the checker off."""
    from course.grading import checker

    return forbidden_folders(source) if checker.enabled() else ()
