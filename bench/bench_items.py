"""What the class got wrong: the item analysis (`make report`, also the end of `make grade`) over 100 graded
submissions, next to the gradebook export of the same run: the two commands (each with its Python start-up),
and the two in-process (the analysis's `write` vs nbgrader's CSV export plugin, both libraries imported).

BENCH_ITEMS_N (default 100) graded submissions of BENCH_GRADING_ASSIGNMENT (default a01, or the small test
fixture if a01 does not release). Three submissions (all answers, half of them, none) are really autograded
by the engine; the other students are copies of those three written straight into the gradebook with
nbgrader's Gradebook API (add_submission + their grades) and their autograded notebooks copied, because
autograding 100 real submissions takes minutes on a 2-core machine. Written answers get manual scores
0..max in turn, so every question has a spread.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench.common import Figure, skipped

COURSE_ID = "medical-coding-billing"


def _class(course: Path, assignment: str, n: int) -> None:
    """Three real graded submissions, then n - 3 copies of them in the gradebook (Gradebook API)."""
    from nbgrader.api import Gradebook

    from course.grading import classroom as cl
    from course.grading.demo import answer_ids
    from course.grading.engine import Options, run

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE_ID) as gb:
        due = gb.find_assignment(assignment).duedate
    names = cl.notebook_names(course, assignment)
    kinds = {"k0": None, "k1": "half", "k2": []}
    for student, kind in kinds.items():
        files = {}
        for name in names:
            ids = answer_ids(course, assignment, name)
            files[name] = cl.answered(course, assignment, name, ids[: len(ids) // 2] if kind == "half" else kind)
        cl.submit(course, student, assignment, files, due - timedelta(hours=1))
    run(course, assignment, Options(workers=2, feedback=False, progress=lambda _: None))
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE_ID) as gb:
        template = {}
        for k in kinds:
            sub = gb.find_submission(assignment, k)
            template[k] = [(nb.name, g.name, g.auto_score, g.cell.cell_type == "markdown", g.max_score)
                           for nb in sub.notebooks for g in nb.grades]
        for i in range(len(kinds), n):
            k, student = f"k{i % 3}", f"s{i:03d}"
            gb.update_or_create_student(student)
            gb.add_submission(assignment, student)
            for nb_name, gid, auto, written, max_score in template[k]:
                g = gb.find_grade(gid, nb_name, assignment, student)
                g.auto_score = auto
                g.needs_manual_grade = False
                if written:
                    g.manual_score = float(i % (int(max_score) + 1))
            shutil.copytree(course / "autograded" / k / assignment, course / "autograded" / student / assignment)
        gb.db.commit()


def run() -> list[Figure]:
    from course.grading import class_report
    from course.grading.__main__ import refusal
    from course.grading.demo import pick_assignment
    from course.grading.engine import PreflightFailed, SandboxMissing

    n = int(os.environ.get("BENCH_ITEMS_N", "100"))
    tmp = Path(tempfile.mkdtemp(prefix="bench-items-"))
    try:
        course = tmp / "course"
        os.environ["NBGRADER_EXCHANGE"] = str(tmp / "exchange")
        assignment = pick_assignment(course, os.environ.get("BENCH_GRADING_ASSIGNMENT", ""))
        try:
            _class(course, assignment, n)
        except (SandboxMissing, PreflightFailed) as err:  # this machine cannot sandbox: say so
            why = " ".join(line.strip() for line in refusal(err).removeprefix("error: ").splitlines())[:800]
            return [skipped(f"item analysis {n} x {assignment}", f"could not grade the three templates: {why}")]

        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "course.grading.class_report", assignment], cwd=course,
                       check=True, capture_output=True)
        ours_cli = time.perf_counter() - start
        from course import plots as _plots  # noqa: F401  matplotlib imported before timing, as nbgrader is

        start = time.perf_counter()
        class_report.write(course, assignment)
        ours = time.perf_counter() - start
        with (course / "exports" / assignment / "items.csv").open(newline="") as fh:
            counted = {int(r["n"]) + int(r["pending"]) for r in csv.DictReader(fh)}
        if counted != {n}:
            raise AssertionError(f"the item analysis saw {counted} submissions, not {n}")

        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "nbgrader", "export", f"--to={tmp / 'grades.csv'}"], cwd=course,
                       check=True, capture_output=True)
        cli = time.perf_counter() - start
        with (tmp / "grades.csv").open(newline="") as fh:
            exported = sum(1 for r in csv.DictReader(fh) if r["assignment"] == assignment)
        if exported != n:
            raise AssertionError(f"nbgrader export wrote {exported} rows for {assignment}, not {n}")

        from nbgrader.api import Gradebook
        from nbgrader.plugins.export import CsvExportPlugin

        start = time.perf_counter()
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE_ID) as gb:
            CsvExportPlugin(to=str(tmp / "grades-inproc.csv")).export(gb)
        inproc = time.perf_counter() - start
        note = f"{n} submissions: 3 autograded, {n - 3} copied into the gradebook with nbgrader's Gradebook API"
        return [
            Figure(f"`make report` {n} x {assignment} (CSV + PNG + text + progress)", ours_cli, "s", baseline=cli,
                   baseline_name="`nbgrader export`, same gradebook", note=note),
            Figure(f"item analysis {n} x {assignment}, in-process", ours, "s", baseline=inproc,
                   baseline_name="nbgrader CsvExportPlugin in-process",
                   note="same gradebook; ratio < 1: the analysis takes longer than the plain export"),
        ]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
