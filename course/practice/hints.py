"""Plain hints for a beginner's first Python mistakes with codes, under the usual error.

`codes.append(I10)` raises NameError: name 'I10' is not defined, and `code = E11.9` a SyntaxError; both
mean the code was written without quotes. Importing the practice toolkit in a notebook (every lesson
does) adds one line under such an error: "codes are text: put them in quotes, like "I10"". The error
itself is shown and raised exactly as before (Run All still stops there), and nothing is installed
while nbgrader executes a notebook (validate, autograde), so grading never depends on it.
"""

from __future__ import annotations

import os
import re
from typing import Any

# A code-shaped word: ICD-10-CM (I10, E11.9, S93.401A), ICD-10-PCS, HCPCS Level II (J1100).
CODE = re.compile(r"^[A-Z][0-9][0-9A-Z](?:\.?[0-9A-Z]{1,4})?$")
UNQUOTED = re.compile(r"(?<![\"'\w.])([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?|[A-Z][0-9]{4})(?![\"'\w])")


def code_hint(code: str) -> str:
    """The hint for one code written without quotes."""
    return f'Hint: codes are text: put them in quotes, like "{code}".'


def _strings_removed(line: str) -> str:
    return re.sub(r"\"[^\"]*\"|'[^']*'", lambda m: " " * len(m.group()), line.split("#")[0])


def hint_for(error: BaseException) -> str | None:
    """A hint when `error` looks like a code written without quotes; None otherwise."""
    if isinstance(error, NameError) and not isinstance(error, UnboundLocalError):
        name = getattr(error, "name", None) or (re.findall(r"'(\w+)'", str(error)) or [""])[0]
        return code_hint(name) if CODE.match(name) else None
    if isinstance(error, SyntaxError) and error.text:
        found = UNQUOTED.search(_strings_removed(error.text))
        return code_hint(found.group(1)) if found else None
    return None


def _name_error_handler(shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: int | None = None) -> list[str]:
    """Show the error exactly as IPython would, then the hint (if any) under it."""
    shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
    hint = hint_for(value)
    if hint:
        print(hint)
    return []  # already shown


def install(shell: Any | None = None) -> bool:
    """Add the hints to this IPython session (once); False where there is none, or under nbgrader."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython comes with Jupyter
            return False
        shell = get_ipython()
    if shell is None or os.environ.get("NBGRADER_EXECUTION") or getattr(shell, "_course_hints", False):
        return False
    if NameError not in shell.custom_exceptions:  # never replace another handler
        shell.set_custom_exc((NameError,), _name_error_handler)
    show_syntax_error = shell.showsyntaxerror

    def showsyntaxerror(*args: Any, **kwargs: Any) -> None:
        show_syntax_error(*args, **kwargs)
        import sys

        hint = hint_for(sys.last_value) if isinstance(getattr(sys, "last_value", None), SyntaxError) else None
        if hint:
            print(hint)

    shell.showsyntaxerror = showsyntaxerror
    shell._course_hints = True
    return True
