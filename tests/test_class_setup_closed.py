"""deploy/class_setup.py closes the course's solutions, hidden tests and history to students (issue 16, item 7).

class_setup runs on a temporary copy of the course (source/, a .git folder, tests/, a gradebook and its
backup, release/ and the toolkit): afterwards the instructor-only parts have exactly 0700 / 0600 and
nothing with solutions is left readable; a stray notebook with solutions elsewhere makes it refuse
(exit status 3, naming the file) until it is closed. The OS accounts are not created here (the setup
steps that need them are replaced); tests/browser/test_hub.py checks a real student on the Hub.
"""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from deploy import class_setup
from tests.support import ROOT


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A copy of the course as a class server would hold it, everything open (0755 / 0644, as cloned)."""
    dest = tmp_path / "course"
    dest.mkdir()
    shutil.copytree(ROOT / "source" / "a01", dest / "source" / "a01")
    shutil.copytree(ROOT / "release" / "a01", dest / "release" / "a01")
    shutil.copytree(ROOT / "tests" / "partial_submissions", dest / "tests" / "partial_submissions")
    shutil.copytree(ROOT / "course" / "grading", dest / "course" / "grading",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "README.md", dest / "README.md")
    (dest / ".git" / "objects").mkdir(parents=True)
    (dest / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (dest / "gradebook.db").write_bytes(b"SQLite format 3\0")
    (dest / "gradebook.db.20261129T120000Z.bak").write_bytes(b"SQLite format 3\0")
    for path in [dest, *dest.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return dest


def _run_main(course: Path, monkeypatch, tmp_path: Path) -> int:
    """class_setup's main on `course`, with the steps that need OS accounts and root replaced."""
    calls = []
    monkeypatch.setattr(class_setup.os, "geteuid", lambda: 0)
    monkeypatch.setattr(class_setup, "make_exchange", lambda exchange: calls.append(("exchange", exchange)))
    monkeypatch.setattr(class_setup, "setup_instructor",
                        lambda user, exchange, students, src: calls.append(("instructor", src)) or tmp_path / "c")
    monkeypatch.setattr(class_setup, "setup_student", lambda user, exchange: calls.append(("student", user)))
    code = class_setup.main(["--instructor", "t", "--students", "s1,s2", "--exchange", str(tmp_path / "x"),
                             "--course", str(course)])
    # the instructor's copy of source/ is made from the course before it is closed
    assert ("instructor", course) in calls
    return code


def test_a_fresh_copy_is_reported_open(course: Path) -> None:
    found = class_setup.exposed(course)
    for part in ("source", ".git", "tests", "gradebook.db", "gradebook.db.20261129T120000Z.bak"):
        assert f"{course / part} (mode " in "\n".join(found), (part, found)
    assert not any("release" in f or "grading" in f or "README" in f for f in found), found


def test_class_setup_closes_source_git_tests_and_the_gradebook(course: Path, monkeypatch, tmp_path: Path,
                                                               capsys) -> None:
    assert _run_main(course, monkeypatch, tmp_path) == 0
    assert {p.name: _mode(p) for p in class_setup.instructor_only(course)} == {
        "source": 0o700, ".git": 0o700, "tests": 0o700, "gradebook.db": 0o600,
        "gradebook.db.20261129T120000Z.bak": 0o600,
    }
    # what students need stays open
    assert _mode(course / "release" / "a01") == 0o755
    assert _mode(course / "course" / "grading") == 0o755
    assert class_setup.exposed(course) == []
    assert f"closed to students: {course / 'source'}" in capsys.readouterr().out
    # running it again changes nothing and still finishes
    assert _run_main(course, monkeypatch, tmp_path) == 0
    assert "closed to students" not in capsys.readouterr().out


def test_class_setup_refuses_while_solutions_are_readable_elsewhere(course: Path, monkeypatch, tmp_path: Path,
                                                                    capsys) -> None:
    stray = course / "old-source" / "a01-two-careers.ipynb"
    stray.parent.mkdir()
    shutil.copy(course / "source" / "a01" / "a01-two-careers.ipynb", stray)
    stray.parent.chmod(0o755)
    stray.chmod(0o644)
    assert _run_main(course, monkeypatch, tmp_path) == 3
    err = capsys.readouterr().err
    assert f"{stray} (holds solutions or hidden tests)" in err and "NOT finished" in err
    assert _mode(course / "source") == 0o700  # what it knows is closed all the same
    stray.parent.chmod(0o700)  # the instructor closes it: now it finishes
    assert _run_main(course, monkeypatch, tmp_path) == 0


def test_a_symlinked_source_is_reported_not_followed(course: Path, tmp_path: Path) -> None:
    shutil.move(course / "source", tmp_path / "elsewhere")
    (course / "source").symlink_to(tmp_path / "elsewhere")
    class_setup.close_course(course)
    assert _mode(tmp_path / "elsewhere") == 0o755  # not changed behind the instructor's back
    assert any(f.startswith(f"{course / 'source'} ") for f in class_setup.exposed(course))


def test_a_worktree_checkout_names_its_history_outside_the_course(course: Path, tmp_path: Path) -> None:
    shutil.rmtree(course / ".git")
    common = tmp_path / "main" / ".git"
    (common / "worktrees" / "course").mkdir(parents=True)
    common.chmod(0o755)
    (course / ".git").write_text(f"gitdir: {common / 'worktrees' / 'course'}\n")
    class_setup.close_course(course)
    assert _mode(course / ".git") == 0o600
    assert any(f.startswith(f"{common} (this checkout's git history") for f in class_setup.exposed(course))
    common.chmod(0o700)
    assert class_setup.exposed(course) == []
