"""Check my work against a bare `nbgrader autograde` of the same a01 notebook, measured in this run.

The learner's a01 is the partial submission of tests/partial_submissions/a01.json. The baseline is the
nbgrader command an instructor would run on that one submission (a course folder whose gradebook
already has the assignment). Check my work is timed as the panel runs it (in a process that has already
imported nbgrader and built its cached gradebook: the panel does both when it appears) and as
`make selfcheck` runs it (a new process). Scores must be identical. BENCH_SELFCHECK_REPEAT (default 3)
runs each; the median is reported.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import Figure, timed

AID = "a01"
ROOT = Path(__file__).resolve().parents[1]
BASELINE = f"bare nbgrader autograde {AID}"


def _learner_checkout(tmp: Path) -> Path:
    from course.selfpaced import start_assignment
    from tests.nbgrader_helpers import hand_in

    root = tmp / "learner"
    root.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", root)
    for stage in ("source", "release"):
        shutil.copytree(ROOT / stage / AID, root / stage / AID)
    start_assignment(AID, root=root)
    hand_in(root / "assignments" / AID, root / "source" / AID, AID, "partial")
    return root


def _instructor_course(tmp: Path, work: Path) -> Path:
    from tests.nbgrader_helpers import make_course, nbgrader

    course = make_course(tmp / "instructor", [AID])
    nbgrader(course, "generate_assignment", AID, "--force")
    shutil.copytree(work, course / "submitted" / "learner" / AID)
    return course


def run() -> list[Figure]:
    from course.selfpaced.check import CACHE_DIR, COMMAND_SECONDS, PANEL_SECONDS, self_check, warm_up
    from tests.nbgrader_helpers import nbgrader, scores

    repeat = int(os.environ.get("BENCH_SELFCHECK_REPEAT", "3"))
    tmp = Path(tempfile.mkdtemp(prefix="bench-selfcheck-"))
    try:
        root = _learner_checkout(tmp)
        course = _instructor_course(tmp, root / "assignments" / AID)
        bare_s = timed(lambda: nbgrader(course, "autograde", AID, "--force"), repeat=repeat)
        stock = scores(course, AID)["learner"][0]

        warm_up(root, [AID])
        reports = []
        panel_s = timed(lambda: reports.append(self_check(AID, root=root, record=False)), repeat=repeat)
        if {r.score for r in reports} != {stock}:
            raise AssertionError(f"Check my work scored {[r.score for r in reports]}, nbgrader autograde {stock}")

        env = {**os.environ, "COURSE_ROOT": str(root)}
        cli = [sys.executable, "-m", "course.selfpaced", "check", AID]
        cli_s = timed(lambda: subprocess.run(cli, env=env, capture_output=True, check=True), repeat=repeat)

        def first_check() -> None:
            for template in (root / "assignments" / CACHE_DIR).glob(f"{AID}-*"):
                shutil.rmtree(template)
            self_check(AID, root=root, record=False)

        first_s = timed(first_check, repeat=1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    def kept(seconds: float, promised: tuple[int, int]) -> str:
        return f"{'within' if seconds <= promised[1] else 'OVER'} the promised {promised[0]}-{promised[1]} s"

    return [
        Figure(f"Check my work {AID}, panel (nbgrader imported, gradebook cached)", panel_s, "s",
               baseline=bare_s, baseline_name=BASELINE,
               note=f"scores identical ({stock:g} points); goal ratio >= 2; {kept(panel_s, PANEL_SECONDS)}"),
        Figure(f"make selfcheck ASSIGNMENT={AID} (a new process)", cli_s, "s", baseline=bare_s,
               baseline_name=BASELINE, note=f"start-up and imports included; {kept(cli_s, COMMAND_SECONDS)}"),
        Figure(f"first Check my work of {AID} after a course update (gradebook rebuilt)", first_s, "s",
               baseline=bare_s, baseline_name=BASELINE, note="once per version of the source; the panel does it ahead"),
    ]
