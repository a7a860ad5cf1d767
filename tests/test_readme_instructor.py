"""The instructor's journey, exactly as README.md prints it, on a fresh clone in a private folder.

Every command is read out of the README's instructor sections ("The workflow, on one laptop" and
"Grading with one command": their fenced code blocks and the commands in backticks), never retyped
here: the test only says which README command comes next (by its first words) and checks what it
did. A step whose command is missing from the README fails, and so does a README command that no
step runs, so the README and this test cannot drift apart.

The journey: a fresh clone (`git clone` of this repository's HEAD into a `mktemp -d` folder, mode
0700), `make venv`, a fresh gradebook, the README's `students.csv`, the due date, release through
the laptop exchange (`exchange/` in the course), three students who are real OS accounts (created
here, removed after) fetching and submitting with the README's student commands, the plain nbgrader
grading commands, `make demo`, `make grade` (and its re-run), feedback back to the students, and the
exports, with exact scores and lateness. Written answers (issue 16): `make grade` says which awaits
grading and marks it provisional; the instructor grades it in the Formgrader (`make lab INSTRUCTOR=1`
as printed, driven in Chromium) with its mark scheme in view; `make grade` again refreshes exactly that
student's feedback with the comment; feedback by every route (`make grade`, plain `nbgrader
generate_feedback`, the Formgrader's button) shows no hidden test and no mark scheme. Commands run in a clean environment: nbgrader is only found
the way the README says (its `source .venv/bin/activate` line).

Needs root (students are OS accounts: nbgrader's local exchange names a student by OS user), `useradd`
and `git`; skips with the reason elsewhere, fails in CI. Takes 4-6 minutes (mostly `make venv` and
`make demo`).
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import nbformat
import pytest

from tests.nbgrader_helpers import hand_in, max_autograded_points, notebooks, partial_spec, secret_lines
from tests.support import ROOT, require

pytestmark = pytest.mark.slow

AID = "a01"
SECTIONS = ("### The workflow, on one laptop", "### Grading with one command")
# The instructor sections end where the class-server section begins (deadlines and LMS files included).
END = "### Running the course for a class"
# Paragraphs of those sections that are not instructor commands (another section's subject).
NOT_COMMANDS = ("**The sandbox.**",)
COMMAND_START = re.compile(r"^(make|nbgrader|source|jupyter)(\s|$)|^\.venv/bin/\S+\s")
# Backticked names of commands in prose, not commands to run, each with why.
REFERENCES = {
    "make grade": "the command's name in prose; `make grade ASSIGNMENT=a01` is the command, and it runs",
    "make test": "the whole suite, which runs this test",
    "make due": "the command's name in prose; its two printed forms run",
    "nbgrader db assignment add --duedate": "names the gradebook field `make due` writes, in prose",
    "nbgrader generate_assignment": "in prose (DUE.txt is carried along); `... a01 --force` is the command",
    "nbgrader autograde": "in prose (the late policy applies there too); `nbgrader autograde a01` runs",
    "make progress": "a student's command, named where the due date shows up; tests/test_deadlines.py runs it",
}
MARKER = "course-readme-instructor-test"  # GECOS of the OS users this test creates
WORK = ("solution", "partial", "blank")  # what the README's 1st, 2nd, 3rd student hands in
CLEAN_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


# ---------------------------------------------------------------- reading the README


@dataclass(frozen=True)
class Readme:
    """What the instructor sections print: commands in order of appearance, and the students.csv."""

    commands: list[str]
    students_csv: str
    extensions_csv: str = ""


def instructor_text(readme: str) -> str:
    """The README's instructor sections, from the laptop workflow through grading, deadlines and LMS files."""
    start = readme.index(SECTIONS[0])
    readme.index(SECTIONS[1], start)
    end = readme.index(END, start)
    text = readme[start:end]
    for skip in NOT_COMMANDS:  # drop those paragraphs (up to the next blank line)
        text = re.sub(re.escape(skip) + r".*?(?:\n\s*\n|\Z)", "\n", text, flags=re.S)
    return text


def parse(readme: str) -> Readme:
    """Commands of fenced blocks (line by line, without shell comments) and of backticks, in order, once each."""
    text = instructor_text(readme)
    commands: list[str] = []
    csv_text = extensions = ""
    fence = re.compile(r"^[ \t]*```([\w-]*)[ \t]*\n(.*?)^[ \t]*```[ \t]*$", re.M | re.S)
    pos = 0
    for block in fence.finditer(text):
        commands += inline_commands(text[pos:block.start()])
        pos = block.end()
        lang, body = block.group(1), block.group(2)
        if lang == "csv":
            table = "\n".join(line.strip() for line in body.strip().splitlines()) + "\n"
            if table.startswith("student,assignment"):
                extensions = table
            else:
                csv_text = table
            continue
        commands += [uncomment(line) for line in body.splitlines() if uncomment(line)]
    commands += inline_commands(text[pos:])
    return Readme([c for c in dict.fromkeys(commands) if c not in REFERENCES], csv_text, extensions)


def uncomment(line: str) -> str:
    """A shell line without its trailing `# comment` (bash ignores it) and outer blanks."""
    return re.sub(r"(^|\s+)#.*$", "", line).strip()


def inline_commands(prose: str) -> list[str]:
    """Backticked spans in prose that are commands (they start with make, nbgrader, source, .venv/bin/...)."""
    spans = re.findall(r"(?<!`)`([^`\n]+)`(?!`)", re.sub(r"\s*\n\s*", " ", prose))
    return [s.strip() for s in spans if COMMAND_START.match(s.strip())]


def pick(commands: list[str], start: str) -> str:
    """The README command that is `start`, or the one that begins with these words; fail if none or several."""
    if start in commands:
        return start
    words = start.split()
    found = {c for c in commands if c.split()[: len(words)] == words}
    assert found, f"README.md's instructor sections no longer print a command starting with {start!r}"
    assert len(found) == 1, f"README.md prints several different commands starting with {start!r}: {found}"
    return found.pop()


# ---------------------------------------------------------------- the machine


def run(cmd: str, cwd: Path, env: dict[str, str], session: list[str], user: str | None = None,
        timeout: int = 900) -> subprocess.CompletedProcess:
    """One README line in bash after the session lines run so far (like one terminal), optionally as `user`."""
    script = "set -e\n" + "".join(f"{line}\n" for line in session) + cmd + "\n"
    argv = ["bash", "-c", script]
    if user:
        argv = ["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups", "--", *argv]
    proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, (
        f"README command failed ({proc.returncode}){' as ' + user if user else ''} in {cwd}:\n$ {cmd}\n"
        f"--- stdout\n{proc.stdout[-4000:]}\n--- stderr\n{proc.stderr[-4000:]}"
    )
    return proc


def clean_env(home: Path) -> dict[str, str]:
    """A login-like environment: no venv on PATH, no nbgrader settings inherited from the test run."""
    keep = {k: v for k, v in os.environ.items() if k in ("LANG", "LC_ALL", "TERM", "CI", "TZ")}
    return {**keep, "PATH": CLEAN_PATH, "HOME": str(home), "USER": pwd.getpwuid(os.getuid()).pw_name}


def user_exists(name: str) -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


@contextlib.contextmanager
def os_students(ids: list[str], homes: Path) -> Iterator[dict[str, Path]]:
    """Create the students as OS accounts (homes under `homes`), remove them afterwards."""
    created = []
    try:
        for sid in ids:
            old = user_exists(sid)
            if old and old.pw_gecos == MARKER:  # left behind by an interrupted run of this test
                subprocess.run(["userdel", sid], capture_output=True)
            elif old:
                pytest.fail(f"OS user {sid!r} already exists and is not this test's; the README's students.csv "
                            "names the students this test creates")
            subprocess.run(["useradd", "--comment", MARKER, "--home-dir", str(homes / sid), "--create-home",
                            "--shell", "/bin/bash", sid], check=True, capture_output=True)
            created.append(sid)
        yield {sid: homes / sid for sid in ids}
    finally:
        for sid in created:
            subprocess.run(["userdel", sid], capture_output=True)


@contextlib.contextmanager
def machine_lock() -> Iterator[None]:
    """One run of this test at a time on a machine: the OS users it creates are machine-wide."""
    with open(Path(tempfile.gettempdir()) / "course-readme-instructor.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


# ---------------------------------------------------------------- expectations


def read_csv(path: Path) -> dict[str, dict[str, str]]:
    with open(path, newline="") as fh:
        return {row["student_id"]: row for row in csv.DictReader(fh) if row.get("assignment", AID) == AID}


def nb_time(stamp: str) -> datetime:
    """nbgrader's timestamps ('2026-11-29 15:39:54.629109 UTC', or without the zone: UTC)."""
    return datetime.fromisoformat(stamp.replace(" UTC", "").strip()).replace(tzinfo=UTC)


def expected_late(submitted: str, due: str) -> float:
    return max(0.0, (nb_time(submitted) - nb_time(due)).total_seconds())


# ---------------------------------------------------------------- the journey


def test_readme_parser_finds_commands_and_the_class_list():
    """The parser itself: this README's sections yield the commands the journey needs (fast, no root)."""
    readme = parse((ROOT / "README.md").read_text())
    assert readme.students_csv.startswith("id,first_name,last_name,email\n")
    assert len(readme.students_csv.strip().splitlines()) == 1 + len(WORK)
    for start in ("make venv", "source .venv/bin/activate", "nbgrader db student import",
                  "nbgrader db assignment add", "nbgrader release_assignment", "make grade",
                  "nbgrader fetch_assignment", "nbgrader submit", "nbgrader export", "make report",
                  "make due ASSIGNMENT=a01"):
        pick(readme.commands, start)
    assert readme.extensions_csv.startswith("student,assignment,new_due,extra_minutes\n")
    assert not any("bubblewrap" in c or c.startswith("apt-get") for c in readme.commands)


def load_course_config(root: Path, env: dict[str, str]) -> tuple[str, str]:
    """`root`/nbgrader_config.py as nbgrader loads it, in a child process with `env`: (Exchange.root, PATH)."""
    code = ("import os, sys; from traitlets.config.loader import PyFileConfigLoader; "
            "c = PyFileConfigLoader('nbgrader_config.py', path=sys.argv[1]).load_config(); "
            "print(c.Exchange.root); print(os.environ['PATH'])")
    out = subprocess.run([sys.executable, "-c", code, str(root)], env=env,
                         capture_output=True, text=True, check=True).stdout.splitlines()
    return out[0], out[1]


def test_the_laptop_exchange_is_in_the_course_unless_nbgrader_exchange_says_otherwise(tmp_path):
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    exchange, _ = load_course_config(tmp_path, {"PATH": CLEAN_PATH, "NBGRADER_EXCHANGE": "/srv/nbgrader/exchange"})
    assert exchange == "/srv/nbgrader/exchange"  # the class Hub's shared exchange (deploy/jupyterhub_config.py)
    assert not (tmp_path / "exchange").exists()
    exchange, _ = load_course_config(tmp_path, {"PATH": CLEAN_PATH})
    assert exchange == str(tmp_path / "exchange")
    assert not (tmp_path / "exchange").exists(), "a student's clone (no gradebook) should get no exchange/"
    (tmp_path / "gradebook.db").touch()
    load_course_config(tmp_path, {"PATH": CLEAN_PATH})
    # an instructor's course has it before any release, so the Formgrader (which looks once, when Lab
    # starts) can release
    assert (tmp_path / "exchange").is_dir()
    assert (tmp_path / "exchange").stat().st_mode & 0o777 == 0o777
    assert "/exchange/" in (ROOT / ".gitignore").read_text().splitlines()


def test_the_course_config_puts_the_venv_first_on_path_for_alembic():
    """`.venv/bin/nbgrader` on a fresh gradebook runs `alembic` by name: the config makes it findable."""
    bindir = Path(sys.executable).parent
    assert (bindir / "alembic").exists(), f"alembic should be installed next to {sys.executable}"
    _, path = load_course_config(ROOT, {"PATH": CLEAN_PATH, "NBGRADER_EXCHANGE": "/nonexistent"})
    assert path.split(os.pathsep)[0] == str(bindir)


def test_instructor_journey_as_the_readme_prints_it():
    require(os.geteuid() == 0, "the students are OS accounts (nbgrader's exchange names them by OS user): needs root")
    require(shutil.which("useradd") is not None and shutil.which("setpriv") is not None,
            "useradd and setpriv are needed to create and act as the student accounts")
    require(shutil.which("git") is not None and shutil.which("make") is not None, "git and make are needed")
    with machine_lock(), tempfile.TemporaryDirectory(prefix="readme-instructor-") as tmpdir:
        tmp = Path(tmpdir)
        os.chmod(tmp, 0o700)  # a private parent folder, like a home or mktemp -d
        course = tmp / "course"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(course)], check=True, capture_output=True)
        (tmp / "instructor-home").mkdir()
        journey(tmp, course)


def journey(tmp: Path, course: Path) -> None:
    readme = parse((course / "README.md").read_text())
    cmds = readme.commands
    ran: set[str] = set()
    env = clean_env(tmp / "instructor-home")
    session: list[str] = []

    def instructor(start: str, timeout: int = 900) -> subprocess.CompletedProcess:
        cmd = pick(cmds, start)
        ran.add(cmd)
        return run(cmd, course, env, session, timeout=timeout)

    # Set up, and nbgrader as the README says to reach it.
    instructor("make venv")
    activate = pick(cmds, "source .venv/bin/activate")
    ran.add(activate)
    session.append(activate)
    assert subprocess.run(["bash", "-c", "command -v nbgrader"], env=env, capture_output=True).returncode != 0, \
        "nbgrader is on the clean PATH already: the test would prove nothing about the README's activate line"
    assert not (course / "gradebook.db").exists()

    # Generate: release/ comes out of source/ byte for byte.
    instructor("make release")
    assert git_changes(course, "release") == "", "make release changed the committed release/"

    # Start the gradebook with the README's class list and due date.
    students = list(csv.DictReader(readme.students_csv.splitlines()))
    ids = [row["id"] for row in students]
    assert len(ids) == len(WORK), f"the README's students.csv should list {len(WORK)} example students"
    (course / "students.csv").write_text(readme.students_csv)
    # Without activating: .venv/bin/nbgrader creates the gradebook (alembic found through nbgrader_config.py).
    bare = pick(cmds, ".venv/bin/nbgrader db student import")
    ran.add(bare)
    run(bare, course, env, [])
    assert (course / "gradebook.db").exists()
    instructor("nbgrader db student import")
    assert (course / "exchange").is_dir(), "the course's exchange should exist once it has a gradebook"
    instructor("nbgrader db assignment add")
    due = re.search(r'--duedate="([^"]+)"', pick(cmds, "nbgrader db assignment add")).group(1)
    instructor("nbgrader generate_assignment")
    assert git_changes(course, "release") == "", "nbgrader generate_assignment changed release/"
    assert git_changes(course, ".") == "", "the journey left files git does not ignore (students.csv, gradebook)"
    instructor("nbgrader release_assignment")
    exchange = course / "exchange"
    assert (exchange / "medical-coding-billing" / "outbound" / AID).is_dir(), "not released into course/exchange"
    assert exchange.stat().st_mode & 0o777 == 0o777, "the laptop exchange must be open to every account"

    # Students: OS accounts, each in their own home, running the README's student lines.
    student_session = [pick(cmds, 'source "$COURSE/.venv/bin/activate"')]
    ran.add(student_session[0])
    work = dict(zip(ids, WORK, strict=True))
    (tmp / "homes").mkdir(mode=0o711)
    with os_students(ids, tmp / "homes") as homes:

        def student(sid: str, start: str) -> None:
            cmd = pick(cmds, start)
            ran.add(cmd)
            senv = {**clean_env(homes[sid]), "USER": sid, "COURSE": str(course)}
            os.chmod(tmp, 0o711)  # the README: students need the folders above the course to let them in
            try:
                run(cmd, homes[sid], senv, student_session, user=sid)
            finally:
                os.chmod(tmp, 0o700)

        for sid in ids:
            student(sid, "nbgrader fetch_assignment")
            fetched = homes[sid] / AID
            assert notebooks(fetched), f"{sid} fetched no notebook"
            hand_in(fetched, course / "source" / AID, AID, work[sid])
            if work[sid] == "solution":
                write_in_own_words(fetched)  # issue 16 (fb): a written answer, not the model answer pasted
            student(sid, "nbgrader submit")
        inbound = exchange / "medical-coding-billing" / "inbound"
        owners = {p.name.split("+")[0]: pwd.getpwuid(p.stat().st_uid).pw_name for p in inbound.iterdir()}
        assert owners == {sid: sid for sid in ids}, f"submissions not made by the students' own accounts: {owners}"

        release_nb = [nbformat.read(p, as_version=4) for p in notebooks(course / "release" / AID)]
        expected = {"solution": sum(max_autograded_points(nb) for nb in release_nb),
                    "partial": partial_spec(AID).expected_points, "blank": 0.0}

        # Plain nbgrader grading, as listed.
        instructor("nbgrader collect a01 --update")
        instructor("nbgrader collect a01")
        assert sorted(p.name for p in (course / "submitted").iterdir()) == sorted(ids)
        instructor("nbgrader autograde")
        instructor("nbgrader generate_feedback")
        feedback_is_safe(course, ids, "plain nbgrader generate_feedback")  # issue 16 (fb)
        instructor("nbgrader export")
        plain = read_csv(course / "grades.csv")
        assert set(plain) == set(ids)
        for sid in ids:
            assert float(plain[sid]["raw_score"]) == pytest.approx(expected[work[sid]]), (sid, plain[sid])
            assert plain[sid]["duedate"] and nb_time(plain[sid]["duedate"]) == nb_time(due), plain[sid]

        # The one command: a simulated class first, then the real one and its re-run.
        demo = instructor("make demo")
        graded = re.search(r"\| graded: (\d+) \|", demo.stdout)
        assert graded and int(graded.group(1)) >= 20, demo.stdout[-2000:]
        left = re.search(r"browse the result: (\S+)/course/exports/", demo.stdout)
        if left and Path(left.group(1)).name.startswith("course-demo-"):
            shutil.rmtree(left.group(1), ignore_errors=True)  # the demo's own temporary course
        # Deadlines (issue 16): the README's `make due`, with this class's date (5 hours ago, so the
        # submissions just made are late) in place of its example date, and its extensions.csv with its
        # dates moved the same way (a new due date two days on; extra minutes as printed).
        now = datetime.now(UTC).replace(second=0, microsecond=0)
        new_due = f"{now - timedelta(hours=5):%Y-%m-%d %H:%M}"
        [set_due] = [c for c in cmds if c.startswith("make due ASSIGNMENT=a01 DUE=")]
        ran.add(set_due)
        run(re.sub(r'DUE="[^"]*"', f'DUE="{new_due}"', set_due), course, env, session)
        shown = instructor("make due ASSIGNMENT=a01")
        assert f"a01: due {new_due} UTC" in shown.stdout, shown.stdout
        assert (course / "release" / AID / "DUE.txt").read_text().startswith(f"a01 is due {new_due} UTC")
        later = f"{now + timedelta(days=2):%Y-%m-%d %H:%M}"
        (course / "extensions.csv").write_text(re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d", later, readme.extensions_csv))
        extended = {row["student"] for row in csv.DictReader(readme.extensions_csv.splitlines())}
        assert extended == set(ids) - {ids[0]}, "the README's extensions should cover every student but the first"
        grade = instructor("make grade")
        rows = read_csv(course / "exports" / AID / "grades.csv")
        assert set(rows) == set(ids), grade.stdout[-2000:]
        writer = ids[0]  # the README's first student: the solution and a written answer, handed in late
        auto = expected["solution"]
        penalty = round(auto * 0.10, 6)  # 1 started day late: 10% of the score earned so far
        for sid in ids:
            row = rows[sid]
            assert row["status"] == "graded", row
            if sid == writer:
                late = expected_late(row["timestamp"], new_due)
                assert 5 * 3600 - 120 < late < 6 * 3600, (late, row)
                assert float(row["late_seconds"]) == pytest.approx(late, abs=1), row
                minutes = -(-int(round(late)) // 60)
                assert row["minutes_late"] == str(minutes), row
                assert float(row["late_submission_penalty"]) == pytest.approx(penalty), row
                assert float(row["score"]) == pytest.approx(auto - penalty), row
                assert row["late_note"] == (f"{minutes} min late (1 started day): -{penalty:g} points (10% of the "
                                            "score per started day late, at most 100%)"), row
                assert f"  {writer}: {row['late_note']}" in grade.stdout, grade.stdout[-3000:]
            else:  # their extensions put their due date after their submission
                assert float(row["score"]) == pytest.approx(expected[work[sid]]), row
                assert not row["late_seconds"] and not row["late_note"], row
        with open(course / "exports" / AID / "canvas.csv", newline="") as fh:
            canvas = list(csv.reader(fh))
        assert canvas[0][-1] == "a01 (autograded)" and canvas[1] == ["Points Possible", "", "", "", "", "15.0"], canvas
        posted = {r[3]: r[-1] for r in canvas[2:]}
        assert posted == {writer: "", ids[1]: f"{expected['partial']:.1f}", ids[2]: "0.0"}, \
            "canvas.csv: the writer's written answer awaits grading (blank), the others are complete"
        again = instructor(".venv/bin/python -m course.grading a01")
        assert f"{len(ids)} submissions: 0 to grade, {len(ids)} unchanged" in again.stdout, again.stdout[-2000:]

        # Written answers: awaiting, graded in the Formgrader with the mark scheme, feedback refreshed.
        grade_written_answers(course, grade.stdout, ids, work, expected, instructor, lambda start: pick(cmds, start),
                              ran, env, session)

        # Feedback back to each student, from make grade: no hidden test or solution in it.
        instructor("nbgrader release_feedback")
        secrets = set()
        for src in notebooks(course / "source" / AID):
            secrets |= secret_lines(nbformat.read(src, as_version=4))
        for sid in ids:
            student(sid, "nbgrader fetch_feedback")
            html = list((homes[sid] / AID / "feedback").rglob("*.html"))
            assert html, f"{sid} fetched no feedback"
            text = "".join(p.read_text() for p in html)
            # their own answers may repeat the model answer (the "solution" student typed it)
            handed_in = "".join(cell.source for p in notebooks(course / "submitted" / sid / AID)
                                for cell in nbformat.read(p, as_version=4).cells)
            leaked = [line for line in secrets if line in text and line not in handed_in]
            assert not leaked, f"{sid}'s feedback shows hidden tests or solutions: {leaked[:3]}"

    assert git_changes(course, ".") == "", "the journey left files that git does not ignore"
    unused = [c for c in cmds if c not in ran]
    assert not unused, f"README commands this journey does not run (add a step or reword the README): {unused}"


def git_changes(course: Path, path: str) -> str:
    """`git status --porcelain` of a path in the clone ('' when nothing changed or appeared)."""
    return subprocess.run(["git", "status", "--porcelain", "--", path], cwd=course, capture_output=True,
                          text=True, check=True).stdout


# ---------------------------------------------------------------- written answers and feedback (issue 16: fb)

NB_A01 = "a01-two-careers"
WRITTEN_ID = "a01-written"
FORMGRADER_COMMENT = "Clear contrast of the two jobs; the shared duty is missing. (README journey comment)"


def a01_hidden_and_mark_scheme_lines(course: Path) -> set[str]:
    """Distinctive lines of a01's hidden tests and of its mark scheme, read out of the clone's source/."""
    from course.grading.nbfeedback import mark_schemes
    from course.grading.redact import REGION

    src = nbformat.read(course / "source" / AID / f"{NB_A01}.ipynb", as_version=4)
    lines = {line.strip() for cell in src.cells for m in REGION.finditer(cell.source)
             if m.group(1) == "HIDDEN TESTS" for line in m.group(2).splitlines() if len(line.strip()) >= 12}
    _, scheme = mark_schemes(src)[WRITTEN_ID]
    lines |= {line.strip() for line in scheme.splitlines() if line.startswith("- ")}
    assert len(lines) >= 8, lines
    return lines


OWN_WORDS = ("A coder turns what the doctor wrote into codes and rarely meets patients; a biller gets the "
             "practice paid and talks with patients about their bills every day.")


def write_in_own_words(folder: Path) -> None:
    """The student's own written answer to a01's question (the model answer stays the instructor's)."""
    path = folder / f"{NB_A01}.ipynb"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == WRITTEN_ID:
            cell.source = OWN_WORDS
    nbformat.write(nb, path)


def feedback_is_safe(course: Path, ids: list[str], route: str) -> dict[str, str]:
    """Every student's feedback page exists and shows no hidden test and no mark scheme; the pages."""
    secrets = a01_hidden_and_mark_scheme_lines(course)
    pages = {}
    for sid in ids:
        page = course / "feedback" / sid / AID / f"{NB_A01}.html"
        assert page.exists(), f"{route}: no feedback for {sid}"
        text = page.read_text()
        leaked = [line for line in secrets if line in text]
        assert not leaked, f"{route}: {sid}'s feedback shows hidden tests or the mark scheme: {leaked[:3]}"
        pages[sid] = text
    return pages


def grade_written_answers(course: Path, grade_out: str, ids: list[str], work: dict[str, str],
                          expected: dict[str, float], instructor, pick_cmd, ran: set[str],
                          env: dict[str, str], session: list[str]) -> None:
    """`make grade` said which written answer awaits grading; the instructor grades it in the Formgrader
    (`make lab INSTRUCTOR=1`, as printed) with its mark scheme in view; `make grade` again refreshes
    exactly that student's feedback; the Formgrader's own button gives safe feedback too."""
    from nbgrader.api import Gradebook

    from course.grading.written import positions
    from tests.browser.lab import CHROMIUM, chromium
    from tests.formgrader import TOKEN, free_port, serve

    require(CHROMIUM.exists(), f"the Formgrader is driven in Debian's Chromium: not installed at {CHROMIUM}")
    tmp_profile = course.parent / "chromium-formgrader"
    writer = next(sid for sid in ids if work[sid] == "solution")  # the only one who wrote an answer
    cell = positions(nbformat.read(course / "release" / AID / f"{NB_A01}.ipynb", as_version=4))[WRITTEN_ID]
    assert cell == 18
    assert "WRITTEN ANSWERS AWAITING GRADING: 1 from 1 students (scores provisional)" in grade_out, grade_out[-3000:]
    assert f"  {writer}: {NB_A01}.ipynb cell 18 (grade id {WRITTEN_ID}), 3 points" in grade_out
    rows = read_csv(course / "exports" / AID / "grades.csv")
    assert {sid: rows[sid]["provisional"] for sid in ids} == {
        sid: (f"yes: awaiting grading: {NB_A01}.ipynb cell 18 (grade id {WRITTEN_ID}), 3 points"
              if sid == writer else "") for sid in ids}
    pages = feedback_is_safe(course, ids, "make grade")
    auto = expected["solution"]

    def net(points: float) -> float:  # the writer handed in 1 started day late: nbgrader's Score is net of 10%
        return points * 0.9

    assert (f"{NB_A01}: provisional score, 1 written answer worth 3 points awaiting grading "
            f"(Score: {net(auto):.1f} / 15.0)") in pages[writer]
    assert "Written response" not in pages[writer]  # nbgrader's "(Score: 0.0 / 3.0)" line for it
    assert (course / "exports" / AID / "mark-schemes.html").exists()

    # The Formgrader, started exactly as the README prints it.
    lab = pick_cmd("make lab INSTRUCTOR=1")
    ran.add(lab)
    port = free_port()
    script = "set -e\n" + "".join(f"{line}\n" for line in session) + f"exec {lab}\n"
    lab_env = {**env, "JUPYTER_TOKEN": TOKEN, "JUPYTER_PORT": str(port), "BROWSER": "true"}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        sub_id = gb.find_submission_notebook(NB_A01, AID, writer).id
        grade_id = gb.find_grade(WRITTEN_ID, NB_A01, AID, writer).id
    before = {sid: (course / "feedback" / sid / AID / f"{NB_A01}.html").stat().st_mtime_ns for sid in ids}
    with serve(["bash", "-c", script], course, lab_env, port) as fg:
        # Manual Grading -> the writer's notebook, in Chromium: the answer, its mark scheme under it, the
        # score and the comment typed in and saved by the page itself.
        def in_chromium() -> str:
            with chromium(tmp_profile) as context:
                return fg.grade_in_browser(context, sub_id, {"id": grade_id, "name": WRITTEN_ID}, 2,
                                           FORMGRADER_COMMENT,
                                           ROOT / "artifacts" / "screenshots" / "formgrader-mark-scheme.png")

        # Playwright's sync API in a thread of its own: in the whole suite an earlier test can leave this
        # thread marked as running an asyncio loop, which the sync API refuses.
        with ThreadPoolExecutor(1) as pool:
            text = pool.submit(in_chromium).result()
        assert OWN_WORDS in text
        assert f"Mark scheme for {WRITTEN_ID} (3 points)" in text
        assert "1 point: the biller gets the practice paid" in text, "the mark scheme is not in the grader's view"

        # make grade again: only the writer's feedback is rendered anew, with the score and the comment.
        refresh = instructor("make grade ASSIGNMENT=a01")
        assert f"feedback refreshed (grades changed since it was written, or it was missing): {writer}" in refresh.stdout, \
            refresh.stdout[-3000:]
        after = {sid: (course / "feedback" / sid / AID / f"{NB_A01}.html").stat().st_mtime_ns for sid in ids}
        assert [sid for sid in ids if after[sid] != before[sid]] == [writer]
        pages = feedback_is_safe(course, ids, "make grade after the Formgrader")
        assert f"{NB_A01} (Score: {net(auto + 2):.1f} / 15.0)" in pages[writer]
        assert FORMGRADER_COMMENT in pages[writer] and "awaiting grading" not in pages[writer]
        assert "AWAITING GRADING" not in refresh.stdout
        rows = read_csv(course / "exports" / AID / "grades.csv")
        # the late penalty is recomputed from the new score: 10% of 14
        assert float(rows[writer]["late_submission_penalty"]) == pytest.approx(1.4), rows[writer]
        assert float(rows[writer]["score"]) == pytest.approx(auto + 2 - 1.4) and rows[writer]["provisional"] == ""
        assert rows[writer]["late_note"] in pages[writer], "the late note is not in the refreshed feedback"
        with open(course / "exports" / AID / "canvas.csv", newline="") as fh:
            posted = {r[3]: r[-1] for r in list(csv.reader(fh))[2:]}
        assert float(posted[writer]) == pytest.approx(auto + 2 - 1.4), posted  # complete now: posted

        # The Formgrader's own "generate feedback" button: the same safe feedback.
        result = fg.generate_all_feedback(AID)
        assert result["success"], result
        pages = feedback_is_safe(course, ids, "the Formgrader's generate feedback button")
        assert f"{NB_A01} (Score: {net(auto + 2):.1f} / 15.0)" in pages[writer] and FORMGRADER_COMMENT in pages[writer]

    # What the class got wrong, refreshed after the written answer was graded: exact values for the class
    # of three (scores: roles 2,2,0; order 2,0,0; patient share 2,2,0; next step 2,0,0; written 2/3,0,0).
    instructor("make report")
    out = course / "exports" / AID
    with open(out / "items.csv", newline="") as fh:
        items = {r["item"]: (r["n"], r["pending"], r["share_full"], r["share_partial"], r["share_zero"], r["mean"],
                             r["item_rest_r"]) for r in csv.DictReader(fh)}
    upper, lower = ("3", "0", "0.6667", "0.0000", "0.3333", "1.3333"), ("3", "0", "0.3333", "0.0000", "0.6667", "0.6667")
    # item-rest r: corr((2, 2, 0), rest (12, 4, 0)) = 32 / sqrt(1792); corr((2, 0, 0), rest (12, 6, 0)) = sqrt(3) / 2
    r_upper, r_lower = f"{32 / 1792 ** 0.5:.4f}", f"{3 ** 0.5 / 2:.4f}"
    assert items == {
        "a01-roles-test-1": (*upper, r_upper), "a01-roles-test-2": (*upper, r_upper),
        "a01-order-test-coder": (*lower, r_lower), "a01-order-test-full": (*lower, r_lower),
        "a01-patient-share-test": (*upper, r_upper), "a01-next-step-test": (*lower, r_lower),
        "a01-written": ("3", "0", "0.0000", "0.3333", "0.6667", "0.6667", r_lower),
    }, items
    with open(out / "objectives.csv", newline="") as fh:
        shares = {r["objective"]: r["mean_share"] for r in csv.DictReader(fh)}
    assert shares["01.1"] == "0.2222" and shares["01.3"] == "0.6667" and shares["00.6"] == "0.5000", shares
    with open(course / "exports" / "progress.csv", newline="") as fh:
        progress = {r["student_id"]: (r["status"], r["score"], r["max_score"]) for r in csv.DictReader(fh)}
    assert progress == {writer: ("graded", "12.6", "15"), ids[1]: ("graded", "6", "15"), ids[2]: ("graded", "0", "15")}
