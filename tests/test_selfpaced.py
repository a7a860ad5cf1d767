"""Learning on your own: starting never loses work, self-check grades like the autograder, progress lasts."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from course.practice.feedback import feedback_html
from course.practice.selfpaced_panel import make_assignment_panel, progress_figure_html, progress_html
from course.selfpaced import changed_assignments, self_check, start_assignment
from course.selfpaced import progress as prog
from course.selfpaced.__main__ import main as cli
from course.selfpaced.check import COMMAND_SECONDS, GENERIC_HINTS, PANEL_SECONDS, SelfCheckError, promise
from tests.nbgrader_helpers import hand_in, notebooks, partial_spec, secret_lines
from tests.support import ROOT

AID = "a01"


def make_root(tmp: Path) -> Path:
    """A minimal course checkout: config, source, release and lessons of one assignment."""
    root = tmp / "course-checkout"
    root.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "source" / AID, root / "source" / AID)
    shutil.copytree(ROOT / "release" / AID, root / "release" / AID)
    (root / "course" / "lessons").mkdir(parents=True)
    for lesson in ("00-start-here.ipynb", "01-two-careers.ipynb"):
        (root / "course" / "lessons" / lesson).write_text("{}")
    return root


def write_answers(root: Path, which: str) -> None:
    """Fill the learner's copy: 'solution', 'partial' (the partial spec) or 'blank'."""
    hand_in(root / "assignments" / AID, root / "source" / AID, AID, which)


def test_start_copies_release_and_never_overwrites(tmp_path):
    root = make_root(tmp_path)
    first = start_assignment(AID, root=root)
    assert first.created and first.folder == root / "assignments" / AID
    nb_path = notebooks(first.folder)[0]
    assert nb_path.read_bytes() == (root / "release" / AID / nb_path.name).read_bytes()
    nb_path.write_text(nb_path.read_text().replace("YOUR ANSWER HERE", "my own words"))
    work = nb_path.read_bytes()

    again = start_assignment(AID, root=root)
    assert not again.created and "left as it is" in again.message
    assert nb_path.read_bytes() == work, "starting twice must not touch the learner's work"

    fresh = start_assignment(AID, fresh=True, root=root)
    assert fresh.created and fresh.backup is not None and fresh.backup.name.startswith(f"{AID}-")
    assert (fresh.backup / nb_path.name).read_bytes() == work, "starting over keeps the old copy as a backup"
    assert nb_path.read_bytes() == (root / "release" / AID / nb_path.name).read_bytes()
    second_fresh = start_assignment(AID, fresh=True, root=root)
    assert second_fresh.backup != fresh.backup and fresh.backup.exists(), "backups never overwrite each other"


def test_start_unknown_assignment_says_what_exists(tmp_path):
    root = make_root(tmp_path)
    with pytest.raises(ValueError, match=AID):
        start_assignment("a99", root=root)


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """Self-check the solution, the blank release and the partial submission, each in its own checkout."""
    reports = {}
    for which in ("solution", "blank", "partial"):
        root = make_root(tmp_path_factory.mktemp(which))
        start_assignment(AID, root=root)
        write_answers(root, which)
        before = {p.name: p.read_bytes() for p in notebooks(root / "assignments" / AID)}
        reports[which] = (self_check(AID, root=root), root, before)
    return reports


def test_self_check_scores_like_the_autograder(checked):
    solution, blank, partial = (checked[w][0] for w in ("solution", "blank", "partial"))
    assert solution.max_score > 0
    assert solution.score == pytest.approx(solution.max_score)
    assert blank.score == 0
    assert partial.score == pytest.approx(partial_spec(AID).expected_points)


def test_self_check_gives_a_hint_per_failed_question_without_hidden_tests(checked):
    secrets = set()
    for src in notebooks(ROOT / "source" / AID):
        secrets |= secret_lines(nbformat.read(src, as_version=4))
    for which in ("blank", "partial"):
        report = checked[which][0]
        failed = [q for q in report.questions if q.passed is False]
        assert failed, f"the {which} copy must fail some checks"
        assert all(q.hint.strip() for q in failed), "every failed question needs a hint"
        shown = report.to_text() + report.to_html()
        assert "BEGIN HIDDEN" not in shown and "assert " not in shown
        assert not [line for line in secrets if line in shown], "the report leaks hidden test or solution text"


def test_an_unanswered_question_is_called_unanswered_and_a_misnamed_answer_a_missing_name(checked, tmp_path):
    """A blank copy: every autograded question says "not answered yet", also where the test cell only sees
    the undefined name (Part 1's answer cell raised NotImplementedError, so task_1 never existed)."""
    blank = checked["blank"][0]
    autograded = [q for q in blank.questions if q.passed is not None]
    assert autograded and all(q.hint == GENERIC_HINTS["NotImplementedError"] for q in autograded), \
        [(q.question, q.hint) for q in autograded]
    # answered, but under another name: the undefined-name hint, not "not answered"
    root = make_root(tmp_path)
    start_assignment(AID, root=root)
    path = notebooks(root / "assignments" / AID)[0]
    nb = nbformat.read(path, as_version=4)
    roles = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "a01-roles")
    roles.source = 'task1 = "coder"'
    nbformat.write(nb, path)
    part1 = [q for q in self_check(AID, root=root, record=False).questions if q.question.startswith("Part 1")]
    assert part1 and all(q.hint == GENERIC_HINTS["NameError"] for q in part1), [(q.question, q.hint) for q in part1]


def test_self_check_labels_questions_in_plain_words(checked):
    """Item 12: "Q4. Once the payment…", never "(a01-next-step-test)" or raw "**Q4.**"."""
    report = checked["partial"][0]
    shown = report.to_text() + report.to_html()
    assert not [q.grade_id for q in report.questions if q.grade_id in shown], "internal grade ids are shown"
    labels = [q.question for q in report.questions]
    assert not [label for label in labels if "**" in label or "`" in label or "(a01-" in label], labels
    assert "`" not in report.to_html(), "code marks in hints are shown as code, not as backticks"
    assert any(label.startswith("Q4. Once the payment is posted") for label in labels), labels
    assert "Part 1: who does it? (check 1 of 2)" in labels


def test_self_check_leaves_the_notebook_untouched_and_records_progress(checked):
    for which, (report, root, before) in checked.items():
        after = {p.name: p.read_bytes() for p in notebooks(root / "assignments" / AID)}
        assert after == before, f"self-check changed the learner's {which} notebook"
        entry = prog.load(root)["assignments"][AID]
        assert entry["best"] == pytest.approx(report.score) and entry["max"] == pytest.approx(report.max_score)


def test_self_check_of_unstarted_or_broken_work_is_reported(tmp_path):
    root = make_root(tmp_path)
    with pytest.raises(SelfCheckError, match="not started"):
        self_check(AID, root=root)
    start_assignment(AID, root=root)
    notebooks(root / "assignments" / AID)[0].write_text("{ this is not a notebook")
    with pytest.raises(SelfCheckError, match="could not be graded"):
        self_check(AID, root=root)


def test_best_score_is_kept(tmp_path):
    root = make_root(tmp_path)
    prog.record_check(AID, 3, 10, root)
    prog.record_check(AID, 7, 10, root)
    prog.record_check(AID, 5, 10, root)
    entry = prog.load(root)["assignments"][AID]
    assert entry["best"] == 7 and len(entry["history"]) == 3
    s = prog.summary(root)
    assert (AID, 7, 10) in s.assignments
    assert [name for name, _ in s.lessons] == ["00-start-here", "01-two-careers"]


def test_practice_answers_in_a_lesson_are_recorded(tmp_path, monkeypatch):
    root = make_root(tmp_path)
    monkeypatch.setenv("COURSE_ROOT", str(root))
    monkeypatch.setenv("JPY_SESSION_NAME", "course/lessons/01-two-careers.ipynb")
    feedback_html("Right!", True)
    feedback_html("Wrong.", False)
    feedback_html("Right again", True, exercise="sorting")
    assert sorted(prog.load(root)["lessons"]["01-two-careers"]["exercises"]) == ["sorting", "tests.test_selfpaced"]
    monkeypatch.setenv("JPY_SESSION_NAME", "assignments/a01/a01-two-careers.ipynb")
    feedback_html("Right!", True, exercise="elsewhere")
    assert set(prog.load(root)["lessons"]) == {"01-two-careers"}, "only lessons count as practice"


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Course Test", "-c", "user.email=test@example.com", *args],
                   cwd=cwd, check=True, capture_output=True)


def test_progress_and_work_survive_a_course_update(tmp_path):
    origin = make_root(tmp_path)
    shutil.copy(ROOT / ".gitignore", origin / ".gitignore")
    (origin / "assignments").mkdir()
    (origin / "assignments" / "README.md").write_text("Your work goes here.\n")
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "course")
    learner = tmp_path / "learner"
    git(tmp_path, "clone", "-q", str(origin), str(learner))

    start_assignment(AID, root=learner)
    nb_path = notebooks(learner / "assignments" / AID)[0]
    nb_path.write_text(nb_path.read_text().replace("YOUR ANSWER HERE", "my work"))
    work = nb_path.read_bytes()
    prog.record_check(AID, 4, 10, learner)
    progress_before = prog.progress_file(learner).read_bytes()
    assert changed_assignments(learner) == []

    released = notebooks(origin / "release" / AID)[0]
    released.write_text(released.read_text().replace("YOUR ANSWER HERE", "YOUR ANSWER HERE (updated)"))
    git(origin, "commit", "-qam", "update a01")
    git(learner, "pull", "-q")

    assert nb_path.read_bytes() == work, "a course update must not touch the learner's copy"
    assert prog.progress_file(learner).read_bytes() == progress_before, "progress must survive the update"
    assert changed_assignments(learner) == [AID], "the learner is told which assignment changed"


def test_cli_and_panel(tmp_path, monkeypatch, capsys):
    root = make_root(tmp_path)
    monkeypatch.setenv("COURSE_ROOT", str(root))
    assert cli(["start", AID]) == 0
    assert "Started" in capsys.readouterr().out
    assert cli(["start", AID]) == 0
    assert "left as it is" in capsys.readouterr().out
    assert cli(["start", "a99"]) == 1
    assert cli(["progress"]) == 0
    assert AID in capsys.readouterr().out

    panel = make_assignment_panel(root)
    buttons = {w.description: w for w in panel.children[0].children if hasattr(w, "on_click")}
    buttons["Start assignment"].click()
    assert "left as it is" in panel.children[2].value
    buttons["Start over"].click()
    assert "previous copy is kept" in panel.children[2].value

    write_answers(root, "partial")
    seen = []
    check = buttons["Check my work"]
    panel.children[2].observe(lambda change: seen.append((change["new"], check.disabled, check.description)), "value")
    check.click()
    assert seen[0][0].count(f"Checking {AID} with the hidden tests") == 1 and seen[0][1:] == (True, "Checking…")
    assert promise(PANEL_SECONDS) in seen[0][0], "the panel says how long it usually takes"
    final = seen[-1][0]
    assert f"Self-check of {AID}: {partial_spec(AID).expected_points:g} / 12" in final and "Checked in" in final
    assert not check.disabled and check.description == "Check my work" and not buttons["Start over"].disabled

    assert cli(["check", AID]) == 0
    out = capsys.readouterr().out
    assert promise(COMMAND_SECONDS) in out and f"Self-check of {AID}" in out

    html = progress_html(prog.summary(root)) + progress_figure_html(prog.summary(root))
    assert AID in html and 'alt="Bar chart of best self-check scores' in html


def test_the_readme_promises_what_the_panel_and_command_say():
    readme = (ROOT / "README.md").read_text()
    assert f"{PANEL_SECONDS[0]} to {PANEL_SECONDS[1]} seconds from the panel" in readme
    assert f"{COMMAND_SECONDS[0]} to {COMMAND_SECONDS[1]} seconds from a terminal" in readme
    assert "a few seconds" not in readme.split("## Learning on your own")[1].split("## For instructors")[0]


def test_self_check_hides_the_lessons_session_from_its_kernel_and_restores_it(tmp_path, monkeypatch):
    from course.selfpaced import check

    monkeypatch.setenv("JPY_SESSION_NAME", "course/lessons/00-start-here.ipynb")
    seen = {}

    class Probe:
        def __init__(self, **_):
            seen["during"] = os.environ.get("JPY_SESSION_NAME")

        def start(self):
            raise RuntimeError("probe")

    monkeypatch.setattr("nbgrader.converters.Autograde", Probe)
    root = make_root(tmp_path)
    start_assignment(AID, root=root)
    with pytest.raises(SelfCheckError, match="could not be graded"):
        check.self_check(AID, root=root)
    assert seen["during"] is None, "the grading kernel would count as lesson practice"
    assert os.environ["JPY_SESSION_NAME"] == "course/lessons/00-start-here.ipynb"
