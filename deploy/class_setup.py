"""Set up a class on one server for deploy/jupyterhub_config.py (run as root).

    .venv/bin/python deploy/class_setup.py --instructor teacher --students ana,ben [--create-users]

It makes the shared nbgrader exchange, gives the instructor a course folder (source/ and the course's
nbgrader_config.py, with the students in the gradebook) and configures nbgrader per role in each user's
own ~/.jupyter: the instructor gets the formgrader and Create Assignment; students get only the
Assignments tab and Validate. `--create-users` also makes the OS accounts (for tests and demos).

Every class user runs the course checkout (`--course`, default: this one), so class_setup then closes its
instructor-only parts to them (source/, .git, tests/, the grading files: 0700 folders, 0600 files) and
does not finish (exit status 3, naming each) while anything with solutions or hidden tests stays readable.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
COURSE_ID = "medical-coding-billing"

# What a student must not see: the instructor's tools (nbgrader's lab plugins and server extensions).
STUDENT_DISABLED_LAB = ["@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                        "@jupyter/nbgrader:course-list"]
STUDENT_DISABLED_SERVER = ["nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list"]


def nbgrader_config(exchange: Path, course_root: Path | None = None) -> str:
    """The per-user nbgrader_config.py: course id, exchange, and the instructor's course folder."""
    lines = [
        "c = get_config()  # noqa: F821",
        f"c.CourseDirectory.course_id = {COURSE_ID!r}",
        f"c.Exchange.root = {str(exchange)!r}",
    ]
    if course_root is not None:
        lines.append(f"c.CourseDirectory.root = {str(course_root)!r}")
    return "\n".join(lines) + "\n"


def role_files(role: str, home: Path, exchange: Path) -> dict[Path, str]:
    """The files (path -> text) that configure nbgrader for `role` ("instructor" or "student")."""
    jupyter = home / ".jupyter"
    # no "get notified about Jupyter news?" prompt: a class server should not send users' browsers out
    quiet = {jupyter / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension" /
             "notification.jupyterlab-settings": json.dumps({"fetchNews": "false", "checkForUpdates": False})}
    if role == "instructor":
        return {jupyter / "nbgrader_config.py": nbgrader_config(exchange, home / "course"), **quiet}
    if role != "student":
        raise ValueError(f"unknown role {role!r}")
    return {
        **quiet,
        jupyter / "nbgrader_config.py": nbgrader_config(exchange),
        jupyter / "labconfig" / "page_config.json": json.dumps(
            {"disabledExtensions": {name: True for name in STUDENT_DISABLED_LAB}}, indent=1),
        jupyter / "jupyter_server_config.json": json.dumps(
            {"ServerApp": {"jpserver_extensions": {name: False for name in STUDENT_DISABLED_SERVER}}}, indent=1),
    }


def _chown_tree(path: Path, user: str) -> None:
    entry = pwd.getpwnam(user)
    for dirpath, _dirs, files in os.walk(path):
        os.chown(dirpath, entry.pw_uid, entry.pw_gid)
        for name in files:
            os.chown(os.path.join(dirpath, name), entry.pw_uid, entry.pw_gid)


def as_user(user: str, args: list[str], cwd: Path, env: dict[str, str] | None = None,
            check: bool = True) -> subprocess.CompletedProcess:
    """Run a command as an OS user (root only), with the course's venv first on PATH."""
    home = pwd.getpwnam(user).pw_dir
    base = {"HOME": home, "USER": user, "LOGNAME": user, "PATH": f"{VENV_BIN}:/usr/bin:/bin", "MPLBACKEND": "Agg"}
    base.update(env or {})
    cmd = ["runuser", "-u", user, "--", "env", "-i", *(f"{k}={v}" for k, v in base.items()), *args]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=check)


def create_user(name: str, home_base: Path) -> None:
    """Make an OS account with a home under home_base, unless it exists."""
    try:
        pwd.getpwnam(name)
        return
    except KeyError:
        pass
    subprocess.run(["useradd", "--create-home", "--home-dir", str(home_base / name), "--shell", "/bin/bash",
                    "--user-group", name], check=True)


def private_home(user: str) -> Path:
    """Make the user's home readable by them alone (useradd's default may be 0755): students must not
    read each other's answers, nor the instructor's solutions, hidden tests and gradebook."""
    home = Path(pwd.getpwnam(user).pw_dir)
    home.chmod(0o700)
    return home


def make_exchange(exchange: Path) -> None:
    """The shared exchange: world-writable like /tmp, as nbgrader's docs say; nbgrader then makes each
    course's inbound write-only for students (they cannot list others' submissions)."""
    exchange.mkdir(parents=True, exist_ok=True)
    exchange.chmod(0o777)


def setup_instructor(user: str, exchange: Path, students: list[str], course_src: Path = ROOT) -> Path:
    """Give the instructor ~/course (source/ + nbgrader_config.py) and a gradebook listing the students."""
    home = private_home(user)
    course = home / "course"
    course.mkdir(exist_ok=True)
    shutil.copytree(course_src / "source", course / "source", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    shutil.copy2(course_src / "nbgrader_config.py", course / "nbgrader_config.py")
    for path, text in role_files("instructor", home, exchange).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    _chown_tree(home, user)
    env = {"NBGRADER_EXCHANGE": str(exchange)}
    for student in students:
        as_user(user, ["nbgrader", "db", "student", "add", student], course, env)
    return course


def setup_student(user: str, exchange: Path) -> None:
    """Configure nbgrader for a student: Assignments tab and Validate only; a private home."""
    home = private_home(user)
    for path, text in role_files("student", home, exchange).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    _chown_tree(home / ".jupyter", user)


# The course's instructor-only parts: solutions, hidden tests and their history, the grading state.
# class_setup closes each that exists to its owner (0700 folders, 0600 files) before it finishes.
INSTRUCTOR_ONLY = ("source", ".git", "tests", "gradebook.db", "submitted", "autograded", "feedback", "exports",
                   ".grading-tmp", "students.csv", "grades.csv", "extensions.csv")
SKIP_SCAN = {".venv", "node_modules", "release", "assignments", "__pycache__", ".ipynb_checkpoints"}
SOLUTION_MARKERS = (b"### BEGIN SOLUTION", b"### BEGIN HIDDEN TESTS", b"BEGIN MARK SCHEME")


def instructor_only(course: Path) -> list[Path]:
    """The instructor-only parts present in `course` (gradebook backups included)."""
    names = [course / name for name in INSTRUCTOR_ONLY] + sorted(course.glob("gradebook.db.*"))
    return [p for p in names if p.exists() or p.is_symlink()]


def close_course(course: Path) -> list[Path]:
    """Make the instructor-only parts of the course readable by their owner alone; returns what changed."""
    changed = []
    for path in instructor_only(course):
        if path.is_symlink():
            continue  # reported by exposed(): its target is elsewhere
        mode = 0o700 if path.is_dir() else 0o600
        if stat.S_IMODE(path.stat().st_mode) != mode:
            path.chmod(mode)
            changed.append(path)
    return changed


def _git_dir(course: Path) -> Path | None:
    """Where a worktree's `.git` file points (its history lives there, outside the course folder)."""
    gitfile = course / ".git"
    if gitfile.is_file():
        for line in gitfile.read_text(errors="replace").splitlines():
            if line.startswith("gitdir:"):
                return (course / line.removeprefix("gitdir:").strip()).resolve()
    return None


def exposed(course: Path) -> list[str]:
    """Everything with solutions, hidden tests or grades that a student could still read: [] when closed.

    The instructor-only parts must not be readable by others; a worktree's history outside the course
    and any other notebook or file holding solution or hidden-test markers count too."""
    found = []
    for path in instructor_only(course):
        if path.is_symlink() or stat.S_IMODE(path.stat().st_mode) & 0o007:
            found.append(f"{path} (mode {oct(stat.S_IMODE(path.lstat().st_mode))}: readable by students)")
    gitdir = _git_dir(course)
    if gitdir is not None and gitdir.exists():
        common = gitdir.parent.parent if gitdir.parent.name == "worktrees" else gitdir
        if stat.S_IMODE(common.stat().st_mode) & 0o007:
            found.append(f"{common} (this checkout's git history, outside the course: deploy from a plain clone "
                         f"or chmod 0700 {common})")
    closed = set(instructor_only(course))
    for dirpath, dirs, files in os.walk(course):
        here = Path(dirpath)
        dirs[:] = [d for d in dirs if d not in SKIP_SCAN and here / d not in closed
                   and (here / d).stat().st_mode & stat.S_IXOTH]
        for name in files:
            path = here / name
            if path in closed or path.is_symlink() or not path.stat().st_mode & stat.S_IROTH:
                continue
            if path.suffix not in (".ipynb", ".json", ".py", ".txt", ".md") or path.stat().st_size > 20_000_000:
                continue
            if path.suffix in (".py", ".md") and path.parent.name in ("grading", "tools", "deploy") or \
                    path.name in ("README.md", "PKG-INFO"):
                continue  # the toolkit that builds and strips those markers, and the docs that name them
            data = path.read_bytes()
            if any(marker in data for marker in SOLUTION_MARKERS):
                found.append(f"{path} (holds solutions or hidden tests)")
    return found


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--instructor", required=True)
    p.add_argument("--students", required=True, help="comma-separated OS user names")
    p.add_argument("--exchange", type=Path, default=Path(os.environ.get("NBGRADER_EXCHANGE",
                                                                        "/srv/nbgrader/exchange")))
    p.add_argument("--create-users", action="store_true", help="also create the OS accounts")
    p.add_argument("--home-base", type=Path, default=Path("/home"))
    p.add_argument("--course", type=Path, default=ROOT,
                   help="the course checkout every class user runs (default: this one); its instructor-only "
                        "parts (source/, .git, tests/, grading files) are closed to students")
    args = p.parse_args(argv)
    students = [s.strip() for s in args.students.split(",") if s.strip()]
    if os.geteuid() != 0:
        print("run as root: it writes other users' configuration", file=sys.stderr)
        return 2
    if args.create_users:
        for name in [args.instructor, *students]:
            create_user(name, args.home_base)
    make_exchange(args.exchange)
    course = setup_instructor(args.instructor, args.exchange, students, args.course)
    for student in students:
        setup_student(student, args.exchange)
    closed = close_course(args.course)
    for path in closed:
        print(f"closed to students: {path}")
    left = exposed(args.course)
    if left:
        print("NOT finished: students could still read solutions, hidden tests or grades in the course they "
              f"run ({args.course}):\n  " + "\n  ".join(left) +
              "\nClose them (chmod 0700 / 0600, or move them out) and run class_setup.py again.", file=sys.stderr)
        return 3
    print(f"instructor {args.instructor}: course folder {course}; students: {', '.join(students)}; "
          f"exchange {args.exchange}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
