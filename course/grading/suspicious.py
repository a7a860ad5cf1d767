"""Spot student code that reaches beyond the exercise (files, processes, network, the grader itself).

A flag, not a penalty: the sandbox already stops these; the instructor gets told who tried.
"""

from __future__ import annotations

import ast
import re

import nbformat

MODULES = {
    "os", "sys", "subprocess", "socket", "shutil", "signal", "ctypes", "sqlite3", "pathlib", "multiprocessing",
    "threading", "urllib", "http", "requests", "importlib", "builtins", "gc", "inspect", "resource", "pty",
    "fcntl", "mmap", "glob", "tempfile", "io", "nbformat", "nbgrader", "IPython", "ipykernel", "zmq",
    "jupyter_client", "asyncio", "pickle", "marshal", "ssl", "ftplib", "smtplib", "psutil",
}
CALLS = {"open", "exec", "eval", "compile", "__import__", "globals", "get_ipython", "exit", "quit", "breakpoint"}
NAMES = {"__builtins__", "__subclasses__", "__globals__", "__code__", "_ih", "_oh", "In", "Out"}
MAGIC = re.compile(r"^\s*(!|%)", re.M)


def scan_source(source: str) -> list[str]:
    """What in one cell's code looks like an attempt to leave the exercise, e.g. ['imports os', 'calls open()']."""
    found: list[str] = []
    if MAGIC.search(source):
        found.append("uses a shell or magic command")
        source = MAGIC.sub("#", source)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return found
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [f"imports {n}" for n in names if n.split(".")[0] in MODULES]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in CALLS:
            found.append(f"calls {node.func.id}()")
        elif isinstance(node, ast.Name) and node.id in NAMES or isinstance(node, ast.Attribute) and node.attr in NAMES:
            found.append(f"touches {getattr(node, 'id', None) or node.attr}")
    return sorted(set(found))


def scan_notebook(name: str, nb: nbformat.NotebookNode) -> list[str]:
    """One flag per student-editable code cell that does something suspicious."""
    flags = []
    for i, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code" or meta.get("locked") or (meta.get("grade") and not meta.get("solution")):
            continue
        found = scan_source(cell.source)
        if found:
            gid = meta.get("grade_id")
            where = f"{name}.ipynb cell {i + 1}" + (f" (grade id {gid})" if gid else " (a cell the student added)")
            flags.append(f"suspicious code in {where}: {', '.join(found)}")
    return flags
