"""The grading pre-flight and the sandbox's view without bubblewrap.

- pre-flight: before the first kernel, the sandbox user must be able to run the interpreter, import
  and read a submission; otherwise grading refuses up front, naming the folder and the fix (never
  "kernel died" for every submission), and exits non-zero;
- as root without bubblewrap, util-linux unshare gives each kernel its own view: no source/, no gradebook;
- as root with no view at all, grading refuses unless told otherwise;
- nothing graded is an error (exit 1), also for `make demo`; the demo removes its temporary course.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pytest

from course.grading import classroom as cl
from course.grading import demo, engine, preflight, sandbox
from course.grading.__main__ import main as cli
from course.grading.engine import Options, PreflightFailed, SandboxRefused, run
from tests.support import ROOT, require

FIXTURE = ROOT / "tests" / "fixtures" / "grading" / "source" / "t01"
NB = "t01-tiny.ipynb"
DUE = datetime(2026, 11, 1, 12, tzinfo=UTC)
NOBODY = 65534
LOOK = ("import os\n"
        "print('SEES', [p for p in ('/root', '/home', os.path.abspath('../../../source'), "
        "os.path.abspath('../../../gradebook.db')) if os.path.exists(p)], "
        "os.getuid(), os.environ.get('COURSE_GRADING_RUN'))")


# ---- the walk, as the sandbox user would walk (no root needed) ----

@pytest.fixture
def open_tmp():
    """A folder others can enter (pytest's own tmp_path sits under a private 0700 folder)."""
    path = Path(tempfile.mkdtemp(prefix="preflight-", dir="/tmp"))
    os.chmod(path, 0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_a_private_folder_on_the_way_is_named(open_tmp):
    tmp_path = open_tmp
    private = tmp_path / "private"
    (private / "inner").mkdir(parents=True)
    (private / "inner" / "file.txt").write_text("x")
    os.chmod(private, 0o700)
    blocked = preflight.walk(str(private / "inner" / "file.txt"), NOBODY, NOBODY, 4)
    assert blocked is not None and blocked.path == str(private) and blocked.what == "enter"
    os.chmod(private, 0o711)  # traverse-only is enough
    assert preflight.walk(str(private / "inner" / "file.txt"), NOBODY, NOBODY, 4) is None
    os.chmod(private / "inner" / "file.txt", 0o600)
    blocked = preflight.walk(str(private / "inner" / "file.txt"), NOBODY, NOBODY, 4)
    assert blocked is not None and blocked.what == "read"


def test_a_symlinked_interpreter_is_followed_into_its_private_folder(open_tmp):
    """A venv's python is a symlink to the interpreter it was made from (a pyenv one in root's home)."""
    tmp_path = open_tmp
    private = tmp_path / "pyenv"
    (private / "bin").mkdir(parents=True)
    real = private / "bin" / "python3.11"
    real.write_text("#!/bin/sh\n")
    os.chmod(real, 0o755)
    os.chmod(private, 0o700)
    venv_bin = tmp_path / "venv" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "python").symlink_to(real)
    blocked = preflight.walk(str(venv_bin / "python"), NOBODY, NOBODY, 1)
    assert blocked is not None and blocked.path == str(private)
    # in a view, the bound folder and what is below it count, the folders above it are made 0755
    assert preflight.walk(str(venv_bin / "python"), NOBODY, NOBODY, 1, [str(tmp_path / "venv"), str(private)]) \
        is not None  # the bound folder itself is 0700
    assert preflight.walk(str(venv_bin / "python"), NOBODY, NOBODY, 1, [str(tmp_path / "venv"), str(private / "bin")]) \
        is None


def test_the_interpreter_the_venv_was_made_from_is_in_the_view():
    hops = sandbox.interpreter_chain(str(Path(sys.prefix) / "bin" / "python"))
    real = os.path.realpath(hops[-1])
    paths = sandbox.readonly_paths()
    assert real.startswith("/usr/") or any(real.startswith(p + "/") for p in paths), (real, paths)
    assert os.path.realpath(sys.prefix) in paths and str(sandbox.PACKAGE_DIR) in paths


def test_the_message_names_the_folder_and_the_fixes():
    b = preflight.Blocked("/root/tmp.X", "enter", "drwx------", "root")
    text = preflight.message("nbgrader-sbx0", [("the venv's interpreter", b)], "")
    assert "cannot enter the folder /root/tmp.X" in text and "chmod o+x /root/tmp.X" in text
    assert "make venv PYTHON=/usr/bin/python3.11" in text and "--no-sandbox" in text
    assert "kernel died" not in text


# ---- real runs (root: the sandbox users) ----

def _course(tmp_path: Path, students: dict[str, str | None]) -> Path:
    course = cl.new_course(tmp_path / "course", FIXTURE, "t01", DUE)
    os.environ["NBGRADER_EXCHANGE"] = str(tmp_path / "exchange")
    for student, extra in students.items():
        nb = cl.answered(course, "t01", NB, None)
        if extra:
            nb.cells.insert(1, nbformat.v4.new_code_cell(extra))
        cl.submit(course, student, "t01", {NB: nb}, DUE)
    return course


def _root_with(*tools: str) -> None:
    require(os.geteuid() == 0, "root (the sandbox switches to dedicated users)")
    for tool in tools:
        require(shutil.which(tool) is not None, f"{tool} (util-linux / bubblewrap)")


@pytest.mark.slow
def test_a_private_staging_folder_is_refused_up_front_with_the_fix(tmp_path, open_tmp, monkeypatch, capsys):
    """No view (neither bwrap nor unshare), told to go on anyway: the sandbox user cannot reach the kernels'
    folder under a private TMPDIR. Before: every submission 'kernel died' and exit 0."""
    _root_with("setpriv", "prlimit")
    course = _course(tmp_path, {"s1": None, "s2": None})
    private = open_tmp / "private"
    private.mkdir(mode=0o700)
    os.chmod(private, 0o700)
    monkeypatch.setenv("TMPDIR", str(private))
    monkeypatch.setenv(sandbox.WITHOUT_ENV, "bwrap,unshare")
    monkeypatch.setenv(sandbox.ALLOW_WEAK_ENV, "1")
    assert cli(["t01", "--root", str(course), "--workers", "1"]) == 2
    out = capsys.readouterr()
    assert f"cannot enter the folder {private}" in out.err and f"chmod o+x {private}" in out.err, out.err
    assert "TMPDIR=/tmp" in out.err and "kernel died" not in out.out + out.err
    assert "[1/2]" not in out.out  # no kernel ran
    assert not (course / "autograded").exists() and not list(private.iterdir())


def test_root_without_any_view_is_refused_unless_told(tmp_path, monkeypatch, capsys):
    _root_with("setpriv", "prlimit")
    monkeypatch.setenv(sandbox.WITHOUT_ENV, "bwrap,unshare")
    monkeypatch.delenv(sandbox.ALLOW_WEAK_ENV, raising=False)
    assert sandbox.detect().refused
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    (tmp_path / "source" / "t01").mkdir(parents=True)
    with pytest.raises(SandboxRefused, match="CAN read source/"):
        run(tmp_path, "t01", Options(progress=lambda _: None))
    assert cli(["t01", "--root", str(tmp_path)]) == 2
    assert "--allow-weak-sandbox" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.parametrize("view", ["unshare", "bwrap"])
def test_as_root_a_submission_sees_neither_source_nor_the_gradebook(view, tmp_path, monkeypatch):
    """The view without bubblewrap (unshare) hides what bwrap hides; kernels carry the run's marker."""
    _root_with("setpriv", "prlimit", view)
    monkeypatch.setenv(sandbox.WITHOUT_ENV, "bwrap" if view == "unshare" else "")
    prot = sandbox.detect()
    require(prot.level == "full" and prot.view == view, f"the {view} view: {prot.describe()}")
    course = _course(tmp_path, {"looker": LOOK})
    report = run(course, "t01", Options(workers=1, feedback=False, progress=lambda _: None))
    assert report.outcomes["looker"].status == "graded" and report.outcomes["looker"].score == 5.0
    nb = nbformat.read(course / "autograded" / "looker" / "t01" / NB, as_version=4)
    seen = "".join(o.get("text", "") for o in nb.cells[1].outputs).split(maxsplit=1)[1]
    uid = int(seen.split("]")[1].split()[0])
    assert seen.startswith("[]"), seen  # no /root, /home, source/ or gradebook in view
    assert uid != 0 and uid in {u for u in sandbox_uids()}
    assert seen.rstrip().endswith(report.run_id)


def sandbox_uids() -> set[int]:
    import pwd

    return {u.pw_uid for u in pwd.getpwall() if u.pw_name.startswith(sandbox.USER_PREFIX)}


@pytest.mark.slow
def test_the_preflight_passes_and_says_so(tmp_path):
    _root_with("setpriv", "prlimit")
    course = _course(tmp_path, {"s1": None})
    lines: list[str] = []
    report = run(course, "t01", Options(workers=1, feedback=False, progress=lines.append))
    assert report.graded == 1 and any(line.startswith("pre-flight: the sandboxed interpreter starts") for line in lines)


@pytest.mark.slow
def test_a_deep_tmpdir_still_grades(tmp_path, monkeypatch):
    """A kernel's socket path has at most 107 bytes: a deep TMPDIR (pytest's own, as another user) failed
    every submission with 'Please see the above traceback'."""
    deep = tmp_path / ("d" * 60) / ("e" * 40)
    deep.mkdir(parents=True)
    monkeypatch.setenv("TMPDIR", str(deep))
    assert str(engine.kernels_folder()).startswith("/tmp/course-grading-")
    course = _course(tmp_path, {"s1": None})
    report = run(course, "t01", Options(workers=1, feedback=False, progress=lambda _: None))
    assert report.graded == 1, report.summary


def test_the_preflight_names_a_socket_path_too_long(tmp_path):
    prot = sandbox.detect()
    require(prot.level != "off", f"a sandbox level to probe: {prot.describe()}")
    base = Path(tempfile.mkdtemp(prefix="preflight-", dir="/tmp")) / ("d" * 80)
    try:
        sandbox.install_kernelspec(prot, 0, base)
        folder = tmp_path / "submission"
        folder.mkdir()
        (folder / NB).write_text("{}")
        text = preflight.check(sandbox.settings_path(base), folder)
        assert "too deep for a Unix socket path" in text and "TMPDIR=/tmp" in text, text
    finally:
        shutil.rmtree(base.parent, ignore_errors=True)


def test_a_preflight_failure_is_an_exception_the_cli_turns_into_exit_2(tmp_path, monkeypatch, capsys):
    prot = sandbox.detect()
    require(prot.level != "off" and not prot.refused, f"a sandbox that runs a pre-flight: {prot.describe()}")
    monkeypatch.setattr(preflight, "check", lambda settings, folder: "pre-flight failed: EXAMPLE")
    course = _course(tmp_path, {"s1": None})
    with pytest.raises(PreflightFailed, match="EXAMPLE"):
        run(course, "t01", Options(workers=1, progress=lambda _: None))
    assert not (course / ".grading-tmp").exists() and not (course / "autograded").exists()
    assert cli(["t01", "--root", str(course)]) == 2 and "EXAMPLE" in capsys.readouterr().err


def test_nothing_graded_exits_non_zero(tmp_path, capsys):
    course = cl.new_course(tmp_path / "course", FIXTURE, "t01", DUE)
    os.environ["NBGRADER_EXCHANGE"] = str(tmp_path / "exchange")
    assert cli(["t01", "--root", str(course), "--no-sandbox"]) == 1
    assert "no submission of t01 was found" in capsys.readouterr().err
    cl.submit(course, "broken", "t01", {NB: "{ not json"}, DUE)
    assert cli(["t01", "--root", str(course), "--no-sandbox"]) == 1
    assert "all 1 submissions failed (malformed notebook" in capsys.readouterr().err


# ---- make demo: its temporary course goes away unless kept ----

@pytest.mark.slow
def test_the_demo_grades_a_small_class_and_removes_its_course(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setenv("DEMO_STUDENTS", "2")
    monkeypatch.setenv("DEMO_ASSIGNMENT", "t01")
    monkeypatch.delenv("DEMO_KEEP", raising=False)
    monkeypatch.setattr("tempfile.tempdir", None)
    assert demo.main([]) == 0
    out = capsys.readouterr().out
    assert "[2/2]" in out and "removed the demo course" in out and "DEMO_KEEP=1" in out
    assert not list(tmp_path.glob("course-demo-*"))


def test_the_demo_keeps_its_course_on_request_and_says_where(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    monkeypatch.setattr(demo, "demo", lambda course: 1)
    assert demo.main(["--keep"]) == 1
    kept = list(tmp_path.glob("course-demo-*"))
    assert len(kept) == 1 and f"kept the demo course in {kept[0]}" in capsys.readouterr().out
    monkeypatch.setenv("DEMO_KEEP", "1")
    demo.main([])
    assert len(list(tmp_path.glob("course-demo-*"))) == 2


def test_a_class_roster_is_never_committed():
    require(shutil.which("git") is not None and (ROOT / ".git").exists(), "git and a git checkout")
    for path in ("students.csv", "exports/students.csv"):
        assert subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT).returncode == 0, path
