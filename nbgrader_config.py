"""nbgrader settings for the course (read by every `nbgrader` command run from this folder).

The exchange lives outside the repository. Set NBGRADER_EXCHANGE to move it (tests and the demo
class use a temporary one); on a JupyterHub it is a shared folder, see deploy/README.md.
"""

import os

c = get_config()  # noqa: F821  (injected by traitlets when nbgrader loads this file)

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
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE", "/srv/nbgrader/exchange")

# Student code gets 30 s a cell; a cell that runs longer is interrupted and reported.
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True

# Keep floods of output out of the gradebook and feedback.
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 50

# Late submissions lose nothing by default; the grading summary still reports them.
c.LateSubmissionPenalty.penalty_type = "none"
