"""Sort items into categories (lesson 01: tasks into coder / biller / both), with feedback per item."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import ipywidgets as widgets

from course.careers import tasks
from course.practice.feedback import feedback_box, feedback_html
from course.practice.keyboard import PracticeBox

CHOOSE = "(choose)"


def sorting_feedback(
    chosen: Mapping[str, str | None], key: Mapping[str, str], explanations: Mapping[str, str]
) -> tuple[bool | None, list[str]]:
    """(all right?, messages): a summary, then one line per wrong item saying what it is and why."""
    missing = [item for item in key if chosen.get(item) in (None, CHOOSE)]
    if len(missing) == len(key):
        return None, ["Choose a category for each task, then press Check."]
    if missing:
        return None, [f"{len(missing)} of {len(key)} still to choose: pick a category for every one."]
    wrong = [item for item in key if chosen[item] != key[item]]
    if not wrong:
        return True, [f"All {len(key)} are in the right place."]
    lines = [f"{len(key) - len(wrong)} of {len(key)} right. Look again at these:"]
    for item in wrong:
        lines.append(
            f"“{item}”: you chose {chosen[item]}, but it is {key[item]}. {explanations.get(item, '')}"
        )
    return False, lines


def feedback_lines_html(ok: bool | None, lines: Sequence[str], exercise: str | None = None) -> str:
    """The first line as the verdict, the others as a list underneath; a right answer counts as `exercise`."""
    head = feedback_html(lines[0], ok, exercise or "sorting")
    if len(lines) == 1:
        return head
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines[1:])
    return head.removesuffix("</div>") + f"<ul>{items}</ul></div>"  # inside the status area: announced too


class SortingPractice(PracticeBox):
    """One dropdown per item, a Check button and the feedback area."""

    def __init__(
        self,
        key: Mapping[str, str],
        categories: Sequence[str],
        explanations: Mapping[str, str],
        prompt: str,
    ):
        self.key = dict(key)
        self.prompt = prompt
        self.explanations = dict(explanations)
        self.dropdowns = {
            item: widgets.Dropdown(
                options=[CHOOSE, *categories],
                value=CHOOSE,
                description=f"Task {i}",  # the accessible name of the select; the task's text follows it
                tooltip=item,
                style={"description_width": "4em"},
                layout={"width": "14em"},
            )
            for i, item in enumerate(self.key, 1)
        }
        rows = [
            widgets.HBox([dropdown, widgets.HTML(html.escape(item))])
            for item, dropdown in self.dropdowns.items()
        ]
        self.check = widgets.Button(description="Check", button_style="primary", icon="check")
        self.feedback = feedback_box()
        self.on_press(self.check, self.show_feedback, self.feedback)
        super().__init__([widgets.HTML(f"<b>{html.escape(prompt)}</b>"), *rows, self.check, self.feedback])

    def show_feedback(self) -> None:
        """Grade the current choices and show what is wrong and why."""
        chosen = {item: dropdown.value for item, dropdown in self.dropdowns.items()}
        ok, lines = sorting_feedback(chosen, self.key, self.explanations)
        self.feedback.value = feedback_lines_html(ok, lines, f"sort: {self.prompt}")


def make_sorter(
    key: Mapping[str, str],
    categories: Sequence[str],
    explanations: Mapping[str, str] | None = None,
    prompt: str = "Put each item in its category.",
) -> SortingPractice:
    """A sorting practice: `key` maps each item to its category, `explanations` says why."""
    for item, category in key.items():
        if category not in categories:
            raise ValueError(f"{item!r} is sorted into {category!r}, which is not a category")
    return SortingPractice(key, categories, explanations or {}, prompt)


def make_career_sorter() -> SortingPractice:
    """Lesson 01: who does each task, the coder, the biller, or both?"""
    return make_sorter(
        tasks.sorting_key(),
        tasks.ROLES,
        tasks.explanations(),
        "Who does each task: the coder, the biller, or both?",
    )
