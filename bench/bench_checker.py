"""The checker (issue 12): `make grade` with tests judged outside the kernel, against the same engine
without it and against stock serial `nbgrader autograde`, on the same submissions; scores must be identical.

BENCH_CHECKER_N (default 100) submissions of BENCH_CHECKER_ASSIGNMENT (default a04, whose tests call the
student's functions most), a third each right, blank and half answered. Goal: at most 25% over the engine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench.bench_grading import _scores
from bench.common import Figure, skipped

GOAL = 0.25


def run() -> list[Figure]:
    from nbgrader.api import Gradebook

    from course.grading import checker
    from course.grading import classroom as cl
    from course.grading.demo import answer_ids
    from course.grading.engine import Options, PreflightFailed, SandboxMissing
    from course.grading.engine import run as grade

    n = int(os.environ.get("BENCH_CHECKER_N", "100"))
    root = Path(__file__).resolve().parents[1]
    assignment = os.environ.get("BENCH_CHECKER_ASSIGNMENT", "a04")
    tmp = Path(tempfile.mkdtemp(prefix="bench-checker-"))
    saved = os.environ.get(checker.ENV)
    try:
        os.environ["NBGRADER_EXCHANGE"] = str(tmp / "exchange")
        template = cl.new_course(tmp / "template", root / "source" / assignment, assignment)
        with Gradebook(f"sqlite:///{template / 'gradebook.db'}", "medical-coding-billing") as gb:
            due = gb.find_assignment(assignment).duedate
        when = (due - timedelta(hours=1)) if due else None
        for i in range(n):
            files = {}
            for name in cl.notebook_names(template, assignment):
                ids = answer_ids(template, assignment, name)
                files[name] = cl.answered(template, assignment, name, [None, [], ids[: len(ids) // 2]][i % 3])
            cl.submit(template, f"s{i:03d}", assignment, files, when or __import__("datetime").datetime.now())
        copies = {k: tmp / k for k in ("stock", "engine", "checker")}
        for folder in copies.values():
            shutil.copytree(template, folder)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "nbgrader", "autograde", assignment], cwd=copies["stock"],
                       capture_output=True, check=False)
        stock_s = time.perf_counter() - start
        seconds = {}
        for mode, key in (("0", "engine"), ("1", "checker")):
            os.environ[checker.ENV] = mode
            start = time.perf_counter()
            try:
                grade(copies[key], assignment, Options(feedback=False, progress=lambda _: None))
            except (SandboxMissing, PreflightFailed) as err:
                return [skipped(f"checker: autograde {n} x {assignment}", f"this machine cannot sandbox: {err}"[:600])]
            seconds[key] = time.perf_counter() - start
        stock, engine, checked = (_scores(copies[k], assignment) for k in ("stock", "engine", "checker"))
        if not (stock == engine == checked):
            raise AssertionError("honest scores differ between stock nbgrader, the engine and the checker")
        overhead = seconds["checker"] / seconds["engine"] - 1
        verdict = "within" if overhead <= GOAL else "OVER"
        return [
            Figure(f"autograde {n} x {assignment} with the checker", seconds["checker"], "s",
                   baseline=seconds["engine"], baseline_name="the same engine without the checker",
                   note=f"scores identical; overhead {overhead:+.0%} ({verdict} the {GOAL:.0%} goal)"),
            Figure(f"autograde {n} x {assignment} with the checker (vs stock)", seconds["checker"], "s",
                   baseline=stock_s, baseline_name="stock serial nbgrader autograde", note="scores identical"),
        ]
    finally:
        if saved is None:
            os.environ.pop(checker.ENV, None)
        else:
            os.environ[checker.ENV] = saved
        shutil.rmtree(tmp, ignore_errors=True)
