"""Students work in their own lesson copies (assignments/lessons/); `make lab` opens them, keeps them up to
date with the course and never loses what was typed; the student's Lab has no instructor tools."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import nbformat
import pytest

from course.selfpaced import lessons as copies
from course.selfpaced.progress import lesson_from_session
from course.tools import lab
from tests.support import ROOT

LESSON = "00-start-here.ipynb"
NOW = datetime(2026, 11, 29, 9, 30, 0)


def make_root(tmp: Path) -> Path:
    """A course checkout with two real lessons."""
    root = tmp / "checkout"
    (root / "course" / "lessons").mkdir(parents=True)
    for name in (LESSON, "01-two-careers.ipynb"):
        shutil.copy(ROOT / "course" / "lessons" / name, root / "course" / "lessons" / name)
    return root


def edit(path: Path, change) -> None:
    nb = nbformat.read(path, as_version=4)
    change(nb)
    nbformat.write(nb, path)


def course_update(root: Path, text: str = "A new paragraph from the course.") -> None:
    """The course changes lesson 00 (what `git pull` would bring)."""
    edit(root / "course" / "lessons" / LESSON, lambda nb: nb.cells.insert(1, nbformat.v4.new_markdown_cell(text)))


def type_answer(nb) -> None:
    """A student answers Try it 1 in their copy."""
    cell = next(c for c in nb.cells if c.cell_type == "code" and "my_code = ..." in c.source)
    cell.source = cell.source.replace("my_code = ...", 'my_code = "E11.9"')


def run_outputs(nb) -> None:
    """What running a lesson leaves in the file: outputs, execution counts, a saved widget view."""
    for i, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        cell.execution_count = i + 1
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="ran\n")]
    panel = next(c for c in nb.cells if c.cell_type == "code" and "make_assignment_panel()" in c.source)
    panel.outputs = [nbformat.v4.new_output("display_data", data={
        "text/plain": "VBox(children=(HBox(children=(Dropdown(...",
        copies.WIDGET_MIME: {"version_major": 2, "version_minor": 0, "model_id": "0123abcd"},
    })]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}


def test_first_sync_copies_every_lesson_byte_for_byte(tmp_path):
    root = make_root(tmp_path)
    report = copies.sync_lessons(root, now=NOW)
    assert report.copied == [LESSON, "01-two-careers.ipynb"] and not report.backups
    for name in report.copied:
        assert copies.copy_path(name, root).read_bytes() == (root / "course" / "lessons" / name).read_bytes()
    assert "assignments/lessons/" in report.message()
    again = copies.sync_lessons(root, now=NOW)
    assert not (again.copied or again.updated or again.backups), "nothing to do the second time"


def test_an_untouched_copy_takes_the_update_and_its_outputs_go(tmp_path):
    root = make_root(tmp_path)
    copies.sync_lessons(root, now=NOW)
    edit(copies.copy_path(LESSON, root), run_outputs)  # ran, never typed
    course_update(root)
    report = copies.sync_lessons(root, now=NOW)
    assert report.updated == [LESSON] and not report.backups
    assert copies.copy_path(LESSON, root).read_bytes() == (root / "course" / "lessons" / LESSON).read_bytes()
    assert not (root / "assignments" / ".backups").exists(), "outputs are not student work: no backup"


def test_an_edited_copy_is_backed_up_before_the_update(tmp_path):
    root = make_root(tmp_path)
    copies.sync_lessons(root, now=NOW)
    mine = copies.copy_path(LESSON, root)
    edit(mine, type_answer)
    typed = mine.read_bytes()
    assert copies.sync_lessons(root, now=NOW).updated == [], "no course change: the copy is left alone"
    assert b'my_code = \\"E11.9\\"' in mine.read_bytes()

    course_update(root)
    report = copies.sync_lessons(root, now=NOW)
    backup = root / "assignments" / ".backups" / "lessons-20261129-093000" / LESSON
    assert report.backups == {LESSON: backup} and report.updated == [LESSON]
    assert backup.read_bytes() == typed, "the backup is exactly the student's file"
    assert "A new paragraph from the course." in mine.read_text(), "the new version arrived"
    assert "assignments/.backups/lessons-20261129-093000/00-start-here.ipynb" in report.message()
    assert copies.last_backups(root) == {LESSON: "assignments/.backups/lessons-20261129-093000/00-start-here.ipynb"}

    # a second update on the same second never overwrites the first backup
    edit(mine, type_answer)
    course_update(root, "Another change.")
    second = copies.sync_lessons(root, now=NOW)
    assert second.backups[LESSON] != backup and backup.read_bytes() == typed


def test_an_empty_cell_added_by_shift_enter_is_not_an_edit(tmp_path):
    root = make_root(tmp_path)
    copies.sync_lessons(root, now=NOW)
    edit(copies.copy_path(LESSON, root), lambda nb: nb.cells.append(nbformat.v4.new_code_cell("")))
    course_update(root)
    assert not copies.sync_lessons(root, now=NOW).backups


def test_an_unreadable_copy_is_kept_and_replaced(tmp_path):
    root = make_root(tmp_path)
    copies.sync_lessons(root, now=NOW)
    copies.copy_path(LESSON, root).write_text("{ half a notebook")
    course_update(root)
    report = copies.sync_lessons(root, now=NOW)
    assert report.backups[LESSON].read_text() == "{ half a notebook"
    nbformat.read(copies.copy_path(LESSON, root), as_version=4)


def test_a_copy_without_a_record_is_kept_and_then_treated_as_the_students(tmp_path):
    root = make_root(tmp_path)
    copies.sync_lessons(root, now=NOW)
    mine = copies.copy_path(LESSON, root)
    edit(mine, type_answer)
    (copies.copies_dir(root) / copies.MANIFEST).unlink()
    assert not copies.sync_lessons(root, now=NOW).backups and b"E11.9" in mine.read_bytes()
    course_update(root)
    assert LESSON in copies.sync_lessons(root, now=NOW).backups


def test_saved_widgets_become_a_rerun_note_and_sources_stay(tmp_path):
    root = make_root(tmp_path)
    copies.sync_lessons(root, now=NOW)
    mine = copies.copy_path(LESSON, root)
    edit(mine, lambda nb: (type_answer(nb), run_outputs(nb)))
    before = nbformat.read(mine, as_version=4)

    report = copies.sync_lessons(root, now=NOW)
    assert report.widgets_reset == [LESSON] and not report.updated
    after = nbformat.read(mine, as_version=4)
    assert [c.source for c in after.cells] == [c.source for c in before.cells]
    shown = json.dumps([c.get("outputs", []) for c in after.cells])
    assert copies.WIDGET_MIME not in shown and "widgets" not in after.metadata
    panel = next(c for c in after.cells if "make_assignment_panel()" in c.source)
    assert panel.outputs[-1]["data"]["text/plain"] == copies.RERUN_HINT
    assert "Shift+Enter" in copies.RERUN_HINT
    kept = [out for c in after.cells for out in c.get("outputs", []) if out.get("text") == "ran\n"]
    assert len(kept) == len([c for c in after.cells if c.cell_type == "code"]) - 1, "other outputs are kept"
    assert not copies.sync_lessons(root, now=NOW).widgets_reset, "nothing left to replace"


def test_widget_plain_text_says_to_run_the_cell_again():
    code = (
        "from IPython.testing.globalipapp import start_ipython\n"
        "shell = start_ipython()\n"
        "from course.practice.choice import make_choice\n"
        "data, _ = shell.display_formatter.format(make_choice('Q?', ['a', 'b'], 'a', {}))\n"
        "print('TEXT/PLAIN:' + data['text/plain'])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    # (displaying a practice also displays its keyboard script, which a terminal prints as its repr)
    plain = [line for line in out.stdout.splitlines() if line.startswith("TEXT/PLAIN:")]
    assert plain == ["TEXT/PLAIN:" + copies.RERUN_HINT], out.stdout


def test_practice_in_a_lesson_copy_counts_for_that_lesson(monkeypatch):
    monkeypatch.setenv("JPY_SESSION_NAME", "assignments/lessons/00-start-here.ipynb")
    assert lesson_from_session() == "00-start-here"


def test_lab_command_serves_the_course_and_opens_the_students_lesson_00(tmp_path):
    command = lab.lab_command(tmp_path, extra=["--no-browser"], as_root=False)
    assert Path(command[0]) == Path(sys.executable).with_name("jupyter") and command[1] == "lab"
    assert f"--ServerApp.root_dir={tmp_path}" in command
    assert "--LabApp.default_url=/lab/tree/assignments/lessons/00-start-here.ipynb" in command
    assert "--ContentsManager.allow_hidden=True" in command, "backups in assignments/.backups/ can be opened"
    assert command[-1] == "--no-browser" and "--allow-root" not in command
    assert "--allow-root" in lab.lab_command(tmp_path, as_root=True)
    teacher = lab.lab_command(tmp_path, instructor=True, as_root=False)
    assert not any("default_url" in part or "allow_hidden" in part for part in teacher)


def test_students_lab_config_hides_nbgrader_instructor_plugins_that_exist():
    page = json.loads((lab.STUDENT_CONFIG / "labconfig" / "page_config.json").read_text())
    hidden = page["disabledExtensions"]
    assert isinstance(hidden, dict), "a dict merges with other page_config.json files; a list would replace them"
    bundle = "".join(p.read_text() for p in (Path(sys.prefix) / "share/jupyter/labextensions/@jupyter/nbgrader/static")
                     .glob("*.js"))
    for plugin in hidden:
        assert f'"{plugin}"' in bundle, f"nbgrader has no lab plugin {plugin} any more: update page_config.json"
    assert set(hidden) == {"@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:formgrader",
                           "@jupyter/nbgrader:course-list", "@jupyter/nbgrader:validate-assignment"}
    assert "@jupyter/nbgrader:assignment-list" not in hidden, "students keep the Assignments tab"


def _page_config(env: dict[str, str]) -> list[str]:
    code = ("import json; from jupyterlab_server.config import get_page_config; "
            "print(json.dumps(get_page_config([])['disabledExtensions']))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_page_config_merges_with_other_config_folders(tmp_path):
    other = tmp_path / "other"
    (other / "labconfig").mkdir(parents=True)
    (other / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/mathjax-extension": True}}))
    base = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    base.update(JUPYTER_CONFIG_DIR=str(tmp_path / "user"), JUPYTER_CONFIG_PATH=str(other))
    student = _page_config(lab.lab_environment(base))
    assert "@jupyter/nbgrader:formgrader" in student and "@jupyter/nbgrader:validate-assignment" in student
    assert "@jupyterlab/mathjax-extension" in student, "other folders' disabled plugins still apply"
    teacher = _page_config(lab.lab_environment(base, instructor=True))
    assert "@jupyter/nbgrader:formgrader" not in teacher and "@jupyterlab/mathjax-extension" in teacher
    assert lab.lab_environment(lab.lab_environment(base))["JUPYTER_CONFIG_PATH"].count(str(lab.STUDENT_CONFIG)) == 1


def test_make_lab_runs_the_launcher():
    recipe = subprocess.run(["make", "--no-print-directory", "-n", "lab", "LAB_ARGS=--no-browser"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, env={**os.environ, "MAKEFLAGS": ""})
    assert recipe.returncode == 0, recipe.stderr
    last = recipe.stdout.strip().splitlines()[-1]
    assert "/python -m course.tools.lab " in last and last.endswith(" --no-browser"), last
    teacher = subprocess.run(["make", "-n", "lab", "INSTRUCTOR=1"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "-m course.tools.lab --instructor" in teacher.stdout


def test_lesson_copies_and_backups_are_ignored_by_git():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (or git is not installed)")
    paths = ["assignments/lessons/00-start-here.ipynb", "assignments/lessons/.course-versions.json",
             "assignments/.backups/lessons-20261129-093000/00-start-here.ipynb"]
    check = subprocess.run(["git", "check-ignore", *paths], cwd=ROOT, capture_output=True, text=True)
    assert check.stdout.split() == paths, check.stderr


RELATIVE_LINK = re.compile(r"\]\((?!https?://|mailto:|#)([^)\s]+)|(?:src|href)=[\"'](?!https?://|data:|#)([^\"']+)")


@pytest.mark.parametrize("lesson", sorted((ROOT / "course" / "lessons").glob("*.ipynb")), ids=lambda p: p.stem)
def test_lessons_link_nothing_by_relative_path(lesson):
    """Students open copies in assignments/lessons/, so a link relative to course/lessons/ would break there."""
    found = [m.group(0) for cell in nbformat.read(lesson, as_version=4).cells if cell.cell_type == "markdown"
             for m in RELATIVE_LINK.finditer(cell.source)]
    assert not found, f"{lesson.name} links by relative path (broken in the student's copy): {found}"
