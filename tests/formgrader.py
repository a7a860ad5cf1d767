"""The real Formgrader, over HTTP: `make lab INSTRUCTOR=1`'s command line on a free port, and the REST calls
its pages make (the Manual Grading view, saving a grade or a comment, the "generate feedback" button)."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from course.tools.lab import lab_command

TOKEN = "formgrader-test-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Formgrader:
    url: str

    def call(self, method: str, path: str, body: dict | None = None) -> str:
        data = json.dumps(body).encode() if body is not None else (b"" if method != "GET" else None)
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=120) as resp:
            return resp.read().decode()

    def json(self, method: str, path: str, body: dict | None = None):
        return json.loads(self.call(method, path, body))

    def grading_page(self, submission_notebook_id: str) -> str:
        """The HTML the grader sees for one notebook (Manual Grading -> the student's notebook)."""
        return self.call("GET", f"/formgrader/submissions/{submission_notebook_id}/")

    def save_grade(self, grade_id: str, manual_score: float) -> dict:
        """What the score box does: PUT /formgrader/api/grade/<id>."""
        return self.json("PUT", f"/formgrader/api/grade/{grade_id}", {"manual_score": manual_score})

    def save_comment(self, comment_id: str, text: str) -> dict:
        return self.json("PUT", f"/formgrader/api/comment/{comment_id}", {"manual_comment": text})

    def generate_feedback(self, assignment: str, student: str) -> dict:
        """The "generate feedback" button of Manage Students -> student -> assignment."""
        return self.json("POST", f"/formgrader/api/assignment/{assignment}/{student}/generate_feedback")


@contextlib.contextmanager
def formgrader(course: Path, env: dict[str, str] | None = None) -> Iterator[Formgrader]:
    """Lab with every nbgrader tool (as `make lab INSTRUCTOR=1` starts it) serving `course`."""
    port = free_port()
    cmd = lab_command(course, instructor=True, extra=["--no-browser", f"--port={port}", "--ip=127.0.0.1",
                                                      f"--IdentityProvider.token={TOKEN}"])
    log = open(course.parent / f"formgrader-{port}.log", "w")  # noqa: SIM115  closed below
    proc = subprocess.Popen(cmd, cwd=course, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT)
    fg = Formgrader(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                fg.call("GET", "/formgrader/api/assignments")
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the Formgrader did not start:\n" + Path(log.name).read_text()[-3000:]) from None
                time.sleep(0.5)
        yield fg
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
