"""nbgrader settings for the course (read by every `nbgrader` command run from this folder).

The exchange is the folder `exchange/` in the course (git-ignored; made, open to every account on
this computer as nbgrader needs, once the course has a gradebook), so one laptop works without root.
NBGRADER_EXCHANGE moves it: the class Hub of deploy/ sets it to its shared folder, tests and the
demo class to a temporary one.
"""

import os
import sys

c = get_config()  # noqa: F821  (injected by traitlets when nbgrader loads this file)

# nbgrader runs helper programs (alembic, when it creates a gradebook) by name: the ones installed
# next to the Python running nbgrader come first, so `.venv/bin/nbgrader` works without activating.
_bin = os.path.dirname(sys.executable)
if os.environ.get("PATH", "").split(os.pathsep)[0] != _bin:
    os.environ["PATH"] = _bin + os.pathsep + os.environ.get("PATH", "")

c.CourseDirectory.course_id = "medical-coding-billing"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = os.environ.get(
    "NBGRADER_DB_URL", "sqlite:///" + os.path.join(c.CourseDirectory.root, "gradebook.db")
)
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE") or os.path.join(c.CourseDirectory.root, "exchange")
_instructors_course = os.path.exists(os.path.join(c.CourseDirectory.root, "gradebook.db"))
if not os.environ.get("NBGRADER_EXCHANGE") and _instructors_course and not os.path.isdir(c.Exchange.root):
    # The Formgrader decides once, when Lab starts, whether it can release and collect: in a course
    # with a gradebook the exchange exists before the first release, open like /tmp as nbgrader makes it.
    # (A student's clone has no gradebook.db and gets no exchange/.)
    try:
        os.mkdir(c.Exchange.root)
        os.chmod(c.Exchange.root, 0o777)
    except OSError:  # a read-only course folder: nbgrader then says the exchange is missing
        pass

# Student code gets 30 s a cell; a cell that runs longer is interrupted and reported.
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True

# Keep floods of output out of the gradebook and feedback.
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 50

# Late policy (nbgrader's late-submission plugin, so `make grade` and stock `nbgrader autograde` agree):
# 10% of the score earned per started day (24 h) past the student's due date, at most 100% (10 days
# late or more scores 0). Due dates: `make due`; extensions: extensions.csv (course/grading/late.py).
# For no penalty: c.AssignLatePenalties.plugin_class = "nbgrader.plugins.LateSubmissionPlugin".
c.AssignLatePenalties.plugin_class = "course.grading.late.LatePolicy"
c.LatePolicy.percent_per_day = 10.0
c.LatePolicy.max_percent = 100.0

# A student on the class list who submitted nothing: "blank" in canvas.csv (shown as missing), or "zero".
c.CourseExport.missing = "blank"

# Feedback is safe by every route (`make grade`, plain `nbgrader generate_feedback`, the Formgrader's
# button): after nbgrader reads the grades, SafeFeedback drops the graders' mark schemes, strips hidden
# tests and any output quoting a hidden test or solution, and shows ungraded written answers as awaiting
# grading (the total marked provisional). Autograding puts each written answer's mark scheme under it
# in the autograded notebook, which is what the Formgrader shows the grader.
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.converters.autograde import Autograde  # noqa: E402
from nbgrader.preprocessors import GetGrades  # noqa: E402

from course.grading.nbfeedback import MarkSchemeCells, SafeFeedback  # noqa: E402

c.GenerateFeedback.preprocessors = [GetGrades, SafeFeedback, CSSHTMLHeaderPreprocessor]
c.Autograde.autograde_preprocessors = [*Autograde.class_traits()["autograde_preprocessors"].default(), MarkSchemeCells]
