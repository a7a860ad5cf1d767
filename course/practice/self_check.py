"""Lesson 00's "try it" exercises: each checks a learner's value and says what is right or wrong.

`check("clean-code", clean)` displays the feedback under the cell; `feedback("clean-code", clean)`
is the pure function behind it (used by the tests).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from course.practice.feedback import feedback_html

Result = tuple[bool, str]

NOT_DONE = "Replace the ... with your answer, then run the cell again (Shift+Enter)."


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _first_code(value: Any) -> Result:
    if not isinstance(value, str):
        return False, 'A code is text, so it needs quotes around it: "E11.9".'
    if value == "E11.9":
        return True, '"E11.9" is the ICD-10-CM code for type 2 diabetes mellitus without complications.'
    if value.strip().upper() == "E11.9":
        return False, "Almost: write it exactly as E11.9, capital E, no spaces."
    return False, f"You wrote {value!r}. The exercise asks for the code E11.9 (letter E, 1, 1, dot, 9)."


def _clean_code(value: Any) -> Result:
    if not isinstance(value, str):
        return False, "The answer should be a string: messy.strip().upper() gives one."
    if value == "J06.9":
        return True, "strip() removed the spaces and upper() made the letter a capital: J06.9."
    if value.strip() != value:
        return False, "There are still spaces at the start or end: add .strip()."
    if value != value.upper():
        return False, "The letter is still lower case: add .upper()."
    return False, f"You got {value!r}; cleaning '  j06.9 ' should give 'J06.9'."


def _total_charges(value: Any) -> Result:
    if not _is_number(value):
        return False, "The total should be a number (no quotes, no $ sign): 120.00 + 35.50 + 18.25."
    if round(value, 2) == 173.75:
        return True, "$120.00 + $35.50 + $18.25 = $173.75."
    return False, f"You got {value}. Add the three charges: 120.00, 35.50 and 18.25."


def _coinsurance(value: Any) -> Result:
    if not _is_number(value):
        return False, "The answer should be a number: round(87.45 * 0.20, 2)."
    if value == 17.49:
        return True, "20% of $87.45 is $17.49, rounded to cents."
    if abs(value - 17.49) < 0.005:
        return False, f"Close: Python gave {value!r}. Round it to cents with round(..., 2)."
    return False, f"You got {value}. Multiply 87.45 by 0.20 (20%), then round to 2 decimal places."


def _add_code(value: Any) -> Result:
    if not isinstance(value, list):
        return False, "dx_codes should still be a list (square brackets)."
    if value == ["E11.9", "E78.5", "I10"]:
        return True, "The claim now lists three diagnosis codes, with I10 added at the end."
    if "I10" not in value:
        return False, 'I10 is not in the list yet: use dx_codes.append("I10").'
    if value.count("I10") > 1:
        return False, "I10 is in the list twice: re-run the cell that creates dx_codes, then append once."
    return False, f"The list is {value}; it should be ['E11.9', 'E78.5', 'I10']."


def _claim_status(value: Any) -> Result:
    if not isinstance(value, dict):
        return False, "claim should still be a dictionary (curly braces)."
    if "status" not in value:
        return False, 'The claim has no "status" key yet: claim["status"] = "submitted".'
    if value["status"] != "submitted":
        return False, f'claim["status"] is {value["status"]!r}; set it to "submitted".'
    if value.get("charge") != 150.00:
        return False, "The charge changed: it should still be 150.00. Re-run the cell that builds claim."
    return True, 'The claim is now marked "submitted", and its other details are unchanged.'


def _function_cases(
    name: str, fn: Any, cases: list[tuple[tuple, Any]], compare: Callable[[Any, Any], bool]
) -> Result:
    if not callable(fn):
        return False, f"Pass the function itself: check(..., {name}) without brackets after the name."
    for args, expected in cases:
        shown = f"{name}({', '.join(repr(a) for a in args)})"
        try:
            got = fn(*args)
        except Exception as exc:  # a learner's function may fail in any way: report it plainly
            return False, f"{shown} stopped with {type(exc).__name__}: {exc}"
        if got is None:
            return False, f"{shown} gave None: did you forget `return`?"
        if not compare(got, expected):
            if _is_number(got) and _is_number(expected) and abs(got - expected) < 0.005:
                return False, f"{shown} gave {got!r}: close, now round it to cents with round(..., 2)."
            return False, f"{shown} gave {got!r}, but it should give {expected!r}."
    return True, f"{name} gives the right answer for all {len(cases)} test cases."


def _needs_statement(fn: Any) -> Result:
    cases = [((40.00,), True), ((0.0,), False), ((-5.00,), False), ((0.01,), True)]
    return _function_cases("needs_statement", fn, cases, lambda got, want: got is want)


def _line_total(fn: Any) -> Result:
    cases = [((25.00, 3), 75.00), ((0.10, 3), 0.30), ((12.35, 3), 37.05), ((9.99, 0), 0.0)]
    return _function_cases("line_total", fn, cases, lambda got, want: _is_number(got) and got == want)


EXERCISES: dict[str, Callable[[Any], Result]] = {
    "first-code": _first_code,
    "clean-code": _clean_code,
    "total-charges": _total_charges,
    "coinsurance": _coinsurance,
    "add-code": _add_code,
    "claim-status": _claim_status,
    "needs-statement": _needs_statement,
    "line-total": _line_total,
}


def _empty() -> None: ...


def _is_stub(value: Any) -> bool:
    """An untouched `def name(...):` with only `...` (or `pass`) as its body."""
    code = getattr(value, "__code__", None)
    return code is not None and code.co_code == _empty.__code__.co_code


def feedback(exercise: str, value: Any) -> tuple[bool | None, str]:
    """(right?, message) for a learner's `value` in one of lesson 00's exercises; None: not tried yet."""
    if exercise not in EXERCISES:
        raise KeyError(f"no exercise called {exercise!r}; known: {', '.join(EXERCISES)}")
    if value is Ellipsis:
        return None, NOT_DONE
    if _is_stub(value):
        return None, "Replace the ... in the function with its body, then run the cell again (Shift+Enter)."
    return EXERCISES[exercise](value)


def check(exercise: str, value: Any) -> None:
    """Show the feedback for one exercise under the cell."""
    from IPython.display import HTML, display

    ok, message = feedback(exercise, value)
    display(HTML(feedback_html(message, ok)))
