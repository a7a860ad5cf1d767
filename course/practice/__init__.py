"""Practice widgets: thin ipywidgets views over the toolkit's pure functions.

Each module builds widgets with a `make_...()` function; the feedback a widget shows comes from a
pure function that the tests call directly.
"""

from course.practice.feedback import warm_progress as _warm_progress
from course.practice.hints import install as _install_hints

_install_hints()  # a code without quotes gets a plain hint under its error (not while grading)
_warm_progress()  # in a lesson: the first right answer must not wait seconds for an import
