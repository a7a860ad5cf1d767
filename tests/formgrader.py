"""The real Formgrader, over HTTP: `make lab INSTRUCTOR=1`'s command line on a free port, and the REST calls
its pages make (the Manual Grading view, saving a grade or a comment, the "generate feedback" button)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
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

    def grade_in_browser(self, context, submission_notebook_id: str, grade: dict, score: float, comment: str,
                         screenshot: Path | None = None) -> str:
        """In Chromium (a Playwright context), as a grader does: open the notebook in Manual Grading, see the
        mark scheme under the answer, type the score and the comment, leave each box (the page saves on
        change); wait until the gradebook has both. Returns the page's text."""
        context.set_extra_http_headers({"Authorization": f"token {TOKEN}"})
        page = context.new_page()
        page.goto(f"{self.url}/formgrader/submissions/{submission_notebook_id}/")
        scheme = page.get_by_text(f"Mark scheme for {grade['name']}", exact=False)
        scheme.wait_for()
        scheme.scroll_into_view_if_needed()
        box = page.locator(f"input.score#{grade['name']}")
        assert box.is_visible() and scheme.is_visible(), "the mark scheme or the score box is not visible"
        assert scheme.bounding_box()["y"] > box.bounding_box()["y"], "the mark scheme should sit under the answer"
        box.fill(f"{score:g}")
        box.press("Tab")
        notes = page.locator(f"textarea#{grade['name']}-comment")
        notes.fill(comment)
        notes.press("Tab")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            saved = self.json("GET", f"/formgrader/api/grade/{grade['id']}")
            comments = self.json("GET", f"/formgrader/api/comments?submission_id={submission_notebook_id}")
            if saved["manual_score"] == score and any(c["manual_comment"] == comment for c in comments):
                if screenshot is not None:
                    screenshot.parent.mkdir(parents=True, exist_ok=True)
                    page.wait_for_timeout(500)  # the page's own "saved" mark
                    page.screenshot(path=str(screenshot))
                return " ".join(page.locator("body").inner_text().split())
            time.sleep(0.3)
        raise AssertionError(f"the Formgrader did not save the grade: {saved}")

    def generate_all_feedback(self, assignment: str) -> dict:
        """The "generate feedback" button of Manage Assignments (every student of the assignment)."""
        return self.json("POST", f"/formgrader/api/assignment/{assignment}/generate_feedback")

    def generate_feedback(self, assignment: str, student: str) -> dict:
        """The "generate feedback" button of Manage Students -> student -> assignment."""
        return self.json("POST", f"/formgrader/api/assignment/{assignment}/{student}/generate_feedback")


@contextlib.contextmanager
def formgrader(course: Path, env: dict[str, str] | None = None) -> Iterator[Formgrader]:
    """Lab with every nbgrader tool (as `make lab INSTRUCTOR=1` starts it) serving `course`."""
    port = free_port()
    cmd = lab_command(course, instructor=True, extra=["--no-browser", f"--port={port}", "--ip=127.0.0.1",
                                                      f"--IdentityProvider.token={TOKEN}"])
    with serve(cmd, course, {**os.environ, **(env or {})}, port) as fg:
        yield fg


@contextlib.contextmanager
def serve(argv: list[str], cwd: Path, env: dict[str, str], port: int) -> Iterator[Formgrader]:
    """Run `argv` (a Lab with the Formgrader, token TOKEN, on `port`) until its Formgrader answers; stop it
    (its whole process group) afterwards."""
    log = open(cwd.parent / f"formgrader-{port}.log", "w")  # noqa: SIM115  closed below
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    fg = Formgrader(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 120
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
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
