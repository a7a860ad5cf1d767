"""Deadlines that work, and LMS files that add up (issue 16, items 3 and 4).

- The late policy (course/grading/late.py, an nbgrader LateSubmissionPlugin) and the repository's
  nbgrader_config.py choosing it; extensions.csv; due dates parsed with their zone.
- The README's *Deadlines, extensions and late work* commands, read out of the README and run with
  `make` in a copy of the course: the gradebook's due date, DUE.txt released with the assignment, the
  README's extensions.csv, and a student's copy (`make progress`'s command) showing the date.
- A class graded with `make grade`'s engine on a fixture with a written answer: exact minutes late,
  penalties and scores in grades.csv, canvas.csv, the summary and the feedback; an extension that changes
  lateness; the written answer graded afterwards; a student who never submitted, blank then 0 when the
  course says so; stock `nbgrader autograde` applying the same policy through nbgrader_config.py.
"""

from __future__ import annotations

import csv
import re
import shutil
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import nbformat
import pytest

from course.grading import classroom as cl
from course.grading import due as due_cmd
from course.grading import export, late
from course.grading.engine import Options, load_config, run
from course.practice import selfpaced_panel
from course.practice.selfpaced_panel import progress_html
from course.selfpaced.deadlines import due_text
from course.selfpaced.progress import summary
from tests.support import ROOT

RULE = "10% of the score per started day late, at most 100%"
HOUR, DAY = 3600.0, 86400.0


# ---------------------------------------------------------------- the policy, pure


@pytest.mark.parametrize(("score", "seconds", "expected"), [
    (5.0, 0, 0.0),
    (5.0, 1, 0.5),                 # one second late is a started day
    (5.0, 5 * HOUR, 0.5),
    (5.0, DAY, 0.5),               # exactly 24 h: still the first day
    (5.0, DAY + 1, 1.0),
    (2.0, 6 * HOUR, 0.2),
    (2.0, 30 * HOUR, 0.4),
    (5.0, 10 * DAY, 5.0),          # 10 started days: 100%
    (5.0, 11 * DAY, 5.0),          # never more than the score
    (0.0, 3 * DAY, 0.0),
])
def test_penalty_is_ten_percent_of_the_score_per_started_day(score, seconds, expected):
    assert late.penalty(score, seconds, 10.0, 100.0) == expected


def test_a_cap_limits_the_penalty_and_minutes_count_every_started_minute():
    assert late.penalty(5.0, 8 * DAY, 10.0, 50.0) == 2.5
    assert [late.minutes_late(s) for s in (0, 1, 60, 61, 5 * HOUR)] == [0, 1, 1, 2, 300]
    assert late.note(5 * HOUR, 0, 0.5, RULE) == f"300 min late (1 started day): -0.5 points ({RULE})"
    assert late.note(30 * HOUR, 1440, 0.4, RULE) == \
        f"1800 min late (2 started days; extension 1440 min): -0.4 points ({RULE})"
    assert late.note(0, 0, 0, RULE) == ""


def test_the_course_config_chooses_this_policy_through_nbgraders_plugin_interface():
    from nbgrader.plugins import LateSubmissionPlugin

    policy = late.policy_from_config(load_config(ROOT))
    assert isinstance(policy, late.LatePolicy) and isinstance(policy, LateSubmissionPlugin)
    assert (policy.percent_per_day, policy.max_percent) == (10.0, 100.0)
    assert policy.late_submission_penalty("ben", 5.0, 5 * HOUR) == 0.5
    assert late.describe(policy) == RULE
    assert late.describe(LateSubmissionPlugin()) == "no late penalty"


def test_due_dates_are_read_with_their_zone():
    assert late.parse_due("2026-12-05 17:00") == datetime(2026, 12, 5, 17, tzinfo=UTC)
    assert late.parse_due("2026-12-05 11:00 America/Chicago") == datetime(2026, 12, 5, 17, tzinfo=UTC)
    assert late.parse_due("2026-12-05T18:00:00+01:00") == datetime(2026, 12, 5, 17, tzinfo=UTC)
    assert late.parse_due("2026-12-05 17:00:00 UTC") == datetime(2026, 12, 5, 17, tzinfo=UTC)
    with pytest.raises(ValueError, match="not a date and time"):
        late.parse_due("next friday")
    with pytest.raises(ValueError, match="unknown time zone"):
        late.parse_due("2026-12-05 17:00 Mars/Olympus")


def test_extensions_file(tmp_path):
    path = tmp_path / "extensions.csv"
    due = datetime(2026, 12, 5, 17, tzinfo=UTC)
    assert late.read_extensions(path, "a01", due) == {}
    path.write_text("student,assignment,new_due,extra_minutes\nana,a01,2026-12-06 17:00,\nben,a01,,90\n"
                    "ben,a02,,30\n")
    assert late.read_extensions(path, "a01", due) == {"ana": timedelta(days=1), "ben": timedelta(minutes=90)}
    path.write_text("student,assignment,new_due,extra_minutes\nana,a01,2026-12-06 17:00,60\n")
    with pytest.raises(late.ExtensionsError, match="extensions.csv line 2: give a student and either"):
        late.read_extensions(path, "a01", due)
    path.write_text("student,assignment,new_due,extra_minutes\nana,a01,,ninety\n")
    with pytest.raises(late.ExtensionsError, match="line 2: extra_minutes 'ninety' is not a number"):
        late.read_extensions(path, "a01", due)
    path.write_text("student,assignment,new_due,extra_minutes\nana,a01,2026-12-04 17:00,\n")
    with pytest.raises(late.ExtensionsError, match="line 2: the extension must move the due date later"):
        late.read_extensions(path, "a01", due)


def test_a_student_sees_how_long_is_left():
    due = datetime(2026, 12, 5, 17, tzinfo=UTC)
    assert due_text(due, datetime(2026, 11, 29, 12, tzinfo=UTC)) == "due 2026-12-05 17:00 UTC (in 6 days)"
    assert due_text(due, datetime(2026, 12, 5, 12, tzinfo=UTC)) == "due 2026-12-05 17:00 UTC (in 5 h)"
    assert due_text(due, datetime(2026, 12, 5, 17, 1, tzinfo=UTC)) == \
        "due 2026-12-05 17:00 UTC (past due: late work loses points)"


# ---------------------------------------------------------------- the README's commands


def readme_section() -> tuple[list[str], str]:
    """The commands (fenced, without comments) and the extensions.csv of the README's deadlines section."""
    text = (ROOT / "README.md").read_text()
    start = text.index("### Deadlines, extensions and late work")
    end = text.index("\n### ", start + 10)
    section = text[start:end]
    blocks = re.findall(r"^```([\w-]*)\n(.*?)^```", section, re.M | re.S)
    commands = [re.sub(r"\s+#.*$", "", line).strip() for lang, body in blocks if not lang
                for line in body.splitlines() if line.strip()]
    csv_text = next(body for lang, body in blocks if lang == "csv")
    return commands, csv_text


def course_copy(dest: Path) -> Path:
    """Enough of the course to run its Makefile there: make, config, a01, and this checkout's .venv."""
    dest.mkdir()
    for name in ("Makefile", "nbgrader_config.py", "requirements.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, dest / name)  # same times: make sees the venv up to date
    (dest / ".venv").symlink_to(ROOT / ".venv")
    for part in ("source", "release"):
        shutil.copytree(ROOT / part / "a01", dest / part / "a01",
                        ignore=shutil.ignore_patterns("DUE.txt", ".ipynb_checkpoints"))
    return dest


def make(command: str, course: Path, home: Path) -> str:
    proc = subprocess.run(["bash", "-c", command], cwd=course, capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home)})
    assert proc.returncode == 0, f"$ {command}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def test_readme_due_date_reaches_the_gradebook_and_the_students_copy(tmp_path, monkeypatch):
    from nbgrader.api import Gradebook

    commands, extensions_csv = readme_section()
    set_cmd = next(c for c in commands if c.startswith("make due") and "DUE=" in c)
    show_cmd = next(c for c in commands if c.startswith("make due") and "DUE=" not in c)
    due = late.parse_due(re.search(r'DUE="([^"]+)"', set_cmd).group(1))
    assert due == datetime(2026, 12, 5, 17, tzinfo=UTC)  # the README's example
    course = course_copy(tmp_path / "course")
    home = tmp_path / "home"
    home.mkdir()

    said = make(set_cmd, course, home)
    assert "a01 is due 2026-12-05 17:00 UTC (gradebook); students see it in source/a01/DUE.txt, " \
           "release/a01/DUE.txt" in said, said
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        assert gb.find_assignment("a01").duedate == datetime(2026, 12, 5, 17)  # nbgrader keeps naive UTC
    released = (course / "release" / "a01" / "DUE.txt").read_text()
    assert released.splitlines() == [
        "a01 is due 2026-12-05 17:00 UTC.",
        f"Late work: {RULE} (counted from your own due date if you were given an extension).",
        "due: 2026-12-05T17:00:00+00:00",
    ]
    assert (course / "source" / "a01" / "DUE.txt").read_text() == released

    # The README's extensions.csv, shown back by its second command.
    (course / "extensions.csv").write_text(extensions_csv)
    assert make(show_cmd, course, home).splitlines() == [
        "a01: due 2026-12-05 17:00 UTC",
        "  extension: lindqvist_e +1440 min (due 2026-12-06 17:00 UTC)",
        "  extension: okafor_t +2880 min (due 2026-12-07 17:00 UTC)",
    ]

    # A student's copy (started from release/, as the Assignment panel does) knows the date.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "COURSE_ROOT": str(course)}
    py = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([py, "-m", "course.selfpaced", "start", "a01"], env=env, check=True, capture_output=True)
    assert (course / "assignments" / "a01" / "DUE.txt").read_text() == released
    (course / "release" / "a01" / "DUE.txt").unlink()  # the student's own copy is enough
    progress = subprocess.run([py, "-m", "course.selfpaced", "progress"], env=env, check=True,
                              capture_output=True, text=True).stdout
    line = next(x for x in progress.splitlines() if x.strip().startswith("a01"))
    assert re.fullmatch(r"  a01      not checked yet  due 2026-12-05 17:00 UTC \((in \d+ (days?|h)|past due: "
                        r"late work loses points)\)", line), line
    monkeypatch.setenv("HOME", str(home))
    page = progress_html(summary(course))
    assert "<th scope='col'>Due</th>" in page and "due 2026-12-05 17:00 UTC (" in page
    monkeypatch.setattr(selfpaced_panel, "warm_up_in_background", lambda *args, **kwargs: None)
    note = selfpaced_panel.make_assignment_panel(course).children[1].value
    assert "a01 is due 2026-12-05 17:00 UTC (" in note, note


def test_make_due_refuses_a_date_it_cannot_read(tmp_path):
    course = course_copy(tmp_path / "course")
    assert due_cmd.main(["a01", "5th of December", "--root", str(course)]) == 2
    assert due_cmd.main(["a99", "2026-12-05 17:00", "--root", str(course)]) == 2
    assert not (course / "source" / "a01" / "DUE.txt").exists()


def test_a_due_date_set_after_release_reaches_the_exchange_and_survives_regeneration(tmp_path, monkeypatch):
    from course.tools.release import generate

    course = course_copy(tmp_path / "course")
    outbound = tmp_path / "exchange" / "medical-coding-billing" / "outbound" / "a01"
    shutil.copytree(course / "release" / "a01", outbound)
    monkeypatch.setenv("NBGRADER_EXCHANGE", str(tmp_path / "exchange"))
    assert due_cmd.main(["a01", "2026-12-05 11:00 America/Chicago", "--root", str(course)]) == 0
    assert (outbound / "DUE.txt").read_text().splitlines()[0] == "a01 is due 2026-12-05 17:00 UTC."
    assert stat.S_IMODE((outbound / "DUE.txt").stat().st_mode) == 0o644  # every student can read it
    shutil.rmtree(course / "release" / "a01")
    generate("a01", root=course)  # what `make release` and `nbgrader generate_assignment` do
    assert (course / "release" / "a01" / "DUE.txt").read_text() == (outbound / "DUE.txt").read_text()


# ---------------------------------------------------------------- a class, graded

FIXTURE = ROOT / "tests" / "fixtures" / "grading" / "source" / "t01"
NB = "t01-tiny.ipynb"
DUE = datetime(2026, 11, 1, 12, tzinfo=UTC)
WRITTEN = "q3_written"
CLASS_LIST = ["ana", "ben", "cat", "dan", "eve"]  # dan never submits
WORK = {  # student: (code answers (None: all), written answer, submitted at)
    "ana": (None, "A denial names the reason; I would read the CARC first.", DUE - timedelta(hours=2)),
    "ben": (None, "", DUE + timedelta(hours=5)),
    "cat": (["q1_answer"], "", DUE + timedelta(hours=30)),
    "eve": (None, "", DUE + timedelta(days=11)),
}


def fixture_with_a_written_answer(dest: Path) -> Path:
    """The grading fixture t01 (5 autograded points) plus a 2-point written answer."""
    nb = nbformat.read(FIXTURE / NB, as_version=4)
    meta = {"grade": True, "solution": True, "locked": False, "points": 2, "grade_id": WRITTEN,
            "schema_version": 3, "task": False}
    nb.cells.insert(len(nb.cells) - 1, nbformat.v4.new_markdown_cell(
        "A model answer: the CARC says why the claim was denied.", metadata={"nbgrader": meta}))
    dest.mkdir(parents=True)
    nbformat.write(nb, dest / NB)
    return dest


def read_rows(course: Path, name: str = "grades.csv") -> dict[str, dict[str, str]]:
    with (course / "exports" / "t01" / name).open(newline="") as fh:
        return {r["student_id"]: r for r in csv.DictReader(fh)}


def canvas(course: Path) -> dict[str, str]:
    with (course / "exports" / "t01" / "canvas.csv").open(newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "t01 (autograded)"]
    return {r[3] or r[0]: r[5] for r in rows[1:]}


def fields(row: dict[str, str]) -> tuple[str, ...]:
    return (row["raw_score"], row["late_submission_penalty"], row["score"], row["minutes_late"], row["late_note"])


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from nbgrader.api import Gradebook

    tmp = tmp_path_factory.mktemp("deadlines")
    course = cl.new_course(tmp / "course", fixture_with_a_written_answer(tmp / "src" / "t01"), "t01")
    assert due_cmd.main(["t01", "2026-11-01 12:00", "--root", str(course)]) == 0
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "medical-coding-billing") as gb:
        for sid in CLASS_LIST:
            gb.update_or_create_student(sid, first_name=sid.title(), last_name="Example")
    for sid, (answers, written, when) in WORK.items():
        nb = cl.answered(course, "t01", NB, answers)
        for cell in nb.cells:
            if written and cell.metadata.get("nbgrader", {}).get("grade_id") == WRITTEN:
                cell.source = written
        cl.submit(course, sid, "t01", {NB: nb}, when)
    (course / "extensions.csv").write_text("student,assignment,new_due,extra_minutes\ncat,t01,,1440\n")
    lines: list[str] = []
    report = run(course, "t01", Options(workers=2, sandbox=False, progress=lines.append))
    first = {"grades": read_rows(course), "canvas": canvas(course), "summary": report.summary,
             "feedback": {sid: "".join(p.read_text() for p in (course / "feedback" / sid / "t01").glob("*.html"))
                          for sid in WORK}}
    return course, first


@pytest.mark.slow
def test_late_penalties_minutes_and_extensions_in_every_file(graded):
    _course, first = graded
    rows = first["grades"]
    assert fields(rows["ana"]) == ("5.0", "0.0", "5.0", "", "")
    assert fields(rows["ben"]) == ("5.0", "0.5", "4.5", "300", f"300 min late (1 started day): -0.5 points ({RULE})")
    # cat: 30 h after the due date, 24 h of extension: 6 h late, one started day, 10% of 2 points
    assert fields(rows["cat"]) == ("2.0", "0.2", "1.8", "360",
                                   f"360 min late (1 started day; extension 1440 min): -0.2 points ({RULE})")
    assert fields(rows["eve"]) == ("5.0", "5.0", "0.0", "15840",
                                   f"15840 min late (11 started days): -5 points ({RULE})")
    assert rows["ben"]["late_seconds"] == "18000" and rows["cat"]["late_seconds"] == "21600"
    assert {sid: r["max_score"] for sid, r in rows.items()} == dict.fromkeys(CLASS_LIST, "7.0")

    summary = first["summary"]
    assert f"  ben: 300 min late (1 started day): -0.5 points ({RULE})" in summary.splitlines()
    assert f"  cat: 360 min late (1 started day; extension 1440 min): -0.2 points ({RULE})" in summary.splitlines()
    assert "ana:" not in summary.split("LATE:")[1]

    ben = first["feedback"]["ben"]
    assert "Late submission." in ben and "Due 2026-11-01 12:00 UTC" in ben
    assert f"300 min late (1 started day): -0.5 points ({RULE})" in ben
    assert "Late submission penalty (Score: -0.5)" in ben  # nbgrader's own line, from the same gradebook
    assert "with your extension of 1440 min" in first["feedback"]["cat"]
    assert "Late submission." not in first["feedback"]["ana"]


@pytest.mark.slow
def test_canvas_posts_only_fully_graded_work_and_shows_the_missing(graded):
    _course, first = graded
    # ana's written answer awaits the Formgrader: blank, not 5 of 7; dan never submitted: blank, not 0
    assert first["canvas"] == {"Points Possible": "7.0", "ana": "", "ben": "4.5", "cat": "1.8", "dan": "",
                               "eve": "0.0"}
    dan = first["grades"]["dan"]
    assert (dan["status"], dan["raw_score"], dan["score"], dan["reason"]) == ("missing", "", "", "no submission")
    assert first["summary"].splitlines()[-1] == \
        "MISSING (on the class list, nothing submitted; blank in canvas.csv, status missing): dan"


@pytest.mark.slow
def test_after_grading_extensions_and_settings_change_the_files(graded, tmp_path):
    from nbgrader.api import Gradebook

    course = tmp_path / "course"
    shutil.copytree(graded[0], course)
    # The written answer is graded (as the Formgrader does); cat's extension becomes a new due date
    # 31 h after the original, so cat is on time; the course counts missing work as 0.
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "medical-coding-billing") as gb:
        grade = gb.find_grade(WRITTEN, "t01-tiny", "t01", "ana")
        grade.manual_score, grade.needs_manual_grade = 1.5, False
        gb.db.commit()
    (course / "extensions.csv").write_text("student,assignment,new_due,extra_minutes\ncat,t01,2026-11-02 19:00,\n")
    with (course / "nbgrader_config.py").open("a") as fh:
        fh.write('\nc.CourseExport.missing = "zero"\n')
    lines: list[str] = []
    report = run(course, "t01", Options(workers=1, sandbox=False, progress=lines.append))
    assert any(line.startswith("4 submissions: 1 to grade, 3 unchanged") for line in lines), lines
    rows = read_rows(course)
    assert fields(rows["ana"]) == ("6.5", "0.0", "6.5", "", "")
    assert fields(rows["cat"]) == ("2.0", "0.0", "2.0", "", "")
    assert fields(rows["ben"]) == ("5.0", "0.5", "4.5", "300", f"300 min late (1 started day): -0.5 points ({RULE})")
    assert (rows["dan"]["status"], rows["dan"]["score"]) == ("missing", "0.0")
    assert canvas(course) == {"Points Possible": "7.0", "ana": "6.5", "ben": "4.5", "cat": "2.0", "dan": "0.0",
                              "eve": "0.0"}
    assert "0 in the exports (c.CourseExport.missing = 'zero')): dan" in report.summary
    assert "Late submission." not in "".join(p.read_text() for p in (course / "feedback" / "cat" / "t01").glob("*.html"))

    # A late student's penalty follows the score: ben's written answer graded 2 of 2 -> 7.0, -0.7.
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "medical-coding-billing") as gb:
        grade = gb.find_grade(WRITTEN, "t01-tiny", "t01", "ben")
        grade.manual_score, grade.needs_manual_grade = 2.0, False
        gb.db.commit()
    run(course, "t01", Options(workers=1, sandbox=False, progress=lambda _: None))
    assert fields(read_rows(course)["ben"])[:3] == ("7.0", "0.7", "6.3")
    assert canvas(course)["ben"] == "6.3"


@pytest.mark.slow
def test_an_unreadable_extensions_file_stops_grading_before_anything_changes(graded, tmp_path, capsys):
    from course.grading.__main__ import main as cli

    course = tmp_path / "course"
    shutil.copytree(graded[0], course)
    before = (course / "exports" / "t01" / "grades.csv").read_text()
    (course / "extensions.csv").write_text("student,assignment,new_due,extra_minutes\ncat,t01,,soon\n")
    assert cli(["t01", "--root", str(course), "--no-sandbox"]) == 2
    assert "extensions.csv line 2: extra_minutes 'soon' is not a number" in capsys.readouterr().err
    assert (course / "exports" / "t01" / "grades.csv").read_text() == before


@pytest.mark.slow
def test_stock_nbgrader_applies_the_same_policy_and_extensions(graded, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(graded[0], course, ignore=shutil.ignore_patterns("autograded"))
    nbg = [sys.executable, "-m", "nbgrader"]
    subprocess.run([*nbg, "autograde", "t01", "--force"], cwd=course, capture_output=True, check=True)
    subprocess.run([*nbg, "export", "--to", "stock.csv"], cwd=course, capture_output=True, check=True)
    with (course / "stock.csv").open() as fh:
        stock = {r["student_id"]: (r["raw_score"], r["late_submission_penalty"], r["score"]) for r in csv.DictReader(fh)}
    assert stock == {"ana": ("5.0", "0.0", "5.0"), "ben": ("5.0", "0.5", "4.5"), "cat": ("2.0", "0.2", "1.8"),
                     "dan": ("0.0", "0.0", "0.0"), "eve": ("5.0", "5.0", "0.0")}  # stock: missing is a silent 0


def test_missing_setting_is_checked():
    with pytest.raises(ValueError, match="must be 'blank' or 'zero'"):
        export.rows(None, "t01", {}, missing="nought")
