"""What `make lab` runs: bring your lesson copies up to date, then open JupyterLab at lesson 00.

JupyterLab serves the whole course folder, so `assignments/` is in the file browser and nbgrader's
course directory is inside the server root. It opens your own copy of lesson 00,
assignments/lessons/00-start-here.ipynb (the printed URL is that lesson): students never type into the
course's tracked files, so `git pull` always works (see course.selfpaced.lessons).

A student's Lab hides nbgrader's instructor tools (Create Assignment, Formgrader, Course List, and
Validate on every notebook) through a page_config.json on JUPYTER_CONFIG_PATH; `--instructor`
(`make lab INSTRUCTOR=1`) opens the course folder with every tool and touches no copies.

    python -m course.tools.lab [--instructor] [more `jupyter lab` options, e.g. --no-browser --port=8890]

`lab_command` and `lab_environment` are the whole launch: tests run them through `make lab`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from course.selfpaced.lessons import COPIES, sync_lessons
from course.selfpaced.paths import course_root
from course.selfpaced.start import updates_message

STUDENT_CONFIG = Path(__file__).resolve().with_name("student_lab")
FIRST_LESSON = "00-start-here.ipynb"


def lesson_url() -> str:
    """The Lab URL path of the student's copy of lesson 00 (relative to the server root)."""
    return f"/lab/tree/assignments/{COPIES}/{FIRST_LESSON}"


def lab_command(root: Path, *, instructor: bool = False, extra: Sequence[str] = (),
                as_root: bool | None = None) -> list[str]:
    """The `jupyter lab` command line: the course folder as server root, lesson 00 as the page."""
    jupyter = Path(sys.executable).with_name("jupyter")
    command = [str(jupyter), "lab", f"--ServerApp.root_dir={root}"]
    if not instructor:
        # lesson 00 is the page; backups in assignments/.backups/ open with File > Open from Path...
        command += [f"--LabApp.default_url={lesson_url()}", "--ContentsManager.allow_hidden=True"]
    if as_root is None:
        as_root = os.geteuid() == 0
    if as_root:
        command.append("--allow-root")
    return command + list(extra)


def lab_environment(env: Mapping[str, str], *, instructor: bool = False) -> dict[str, str]:
    """The environment for Lab: a student's puts the course's page config first on JUPYTER_CONFIG_PATH."""
    result = dict(env)
    if not instructor:
        rest = [p for p in result.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p and p != str(STUDENT_CONFIG)]
        result["JUPYTER_CONFIG_PATH"] = os.pathsep.join([str(STUDENT_CONFIG), *rest])
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.tools.lab", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instructor", action="store_true", help="every nbgrader tool, no lesson copies")
    args, extra = parser.parse_known_args(argv)
    root = course_root()
    if not args.instructor:
        report = sync_lessons(root)
        for text in (report.message(), updates_message(root)):
            if text:
                print(text)
        print(f"Opening your copy of lesson 00: assignments/{COPIES}/{FIRST_LESSON} (stop JupyterLab with Ctrl+C).",
              flush=True)
    command = lab_command(root, instructor=args.instructor, extra=extra)
    os.chdir(root)
    os.execve(command[0], command, lab_environment(os.environ, instructor=args.instructor))
    return 0  # not reached


if __name__ == "__main__":
    raise SystemExit(main())
