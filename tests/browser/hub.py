"""Start deploy/jupyterhub_config.py on loopback for a small class of real OS users (root only).

Used by the Hub tests and `make bench`. The class is made by deploy/class_setup.py; the accounts
(prefixed `mcb`) and their temporary homes are removed afterwards, with any process they still run.
The class's users run the repository's .venv, so every folder above it must let them pass; when one
does not (a clone under `mktemp -d`, mode 0700), it gets o+x (never o+r) for the run, then its exact
mode back.
"""

from __future__ import annotations

import os
import pwd
import re
import secrets
import shutil
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from playwright.sync_api import BrowserContext, Page

from deploy import class_setup
from tests.browser.lab import ROOT, VENV_BIN, free_port, npm_ci, wait_http

INSTRUCTOR = "mcbteacher"
STUDENTS = ("mcbstu1", "mcbstu2")


@dataclass
class Hub:
    """A running class Hub: its URL, the shared password, where things live."""

    url: str
    password: str
    base: Path
    exchange: Path
    course: Path
    proc: subprocess.Popen
    log: Path
    spawn_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def inbound(self) -> Path:
        return self.exchange / class_setup.COURSE_ID / "inbound"

    def log_tail(self, lines: int = 60) -> str:
        """The last lines of the Hub's log, for a failure message."""
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError as error:
            return f"(no log: {error})"

    def home(self, user: str) -> Path:
        return self.base / "home" / user

    def as_user(self, user: str, args: list[str], cwd: Path | None = None, check: bool = False):
        """Run a command as one of the class's OS users."""
        return class_setup.as_user(user, args, cwd or self.home(user),
                                   {"NBGRADER_EXCHANGE": str(self.exchange)}, check=check)


def _remove_user(name: str) -> None:
    try:
        uid = pwd.getpwnam(name).pw_uid
    except KeyError:
        return
    for proc in psutil.process_iter(["uids"]):
        if proc.info["uids"] and proc.info["uids"].real == uid:
            with suppress(psutil.Error):
                proc.kill()
    subprocess.run(["userdel", "--remove", name], capture_output=True)
    subprocess.run(["groupdel", name], capture_output=True)


def _folders_above(path: Path) -> list[Path]:
    """`path` and every folder above it, as real folders (symlinks on the way resolved)."""
    absolute = Path(os.path.abspath(path))
    folders: list[Path] = []
    for prefix in (absolute, *absolute.parents):
        real = prefix.resolve()
        for folder in (real, *real.parents):
            if folder not in folders:
                folders.append(folder)
    return folders


@contextmanager
def traversable(*paths: Path) -> Iterator[dict[Path, int]]:
    """Let every user pass through (o+x, never o+r) each folder from / down to each of `paths`, for the
    duration only; yields {folder: original mode} of the folders changed, whose exact modes are put
    back afterwards, also when the body fails."""
    changed: dict[Path, int] = {}
    try:
        for path in paths:
            for folder in _folders_above(path):
                info = folder.lstat()
                if folder in changed or not stat.S_ISDIR(info.st_mode) or info.st_mode & stat.S_IXOTH:
                    continue
                mode = stat.S_IMODE(info.st_mode)
                changed[folder] = mode
                folder.chmod(mode | stat.S_IXOTH)
        yield changed
    finally:
        for folder, mode in reversed(changed.items()):
            with suppress(FileNotFoundError):
                folder.chmod(mode)


def _check_venv_usable(user: str) -> None:
    """Fail clearly (not with a bare exit status 126) when a class user cannot run the course's venv."""
    probe = class_setup.as_user(user, [str(VENV_BIN / "python"), "-c", "import jupyterhub, nbgrader, course"],
                                Path("/"), check=False)
    if probe.returncode != 0:
        raise RuntimeError(f"the class user {user} cannot run the course's venv {VENV_BIN} (exit status "
                           f"{probe.returncode}: {probe.stderr.strip()[-500:]}); its files must be readable "
                           "by every user (see deploy/README.md)")


@contextmanager
def class_hub() -> Iterator[Hub]:
    """Create the class's OS users and exchange, start JupyterHub + proxy on 127.0.0.1, clean up after."""
    npm_ci()
    users = [INSTRUCTOR, *STUDENTS]
    for name in users:
        _remove_user(name)  # left over by an interrupted earlier run
    base = Path(tempfile.mkdtemp(prefix="mcb-hub-"))
    base.chmod(0o755)
    with traversable(ROOT, VENV_BIN, base), _class_hub(users, base) as hub:
        yield hub


@contextmanager
def _class_hub(users: list[str], base: Path) -> Iterator[Hub]:
    (base / "home").mkdir(mode=0o755)
    state = base / "state"
    state.mkdir(mode=0o700)
    exchange = base / "exchange"
    proc = None
    # class_setup closes this checkout's source/, .git, tests/... to the class: their modes come back after
    modes = {p: stat.S_IMODE(p.stat().st_mode) for p in class_setup.instructor_only(ROOT) if not p.is_symlink()}
    try:
        for name in users:
            class_setup.create_user(name, base / "home")
        _check_venv_usable(INSTRUCTOR)
        class_setup.make_exchange(exchange)
        course = class_setup.setup_instructor(INSTRUCTOR, exchange, list(STUDENTS))
        for name in STUDENTS:
            class_setup.setup_student(name, exchange)
        class_setup.close_course(ROOT)
        port = free_port()
        password = secrets.token_urlsafe(12)
        env = dict(os.environ)
        env.update(
            COURSE_INSTRUCTOR=INSTRUCTOR, COURSE_STUDENTS=",".join(STUDENTS), COURSE_HUB_IP="127.0.0.1",
            COURSE_HUB_PORT=str(port), COURSE_HUB_API_PORT=str(free_port()),
            COURSE_HUB_PROXY_API_PORT=str(free_port()), COURSE_HUB_STATE=str(state),
            NBGRADER_EXCHANGE=str(exchange), COURSE_HUB_TEST_PASSWORD=password,
            PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
        )
        log = state / "hub.log"
        with log.open("w") as out:
            proc = subprocess.Popen(
                [str(VENV_BIN / "jupyterhub"), "-f", str(ROOT / "deploy" / "jupyterhub_config.py")],
                cwd=state, env=env, stdout=out, stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}"
        # the proxy answers first, with 404 until the Hub has added its route: wait for the Hub's own 200
        wait_http(f"{url}/hub/health", timeout=90, proc=proc, success_only=True)
        yield Hub(url, password, base, exchange, course, proc, log)
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for name in users:
            _remove_user(name)
        shutil.rmtree(base, ignore_errors=True)
        for path, mode in modes.items():
            with suppress(FileNotFoundError):
                path.chmod(mode)


def log_in(context: BrowserContext, hub: Hub, user: str, timeout: float = 180_000) -> tuple[Page, float]:
    """Log in at the Hub's login page; returns the page (JupyterLab open) and seconds to a ready server."""
    page = context.new_page()
    response = page.goto(f"{hub.url}/hub/login")
    try:
        page.locator("#username_input").wait_for(timeout=60_000)
    except Exception as error:
        status = response.status if response is not None else "no response"
        raise AssertionError(
            f"the Hub's login page at {page.url} (HTTP {status}) has no username field; it shows:\n"
            f"{page.content()[:1500]}\n--- hub.log (last lines) ---\n{hub.log_tail()}") from error
    page.fill("#username_input", user)
    page.fill("#password_input", hub.password)
    start = time.perf_counter()
    page.click("#login_submit")
    page.wait_for_url(re.compile(rf"/user/{user}/lab"), timeout=timeout)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Nbgrader$")).wait_for(timeout=timeout)
    seconds = time.perf_counter() - start
    hub.spawn_seconds[user] = seconds
    return page, seconds


def menu_items(page: Page, top: str) -> list[str]:
    """The labels of a menu-bar menu's items."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(rf"^{re.escape(top)}$")).click()
    labels = page.locator(".lm-Menu-content .lm-Menu-itemLabel")
    labels.first.wait_for()
    items = [t.strip() for t in labels.all_inner_texts() if t.strip()]
    page.keyboard.press("Escape")
    return items


def formgrader_action(page: Page, hub: Hub, assignment: str, column: str, expect: str) -> str:
    """In the instructor's Formgrader (Manage Assignments), click an assignment's action icon in `column`
    ("assign" = Generate, "release" = Release) and return the success message, closing it."""
    if "/formgrader/manage_assignments" not in page.url:
        page.goto(f"{hub.url}/user/{INSTRUCTOR}/formgrader/manage_assignments")
    row = page.locator("tr", has=page.locator("td.name", has_text=assignment)).first
    row.locator(f"td.{column} a").first.click()
    modal = page.locator("#success-modal, #error-modal").first
    modal.wait_for(timeout=180_000)
    text = modal.inner_text()
    assert expect in text, text
    modal.locator(".modal-footer button").first.click()
    modal.wait_for(state="hidden")
    return text
