"""Simulate a class through nbgrader's exchange (used by the class workflow test and `make bench`)."""

from __future__ import annotations

import time
from pathlib import Path

from tests.nbgrader_helpers import COURSE_ID, hand_in, make_course, nbgrader


def simulate_class(tmp: Path, aid: str, students: dict[str, tuple[str, str, str]]) -> dict[str, float]:
    """Run the whole workflow; `students` maps id -> (first, last, "solution"|"partial"|"blank").

    Returns the wall time of each step in seconds. Leaves the course in tmp/course, students' homes in
    tmp/home/<id>, the exchange in tmp/exchange and the export in tmp/grades.csv.
    """
    timings: dict[str, float] = {}
    exchange = tmp / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    env = {"NBGRADER_EXCHANGE": str(exchange)}
    course = make_course(tmp, [aid])
    exchange_args = [f"--Exchange.root={exchange}", f"--course={COURSE_ID}"]

    def step(name: str, cwd: Path, *args: str) -> None:
        start = time.perf_counter()
        nbgrader(cwd, *args, env=env)
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start

    for sid, (first, last, _) in students.items():
        step("db student add", course, "db", "student", "add", sid, f"--first-name={first}", f"--last-name={last}")
    step("generate_assignment", course, "generate_assignment", aid, "--force")
    step("release_assignment", course, "release_assignment", aid, "--force")

    for sid, (_, _, work) in students.items():
        home = tmp / "home" / sid
        home.mkdir(parents=True)
        step("fetch_assignment", home, "fetch_assignment", aid, *exchange_args)
        hand_in(home / aid, course / "source" / aid, aid, work)
        step("submit", home, "submit", aid, f"--student={sid}", *exchange_args)

    step("collect", course, "collect", aid)
    step("autograde", course, "autograde", aid)
    step("generate_feedback", course, "generate_feedback", aid)
    step("release_feedback", course, "release_feedback", aid)
    for sid in students:
        step("fetch_feedback", tmp / "home" / sid, "fetch_feedback", aid, f"--student={sid}", *exchange_args)
    step("export", course, "export", f"--to={tmp / 'grades.csv'}")
    return timings
