"""Feedback is never stale: a press shows "Checking…" at once and its answer always replaces it; the call
simulator takes one step per press, also after Start again; every practice keeps keys inside it."""

from __future__ import annotations

import os
import subprocess
import sys

import ipywidgets as widgets
import pytest

from course.practice import keyboard
from course.practice.choice import make_choice
from course.practice.code_dissector import make_dissector
from course.practice.conversation import make_conversation
from course.practice.feedback import feedback_box
from course.practice.keyboard import CHECKING, CHECKS_CLASS, PRACTICE_CLASS, PracticeBox, checking_html
from tests.support import ROOT


def values_shown(widget) -> list[str]:
    seen: list[str] = []
    widget.feedback.observe(lambda change: seen.append(change["new"]), names="value")
    return seen


def test_a_press_shows_checking_then_the_answer() -> None:
    quiz = make_choice("Which?", ["a", "b"], "a", {"a": "because"})
    quiz.options.value = "a"
    seen = values_shown(quiz)
    quiz.check.click()
    assert seen[0] == checking_html() and CHECKING in seen[0]
    assert "Correct. because" in seen[-1] and len(seen) == 2
    quiz.check.click()  # the same answer again still changes the area twice: the page's "Checking…" goes
    assert seen[2:] == [checking_html(), seen[1]]


def test_an_action_that_shows_nothing_new_puts_the_area_back() -> None:
    box = PracticeBox()
    button, feedback = widgets.Button(), feedback_box()
    feedback.value = "before"
    box.on_press(button, lambda: None, feedback)
    seen: list[str] = []
    feedback.observe(lambda change: seen.append(change["new"]), names="value")
    button.click()
    assert seen == [checking_html(), "before"]
    assert CHECKS_CLASS in button._dom_classes


def test_an_error_in_the_action_still_clears_checking() -> None:
    box = PracticeBox()
    button, feedback = widgets.Button(), feedback_box()

    def broken() -> None:
        raise RuntimeError("bug")

    box.on_press(button, broken, feedback)
    button.click()  # ipywidgets logs the error (in Lab: the log console)
    assert feedback.value == ""


def test_call_simulator_one_step_per_press_after_start_again() -> None:
    call = make_conversation("practice_error")
    for _ in range(3):
        call.restart_button.click()
    call.replies.value = 0
    call.say_button.click()
    assert len(call.path) == 1 and call.transcript.value.count("You:") == 1
    call.say_button.click()  # a second press with no new reply: no second step
    assert len(call.path) == 1 and "Pick a reply first" in call.feedback.value


def test_call_simulator_keeps_say_it_enabled_at_the_end() -> None:
    call = make_conversation("practice_error")
    while call.scenario.nodes[call.node_id].choices:
        call.replies.value = 0
        call.say_button.click()
    assert not call.say_button.disabled, "disabling the focused button drops a keyboard user's focus"
    call.say_button.click()
    assert "The call is over" in call.feedback.value


def test_every_practice_keeps_keys_inside(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(keyboard, "display", lambda obj: shown.append(obj.data))
    for practice in (make_choice("Q?", ["a", "b"], "a"), make_conversation(), make_dissector()):
        assert isinstance(practice, PracticeBox) and PRACTICE_CLASS in practice._dom_classes
        practice._repr_mimebundle_()
    assert len(shown) == 3 and all("data-lm-suppress-shortcuts" in js for js in shown)


WARM = "import sys, course.practice; print('course.selfpaced.progress' in sys.modules)"


@pytest.mark.parametrize(("session", "warmed"), [("course/lessons/02-code-sets.ipynb", "True"),
                                                 ("assignments/a01/a01-two-careers.ipynb", "False")])
def test_a_lesson_imports_progress_with_the_toolkit_not_at_the_first_right_answer(session, warmed) -> None:
    env = {**os.environ, "JPY_SESSION_NAME": session}
    env.pop("NBGRADER_EXECUTION", None)
    out = subprocess.run([sys.executable, "-c", WARM], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120, check=True).stdout.strip()
    assert out == warmed
