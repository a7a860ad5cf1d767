"""Start a JupyterLab on loopback and Debian's Chromium for the browser tests (and `make bench`).

Nothing here downloads a browser: Playwright drives /usr/bin/chromium (Debian's package).
Lab runs against a temporary folder with its own settings, workspaces and Jupyter config, so the
tests never see (or change) a developer's own Lab state, and autosave is off so outputs can never be
written back into a committed lesson.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
CHP_BIN = NODE_MODULES / ".bin" / "configurable-http-proxy"
VENV_BIN = Path(sys.executable).parent

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# User settings that keep the page quiet and complete: no news or update toasts in screenshots,
# every cell in the DOM (no windowing), and no autosave.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
        "doNotDisturbMode": True,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none", "autoStartDefaultKernel": True},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/announcements.jupyterlab-settings": {},
}


def free_port() -> int:
    """A TCP port nobody listens on right now, on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout: float = 60.0, proc: subprocess.Popen | None = None, *,
              success_only: bool = False) -> None:
    """Wait until `url` answers (any HTTP status; only 2xx with `success_only`), or raise with the reason."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError as exc:
            if not success_only:
                return
            last = exc
        except OSError as exc:
            last = exc
        time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer in {timeout:.0f} s ({last})")


def npm_ci() -> None:
    """Install the npm tools (axe-core, configurable-http-proxy) from package-lock.json if missing."""
    if AXE_JS.exists() and CHP_BIN.exists():
        return
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True, capture_output=True)


def write_lab_settings(settings_dir: Path) -> None:
    """Write the quiet-and-complete user settings into a fresh Lab settings folder."""
    for rel, value in LAB_SETTINGS.items():
        path = settings_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))


@dataclass
class LabServer:
    """A running JupyterLab: its base URL, token and the folder it serves."""

    url: str
    token: str
    root_dir: Path
    proc: subprocess.Popen
    log: Path

    def tree_url(self, rel: str) -> str:
        """The URL that opens `rel` (relative to root_dir) in a fresh workspace."""
        return f"{self.url}/lab/tree/{rel}?reset&token={self.token}"


@contextmanager
def lab_server(root_dir: Path, state_dir: Path, extra_env: dict[str, str] | None = None) -> Iterator[LabServer]:
    """Run `jupyter lab` on 127.0.0.1 at a free port, serving `root_dir`; state goes in `state_dir`;
    `extra_env` is added to its environment (and so to its kernels')."""
    state_dir.mkdir(parents=True, exist_ok=True)
    write_lab_settings(state_dir / "settings")
    (state_dir / "workspaces").mkdir(exist_ok=True)
    (state_dir / "config").mkdir(exist_ok=True)
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ)
    env.update(
        JUPYTERLAB_SETTINGS_DIR=str(state_dir / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(state_dir / "workspaces"),
        JUPYTER_CONFIG_DIR=str(state_dir / "config"),
        JUPYTER_RUNTIME_DIR=str(state_dir / "runtime"),
        MPLBACKEND="Agg",
        PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
    )
    env.update(extra_env or {})
    args = [
        str(VENV_BIN / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root_dir}",
        "--ServerApp.port_retries=0", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if os.geteuid() == 0:
        args.append("--allow-root")
    log = state_dir / "lab.log"
    with log.open("w") as out:
        proc = subprocess.Popen(args, cwd=root_dir, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = LabServer(f"http://127.0.0.1:{port}", token, root_dir, proc, log)
    try:
        wait_http(f"{server.url}/api/status?token={token}", proc=proc)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def _playwright(pw=None):
    """The given Playwright instance, or a new one for the duration (only one may run per thread)."""
    if pw is not None:
        yield pw
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as started:
        yield started


@contextmanager
def chromium(user_data_dir: Path, width: int = 1280, height: int = 900, pw=None):
    """A headless Debian Chromium as a Playwright persistent context with a fresh profile."""
    if user_data_dir.exists():
        shutil.rmtree(user_data_dir)
    with _playwright(pw) as running:
        context = running.chromium.launch_persistent_context(
            str(user_data_dir),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height},
        )
        context.set_default_timeout(30_000)
        try:
            yield context
        finally:
            context.close()


@contextmanager
def chromium_browser(pw=None):
    """A headless Debian Chromium for several users at once: each `new_context()` is a separate
    person (own cookies); Playwright gives the browser a fresh temporary profile."""
    with _playwright(pw) as running:
        browser = running.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
