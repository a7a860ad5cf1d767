"""Practice widgets: thin ipywidgets views over the toolkit's pure functions.

Each module builds widgets with a `make_...()` function; the feedback a widget shows comes from a
pure function that the tests call directly.
"""

import sys

from course.practice.feedback import warm_progress as _warm_progress
from course.practice.hints import install as _install_hints


def _plain_text_says_rerun() -> None:
    """Where a saved practice cannot be shown as a widget (no kernel behind it, a viewer without
    widgets), its plain-text form says how to bring it back instead of "VBox(children=...)"."""
    if "IPython" not in sys.modules:
        return
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return
    import ipywidgets

    from course.selfpaced.lessons import RERUN_HINT

    shell.display_formatter.formatters["text/plain"].for_type(
        ipywidgets.DOMWidget, lambda _widget, printer, _cycle: printer.text(RERUN_HINT)
    )


_plain_text_says_rerun()
_install_hints()  # a code without quotes gets a plain hint under its error (not while grading)
_warm_progress()  # in a lesson: the first right answer must not wait seconds for an import
