"""`make demo`: a simulated class through the whole grading workflow, in a temporary course copy.

    python -m course.grading.demo            # 30 students, assignment a01 (or the small test fixture)
    DEMO_STUDENTS=60 DEMO_ASSIGNMENT=a02 python -m course.grading.demo
    python -m course.grading.demo --keep     # keep the temporary course to browse (also DEMO_KEEP=1)

Synthetic students submit through a private exchange: most right, some partly right, some blank, some
late, a few broken (malformed, renamed, a deleted test cell, an endless loop). Then the real command
runs: collect, sandboxed parallel autograde, feedback, exports, summary. Nothing in the repository
changes; the temporary course is removed afterwards unless you ask to keep it. Exit code: 0 when
submissions were graded, 1 when none was, 2 when grading refused to start (the message says why).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import nbformat

from course.grading import classroom as cl
from course.grading.__main__ import run_and_judge
from course.grading.engine import Options
from course.tools.release import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "grading" / "source" / "t01"
FIRST = ["Ana", "Ben", "Chen", "Dara", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo", "Kemal", "Lena", "Mo",
         "Nia", "Omar", "Pia", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Vik", "Wen", "Xena", "Yusuf", "Zoe"]
LAST = ["Alvarez", "Brooks", "Cho", "Diaz", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Khan",
        "Lopez", "Murphy", "Nguyen", "Okafor", "Patel", "Quist", "Rossi", "Singh", "Tanaka"]
KINDS = ["right"] * 10 + ["partly right"] * 6 + ["blank"] * 3 + ["late"] * 3 + [
    "malformed", "renamed", "deleted test cell", "endless loop"]


def answer_ids(course: Path, assignment: str, name: str) -> list[str]:
    nb = nbformat.read(course / "source" / assignment / name, as_version=4)
    return [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
            if c.cell_type == "code" and c.get("metadata", {}).get("nbgrader", {}).get("solution")]


def submission(course: Path, assignment: str, kind: str, rng: random.Random) -> dict:
    """The files one synthetic student of `kind` hands in."""
    files = {}
    for name in cl.notebook_names(course, assignment):
        ids = answer_ids(course, assignment, name)
        if kind in ("right", "late", "renamed", "deleted test cell", "endless loop"):
            nb = cl.answered(course, assignment, name, None)
        elif kind == "partly right":
            nb = cl.answered(course, assignment, name, rng.sample(ids, k=max(1, len(ids) // 2)))
        else:
            nb = cl.answered(course, assignment, name, [])
        if kind == "deleted test cell":
            tests = [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade")
                     and not c.metadata["nbgrader"].get("solution")]
            nb.cells.remove(tests[0])
        if kind == "endless loop":
            nb.cells.insert(1, nbformat.v4.new_code_cell("while True:\n    pass"))
        files[name.replace(".ipynb", "-final.ipynb") if kind == "renamed" else name] = (
            "{ not a notebook" if kind == "malformed" else nb)
    return files


def pick_assignment(course: Path, wanted: str = "") -> str:
    """Build `course` with `wanted` (default DEMO_ASSIGNMENT or a01) if it releases cleanly, else the fixture t01."""
    wanted = wanted or os.environ.get("DEMO_ASSIGNMENT") or "a01"
    due = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    if (ROOT / "source" / wanted).is_dir():
        try:
            cl.new_course(course, ROOT / "source" / wanted, wanted, due)
            return wanted
        except Exception as err:  # noqa: BLE001  a half-written assignment falls back to the fixture
            print(f"(could not release {wanted}: {err}; using the small fixture t01)")
    cl.new_course(course, FIXTURE, "t01", due)
    return "t01"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m course.grading.demo", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--keep", action="store_true", default=os.environ.get("DEMO_KEEP", "") not in ("", "0"),
                   help="keep the temporary course afterwards (also DEMO_KEEP=1)")
    args = p.parse_args(argv)
    top = Path(tempfile.mkdtemp(prefix="course-demo-"))
    try:
        return demo(top / "course")
    finally:
        if args.keep:
            print(f">> kept the demo course in {top} (remove it with: rm -rf {top})")
        else:
            shutil.rmtree(top, ignore_errors=True)
            print(f">> removed the demo course {top} (make demo DEMO_KEEP=1, or --keep, to browse it)")


def demo(course: Path) -> int:
    """Build the class in `course`, grade it, and return the exit code."""
    from nbgrader.api import Gradebook

    n = int(os.environ.get("DEMO_STUDENTS", "30"))
    rng = random.Random(2026)
    os.environ["NBGRADER_EXCHANGE"] = str(course.parent / "exchange")
    print(f">> building a demo course in {course} ...", flush=True)
    assignment = pick_assignment(course)
    with (course / "nbgrader_config.py").open("a") as fh:
        fh.write("\nc.Execute.timeout = 5  # the demo's endless loop is stopped after 5 s\n")
    db = f"sqlite:///{course / 'gradebook.db'}"
    with Gradebook(db, "medical-coding-billing") as gb:
        due = gb.find_assignment(assignment).duedate.replace(tzinfo=UTC)
        kinds = [KINDS[i * len(KINDS) // n] for i in range(n)]
        rng.shuffle(kinds)
        for i, kind in enumerate(kinds, 1):
            student = f"student{i:02d}"
            gb.update_or_create_student(student, first_name=rng.choice(FIRST), last_name=rng.choice(LAST),
                                        email=f"{student}@example.edu".replace(".edu", ".org"))
            when = due + timedelta(hours=rng.uniform(2, 30)) if kind == "late" else due - timedelta(
                hours=rng.uniform(1, 72))
            cl.submit_to_exchange(Path(os.environ["NBGRADER_EXCHANGE"]), student, assignment,
                                  submission(course, assignment, kind, rng), when)
    mix = {k: kinds.count(k) for k in dict.fromkeys(kinds)}
    print(f">> {n} synthetic students submitted {assignment}: " + ", ".join(f"{v} {k}" for k, v in mix.items()))
    print(f">> now the instructor's one command: python -m course.grading {assignment}\n", flush=True)
    code, report = run_and_judge(course, assignment, Options(progress=lambda line: print(line, flush=True)))
    if report is None:
        return code
    print(f"\n>> the result: {report.exports}/grades.csv, canvas.csv, summary.txt; "
          f"feedback pages in {course / 'feedback'}")
    return code


if __name__ == "__main__":
    sys.exit(main())
