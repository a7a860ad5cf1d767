"""Hostile submissions to the fixture assignment t01: what each tries, and the flag the grader must raise.

Every attack is bounded even if the sandbox were missing (a fixed number of forks and of memory
chunks), so a broken sandbox fails the tests without harming the machine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import nbformat

NOTEBOOK = "t01-tiny.ipynb"


@dataclass(frozen=True)
class Hostile:
    """One hostile student: code put in the first answer cell, or a change to the whole notebook."""

    name: str
    expect: str  # regex the student's failure reason or flags must match
    code: str = ""
    transform: Callable[[nbformat.NotebookNode], object] | None = None
    filename: str = NOTEBOOK
    raw: str = ""  # written as the file's text instead of a notebook
    owner_uid: int | None = None  # submitted through the exchange by this OS user

    @property
    def student(self) -> str:
        return f"hostile_{self.name}"


def _cell(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    return next(c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id)


def _tamper(nb: nbformat.NotebookNode) -> None:
    _cell(nb, "q1_tests").source = "assert True  # tests removed by the student"
    _cell(nb, "q2_tests").metadata["nbgrader"]["points"] = 100


def _delete(nb: nbformat.NotebookNode) -> None:
    nb.cells = [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") not in
                ("q1_tests", "q2_tests")]
    _cell(nb, "q1_answer").source = 'dx_code = "Z99.9"'


UP = "../../../"  # from autograded/<student>/t01 to the course root

CASES = [
    Hostile("read_gradebook", r"suspicious code.*calls open\(\)", code=f"""
import os
p = os.path.abspath("{UP}gradebook.db")
print("GRADEBOOK-BYTES", len(open(p, "rb").read()))
"""),
    Hostile("write_gradebook", r"suspicious code.*imports sqlite3", code=f"""
import sqlite3
con = sqlite3.connect("{UP}gradebook.db")
con.execute("update grade set auto_score = 99")
con.commit()
"""),
    Hostile("read_source", r"suspicious code.*imports glob", code=f"""
import glob
for p in glob.glob("{UP}source/*/*.ipynb") + glob.glob("/work/main/source/*/*.ipynb"):
    print(open(p).read())
"""),
    Hostile("read_others", r"suspicious code.*calls open\(\)", code=f"""
for who in ("honest_full", "honest_partial"):
    for step in ("submitted", "autograded"):
        try:
            print(open("{UP}" + step + "/" + who + "/t01/t01-tiny.ipynb").read())
        except OSError as err:
            print(type(err).__name__)
"""),
    Hostile("look_around", r"suspicious code.*imports os", code="""
import os
print("SEES", [p for p in ("/root", "/home", "/work/main/source", "/work/shared", "/srv") if os.path.exists(p)])
"""),
    Hostile("read_env", r"suspicious code.*imports os", code="""
import os
print("ENV", sorted(k for k in os.environ if "TOKEN" in k or "SECRET" in k))
"""),
    Hostile("write_outside", r"suspicious code.*calls open\(\)", code="""
for p in ("../PWNED.txt", "../../PWNED.txt", "../../../PWNED.txt"):
    try:
        open(p, "w").write("pwned")
    except OSError as err:
        print(type(err).__name__)
"""),
    Hostile("network", r"suspicious code.*imports socket", code="""
import socket
s = socket.create_connection(("127.0.0.1", {port}), timeout=3)
s.sendall(b"LEAKED")
"""),
    Hostile("privileges", r"suspicious code.*calls open\(\)", code="""
import os
fields = {k: v.split() for k, _, v in (line.partition(":") for line in open("/proc/self/status"))}
print("PRIV", *(fields[k][0] for k in ("Uid", "CapEff", "CapPrm", "CapBnd", "NoNewPrivs")),
      os.readlink("/proc/self/ns/user"))
"""),
    Hostile("fork_bomb", r"suspicious code.*imports os", code="""
import os, time
kids = 0
try:
    for _ in range(400):
        if os.fork() == 0:
            time.sleep(20)
            os._exit(0)
        kids += 1
except OSError as err:
    print("fork refused after", kids, type(err).__name__)
"""),
    Hostile("memory", r"ran out of memory", code="""
chunks = []
for _ in range(40):
    chunks.append(bytearray(64 * 1024 * 1024))
"""),
    Hostile("sigint_spin", r"kernel died|could not be interrupted|still running", code="""
import signal
signal.signal(signal.SIGINT, signal.SIG_IGN)
while True:
    pass
"""),
    # On a loaded machine the kernel can reach its memory limit first (the output the grader has not read
    # yet is buffered in the kernel): it is then failed as a dead kernel, which is also true.
    Hostile("flood", r"output flood|timed? ?out|out of memory|corrupted messages|kernel died \(crash, memory",
            code="""
while True:
    print("x" * 100000)
"""),
    Hostile("kill_kernel", r"kernel died", code="""
import os, signal
os.kill(os.getpid(), signal.SIGKILL)
"""),
    Hostile("hook_leak", r"suspicious code.*calls get_ipython\(\)", code="""
get_ipython().events.register("pre_run_cell", lambda info: print(info.raw_cell))
dx_code = "E11.9"
"""),
    Hostile("tamper_tests", r"edited locked/test cell.*q1_tests|altered grading metadata.*q2_tests",
            transform=_tamper),
    Hostile("delete_tests", r"deleted cell\(s\) in t01-tiny\.ipynb: cell 3 of the released notebook \(grade id "
            r"q1_tests\), cell 5 of the released notebook \(grade id q2_tests\)", transform=_delete),
    Hostile("renamed", r"missing notebook t01-tiny\.ipynb \(found t01-final\.ipynb: renamed\?\)",
            filename="t01-final.ipynb"),
    Hostile("malformed", r"malformed notebook", raw="{ this is not json"),
    Hostile("impersonate", r"submitted under another name.*uid 4242", owner_uid=4242),
]
