"""Grading a class: `make grade`'s engine against stock serial `nbgrader autograde`, same submissions.

BENCH_GRADING_N (default 100) submissions of BENCH_GRADING_ASSIGNMENT (default a01, or the small test
fixture if a01 does not release) in two copies of one course; scores must be identical.
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

from bench.common import Figure, skipped, timed


def _scores(course: Path, assignment: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "medical-coding-billing") as gb:
        return {s.student.id: round(s.score, 4) for s in gb.assignment_submissions(assignment)}


def _bare_kernel() -> None:
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def run() -> list[Figure]:
    from nbgrader.api import Gradebook

    from course.grading import classroom as cl
    from course.grading.__main__ import refusal
    from course.grading.demo import answer_ids, pick_assignment
    from course.grading.engine import Options, PreflightFailed, SandboxMissing
    from course.grading.engine import run as grade

    n = int(os.environ.get("BENCH_GRADING_N", "100"))
    tmp = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        template = tmp / "template"
        os.environ["NBGRADER_EXCHANGE"] = str(tmp / "exchange")
        assignment = pick_assignment(template, os.environ.get("BENCH_GRADING_ASSIGNMENT", ""))
        with Gradebook(f"sqlite:///{template / 'gradebook.db'}", "medical-coding-billing") as gb:
            due = gb.find_assignment(assignment).duedate
        names = cl.notebook_names(template, assignment)
        for i in range(n):
            files = {}
            for name in names:
                ids = answer_ids(template, assignment, name)
                files[name] = cl.answered(template, assignment, name, [None, [], ids[: len(ids) // 2]][i % 3])
            cl.submit(template, f"s{i:03d}", assignment, files, due - timedelta(hours=1))
        stock, ours = tmp / "stock", tmp / "ours"
        shutil.copytree(template, stock)
        shutil.copytree(template, ours)

        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "nbgrader", "autograde", assignment], cwd=stock,
                       capture_output=True, check=False)
        stock_s = time.perf_counter() - start
        workers = os.cpu_count() or 1
        start = time.perf_counter()
        try:
            report = grade(ours, assignment, Options(workers=workers, feedback=False, progress=lambda _: None))
        except (SandboxMissing, PreflightFailed) as err:  # this machine cannot sandbox: say so, keep the rest
            return [Figure(f"autograde {n} x {assignment}, stock serial nbgrader autograde", stock_s, "s"),
                    skipped(f"autograde {n} x {assignment} (engine, sandboxed)", " ".join(
                        line.strip() for line in refusal(err).removeprefix("error: ").splitlines())[:800])]
        ours_s = time.perf_counter() - start
        same = _scores(stock, assignment) == _scores(ours, assignment)
        if not same:
            raise AssertionError("scores differ between stock nbgrader and the grading engine")
        kernel_s = timed(_bare_kernel, repeat=3)
        level = report.protection.level
        per_sub = ours_s * workers / n
        return [
            Figure(f"autograde {n} x {assignment} (engine, {workers} workers, sandbox {level})", ours_s, "s",
                   baseline=stock_s, baseline_name="stock serial nbgrader autograde",
                   note="scores identical"),
            Figure(f"per submission per worker (sandbox {level})", per_sub, "s", baseline=kernel_s,
                   baseline_name="bare kernel start+shutdown",
                   note=f"overhead {per_sub - kernel_s:+.2f} s over a bare kernel"),
        ]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
