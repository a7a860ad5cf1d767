"""The checker's agent inside the student's kernel: answers one request with tagged JSON data.

Self-contained (its source is sent to the kernel and run there, never imported by the grader). The
student's code can change anything here; all a changed agent can do is send other data, which the
checker validates and rebuilds itself.
"""

import dataclasses
import datetime
import decimal
import importlib
import json

REFS: dict = {}  # handle -> a student's callable the checker may call


class NotData(Exception):
    """A value that cannot cross to the checker as data."""


def _ref(fn, name):
    handle = str(len(REFS) + 1)
    REFS[handle] = fn
    return ["fn", handle, name]


def enc(v, name="value", depth=0):
    """A value as tagged JSON-able data; callables become handles; anything else ['x', type]."""
    if depth > 60:
        return ["x", "a value nested too deeply"]
    t = type(v)
    if v is None:
        return ["n"]
    if t is bool:
        return ["b", v]
    if t is int:
        return ["i", int.__repr__(v)]
    if t is float:
        return ["f", float.__repr__(v)]
    if t is str:
        return ["s", str.__str__(v)]
    if t is decimal.Decimal:
        return ["D", decimal.Decimal.__str__(v)]
    if t is datetime.date:
        return ["d", datetime.date.isoformat(v)]
    if t is datetime.datetime:
        return ["dt", datetime.datetime.isoformat(v)]
    if t in (list, tuple, set, frozenset):
        tag = {list: "l", tuple: "t", set: "S", frozenset: "F"}[t]
        return [tag, [enc(x, name, depth + 1) for x in (list(v) if t in (set, frozenset) else v)]]
    if t is dict:
        return ["m", [[enc(k, name, depth + 1), enc(x, name, depth + 1)] for k, x in dict.items(v)]]
    if dataclasses.is_dataclass(v) and not isinstance(v, type) and t.__module__.startswith("course."):
        fields = [[f.name, enc(getattr(v, f.name), name, depth + 1)] for f in dataclasses.fields(v)]
        return ["c", f"{t.__module__}:{t.__qualname__}", fields]
    if callable(v) and not isinstance(v, type):
        return _ref(v, getattr(v, "__name__", name))
    return ["x", f"{t.__module__}.{t.__qualname__}"]


def dec(d):
    """Tagged data from the checker as values (arguments of a call)."""
    tag = d[0]
    if tag == "n":
        return None
    if tag in ("b", "s"):
        return d[1]
    if tag == "i":
        return int(d[1])
    if tag == "f":
        return float(d[1])
    if tag == "D":
        return decimal.Decimal(d[1])
    if tag == "d":
        return datetime.date.fromisoformat(d[1])
    if tag == "dt":
        return datetime.datetime.fromisoformat(d[1])
    if tag in ("l", "t", "S", "F"):
        return {"l": list, "t": tuple, "S": set, "F": frozenset}[tag](dec(x) for x in d[1])
    if tag == "m":
        return {dec(k): dec(v) for k, v in d[1]}
    if tag == "c":
        module, _, qual = d[1].partition(":")
        cls = importlib.import_module(module)
        for part in qual.split("."):
            cls = getattr(cls, part)
        return cls(**{k: dec(v) for k, v in d[2]})
    if tag == "fn":
        return REFS[d[1]]
    raise NotData(f"unknown tag {tag!r}")


BUILTINS = ("abs", "all", "any", "bool", "callable", "dict", "dir", "enumerate", "filter", "float", "frozenset",
            "getattr", "hasattr", "int", "isinstance", "issubclass", "len", "list", "map", "max", "min", "print",
            "range", "repr", "round", "set", "sorted", "str", "sum", "tuple", "type", "zip")


def hooks() -> list:
    """What in this kernel could have changed tests run in it (for the instructor's flags)."""
    import builtins
    import sys
    import types

    from IPython import get_ipython

    shell = get_ipython()
    found = []
    if getattr(shell, "input_transformers_post", None):
        found.append("an input transformer")
    if getattr(shell, "ast_transformers", None):
        found.append("an AST transformer")
    if getattr(shell, "custom_exceptions", ()):
        found.append("a custom exception handler (set_custom_exc)")
    callbacks = getattr(getattr(shell, "events", None), "callbacks", {})
    if any(callbacks.get(e) for e in ("pre_run_cell", "post_run_cell")):
        found.append("a pre/post_run_cell hook")
    if sys.gettrace() is not None or sys.getprofile() is not None:
        found.append("a trace or profile function (sys.settrace)")
    shadowed = [name for name in BUILTINS if name in shell.user_ns]
    if shadowed:
        found.append(f"notebook names that shadow builtins ({', '.join(shadowed[:5])})")
    native = (types.BuiltinFunctionType, type)
    if any(not isinstance(getattr(builtins, name, None), native) for name in BUILTINS):
        found.append("a replaced builtin")
    return found


def answer(request: str, ns=None) -> str:
    """One request as JSON in, one reply as JSON out: get a name, list names, call a function.

    `ns` is the kernel's user namespace (given only by tests that play the kernel in-process).
    """
    if ns is None:
        from IPython import get_ipython

        ns = get_ipython().user_ns
    req = json.loads(request)
    try:
        if req["op"] == "get":
            if req["name"] not in ns:
                return json.dumps(["missing"])
            return json.dumps(["ok", enc(ns[req["name"]], req["name"])])
        if req["op"] == "names":
            return json.dumps(["ok", sorted(k for k in ns if isinstance(k, str) and not k.startswith("_"))])
        if req["op"] == "hooks":
            return json.dumps(["ok", hooks()])
        if req["op"] == "modules":
            import sys

            return json.dumps(["ok", sorted(k for k in sys.modules if isinstance(k, str))])
        if req["op"] == "call":
            fn = REFS[req["fn"]]
            args = [dec(a) for a in req["args"]]
            kwargs = {k: dec(v) for k, v in req["kwargs"]}
            try:
                result = fn(*args, **kwargs)
            except Exception as err:  # noqa: BLE001  the student's function raised: report it as data
                return json.dumps(["raise", type(err).__name__, str(err)[:2000]])
            return json.dumps(["ok", enc(result)])
        return json.dumps(["error", "unknown request"])
    except RecursionError:
        return json.dumps(["ok", ["x", "a value nested too deeply"]])
    except Exception as err:  # noqa: BLE001
        return json.dumps(["error", f"{type(err).__name__}: {err}"[:2000]])
