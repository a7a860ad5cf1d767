"""Run a test cell's code in the checker: names resolve to the student's values, rebuilt from data.

The checker never runs the student's code. A test cell runs here with a namespace holding the locked
cells' names (run here too), the test cells' own names and the real builtins; any other name is asked of
the student's kernel and comes back as data (`wire`). A student's function is called back in the kernel
(arguments and return value as data, with a time limit). The outputs are nbformat outputs, an error
output when an assertion or anything else fails, as nbgrader expects of a test cell.
"""

from __future__ import annotations

import builtins
import contextlib
import io
from collections.abc import Callable
from typing import Any

from course.grading.checker import wire

Ask = Callable[[dict], list]  # one request to the kernel's agent -> its decoded JSON reply


class KernelSilent(RuntimeError):
    """The kernel sent no usable answer (its agent was changed, or its output hijacked)."""


class StudentFunction:
    """A student's function: calling it runs it in the student's kernel with data in and out."""

    def __init__(self, checker: Checker, handle: wire.Handle) -> None:
        self.checker_handle = handle
        self._checker = checker
        self.__name__ = handle.name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        req = {"op": "call", "fn": self.checker_handle.handle, "args": [wire.encode(a) for a in args],
               "kwargs": [[k, wire.encode(v)] for k, v in kwargs.items()]}
        reply = self._checker.ask(req, f"{self.__name__}(...)")
        if reply[0] == "raise":
            kind = getattr(builtins, str(reply[1]), None)
            message = str(reply[2])
            if isinstance(kind, type) and issubclass(kind, Exception) and kind is not wire.NotData:
                raise kind(message)
            raise RuntimeError(f"{self.__name__} raised {reply[1]}: {message}")
        return self._checker.decode(reply, f"what {self.__name__} returned")

    def __repr__(self) -> str:
        return f"<student function {self.__name__}>"


class _Sys:
    """`__import__("sys")` in a test: the kernel's module list (to see what the student's code imported)."""

    def __init__(self, checker: Checker) -> None:
        self._checker = checker

    def __getattr__(self, name: str) -> Any:
        import sys

        if name == "modules":
            return dict.fromkeys(self._checker.ask({"op": "modules"}, "sys.modules")[1])
        return getattr(sys, name)


class Namespace(dict):
    """A test cell's globals: the checker's own names, then the real builtins, then the student's values."""

    def __init__(self, checker: Checker) -> None:
        super().__init__()
        self.checker = checker
        self.fetched: dict[str, Any] = {}

    def __missing__(self, name: str) -> Any:
        if name in self.fetched:
            return self.fetched[name]
        if not isinstance(name, str) or hasattr(builtins, name) or name.startswith("__"):
            raise KeyError(name)
        reply = self.checker.ask({"op": "get", "name": name}, name)
        if reply[0] == "missing":
            raise KeyError(name)
        value = self.checker.decode(reply, name)
        self.fetched[name] = value
        return value


class Checker:
    """One notebook's checker: `run_locked` for locked cells, `run_test` for test cells, in order."""

    def __init__(self, ask: Ask) -> None:
        self._ask = ask
        self.ns = Namespace(self)
        # `import sys` in a test (the statement uses the builtins' __import__) sees the kernel's modules too
        self.ns.update({"__name__": "__main__", "__builtins__": {**vars(builtins), "__import__": self._import},
                        "dir": self._dir})

    def ask(self, request: dict, what: str) -> list:
        reply = self._ask(request)
        if not isinstance(reply, list) or not reply or reply[0] not in ("ok", "missing", "raise"):
            raise KernelSilent(f"the notebook's kernel gave no usable answer about {what}"
                               + (f": {reply[1]}" if isinstance(reply, list) and len(reply) > 1 else ""))
        return reply

    def decode(self, reply: list, name: str) -> Any:
        if len(reply) < 2:
            raise KernelSilent(f"the notebook's kernel gave no usable answer about {name}")
        return wire.decode(reply[1], name, lambda handle: StudentFunction(self, handle))

    def _dir(self, *args: Any) -> list[str]:
        if args:
            return dir(*args)
        names = self.ask({"op": "names"}, "the notebook's names")[1]
        return sorted({k for k in self.ns if not k.startswith("__")} | {str(n) for n in names})

    def _import(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "sys":
            return _Sys(self)
        return builtins.__import__(name, *args, **kwargs)

    def run_locked(self, source: str, name: str) -> None:
        """A locked cell's code, run here so that its helpers and data are the instructor's."""
        self.ns.fetched.clear()
        quiet = io.StringIO()
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet), contextlib.suppress(Exception):
            exec(compile(source, f"<locked cell {name}>", "exec"), self.ns)  # noqa: S102  instructor code

    def run_test(self, source: str, name: str) -> list[dict]:
        """A test cell's code; its outputs as nbformat outputs (an error output if it failed)."""
        self.ns.fetched.clear()
        out = io.StringIO()
        outputs: list[dict] = []
        try:
            code = compile(source, f"<test cell {name}>", "exec")
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                exec(code, self.ns)  # noqa: S102  the instructor's test, never the student's code
        except Exception as err:  # noqa: BLE001  every failure of a test is that test's failure
            if out.getvalue():
                outputs.append({"output_type": "stream", "name": "stdout", "text": out.getvalue()})
            outputs.append(error_output(err))
            return outputs
        finally:
            self.ns.fetched.clear()
        if out.getvalue():
            outputs.append({"output_type": "stream", "name": "stdout", "text": out.getvalue()})
        return outputs


def error_output(err: BaseException) -> dict:
    """An nbformat error output for a failed test (no source lines: hidden tests stay hidden)."""
    ename = "TimeoutError" if isinstance(err, TimeoutError) else type(err).__name__
    evalue = str(err)
    rule = "\x1b[0;31m" + "-" * 75 + "\x1b[0m"
    return {"output_type": "error", "ename": ename, "evalue": evalue,
            "traceback": [rule, f"\x1b[0;31m{ename}\x1b[0m: {evalue}"]}


def function_type() -> type:
    """The type of a student's function as the checker sees it (for tests of this module)."""
    return StudentFunction


