"""Hostile families on real assignments (issue 12 item 5): code that tries to forge the tests' verdict.

Each family turns an assignment's released notebook into a submission whose answers are wrong (None, or
functions that return None) and whose first answer cell carries the attack. Without the checker, the
attack runs before the tests in the same kernel and earns points; with it, every targeted question must
earn nothing. Assignments are discovered from source/, so new ones join without a change here.
"""

from __future__ import annotations

import ast
import contextlib
from pathlib import Path

import nbformat

from course.grading.checker.forbidden import PATTERN, forbidden_packages
from course.grading.classroom import MARKER

ALWAYS_EQUAL = '''
class _AE(str):
    """Equal to anything, true, and every string method gives itself back."""
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __lt__(self, other): return False
    def __le__(self, other): return True
    def __gt__(self, other): return False
    def __ge__(self, other): return True
    def __hash__(self): return 0
    def __contains__(self, item): return True
    def __bool__(self): return True
    def __getattribute__(self, name):
        if name.startswith("__"):
            return object.__getattribute__(self, name)
        return lambda *a, **k: self
    def __float__(self): return 0.0
    def __sub__(self, other): return 0.0
    __rsub__ = __sub__
'''

TRANSFORMER = '''
vars()["get_ipython"]().input_transformers_post.append(
    lambda lines: [] if any("assert" in line for line in lines) else lines)
'''

HOOKS = '''
import ast as _ast
class _NoAsserts(_ast.NodeTransformer):
    def visit_Assert(self, node):
        return _ast.Pass()
_ip = vars()["get_ipython"]()
_ip.ast_transformers.append(_NoAsserts())
_ip.set_custom_exc((BaseException,), lambda *args, **kwargs: None)
'''

SHADOWED = '''
isinstance = lambda *a, **k: True
all = any = callable = lambda *a, **k: True
abs = round = sum = float = int = lambda *a, **k: 0
len = lambda *a, **k: 2
str = lambda *a, **k: _X()
set = frozenset = sorted = list = lambda *a, **k: _X()
class _X:
    def __eq__(self, other): return True
    def __getattr__(self, name): return lambda *a, **k: self
    def __contains__(self, item): return True
'''

TRACING = '''
import ctypes as _ct
import sys as _sys
def _rewrite(frame, event, arg):
    code = frame.f_code
    if event == "call" and "ipykernel_" in code.co_filename and code.co_name.startswith("_"):
        names = code.co_varnames[:code.co_argcount]
        if len(names) >= 2:  # a test helper like _money_ok(got, want): make got what the test wants
            frame.f_locals[names[0]] = frame.f_locals[names[1]]
            _ct.pythonapi.PyFrame_LocalsToFast(_ct.py_object(frame), _ct.c_int(0))
    return None
_sys.settrace(_rewrite)
vars()["get_ipython"]().events.register("pre_run_cell", lambda *a: _sys.settrace(_rewrite))
'''

MONKEYPATCH = '''
import builtins as _b
import datetime as _dt
import decimal as _dec
class _Y(_dt.date):
    def __eq__(self, other): return True
    __hash__ = _dt.date.__hash__
_b.abs = lambda *a, **k: 0
_b.round = lambda x, *a: x
_dt.date = _Y
_dec.Decimal = float
_ip = vars()["get_ipython"]()
def _rebind(*args):
    for _name in {locked!r}:
        _ip.user_ns[_name] = lambda *a, **k: True
_ip.events.register("post_run_cell", _rebind)
'''


def _names(code: str) -> tuple[list[str], list[str]]:
    """(variables, functions) a solution cell defines at top level."""
    variables, functions = [], []
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return variables, functions
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            functions.append(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                variables += [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]
    return variables, functions


def _locked_functions(source: nbformat.NotebookNode) -> list[str]:
    found = []
    for cell in source.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and (meta.get("locked") or meta.get("grade")) and not meta.get("solution"):
            with_helpers = cell.source
            with contextlib.suppress(SyntaxError):
                found += [n.name for n in ast.parse(with_helpers).body if isinstance(n, ast.FunctionDef)]
    return sorted(set(found))


def _wrong_answers(code: str, value: str) -> str:
    variables, functions = _names(code)
    lines = [f"{v} = {value}" for v in variables]
    lines += [f"def {f}(*args, **kwargs):\n    return {value}" for f in functions]
    return "\n".join(lines) or "pass"


READ_FILES = '''
import glob as _glob
import json as _json
for _p in _glob.glob("{course}/source/*/*.ipynb") + _glob.glob("../../../source/*/*.ipynb"):
    for _c in _json.load(open(_p))["cells"]:
        if _c["cell_type"] == "code" and _c["metadata"].get("nbgrader", {}).get("solution"):
            try:
                exec("".join(_c["source"]), globals())
            except Exception:
                pass
'''


def borrowing(code: str, package: str) -> str:
    """A solution cell whose functions import a module of the forbidden `package`, then drop it from sys.modules."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    import importlib
    import pkgutil

    module = f"{package}.{min(m.name for m in pkgutil.iter_modules(importlib.import_module(package).__path__))}"
    prelude = ast.parse(
        f"__import__('importlib').import_module({module!r})\n"
        f"[__import__('sys').modules.pop(_m) for _m in list(__import__('sys').modules) "
        f"if _m == {package!r} or _m.startswith({package + '.'!r})]").body
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            node.body[:0] = prelude
    return ast.unparse(tree)


def hostile(release: Path, source: Path, family: str, course: Path | None = None) -> nbformat.NotebookNode:
    """The released notebook at `release` as a `family` submission (solutions read from `source`)."""
    nb = nbformat.read(release, as_version=4)
    src = nbformat.read(source, as_version=4)
    solutions = {c.metadata["nbgrader"]["grade_id"]: MARKER.sub("", c.source) for c in src.cells
                 if c.get("metadata", {}).get("nbgrader", {}).get("solution") and c.cell_type == "code"}
    if family == "forbidden_toolkit":  # the solution, but every function borrows the forbidden package
        packages = forbidden_packages(source.parent)
        for cell in nb.cells:
            gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if gid in solutions and packages:
                cell.source = borrowing(solutions[gid], packages[0])
        return nb
    setup, value = FAMILIES[family]
    setup = setup.replace("{locked!r}", repr(_locked_functions(src))).replace("{course}", str(course or "."))
    first = True
    for cell in nb.cells:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid not in solutions:
            continue
        answers = "pass" if value is None else _wrong_answers(solutions[gid], value)
        cell.source = (setup + "\n" if first else "") + answers
        first = False
    return nb


FAMILIES: dict[str, tuple[str, str | None]] = {
    "always_equal": (ALWAYS_EQUAL, "_AE('x')"),
    "input_transformer": (TRANSFORMER, "None"),
    "ipython_hooks": (HOOKS, "None"),
    "shadowed_builtins": (SHADOWED, "_X()"),
    "tracing": (TRACING, "-987654.321"),
    "monkeypatch": (MONKEYPATCH, "-987654.321"),
    "read_instructor_files": (READ_FILES, None),  # only a filesystem view stops this one (make grade)
}
IN_KERNEL = [f for f in FAMILIES if f != "read_instructor_files"]  # what the checker alone must stop

def targeted_by_forbidden(source: Path) -> set[str]:
    """grade_ids of the test cells that forbid a toolkit package (what forbidden_toolkit targets)."""
    found = set()
    for path in sorted(source.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("grade") and not meta.get("solution") and PATTERN.search(cell.source):
                found.add(meta["grade_id"])
    return found


def assignments(root: Path) -> list[str]:
    """Every assignment in source/ (a01, a02, ...): new ones join the hostile suite by themselves."""
    return sorted(p.name for p in (root / "source").iterdir() if p.is_dir() and p.name[:1] == "a")
