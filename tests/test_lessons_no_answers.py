"""No lesson shows the answer above its question, and lesson tables are readable (issue 11, items 7-8).

- Quiz questions live in the toolkit (course/data/quizzes/, loaded by `quiz("id")`): no code cell a
  student sees holds an answer key (a `make_choice(...)` call, an `answer=` / `explanations=` argument,
  or the text of any question's explanation).
- The lesson 05 calculator asks for the guess before it shows the worked answer, and its claim's answer
  is not printed anywhere above it.
- Every table a lesson shows has every cell in full (pandas cuts text with "...") and its text cells
  left-aligned (JupyterLab right-aligns table cells unless told otherwise).
"""

from __future__ import annotations

import ast
import re
from decimal import Decimal
from html.parser import HTMLParser

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from course.practice.quiz import quiz
from course.practice.responsibility_calc import compute_share, explain_share, make_responsibility_calc
from course.quizzes import Question, all_questions, question
from course.tables import table_html
from tests.support import ROOT

LESSONS = sorted((ROOT / "course" / "lessons").glob("[0-9][0-9]-*.ipynb"))
ANSWER_KEY_CALLS = {"make_choice", "ChoicePractice"}
ANSWER_KEY_ARGS = {"answer", "explanations"}


def lesson_id(path) -> str:
    return path.stem


def visible_code(path) -> list[tuple[int, str]]:
    """(index, source) of the lesson's code cells whose input a student sees."""
    nb = nbformat.read(path, as_version=4)
    return [
        (i, c.source)
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and not c.metadata.get("jupyter", {}).get("source_hidden")
    ]


def answer_keys_in(source: str, explanations: set[str]) -> list[str]:
    """What in this cell source gives an answer away."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in ANSWER_KEY_CALLS:
                found.append(f"{name}(...) with its answer")
            found += [f"{kw.arg}=" for kw in node.keywords if kw.arg in ANSWER_KEY_ARGS]
    found += [f"the explanation {text[:40]!r}" for text in explanations if text in source]
    return found


def quiz_ids(path) -> list[str]:
    """The ids of the quiz("id") calls in the lesson, in order."""
    ids = []
    for _i, source in visible_code(path):
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "quiz":
                ids.append(node.args[0].value)
    return ids


# --- the checks themselves -------------------------------------------------------------------------


def test_answer_key_check_catches_what_it_should():
    why = {"Because the quotes make it text."}
    assert answer_keys_in("make_choice('q', ['a', 'b'], 'a', {'a': 'x'})", why) == ["make_choice(...) with its answer"]
    assert answer_keys_in("display(widget(prompt, answer='a'))", why) == ["answer="]
    assert answer_keys_in("x = 'Because the quotes make it text.'", why)
    assert answer_keys_in('quiz("00-code-as-text")', why) == []
    assert answer_keys_in('notes = {"A": "Assessment: chest pain"}', why) == []


# --- the lessons: no answer key in plain sight -----------------------------------------------------


@pytest.mark.parametrize("path", LESSONS, ids=lesson_id)
def test_no_answer_key_in_a_visible_lesson_cell(path):
    explanations = {text for q in all_questions().values() for text in q.explanations.values() if len(text) >= 20}
    shown = [f"cell {i}: {hit}" for i, source in visible_code(path) for hit in answer_keys_in(source, explanations)]
    assert not shown, f"{path.name} shows answers above its questions: {shown}"


def test_every_quiz_in_a_lesson_exists_and_every_question_is_asked_once():
    asked = [qid for path in LESSONS for qid in quiz_ids(path)]
    assert len(asked) == len(set(asked)), f"a question asked twice: {sorted(asked)}"
    for path in LESSONS:
        for qid in quiz_ids(path):
            assert qid[:2] == path.name[:2], f"{path.name} asks {qid}, another lesson's question"
            question(qid)  # raises KeyError if the toolkit has no such question
    assert set(asked) == set(all_questions()), f"questions no lesson asks: {set(all_questions()) - set(asked)}"


def test_every_lesson_keeps_its_quiz_questions():
    for path in LESSONS:
        assert len(quiz_ids(path)) >= 2, f"{path.name} asks fewer than two quiz questions"


@pytest.mark.parametrize("qid", sorted(all_questions()))
def test_question_data_is_complete(qid):
    q = question(qid)
    assert q.question.strip() and len(q.options) >= 2 and q.answer in q.options
    assert set(q.explanations) == set(q.options), f"{qid}: every option needs its explanation"
    assert not re.search(r"\{[a-z_]+\}", q.question + "".join(q.options)), f"{qid}: a template field left unfilled"


def test_question_data_refuses_an_answer_that_is_not_an_option():
    with pytest.raises(ValueError, match="not one of the options"):
        Question("xx-bad", "Which?", ("a", "b"), "c", {})


def test_computed_question_comes_from_the_toolkit_split():
    q = question("05-pr-amount")
    assert q.question.startswith("A remittance line says: charge 200.00, paid 96.00, CO-45 80.00, PR-2 24.00.")
    assert q.options == ("$0.00", "$24.00", "$104.00") and q.answer == "$24.00"


def test_quiz_widget_by_id_grades_with_the_toolkit_answer():
    practice = quiz("03-staple-removal")
    practice.options.value = "A"
    practice.check.click()
    assert "Not quite." in practice.feedback.value
    practice.options.value = "D"
    practice.check.click()
    assert "Correct. Subsequent encounter" in practice.feedback.value


# --- the lesson 05 calculator asks before it tells -------------------------------------------------


def lesson05_calculator():
    """The calculator exactly as lesson 05's cell builds it, and the index of that cell."""
    path = ROOT / "course" / "lessons" / "05-getting-paid.ipynb"
    cells = [(i, s) for i, s in visible_code(path) if "make_responsibility_calc(" in s and "import" not in s]
    assert len(cells) == 1, cells
    index, source = cells[0]
    call = ast.parse(source).body[-1].value
    assert getattr(call.func, "id", "") == "make_responsibility_calc"
    args = [ast.literal_eval(a) for a in call.args]
    return make_responsibility_calc(*args), index


def shown_text(widget) -> str:
    """Every text the widget shows (HTML, labels), its children's included."""
    own = widget.value if hasattr(widget, "value") and isinstance(widget.value, str) else ""
    return own + " ".join(shown_text(child) for child in getattr(widget, "children", ()))


def test_lesson05_calculator_asks_for_the_guess_before_the_answer():
    calc, _index = lesson05_calculator()
    share = compute_share(calc.values)
    owed = f"${share.patient:,.2f}"
    before = shown_text(calc)
    assert owed not in before and "owes $" not in before, f"the answer shows before the guess: {before[:300]}"
    assert calc.picture.value == ""
    calc.guess.value = "not a number"
    calc.check.click()
    assert owed not in shown_text(calc)  # a guess that is no amount does not give the answer away
    calc.guess.value = str(share.deductible)  # a wrong guess: the hint, then the worked answer
    calc.check.click()
    assert "Not quite." in calc.feedback.value
    assert f"The patient owes {owed}" in calc.explanation.value and "<img" in calc.picture.value
    calc.inputs["copay"].value = 25  # a new claim: ask again
    assert "owes $" not in calc.explanation.value and calc.picture.value == ""


@pytest.mark.slow
def test_lesson05_does_not_print_the_calculator_answer_above_it(executed):
    calc, index = lesson05_calculator()
    answer = explain_share(compute_share(calc.values))
    nb = executed("05-getting-paid")
    above = " ".join(output_text(o) for c in nb.cells[:index] if c.cell_type == "code" for o in c.outputs)
    assert answer.split(":")[0] not in above.replace("\\$", "$"), "the calculator's claim is worked above it"


# --- readable tables -------------------------------------------------------------------------------


class Tables(HTMLParser):
    """Collects every table cell of an HTML text: (tag, style, text)."""

    def __init__(self):
        super().__init__()
        self.cells: list[list] = []
        self.classes: list[str] = []
        self._open: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.classes.append(attrs.get("class") or "")
        if tag in ("td", "th"):
            self._open = [tag, (attrs.get("style") or "").replace(" ", ""), ""]
            self.cells.append(self._open)

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open[2] += data


def unreadable_cells(html: str) -> list[str]:
    """Cells cut short, and text cells not left-aligned (a number column's header may sit right, over it)."""
    parser = Tables()
    parser.feed(html)
    problems = [f"a pandas table (class {c!r})" for c in parser.classes if "dataframe" in c]
    for tag, style, text in parser.cells:
        text = text.strip()
        if text.endswith(("...", "…")):
            problems.append(f"cut off: {text[-50:]!r}")
        if tag == "td" and text and not re.fullmatch(r"[-$\d.,%]+", text) and "text-align:left" not in style:
            problems.append(f"not left-aligned: <{tag} style={style!r}> {text[:40]!r}")
    return problems


def test_table_check_catches_what_it_should():
    frame = pd.DataFrame({"meaning": ["Contractual obligation: the provider writes it off " * 3], "n": [3]})
    pandas_html = frame._repr_html_()
    assert any("cut off" in p for p in unreadable_cells(pandas_html))
    assert any("pandas table" in p for p in unreadable_cells(pandas_html))
    assert unreadable_cells(table_html(frame)) == []


def test_table_html_shows_everything_text_left_numbers_right():
    long = "Contractual obligation: the provider writes it off and may not bill the patient for it."
    html = table_html(pd.DataFrame({"code": ["CO"], "meaning": [long], "amount": [Decimal("80.00")]}))
    assert long in html and "<td style='padding:0.2em 0.8em;vertical-align:top;text-align:right'>80.00" in html
    assert unreadable_cells(html) == []
    assert "&lt;b&gt;" in table_html(pd.DataFrame({"a": ["<b>"]}))  # text is escaped, never markup
    assert ">#</th>" in table_html(pd.DataFrame({"a": ["x"]}, index=[1]), index=True)


def output_text(output) -> str:
    if output.output_type == "stream":
        return output.text
    data = output.get("data", {})
    return data.get("text/html") or data.get("text/markdown") or data.get("text/plain") or ""


@pytest.fixture(scope="module")
def executed():
    """Lessons run top to bottom in a fresh kernel (each once per test module)."""
    done: dict[str, nbformat.NotebookNode] = {}

    def run(stem: str) -> nbformat.NotebookNode:
        if stem not in done:
            path = ROOT / "course" / "lessons" / f"{stem}.ipynb"
            nb = nbformat.read(path, as_version=4)
            NotebookClient(
                nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
            ).execute()
            done[stem] = nb
        return done[stem]

    return run


@pytest.mark.slow
@pytest.mark.parametrize("path", LESSONS, ids=lesson_id)
def test_lesson_tables_show_full_text_left_aligned(executed, path):
    nb = executed(path.stem)
    problems = []
    for i, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html", "")
            if "<table" not in html:
                continue
            problems += [f"cell {i}: {p}" for p in unreadable_cells(html)]
    assert not problems, f"{path.name}: {problems[:8]}"
