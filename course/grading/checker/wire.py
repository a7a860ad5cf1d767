"""Data across the wall: the student's values rebuilt as genuine objects on the checker's side.

Only plain data crosses (str, int, float, Decimal, bool, None, date, datetime, lists, tuples, dicts, sets
and frozensets of them, and the toolkit's own data classes field by field). A function crosses as a
handle the checker calls back into the kernel with. Anything else is `NotData`, which fails the test.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import importlib
from collections.abc import Callable
from typing import Any

MAX_DEPTH = 60
MAX_ITEMS = 1_000_000


class NotData(TypeError):
    """A value that is not plain data (an object of the student's own, or forged data)."""


@dataclasses.dataclass(frozen=True)
class Handle:
    """A student's function, known to the checker only by its handle in the kernel."""

    handle: str
    name: str


TOOLKIT = ("course.billing.", "course.coding.", "course.patients.", "course.security.", "course.careers.")


def _toolkit_class(path: str) -> type:
    module, _, qual = path.partition(":")
    if not module.startswith(TOOLKIT) or not qual:
        raise NotData(f"{path} is not one of the course toolkit's data classes")
    cls: Any = importlib.import_module(module)
    for part in qual.split("."):
        cls = getattr(cls, part)
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise NotData(f"{path} is not one of the course toolkit's data classes")
    return cls


def decode(data: Any, name: str, make_function: Callable[[Handle], Any], depth: int = 0,
           budget: list[int] | None = None) -> Any:
    """Tagged data from the kernel as genuine objects; raises NotData with a message a student understands."""
    budget = budget if budget is not None else [MAX_ITEMS]
    budget[0] -= 1
    if depth > MAX_DEPTH or budget[0] < 0:
        raise NotData(f"`{name}` is too large or too deeply nested to check")
    try:
        tag = data[0]
        if tag == "n":
            return None
        if tag == "b" and type(data[1]) is bool:
            return data[1]
        if tag == "s" and type(data[1]) is str:
            return data[1]
        if tag == "i":
            return int(str(data[1]))
        if tag == "f":
            return float(str(data[1]))
        if tag == "D":
            return decimal.Decimal(str(data[1]))
        if tag == "d":
            return datetime.date.fromisoformat(str(data[1]))
        if tag == "dt":
            return datetime.datetime.fromisoformat(str(data[1]))
        if tag in ("l", "t", "S", "F"):
            kind = {"l": list, "t": tuple, "S": set, "F": frozenset}[tag]
            return kind(decode(x, name, make_function, depth + 1, budget) for x in data[1])
        if tag == "m":
            return {decode(k, name, make_function, depth + 1, budget): decode(v, name, make_function, depth + 1, budget)
                    for k, v in data[1]}
        if tag == "c":
            cls = _toolkit_class(str(data[1]))
            fields = {f.name for f in dataclasses.fields(cls) if f.init}
            values = {str(k): decode(v, name, make_function, depth + 1, budget) for k, v in data[2]}
            if set(values) != fields:
                raise NotData(f"`{name}` holds a {cls.__name__} whose fields are not the toolkit's")
            return cls(**values)
        if tag == "fn":
            return make_function(Handle(str(data[1]), str(data[2]) if len(data) > 2 else name))
        if tag == "x":
            raise NotData(f"`{name}` holds a {data[1]} object, not plain data: answers must be text, numbers, "
                          "True/False/None, dates, lists, tuples, sets or dictionaries of them (or functions)")
    except NotData:
        raise
    except (TypeError, ValueError, IndexError, KeyError, decimal.InvalidOperation, AttributeError, ImportError) as err:
        raise NotData(f"`{name}` could not be read as data ({type(err).__name__})") from None
    raise NotData(f"`{name}` could not be read as data")


def encode(value: Any, depth: int = 0) -> list:
    """A checker-side value (an argument to a student's function) as tagged data."""
    if depth > MAX_DEPTH:
        raise NotData("an argument nested too deeply to pass to the student's function")
    t = type(value)
    if value is None:
        return ["n"]
    if t is bool:
        return ["b", value]
    if t is int:
        return ["i", repr(value)]
    if t is float:
        return ["f", repr(value)]
    if t is str:
        return ["s", value]
    if t is decimal.Decimal:
        return ["D", str(value)]
    if t is datetime.date:
        return ["d", value.isoformat()]
    if t is datetime.datetime:
        return ["dt", value.isoformat()]
    if t in (list, tuple, set, frozenset):
        tag = {list: "l", tuple: "t", set: "S", frozenset: "F"}[t]
        return [tag, [encode(x, depth + 1) for x in value]]
    if t is dict:
        return ["m", [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()]]
    if dataclasses.is_dataclass(value) and not isinstance(value, type) and t.__module__.startswith("course."):
        return ["c", f"{t.__module__}:{t.__qualname__}",
                [[f.name, encode(getattr(value, f.name), depth + 1)] for f in dataclasses.fields(value) if f.init]]
    handle = getattr(value, "checker_handle", None)
    if isinstance(handle, Handle):
        return ["fn", handle.handle, handle.name]
    raise NotData(f"a {t.__name__} cannot be passed to the student's function (only plain data can)")
