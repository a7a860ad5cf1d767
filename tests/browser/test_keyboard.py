"""Every practice answered by keyboard alone: Tab, the arrows, Space and Enter work inside a practice and
never leave it, nor run a notebook shortcut (select another cell, turn the cell into markdown...).

The test puts its focus on a practice's first control (where Tab from the cell above lands) and from
then on only presses keys; after every key the focus must still be inside that practice, the notebook
must still be in command mode on the practice's cell, and the cell must still be a code cell.
"""

from __future__ import annotations

import re
import time

import nbformat
import pytest
from playwright.sync_api import Locator, Page

from course.careers.tasks import ROLES, sorting_key
from course.patients import conversations as conv
from course.practice.code_set_quiz import ITEMS
from course.practice.find_errors import ITEMS as CLAIM_ITEMS
from course.synthetic import flawed_claims
from tests.browser import notebook as nb
from tests.browser.drivers import Choice, choice_questions
from tests.browser.lab import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]
PACE = 0.15  # seconds between two keys, faster than most people type

LESSONS = sorted((ROOT / "course" / "lessons").glob("[0-9][0-9]-*.ipynb"))
# The lessons' own quizzes, and one of the test's own (should the lessons' move into the toolkit).
QUIZZES = [Choice("Which one is a keyboard?", ["a mouse", "a keyboard", "a screen"], "a keyboard", {})] + [
    quiz for lesson in LESSONS for quiz in choice_questions(lesson)
]

# One practice of each kind per cell, after the lessons' own quizzes; a plain cell between practices
# is where a shortcut would send the focus.
SETUP = "import course.practice as p\nfrom course.practice.choice import make_choice\nprint('setup')"
PRACTICES = {
    "sorter": "from course.practice.sorting import make_career_sorter\nmake_career_sorter()",
    "orderer": "from course.practice.ordering import make_journey_orderer\nmake_journey_orderer()",
    "call": "from course.practice.conversation import make_conversation\nmake_conversation()",
    "code sets": "from course.practice.code_set_quiz import make_code_set_quiz\nmake_code_set_quiz()",
    "find errors": "from course.practice.find_errors import make_find_errors\nmake_find_errors()",
    "calculator": "from course.practice.responsibility_calc import make_responsibility_calc\nmake_responsibility_calc()",
    "phishing": "from course.practice.phishing_spotter import make_phishing_spotter\nmake_phishing_spotter()",
    "abstraction": "from course.practice.abstracting import make_abstraction_drill\nmake_abstraction_drill()",
    "seventh": "from course.practice.abstracting import make_seventh_character_quiz\nmake_seventh_character_quiz()",
    "claim": "from course.practice.claim_builder import make_claim_builder\nmake_claim_builder()",
    "dissector": "from course.practice.code_dissector import make_dissector\nmake_dissector()",
    "explorer": "from course.practice.icd_explorer import make_explorer\nmake_explorer()",
    "payment plan": "from course.practice.payment_plan import make_payment_plan\nmake_payment_plan()",
    "planner": "from course.practice.planner import make_planner\nmake_planner()",
    "home office": "from course.practice.home_office_audit import make_home_office_audit\nmake_home_office_audit()",
    "work queue": "from course.practice.work_queue import make_work_queue\nmake_work_queue()",
    "edit drill": "from course.practice.edit_drill import make_edit_drill\nmake_edit_drill()",
    "em levels": "from course.practice.em_practice import make_em_practice\nmake_em_practice()",
}


def _choice_source(quiz: Choice) -> str:
    return f"make_choice({quiz.question!r}, {quiz.options!r}, {quiz.answer!r}, {quiz.explanations!r})"


@pytest.fixture(scope="module")
def practices(lab, browser):
    """A notebook with every lesson quiz and every other practice, run once; yields (page, boxes)."""
    sources = [SETUP]
    for source in [*map(_choice_source, QUIZZES), *PRACTICES.values()]:
        sources += [source, "print('a cell between practices')"]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, lab.root_dir / "keyboard.ipynb")
    page = browser.new_page()
    nb.open_notebook(page, lab.tree_url("keyboard.ipynb"))
    nb.run_all(page, timeout=300_000)
    assert nb.problems(page) == []
    boxes = page.locator(".jp-CodeCell").filter(has=page.locator(".widget-box"))
    names = [f"quiz {i + 1}" for i in range(len(QUIZZES))] + list(PRACTICES)
    assert boxes.count() == len(names), f"{boxes.count()} practices shown, {len(names)} expected"
    yield page, dict(zip(names, (boxes.nth(i) for i in range(len(names))), strict=True))
    nb.shut_down_kernel(page)
    page.close()


_WHERE = """(cell) => {
  const a = document.activeElement;
  const cells = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')];
  const notebook = cell.closest('.jp-Notebook');
  return {inside: cell.querySelector('.widget-box').contains(a), what: a.tagName + ' ' + (a.innerText || a.value || '').slice(0, 40),
          active: cells.findIndex(c => c.classList.contains('jp-mod-active')), mine: cells.indexOf(cell),
          edit: notebook.classList.contains('jp-mod-editMode'), code: cell.classList.contains('jp-CodeCell')};
}"""


class Keyboard:
    """Keys pressed in one practice, checking after each that nothing left it."""

    def __init__(self, page: Page, cell: Locator):
        self.page, self.cell = page, cell

    def start(self, selector: str, index: int = 0) -> None:
        """Put the focus on a control of the practice (as Tab from the cell above would)."""
        self.cell.scroll_into_view_if_needed()
        self.cell.locator(".widget-box").first.locator(selector).nth(index).focus()
        self.check("focus")

    def check(self, key: str) -> None:
        where = self.cell.evaluate(_WHERE)
        assert where["inside"], f"after {key} the focus left the practice for {where['what']!r}"
        assert where["code"], f"after {key} the practice's cell is no longer a code cell"
        assert where["active"] == where["mine"], f"after {key} the notebook moved to cell {where['active']}"
        assert not where["edit"], f"after {key} the notebook went into edit mode"

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)
            self.check(key)
            # A person's pace: ipywidgets holds back a control's next change while its last one is
            # unanswered, and a button's press is sent at once, so machine-speed keys can overtake.
            time.sleep(PACE)

    def type(self, text: str) -> None:
        for char in text:
            self.page.keyboard.type(char)
            self.check(repr(char))

    def focused(self) -> str:
        return self.page.evaluate("() => (document.activeElement.innerText || document.activeElement.value || '').trim()")

    def tab_to(self, label: str, limit: int = 40) -> None:
        """Tab (forwards) until the focused control is the one labelled `label`."""
        for _ in range(limit):
            if self.focused() == label:
                return
            self.press("Tab")
        raise AssertionError(f"Tab never reached {label!r} inside the practice")

    def pick_radio(self, index: int) -> None:
        """With the focus on a radio group: check the focused radio (Space), then arrow to `index`."""
        self.press("Space")
        radios = self.cell.locator("input[type=radio]")
        now = next(i for i in range(radios.count()) if radios.nth(i).is_checked())
        self.press(*(["ArrowDown"] * (index - now) if index > now else ["ArrowUp"] * (now - index)))
        assert radios.nth(index).is_checked(), f"the arrows did not check answer {index + 1}"

    def pick_option(self, select: Locator, text: str) -> None:
        """With the focus on a dropdown: the arrows until it shows `text`."""

        def shown() -> str:
            return select.evaluate("s => s.options[s.selectedIndex].text").replace("\u00a0", " ").strip()

        options = [o.replace("\u00a0", " ").strip() for o in select.evaluate("s => [...s.options].map(o => o.text)")]
        assert text in options, f"{text!r} is not one of {options}"
        now, goal = options.index(shown()), options.index(text)
        self.press(*(["ArrowDown"] * (goal - now) if goal > now else ["ArrowUp"] * (now - goal)))
        assert shown() == text


def feedback(cell: Locator, pattern: str) -> str:
    return nb.wait_status(cell, pattern)


@pytest.mark.parametrize("number", range(len(QUIZZES)), ids=[q.question[:40] for q in QUIZZES])
def test_every_lesson_quiz_by_keyboard(practices, number: int) -> None:
    page, cells = practices
    quiz, cell = QUIZZES[number], cells[f"quiz {number + 1}"]
    keys = Keyboard(page, cell)
    wrong = next(i for i, o in enumerate(quiz.options) if o != quiz.answer)
    keys.start("input[type=radio]")
    keys.pick_radio(wrong)
    keys.press("Tab")
    assert keys.focused() == "Check"
    keys.press("Enter")
    feedback(cell, r"^Not quite\.")
    keys.press("Shift+Tab")  # back into the answers
    keys.pick_radio(quiz.options.index(quiz.answer))
    keys.press("Tab", "Space")  # Space presses a button too
    feedback(cell, r"^Correct\.")


def test_sorter_by_keyboard(practices) -> None:
    page, cells = practices
    cell = cells["sorter"]
    keys = Keyboard(page, cell)
    key = sorting_key()
    selects = cell.locator("select")
    keys.start("select")
    for i, item in enumerate(key):
        if i:
            keys.press("Tab")
        keys.pick_option(selects.nth(i), key[item])
    keys.tab_to("Check")
    keys.press("Enter")
    feedback(cell, rf"^Correct\. All {len(key)} are in the right place")
    assert set(key.values()) <= set(ROLES)


def test_orderer_by_keyboard(practices) -> None:
    from course.billing.revenue_cycle import JOURNEY

    page, cells = practices
    cell = cells["orderer"]
    keys = Keyboard(page, cell)
    selects = cell.locator("select")
    keys.start("select")
    for i, step in enumerate(JOURNEY):
        if i:
            keys.press("Tab")
        keys.pick_option(selects.nth(i), step)
    keys.tab_to("Check")
    keys.press("Enter")
    feedback(cell, r"^Correct\. All \d+ steps are in order")


def _best(scenario: conv.Scenario, node_id: str) -> int:
    choices = scenario.nodes[node_id].choices
    return max(range(len(choices)), key=lambda i: sum(choices[i].scores.values()))


def test_call_simulator_by_keyboard_one_step_per_press(practices) -> None:
    page, cells = practices
    cell = cells["call"]
    keys = Keyboard(page, cell)
    scenario = conv.load_scenarios()[0]
    said = cell.locator(".widget-html").filter(has_text="Caller:")

    def reply(node_id: str) -> str:
        best = _best(scenario, node_id)
        keys.pick_radio(best)
        keys.tab_to("Say it")
        before = said.inner_text().count("You:")
        keys.press("Enter", "Enter")  # pressed twice at once: one step, never two
        text = feedback(cell, r"^(Correct\.|Pick a reply first|The call is over)")
        time.sleep(1.0)  # a second step would show by now
        assert said.inner_text().count("You:") == before + 1, f"two presses of Say it took two steps ({text})"
        assert scenario.nodes[node_id].choices[best].say in said.inner_text()
        return scenario.nodes[node_id].choices[best].next

    keys.start("input[type=radio]")
    node = reply(scenario.start)
    keys.tab_to("Start again")
    keys.press("Enter")
    deadline = time.monotonic() + 30
    while said.inner_text().count("You:") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert said.inner_text().count("You:") == 0, "Start again did not go back to the start"
    keys.press("Shift+Tab", "Shift+Tab")  # Say it, then the replies
    node = reply(scenario.start)
    while scenario.nodes[node].choices:
        keys.press("Shift+Tab")
        node = reply(node)
    assert "You:" in said.inner_text()


def test_toggle_buttons_by_keyboard(practices) -> None:
    page, cells = practices
    cell = cells["code sets"]
    keys = Keyboard(page, cell)
    keys.start("button.widget-toggle-button")
    for item in ITEMS[:2]:
        keys.tab_to(item.answer)
        keys.press("Enter")
        feedback(cell, r"^Correct\.")
        keys.tab_to("Next code")
        keys.press("Enter")
        keys.press("Shift+Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab")  # back to the first code set


def test_find_errors_radio_and_buttons_by_keyboard(practices) -> None:
    page, cells = practices
    cell = cells["find errors"]
    keys = Keyboard(page, cell)
    answer = flawed_claims(2026)[0][1]
    keys.start("input[type=radio]")
    keys.pick_radio(list(CLAIM_ITEMS).index(answer))
    keys.tab_to("Check")
    keys.press("Enter")
    feedback(cell, r"^Correct\. The mistake is in item")


def test_calculator_text_box_and_button_by_keyboard(practices) -> None:
    page, cells = practices
    cell = cells["calculator"]
    keys = Keyboard(page, cell)
    keys.start("input[type=text]")  # the guess
    keys.type("110.00")
    keys.press("Tab", "Enter")
    feedback(cell, r"^Correct\. The patient owes \$110\.00")


def test_phishing_dropdown_toggles_checkboxes_by_keyboard(practices) -> None:
    page, cells = practices
    cell = cells["phishing"]
    keys = Keyboard(page, cell)
    keys.start("select")
    keys.press("ArrowDown", "Tab")  # the next e-mail, then the verdicts
    keys.press("Enter")  # Genuine
    keys.press("Tab", "Tab", "Space")  # the first red flag
    assert cell.locator("input[type=checkbox]").first.is_checked()
    keys.tab_to("Check")
    keys.press("Enter")
    feedback(cell, r"^(Correct|Not quite)\.")


def test_em_practice_by_keyboard(practices) -> None:
    """A note picked from the list, three element levels and a visit code, all by keyboard (issue 14)."""
    from course.coding.em import ALL_CODES, ELEMENT_LEVELS, ELEMENTS, get_visit
    from course.practice.em_practice import visit_label

    page, cells = practices
    cell = cells["em levels"]
    keys = Keyboard(page, cell)
    visit = get_visit("em-002")
    keys.start("select")
    keys.pick_option(cell.locator("select").first, visit_label(visit))
    cell.locator(".widget-html", has_text="lisinopril").first.wait_for(timeout=30_000)
    groups = cell.locator(".widget-radio-box")
    goals = [ELEMENT_LEVELS.index(visit.levels[e]) for e in ELEMENTS] + [ALL_CODES.index(visit.code)]
    for group, goal in enumerate(goals):
        keys.press("Tab", "Space")  # into the next group (nothing checked yet), check its first answer
        keys.press(*["ArrowDown"] * goal)
        assert groups.nth(group).locator("input[type=radio]").nth(goal).is_checked(), f"group {group + 1}"
    keys.tab_to("Check")
    keys.press("Enter")
    feedback(cell, r"^Correct\. All 4 right: 99213\.")


@pytest.mark.parametrize("name", list(PRACTICES))
def test_no_key_leaves_any_control(practices, name: str) -> None:
    """Arrows, Space, Enter and the letters of notebook shortcuts on every control of every practice."""
    page, cells = practices
    cell = cells[name]
    keys = Keyboard(page, cell)
    controls = cell.locator(".widget-box").first.locator("input, select, button:not([disabled]), textarea")
    assert controls.count(), f"{name} has no control"
    for i in range(controls.count()):
        control = controls.nth(i)
        if not control.is_visible() or control.is_disabled():
            continue
        keys.start("input, select, button:not([disabled]), textarea", i)
        kind = control.evaluate("c => c.type || c.tagName")
        safe = ["ArrowDown", "ArrowUp", "ArrowLeft", "ArrowRight", "m", "a", "j"]
        if kind in ("text", "textarea", "number"):
            safe += ["Enter"]
        keys.press(*safe)
    assert not re.search(r"Error", nb.status_text(cell) or "")


def test_work_queue_by_keyboard(practices) -> None:
    from course.billing.biller_day import TODAY, biller_day
    from course.billing.workqueue import ordered

    page, cells = practices
    cell = cells["work queue"]
    keys = Keyboard(page, cell)
    order = [it.claim_id for it in ordered(biller_day().items, TODAY)]
    keys.start("input[type=radio]")
    keys.pick_radio(sorted(order).index(order[2]))  # a big amount with a far deadline: not first
    keys.tab_to("Work this claim")
    keys.press("Enter")
    feedback(cell, rf"^Not quite\. {order[2]} scores")
    keys.press("Shift+Tab")
    keys.pick_radio(sorted(order).index(order[0]))
    keys.tab_to("Work this claim")
    keys.press("Enter")
    feedback(cell, rf"^Correct\. {order[0]} is the highest priority left")
    assert "$1,450.00 waiting for payment" in cell.locator("img").first.get_attribute("alt")
    keys.press("Shift+Tab")  # back into the claims left, one fewer
    assert cell.locator("input[type=radio]").count() == len(order) - 1
    keys.pick_radio(sorted(order[1:]).index(order[1]))
    keys.tab_to("Work this claim")
    keys.press("Enter")
    feedback(cell, rf"^Correct\. {order[1]} is the highest priority left")


def test_edit_drill_by_keyboard(practices) -> None:
    from course.practice.edit_drill import ANSWERS

    page, cells = practices
    cell = cells["edit drill"]
    keys = Keyboard(page, cell)
    keys.start("input[type=radio]")
    keys.pick_radio(ANSWERS.index("59"))
    keys.tab_to("Check")
    keys.press("Enter")
    feedback(cell, r"^Not quite\. The course's edits warn")
    keys.press("Shift+Tab")
    keys.pick_radio(ANSWERS.index("XS"))
    keys.tab_to("Check")
    keys.press("Enter")
    feedback(cell, r"^Correct\. Different legs")
    keys.tab_to("Next case")
    keys.press("Enter")
    deadline = time.monotonic() + 30
    while "Case 2 of 6" not in cell.inner_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "Case 2 of 6" in cell.inner_text()
