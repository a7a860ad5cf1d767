"""Practice widgets: thin ipywidgets views over the toolkit's pure functions.

Each module builds widgets with a `make_...()` function; the feedback a widget shows comes from a
pure function that the tests call directly.
"""

from course.practice.hints import install as _install_hints

_install_hints()  # a code without quotes gets a plain hint under its error (not while grading)
