"""Tests judged outside the student's kernel (issue 12): the switch, and nbgrader's Execute with it.

`COURSE_GRADING_CHECKER=0` turns it off, `=1` on; unset, `DEFAULT` (on) decides. `make grade` and Check my
work both read it, so they always judge the same way.
"""

from __future__ import annotations

import os

ENV = "COURSE_GRADING_CHECKER"
DEFAULT = True  # honest scores identical on a01..a08, every hostile family earns nothing (tests say so)


def enabled() -> bool:
    """Whether test cells are judged by the checker (the setting, else the default)."""
    value = os.environ.get(ENV, "").strip().lower()
    if value in ("1", "on", "true", "yes"):
        return True
    if value in ("0", "off", "false", "no"):
        return False
    return DEFAULT


def execute_class(base: type) -> type:
    """`base` (nbgrader's Execute or a subclass of it), judged by the checker when the setting is on."""
    if not enabled():
        return base
    from course.grading.checker.execute import checker_class

    return checker_class(base)


def autograde_preprocessors() -> list:
    """nbgrader's autograde preprocessors with Execute swapped for the checker's (or as they are)."""
    from nbgrader.converters.autograde import Autograde

    default = list(Autograde.class_traits()["autograde_preprocessors"].default())
    return [execute_class(pp) if pp.__name__ == "Execute" else pp for pp in default]
