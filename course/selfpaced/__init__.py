"""Learning on your own: start an assignment safely, check it fully, see your progress.

- `start_assignment("a01")` copies release/a01 into assignments/a01 (never over work in progress).
- `self_check("a01")` grades your copy the way the instructor's autograder would (hidden tests
  included, through nbgrader, in a throw-away folder) and explains each failed check.
- `progress.summary()` and the progress view show lessons practised and best self-check scores.
- `changed_assignments()` lists assignments the course changed since you started them.

From a terminal: `make start ASSIGNMENT=a01`, `make selfcheck ASSIGNMENT=a01`, `make progress`.
"""

from course.selfpaced.check import CheckReport, self_check
from course.selfpaced.start import StartResult, changed_assignments, start_assignment

__all__ = ["CheckReport", "StartResult", "changed_assignments", "self_check", "start_assignment"]
