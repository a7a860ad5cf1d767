"""The student learning alone, end to end, with the commands README.md prints: a fresh clone, `make lab`,
`git pull`, Chromium.

A fresh clone of the course (the working tree under test, committed into a scratch "origin") in a
private 0700 folder builds its own .venv through `make lab` itself (no shortcut: the editable install
must point at the clone). Lab is started with `make lab`'s own command line; the test adds only
`LAB_ARGS=--no-browser --port=N` and opens the URL `make lab` prints, as a student would. Each phase is
one Lab start:

1. lesson 00 opens (the student's copy, no instructor tools); a try-it answered wrong then right, a
   quiz wrong then right; Start assignment a01 from the panel; open it by clicking through Lab's file
   browser; type an answer; Check my work shows a score; progress shows it; save; stop Lab.
2. the same command again: the lesson comes back with no "model not found", says to run the panel's
   cell again, and the panel works when it does; what was typed is still there.
3. a course update: the origin commits a change to lesson 00 and to release/a01; `git pull` in the
   clone must not abort; `make lab` again: the new lesson content arrived, the typed lesson edit is in
   the backup `make lab` names, and the assignment answer is untouched.

Screenshots go to artifacts/screenshots/journey-*.png.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest

from tests.browser import notebook as nb
from tests.browser import student
from tests.browser.drivers import choice_questions, drive_choice
from tests.browser.lab import ROOT, VENV_BIN, chromium, free_port, wait_http
from tests.support import require

pytestmark = [pytest.mark.browser, pytest.mark.timeout(1800)]

LESSON = "assignments/lessons/00-start-here.ipynb"
ASSIGNMENT = "a01"
UPDATE_MARK = "Course update for the journey test: a new paragraph in lesson 00."
RELEASE_MARK = "Course update for the journey test: a clearer a01."
PRINTED_URL = re.compile(r"(http://\S+?/lab/tree/\S+?\?token=[0-9a-f]+)")
ACTIVE = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def readme_commands() -> dict[str, list[str]]:
    """The student's commands as README.md prints them ("Learning on your own", first code block)."""
    text = (ROOT / "README.md").read_text()
    section = text.split("## Learning on your own", 1)[1].split("\n## ", 1)[0]
    block = section.split("```", 2)[1]
    commands = [line.split("#", 1)[0].strip() for line in block.splitlines()]
    found = {" ".join(shlex.split(c)[:2]): shlex.split(c) for c in commands if c}
    assert set(found) == {"make lab", "git pull"}, f"README's student commands changed: {commands}"
    return found


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Course", "GIT_AUTHOR_EMAIL": "course@example.com",
           "GIT_COMMITTER_NAME": "Course", "GIT_COMMITTER_EMAIL": "course@example.com"}
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    if check:
        assert result.returncode == 0, f"git {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def make_origin(base: Path) -> Path:
    """A repository whose HEAD is this working tree as it is now (committed or not)."""
    origin = base / "origin"
    git(base, "clone", "--quiet", str(ROOT), str(origin))
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").stdout.split("\0")
    for rel in filter(None, listed):
        source, target = ROOT / rel, origin / rel
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        elif target.exists():
            target.unlink()
    git(origin, "add", "-A")
    if git(origin, "status", "--porcelain").stdout.strip():
        git(origin, "commit", "--quiet", "-m", "the working tree under test")
    return origin


def student_env(home: Path) -> dict[str, str]:
    """The environment of a new user: no Jupyter state yet, nothing from this test run's own venv or make."""
    skip = ("JUPYTER", "JPY_", "MAKE", "MFLAGS", "VIRTUAL_ENV", "PYTHONPATH", "COURSE_", "NBGRADER")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if p and Path(p).resolve() != VENV_BIN.resolve())
    for name, sub in (("JUPYTER_CONFIG_DIR", "jupyter"), ("JUPYTERLAB_SETTINGS_DIR", "lab/settings"),
                      ("JUPYTERLAB_WORKSPACES_DIR", "lab/workspaces"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                      ("IPYTHONDIR", "ipython")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(home / sub)
    return env


@contextmanager
def make_lab(clone: Path, env: dict[str, str], log: Path, timeout: float = 900) -> Iterator[str]:
    """Run `make lab` (plus only --no-browser and a port) until the block ends; yields the URL it printed."""
    port = free_port()
    with log.open("w") as out:
        proc = subprocess.Popen([*readme_commands()["make lab"], f"LAB_ARGS=--no-browser --port={port}"], cwd=clone, env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        url = None
        while url is None:
            assert proc.poll() is None, f"make lab exited with {proc.returncode}:\n{log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"make lab printed no URL in {timeout:.0f} s:\n{log.read_text()[-3000:]}"
            found = PRINTED_URL.search(log.read_text())
            url = found.group(1) if found else None
            time.sleep(0.5)
        wait_http(url.split("/lab/")[0] + "/api/status", proc=proc)
        yield url
    finally:
        stop(proc)


def stop(proc: subprocess.Popen) -> None:
    """Stop the Lab this test started (its own process group: make and the Jupyter it runs), as Ctrl+C would."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)


def cell(page, text: str):
    """The active notebook's cell whose input contains `text`."""
    return page.locator(f"{ACTIVE} .jp-Cell").filter(has=page.locator(".jp-InputArea", has_text=text)).first


def run_cell(page, text: str) -> None:
    """Click into the code cell containing `text` and press Shift+Enter."""
    target = cell(page, text)
    target.scroll_into_view_if_needed()
    target.locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")


def retype_cell(page, text: str, new_source: str) -> None:
    """Replace the source of the code cell containing `text` by typing, then run it."""
    target = cell(page, text)
    target.scroll_into_view_if_needed()
    target.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(new_source)
    page.keyboard.press("Shift+Enter")


def listed(page, name: str):
    """The file browser's entry called exactly `name`."""
    return page.locator(".jp-DirListing-itemText", has_text=re.compile(rf"^\s*{re.escape(name)}\s*$")).first


def show_tab(page, name: str) -> None:
    page.locator(".lm-DockPanel .lm-TabBar-tab", has_text=name).first.click()
    page.locator(f"{ACTIVE} .jp-Notebook").first.wait_for()


def instructor_tools(page) -> dict[str, list[str]]:
    """What of nbgrader's instructor tools the page shows."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Nbgrader$")).click()
    items = [t.strip() for t in page.locator(".lm-Menu .lm-Menu-itemLabel").all_inner_texts() if t.strip()]
    page.keyboard.press("Escape")
    return {
        "nbgrader menu": items,
        "side panels": page.evaluate("""() => [...document.querySelectorAll('.lm-TabBar-tab')]
            .map(t => (t.getAttribute('title') || '') + ' ' + t.innerText)
            .filter(t => /Create Assignment|Formgrader|Courses/i.test(t))"""),
        "toolbar": page.locator(f"{ACTIVE} .jp-Toolbar").first.get_by_text("Validate", exact=True).all_inner_texts(),
    }


def reference_answer(clone: Path) -> tuple[str, str]:
    """The first autograded answer of a01 and the instructor's reference code for it."""
    answers = student.reference_answers(clone / "source" / ASSIGNMENT / f"{ASSIGNMENT}-two-careers.ipynb")
    return next(iter(answers.items()))


def source_of(path: Path, text: str) -> str:
    """The source of the first cell of the notebook at `path` that contains `text` ("" if none)."""
    return next((c.source for c in nbformat.read(path, as_version=4).cells if text in c.source), "")


def test_student_learning_alone(tmp_path: Path, playwright_session) -> None:
    require(shutil.which("git") is not None and (ROOT / ".git").exists(), "needs git and a git checkout of the course")
    require(shutil.which("make") is not None, "needs make")
    shots = ROOT / "artifacts" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix="journey-"))  # 0700, like `mktemp -d`
    try:
        assert base.stat().st_mode & 0o777 == 0o700
        origin = make_origin(base)
        clone = base / "student"
        git(base, "clone", "--quiet", str(origin), str(clone))
        env = student_env(base / "home")
        with chromium(tmp_path / "profile", pw=playwright_session) as browser:
            page = browser.new_page()
            _first_day(page, clone, env, tmp_path, shots)
            _next_day(page, clone, env, tmp_path, shots)
            _course_update(page, origin, clone, env, tmp_path, shots)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _first_day(page, clone: Path, env: dict[str, str], logs: Path, shots: Path, *, fresh: bool = True) -> None:
    with make_lab(clone, env, logs / "lab-1.log") as url:
        setup = (logs / "lab-1.log").read_text()
        assert "setting up .venv" in setup or not fresh, "the fresh clone's make lab sets up its own .venv"
        assert "Editable installation" not in setup and "!!" not in setup, setup[:3000]
        assert url.split("?")[0].endswith(f"/lab/tree/{LESSON}"), f"make lab printed {url}, not lesson 00"
        nb.open_notebook(page, url)
        page.screenshot(path=str(shots / "journey-1-lesson-00.png"))
        assert page.locator(".lm-DockPanel .lm-TabBar-tab.lm-mod-current", has_text="00-start-here.ipynb").count()
        tools = instructor_tools(page)
        assert tools == {"nbgrader menu": ["Assignment List"], "side panels": [], "toolbar": []}, tools

        nb.run_all(page)
        assert not nb.problems(page), nb.problems(page)
        try_it = cell(page, 'check("first-code"')
        retype_cell(page, 'check("first-code"', 'my_code = "E11"\ncheck("first-code", my_code)')
        assert "Not quite" in nb.wait_status(try_it, "Not quite")
        retype_cell(page, 'check("first-code"', 'my_code = "E11.9"\ncheck("first-code", my_code)')
        assert "Correct" in nb.wait_status(try_it, "Correct")
        quizzes = choice_questions(clone / LESSON)
        if quizzes:  # the quiz as written in the lesson: wrong, then right
            drive_choice(page, quizzes[0])

        panel = nb.output_with(page, "Start assignment")
        panel.scroll_into_view_if_needed()
        nb.press(panel, "Start assignment")
        started = nb.wait_status(panel, rf"Started {ASSIGNMENT}")
        assert f"assignments/{ASSIGNMENT}/" in started, started

        # find it in Lab's file browser, by clicking, as lesson 00 says
        page.locator(".jp-BreadCrumbs-item[title='assignments']").click()
        listed(page, ASSIGNMENT).dblclick()
        page.locator(".jp-BreadCrumbs-item", has_text=ASSIGNMENT).first.wait_for()
        listed(page, f"{ASSIGNMENT}-two-careers.ipynb").dblclick()
        page.locator(".lm-DockPanel .lm-TabBar-tab.lm-mod-current", has_text=f"{ASSIGNMENT}-two-careers.ipynb").wait_for()
        page.locator(f"{ACTIVE} .jp-Notebook").first.wait_for()
        page.locator(nb.IDLE).first.wait_for(state="attached", timeout=60_000)
        page.screenshot(path=str(shots / "journey-2-assignment-from-file-browser.png"))
        mine = clone / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}-two-careers.ipynb"
        grade_id, answer = reference_answer(clone)
        student.type_answers(page, mine, {grade_id: answer})
        assert answer.strip() in source_of(mine, answer.strip()), "the typed answer is saved in the student's copy"

        show_tab(page, "00-start-here.ipynb")
        panel = nb.output_with(page, "Start assignment")
        panel.scroll_into_view_if_needed()
        nb.press(panel, "Check my work")
        checked = _wait_text(panel, rf"Self-check of {ASSIGNMENT}: [\d.]+ / [\d.]+", 180)
        result = re.search(rf"Self-check of {ASSIGNMENT}: ([\d.]+) / ([\d.]+)", checked)
        assert result and float(result.group(1)) > 0, f"Check my work gave no points for a right answer: {checked[-800:]}"
        page.screenshot(path=str(shots / "journey-3-check-my-work.png"))

        run_cell(page, "show_progress()")
        progress = nb.output_with(page, "Best self-check")
        table = _wait_text(progress, rf"{ASSIGNMENT}\s+{re.escape(result.group(1))} / {re.escape(result.group(2))}", 60)
        assert re.search(r"00-start-here\s+practised", table), table
        progress.evaluate("node => node.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(shots / "journey-4-progress.png"))
        student.save(page)
    copy = clone / LESSON
    assert 'my_code = "E11.9"' in source_of(copy, "first-code"), "the lesson edit was saved in the student's copy"
    assert "application/vnd.jupyter.widget-view+json" in copy.read_text(), "the panel was saved as a widget view"


def _wait_text(box, pattern: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        text = box.inner_text()
        if re.search(pattern, text):
            return text
        time.sleep(0.3)
    raise AssertionError(f"{pattern!r} never appeared in {text[-600:]!r}")


def _next_day(page, clone: Path, env: dict[str, str], logs: Path, shots: Path) -> None:
    with make_lab(clone, env, logs / "lab-2.log") as url:
        nb.open_notebook(page, url)
        nb.wait_rendered(page)
        panel_cell = cell(page, "make_assignment_panel()")
        hint = panel_cell.locator(".jp-OutputArea-output", has_text="not running now").first
        hint.scroll_into_view_if_needed()
        hint.wait_for(state="visible")
        page.wait_for_timeout(500)  # let the scrolled cells paint
        page.screenshot(path=str(shots / "journey-5-after-restart.png"))
        shown = page.locator(ACTIVE).first.text_content()  # every cell, on screen or not
        assert "model not found" not in shown and "Error displaying widget" not in shown, shown[-2000:]
        assert not nb.problems(page), nb.problems(page)
        assert "Shift+Enter" in panel_cell.locator(".jp-OutputArea").text_content(), "the saved panel says to run it again"
        assert 'my_code = "E11.9"' in cell(page, 'check("first-code"').locator(".jp-InputArea").text_content()

        run_cell(page, "make_assignment_panel()")
        panel = nb.output_with(page, "Start assignment")
        nb.press(panel, "Start assignment")
        assert "already started" in nb.wait_status(panel, "already started")
        page.screenshot(path=str(shots / "journey-6-panel-again.png"))
        student.save(page)


def _course_update(page, origin: Path, clone: Path, env: dict[str, str], logs: Path, shots: Path) -> None:
    lesson, released = origin / "course/lessons/00-start-here.ipynb", origin / "release" / ASSIGNMENT / f"{ASSIGNMENT}-two-careers.ipynb"
    for path, mark in ((lesson, UPDATE_MARK), (released, RELEASE_MARK)):
        book = nbformat.read(path, as_version=4)
        book.cells.insert(1, nbformat.v4.new_markdown_cell(mark))
        nbformat.write(book, path)
    git(origin, "commit", "--quiet", "-am", "a course update")

    assert git(clone, "status", "--porcelain").stdout == "", "the student's work never touches tracked files"
    pulled = subprocess.run(readme_commands()["git pull"], cwd=clone, env=env, capture_output=True, text=True, timeout=300)
    assert pulled.returncode == 0, f"git pull aborted:\n{pulled.stdout}\n{pulled.stderr}"

    with make_lab(clone, env, logs / "lab-3.log") as url:
        said = (logs / "lab-3.log").read_text()
        found = re.search(r"your copy is kept in (assignments/\.backups/lessons-[\d-]+/00-start-here\.ipynb)", said)
        assert found, said[:2000]
        assert ASSIGNMENT in said.split("updated these assignments", 1)[-1][:200], said[:2000]
        backup = clone / found.group(1)
        assert 'my_code = "E11.9"' in source_of(backup, "first-code"), "the typed lesson edit is in the backup"
        mine = clone / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}-two-careers.ipynb"
        _, answer = reference_answer(clone)
        assert answer.strip() in source_of(mine, answer.strip()), "the assignment answer is untouched"
        assert RELEASE_MARK not in mine.read_text(), "the student's assignment copy is not replaced behind their back"

        nb.open_notebook(page, url)
        page.locator(f"{ACTIVE} .jp-RenderedMarkdown", has_text=UPDATE_MARK).first.wait_for()
        run_cell(page, "make_assignment_panel()")
        panel = nb.output_with(page, "Start assignment")
        note = _wait_text(panel, "Updated by the course", 30)
        assert ASSIGNMENT in note and found.group(1) in note, note
        panel.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "journey-7-after-update.png"))

        # the backup opens in Lab the way the message says: File > Open from Path...
        nb.menu(page, "File", "Open from Path…")
        page.locator(".jp-Dialog input").fill(found.group(1))
        page.keyboard.press("Enter")
        page.locator(".lm-DockPanel .lm-TabBar-tab.lm-mod-current[title*='.backups/']").wait_for()
        page.locator(f"{ACTIVE} .jp-Notebook").first.wait_for()
        assert 'my_code = "E11.9"' in cell(page, 'check("first-code"').locator(".jp-InputArea").text_content()
        page.screenshot(path=str(shots / "journey-8-backup-opened.png"))
    manifest = json.loads((clone / "assignments/lessons/.course-versions.json").read_text())
    assert manifest["last_backups"] == {"00-start-here.ipynb": found.group(1)}
