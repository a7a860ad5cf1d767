"""Every machine a user really has, on this one: `make demo` and the grading tests in a fresh copy of the
checkout inside a private (0700) folder, run as each user on each machine.

Machines: root with bubblewrap; root without it (util-linux unshare gives the view); root with neither
(refused, and with --allow-weak-sandbox the pre-flight names the private folder); a non-root user made
for the test (useradd, runuser); a venv whose interpreter lives under a private folder.

The copy is what a clone holds (tracked and new files, nothing ignored). Its .venv is this checkout's,
hard-linked (no second install) with the editable install and the scripts pointed at the copy.
"Without bubblewrap/unshare" is COURSE_GRADING_WITHOUT, which the sandbox honours when it looks for them.
A class of 2-3 students keeps each demo short. Needs root (to make users and switch to them).
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from course.grading import preflight, sandbox
from tests.support import IN_CI, ROOT, require

pytestmark = pytest.mark.slow
VENV = ROOT / ".venv"
DEMO = {"DEMO_STUDENTS": "2", "DEMO_ASSIGNMENT": "t01"}


def _checkout_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True,
                         check=True).stdout.decode()
    return [f for f in out.split("\0") if f and (ROOT / f).is_file()]


def _rewrite(path: Path, old: str, new: str) -> None:
    """Replace text in a hard-linked file without touching the original: a new file in its place."""
    data = path.read_bytes()
    if old.encode() not in data:
        return
    mode = path.stat().st_mode
    path.unlink()
    path.write_bytes(data.replace(old.encode(), new.encode()))
    os.chmod(path, mode)


def make_clone(dest: Path) -> Path:
    """A copy of the checkout at `dest` with a working .venv of its own (hard links to this one's files)."""
    for rel in _checkout_files():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, target)
    subprocess.run(["cp", "-al", str(VENV), str(dest / ".venv")], check=True)
    site = next((dest / ".venv" / "lib").glob("python3*/site-packages"))
    for path in [*site.glob("__editable__*"), *(p for p in (dest / ".venv" / "bin").iterdir()
                                                 if p.is_file() and not p.is_symlink())]:
        _rewrite(path, str(ROOT), str(dest))
    return dest


def private_folder(owner: int = 0) -> Path:
    """A fresh 0700 folder, like `mktemp -d` gives (not under pytest's own folder)."""
    path = Path(tempfile.mkdtemp(prefix="matrix-", dir="/tmp"))
    os.chown(path, owner, owner if owner else 0)
    os.chmod(path, 0o700)
    return path


def clean_env(**extra: str) -> dict[str, str]:
    """The environment a person would have: no CI, no pytest or venv of this checkout, no exchange."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("CI", "NBGRADER_EXCHANGE", "VIRTUAL_ENV", "TMPDIR") and not k.startswith("PYTEST")
           and not k.startswith("COURSE_GRADING") and not k.startswith("DEMO_")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "/usr/bin:/bin").split(os.pathsep) if str(ROOT) not in p)
    env.update(extra)
    return env


def run(argv: list[str], cwd: Path, env: dict[str, str], user: str = "") -> subprocess.CompletedProcess:
    if user:
        pairs = [f"{k}={v}" for k, v in env.items()]
        argv = ["runuser", "-u", user, "--", "env", "-i", *pairs, *argv]
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def demo(clone: Path, tmp: Path, user: str = "", **extra: str) -> subprocess.CompletedProcess:
    return run(["make", "--no-print-directory", "demo"], clone, clean_env(TMPDIR=str(tmp), **DEMO, **extra), user)


def assert_demo_graded(proc: subprocess.CompletedProcess, tmp: Path, protection: str) -> None:
    text = proc.stdout + proc.stderr
    assert proc.returncode == 0, text[-3000:]
    assert protection in text and "[2/2]" in text and "graded: 2" in text, text[-3000:]
    assert "kernel died" not in text and "FAILED" not in text, text[-3000:]
    assert "removed the demo course" in text and not list(tmp.glob("course-demo-*")), "demo left its course"


@pytest.fixture(scope="module")
def as_root() -> None:
    require(os.geteuid() == 0, "root (the matrix makes users and switches to them)")
    for tool in ("setpriv", "prlimit", "unshare", "runuser", "useradd", "git", "make"):
        require(shutil.which(tool) is not None, f"{tool} on PATH")
    require(VENV.joinpath("bin", "python").exists(), "this checkout's .venv (make venv)")
    require((ROOT / ".git").exists(), "a git checkout (the copy takes what a clone would: git ls-files)")


@pytest.fixture(scope="module")
def root_clone(as_root) -> Iterator[Path]:
    """Root's fresh clone in a private folder (root's home or `mktemp -d`)."""
    top = private_folder()
    clone = make_clone(top / "course")
    (top / "tmp").mkdir(mode=0o700)
    yield clone
    shutil.rmtree(top, ignore_errors=True)


def test_root_with_bubblewrap(root_clone):
    require(sandbox.bwrap_works(as_root=True), "bubblewrap (apt-get install bubblewrap)")
    tmp = root_clone.parent / "tmp"
    assert_demo_graded(demo(root_clone, tmp), tmp, "FULL sandbox: bubblewrap")


def test_root_without_bubblewrap_the_view_comes_from_unshare(root_clone):
    tmp = root_clone.parent / "tmp"
    assert_demo_graded(demo(root_clone, tmp, COURSE_GRADING_WITHOUT="bwrap"), tmp,
                       "its own mount, PID and network namespaces (util-linux unshare")


def test_root_without_bubblewrap_the_grading_tests_pass(root_clone):
    """Were 5 failures (every kernel died: the sandbox user could not reach the private folder)."""
    proc = run([".venv/bin/python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_grading_engine.py"],
               root_clone, clean_env(COURSE_GRADING_WITHOUT="bwrap", CI="1" if IN_CI else ""))
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert " passed" in proc.stdout and "failed" not in proc.stdout and "skipped" not in proc.stdout, proc.stdout[-2000:]


def test_root_without_bubblewrap_hostile_submissions_earn_nothing(root_clone):
    """The hostile suite through the unshare view: no submission sees source/ or the gradebook."""
    proc = run([".venv/bin/python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_grading_hostile.py"],
               root_clone, clean_env(COURSE_GRADING_WITHOUT="bwrap", CI="1" if IN_CI else ""))
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert " passed" in proc.stdout and "failed" not in proc.stdout and "skipped" not in proc.stdout, proc.stdout[-2000:]


def test_root_with_no_view_at_all_refuses_and_names_the_private_folder(root_clone):
    tmp = root_clone.parent / "tmp"
    proc = demo(root_clone, tmp, COURSE_GRADING_WITHOUT="bwrap,unshare")
    assert proc.returncode == 2 and "refusing to grade as root" in proc.stderr, proc.stdout + proc.stderr
    proc = demo(root_clone, tmp, COURSE_GRADING_WITHOUT="bwrap,unshare", COURSE_GRADING_ALLOW_WEAK="1")
    text = proc.stdout + proc.stderr
    top = str(root_clone.parent)
    assert proc.returncode == 2, text[-3000:]
    assert f"cannot enter the folder {top}" in text and f"chmod o+x {top}" in text, text[-3000:]
    assert "kernel died" not in text and "[1/2]" not in text
    assert not list(tmp.glob("course-demo-*"))


# ---- a non-root user ----

@pytest.fixture(scope="module")
def user_clone(as_root) -> Iterator[tuple[str, Path]]:
    """A throwaway user with its own clone in its own private folder."""
    name = f"mxu{secrets.token_hex(3)}"
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name], check=True)
    uid = pwd.getpwnam(name).pw_uid
    top = private_folder(uid)
    try:
        clone = make_clone(top / "course")
        for sub in ("tmp", "home"):
            (top / sub).mkdir(mode=0o700)
        for path in [top, *(p for p in top.rglob("*") if ".venv" not in p.relative_to(top).parts)]:
            os.lchown(path, uid, pwd.getpwnam(name).pw_gid)
        yield name, clone
    finally:
        shutil.rmtree(top, ignore_errors=True)
        subprocess.run(["userdel", name], capture_output=True)


def test_a_non_root_user(user_clone):
    name, clone = user_clone
    tmp = clone.parent / "tmp"
    home = {"HOME": str(clone.parent / "home")}
    proc = demo(clone, tmp, name, **home)
    level = "PARTIAL sandbox" if "PARTIAL" in proc.stdout else "WEAK protection"
    assert_demo_graded(proc, tmp, level)
    assert_demo_graded(demo(clone, tmp, name, COURSE_GRADING_WITHOUT="bwrap", **home), tmp, "WEAK protection")


def test_a_non_root_user_runs_the_grading_tests(user_clone):
    name, clone = user_clone
    env = clean_env(HOME=str(clone.parent / "home"), TMPDIR=str(clone.parent / "tmp"))
    proc = run([".venv/bin/python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs",
                "tests/test_grading_engine.py", "tests/test_grading_preflight.py"], clone, env, name)
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert "failed" not in proc.stdout and "SKIPPED" in proc.stdout and "root (the sandbox" in proc.stdout, \
        proc.stdout[-3000:]
    ci = {**env, "CI": "1"}
    proc = run([".venv/bin/python", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                "tests/test_grading_preflight.py::test_root_without_any_view_is_refused_unless_told"], clone, ci, name)
    assert proc.returncode == 1 and "CI must provide this, but: root" in proc.stdout, proc.stdout[-3000:]


# ---- a venv whose interpreter lives under a private folder ----

@pytest.fixture(scope="module")
def private_python_clone(as_root) -> Iterator[Path]:
    """Like a pyenv Python in root's home: the venv's python links into a 0700 folder."""
    top = private_folder()
    real = Path(os.path.realpath(VENV / "bin" / "python"))
    (top / "pyenv" / "bin").mkdir(parents=True)
    interp = top / "pyenv" / "bin" / real.name
    shutil.copy2(real, interp)
    os.chmod(top / "pyenv", 0o700)
    clone = make_clone(top / "course")
    link = clone / ".venv" / "bin" / real.name
    link.unlink()
    link.symlink_to(interp)
    _rewrite(clone / ".venv" / "pyvenv.cfg", str(real.parent), str(interp.parent))
    (top / "tmp").mkdir(mode=0o700)
    yield clone
    shutil.rmtree(top, ignore_errors=True)


def test_an_interpreter_under_a_private_folder(private_python_clone):
    clone = private_python_clone
    tmp = clone.parent / "tmp"
    python = subprocess.run([str(clone / ".venv" / "bin" / "python"), "-c", "import sys, course; print(course.__file__)"],
                            capture_output=True, text=True, check=True, cwd="/").stdout.strip()
    assert python.startswith(str(clone)), python  # the copy's toolkit, the private interpreter
    if sandbox.bwrap_works(as_root=True):
        assert_demo_graded(demo(clone, tmp), tmp, "FULL sandbox: bubblewrap")
    assert_demo_graded(demo(clone, tmp, COURSE_GRADING_WITHOUT="bwrap"), tmp, "util-linux unshare")
    proc = demo(clone, tmp, COURSE_GRADING_WITHOUT="bwrap,unshare", COURSE_GRADING_ALLOW_WEAK="1")
    text = proc.stdout + proc.stderr
    assert proc.returncode == 2 and "make venv PYTHON=/usr/bin/python3.11" in text, text[-3000:]
    assert f"chmod o+x {clone.parent}" in text and "kernel died" not in text


def test_the_matrix_copy_is_a_real_clone(root_clone):
    """The copy runs its own code, not this checkout's (else the matrix would test nothing)."""
    out = subprocess.run([str(root_clone / ".venv" / "bin" / "python"), "-c",
                          "import course.grading.preflight as p; print(p.__file__)"],
                         capture_output=True, text=True, check=True, cwd="/").stdout.strip()
    assert out.startswith(str(root_clone)) and Path(preflight.__file__).is_relative_to(ROOT)
