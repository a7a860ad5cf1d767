"""nbgrader's Execute with the test cells judged by the checker instead of the student's kernel.

Every other cell runs in the (sandboxed) kernel exactly as nbgrader runs it. Which cells are tests and
which are locked is read from the gradebook (what the instructor released), never from the submitted
notebook's metadata. A test cell's outputs are the checker's, so nbgrader's grading of errors, the
gradebook, feedback and exports work unchanged.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from course.grading.checker.judge import Checker

AGENT = (Path(__file__).with_name("kernelside.py")).read_text()
MAX_TIMEOUTS = 3  # then the kernel counts as gone for this notebook: no more waits of a full timeout
MAX_REPLY = 64_000_000  # characters of one answer from the kernel
# One expression, evaluated in the kernel as a user expression (no input transformer sees it): install the
# agent once as a module, then let it answer the request.
EXPR = ("(__import__('sys').modules.get('_course_checker') or (lambda m: (exec({src}, m.__dict__), "
        "__import__('sys').modules.__setitem__('_course_checker', m), m)[2])(__import__('types')."
        "ModuleType('_course_checker'))).answer({req})")


FINDINGS: list[str] = []  # hooks seen in this process's last notebooks ("notebook: what"), for make grade's flags


def cell_roles(resources: dict) -> dict[str, tuple[str, str]]:
    """grade_id -> ("test" | "locked", the instructor's source) for this notebook, from the gradebook."""
    from nbgrader.api import Gradebook

    info = resources.get("nbgrader", {})
    roles: dict[str, tuple[str, str]] = {}
    with Gradebook(info["db_url"]) as gb:
        nb = gb.find_notebook(info["notebook"], info["assignment"])
        solutions = {c.name for c in nb.solution_cells}
        grades = {c.name for c in nb.grade_cells if c.cell_type == "code"}
        for src in nb.source_cells:
            if src.cell_type != "code" or src.name in solutions:
                continue
            if src.name in grades:
                roles[src.name] = ("test", src.source)
            elif src.locked:
                roles[src.name] = ("locked", src.source)
    return roles


def parse_reply(reply: dict | None) -> list:
    """The agent's answer out of an execute_reply's user expression; ['error', why] if there is none."""
    if reply is None:
        return ["timeout"]
    content = reply.get("content", {})
    found = content.get("user_expressions", {}).get("r", {})
    if content.get("status") != "ok" or found.get("status") != "ok":
        return ["error", str(found.get("ename", content.get("ename", "no answer")))]
    try:
        plain = found["data"]["text/plain"]
        if not isinstance(plain, str) or len(plain) > MAX_REPLY:
            return ["error", "the answer was too large"]
        text = ast.literal_eval(plain)
        answer = json.loads(text) if isinstance(text, str) else None
    except (KeyError, ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return ["error", "the answer was not data"]
    return answer if isinstance(answer, list) else ["error", "the answer was not data"]


def checker_class(base: type) -> type:
    """`base` (nbgrader's Execute or a subclass) with test cells judged outside the kernel."""

    class CheckerExecute(base):
        _roles: dict[str, tuple[str, str]]
        _checker: Checker | None
        _timeouts: int

        def preprocess(self, nb, resources=None, km=None):  # noqa: D102
            self._roles = cell_roles(resources or {})
            self._checker = None
            self._timeouts = 0
            return super().preprocess(nb, resources, km)

        def _ask(self, request: dict) -> list:
            if self._timeouts >= MAX_TIMEOUTS:
                raise TimeoutError("the notebook's kernel stopped answering (it timed out too often)")
            expr = EXPR.format(src=repr(AGENT), req=repr(json.dumps(request)))
            msg_id = self.kc.execute("", silent=True, store_history=False, user_expressions={"r": expr},
                                     allow_stdin=False)
            answer = parse_reply(self.wait_for_reply(msg_id))
            if answer[0] == "timeout":
                self._timeouts += 1
                raise TimeoutError(f"the student's code ran longer than {self.timeout} s (stopped)")
            return answer

        def preprocess_cell(self, cell, resources, index):  # noqa: D102
            gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            role = self._roles.get(gid) if cell.cell_type == "code" else None
            if self._checker is None:
                self._checker = Checker(self._ask)
            if role and role[0] == "test":
                self._check_assign_resources(resources)
                cell.outputs = [_node(o) for o in self._checker.run_test(role[1], gid)]
                cell.execution_count = None
                result = cell, self.resources
            else:
                result = super().preprocess_cell(cell, resources, index)
                if role and role[0] == "locked":
                    self._checker.run_locked(role[1], gid)
            if index == len(self.nb.cells) - 1:
                self._report_hooks(resources)
            return result

        def _report_hooks(self, resources: dict) -> None:
            """Flag the hooks the kernel says it has (it may lie: the tests never depended on them anyway)."""
            try:
                answer = self._ask({"op": "hooks"})
            except Exception:  # noqa: BLE001  a kernel that cannot say is not flagged for it
                return
            if answer[0] == "ok" and isinstance(answer[1], list):
                notebook = resources.get("nbgrader", {}).get("notebook", "notebook")
                FINDINGS.extend(f"{notebook}: {str(what)[:80]}" for what in answer[1][:10])
                del FINDINGS[:-100]  # Check my work never reads them: keep the list short in a long-lived process

    CheckerExecute.__name__ = "Execute"  # nbgrader and our engine look preprocessors up by this name
    return CheckerExecute


def _node(output: dict) -> Any:
    from nbformat import from_dict

    return from_dict(output)
