"""Drive a lesson's practices the way a student would and check the exact feedback they give.

`choice_questions` reads every `quiz("id")` call in a lesson and takes that question's answer key from
the toolkit's data (course.quizzes), and every `make_choice(question, options, answer, explanations)`
call with literal arguments, so each lesson, including ones written later, is checked on its own answer
key: the right option must say "Correct." and a wrong one "Not quite." with that option's explanation.
`DRIVERS` adds hand-written drivers for practices that are typed into.
"""

from __future__ import annotations

import ast
import re
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat
from playwright.sync_api import Page

from tests.browser import notebook as nb

Driver = Callable[[Page], list[tuple[str, str]]]


@dataclass(frozen=True)
class Choice:
    """One multiple-choice practice as written in the lesson."""

    question: str
    options: list[str]
    answer: str
    explanations: dict[str, str]


def choice_questions(lesson: Path) -> list[Choice]:
    """Every quiz("id") call (answer key from the toolkit) and every make_choice(...) call with literal
    arguments in the lesson's code cells, in the order they appear."""
    from course.quizzes import question

    found = []
    for cell in nbformat.read(lesson, as_version=4).cells:
        if cell.cell_type != "code" or not ("make_choice" in cell.source or "quiz(" in cell.source):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
        for node in sorted(calls, key=lambda n: (n.lineno, n.col_offset)):
            name = getattr(node.func, "id", "")
            if name == "quiz" and node.args and isinstance(node.args[0], ast.Constant):
                q = question(node.args[0].value)
                found.append(Choice(q.question, list(q.options), q.answer, dict(q.explanations)))
                continue
            if name != "make_choice":
                continue
            try:
                args = [ast.literal_eval(a) for a in node.args[:4]]
            except ValueError:
                continue  # built from variables (f-strings): not checkable from the source
            if len(args) >= 3:
                found.append(Choice(args[0], list(args[1]), args[2], dict(args[3]) if len(args) > 3 else {}))
    return found


def _pick(box, option: str) -> None:
    label = box.locator(".widget-radio-box label", has_text=re.compile(rf"^\s*{re.escape(option)}\s*$"))
    radio = label.locator("input").first
    radio.dispatch_event("click")
    assert radio.is_checked(), f"could not choose {option!r}"


def drive_choice(page: Page, choice: Choice) -> list[tuple[str, str]]:
    """Answer wrongly, then rightly; check each feedback. Returns (question, feedback) pairs."""
    box = nb.output_with(page, choice.question.split("\n")[0][:60])
    box.scroll_into_view_if_needed()
    shown = []
    wrong = next(o for o in choice.options if o != choice.answer)
    for option, verdict in ((wrong, "Not quite."), (choice.answer, "Correct.")):
        why = choice.explanations.get(option, "")
        expected = re.escape(verdict) + r"\s*" + re.escape(why[:40])
        _pick(box, option)
        page.locator(nb.IDLE).first.wait_for(state="attached")  # the choice has reached the kernel
        nb.press(box, "Check")
        try:
            text = nb.wait_status(box, expected, timeout=20_000)
        except AssertionError as first:
            # Once in a full CI run the second Check answered for the first choice (the radio's update
            # had not reached the kernel yet). A student never clicks that fast; say so, and try once more.
            checked = box.locator(".widget-radio-box input:checked").evaluate_all(
                "els => els.map(e => e.parentElement.textContent)")
            warnings.warn(f"{choice.question[:50]!r}: {first} (checked in the page: {checked}); "
                          "choosing and checking again", stacklevel=1)
            _pick(box, option)
            page.wait_for_timeout(500)
            nb.press(box, "Check")
            text = nb.wait_status(box, expected)
        shown.append((choice.question, text))
    return shown


def wait_text(box, pattern: str, timeout: float = 30.0) -> str:
    """Wait until the box's visible text matches `pattern` (regex, case-insensitive); returns the text."""
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = box.inner_text()
        if re.search(pattern, text, re.IGNORECASE):
            return text
        time.sleep(0.2)
    raise AssertionError(f"{pattern!r} never appeared in: {text[-400:]!r}")


def drive_02(page: Page) -> list[tuple[str, str]]:
    """The ICD-10-CM explorer: a student types a code and sees it found, with its meaning."""
    box = nb.output_with(page, "Billable codes only")
    nb.type_into(box, "E11.9")
    text = wait_text(box, r"E11\.9.*diabetes")
    return [("ICD-10-CM explorer: search E11.9", text[-300:])]


DRIVERS: dict[str, Driver] = {"02-code-sets": drive_02}
