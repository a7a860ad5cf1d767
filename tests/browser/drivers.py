"""Lesson-specific drivers: use one practice of a lesson the way a student would and check its feedback.

Each driver takes the page (the lesson already run) and returns [(practice, feedback shown)]. Lessons
without a driver here still get the generic driver in notebook.drive_generic.
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

Driver = Callable[[Page], list[tuple[str, str]]]

DRIVERS: dict[str, Driver] = {}
