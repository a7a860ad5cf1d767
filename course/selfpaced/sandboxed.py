"""Check my work's kernel in `make grade`'s sandbox view, when this machine can build one.

The learner's kernel gets the same kind of view as a submission's under `make grade` (course/grading/
sandbox.py's kernelspec and launch.py's chain, not a copy of them): read-only system, venv and course
toolkit, a private copy of the notebook's folder; no source/, .git, gradebook or other folders of the
course; the toolkit packages the assignment forbids empty; no network. As root the kernel runs as the
existing unprivileged user ``nobody`` (no new OS user is made), without a user namespace; otherwise as
the learner, in bubblewrap's user namespace. Only the kernel is restricted: the check itself (nbgrader
in this process) still reads source/, its template.

Where the machine cannot build a view (not root and no working bubblewrap), or the sandboxed interpreter
cannot start here, the check runs as before, unsandboxed, and its report says so in one sentence: the
learner's check never fails for the machine's sake.
"""

from __future__ import annotations

import functools
import os
import pwd
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from course.grading import preflight, sandbox
from course.grading.checker.forbidden import hidden_folders

SHARED_USER = "nobody"  # as root: the kernel's user (exists on every Linux; no useradd from a learner's Lab)
SOCKET_PATH_MAX = 107  # bytes in a Unix socket's path: the kernel's sockets live under the kernels' folder
UNSANDBOXED = "This check ran without the sandbox ({why}): it is a self-check, not a grade."


@dataclass(frozen=True)
class KernelPlan:
    """How nbgrader starts the learner's kernel for one check."""

    settings: dict = field(default_factory=dict)  # converter traits (Section__name -> value)
    env: dict = field(default_factory=dict)  # environment while nbgrader runs (JUPYTER_PATH)
    note: str = ""  # '' when sandboxed, else the sentence for the report


def _usable(prot: sandbox.Protection) -> str:
    """'' when `prot` gives the kernel its own view, else why not (in the learner's words)."""
    if not prot.view or prot.level not in ("full", "namespaces"):
        return "this machine cannot give the kernel its own view of the files"
    if prot.own_user:
        try:
            pwd.getpwnam(SHARED_USER)
        except KeyError:
            return f"there is no unprivileged user {SHARED_USER!r} to run the kernel as"
    return ""


def _settings() -> tuple:
    """What detect() and the probe depend on besides the machine: the user, COURSE_GRADING_* settings."""
    return os.geteuid(), tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("COURSE_GRADING_")))


_PROBING = threading.RLock()  # one probe at a time: a check waits for the warm-up's instead of repeating it
_PREFLIGHT: dict[tuple, str] = {}


@functools.lru_cache(maxsize=8)
def _protection(settings: tuple) -> sandbox.Protection:
    return sandbox.detect()


def protection() -> sandbox.Protection:
    """What this machine gives (probed once per process and per setting, e.g. COURSE_GRADING_WITHOUT)."""
    with _PROBING:
        return _protection(_settings())


def available() -> str:
    """'' when Check my work can sandbox the kernel here, else why not."""
    return _usable(protection())


def _preflight(prot: sandbox.Protection, settings_file: Path, base: Path) -> str:
    """'' when the sandboxed interpreter starts here (probed once per process and protection)."""
    key = (prot, _settings())
    with _PROBING:
        if key not in _PREFLIGHT:
            folder = base / "probe"
            folder.mkdir(exist_ok=True)
            (folder / "probe.txt").write_text("probe\n")
            problem = preflight.check(settings_file, folder, timeout=60.0)
            _PREFLIGHT[key] = "the sandboxed kernel cannot start on this machine" if problem else ""
        return _PREFLIGHT[key]


def kernels_folder() -> Path:
    """A new folder for one check's kernelspec, staging and sockets (short enough for a socket path)."""
    parent = Path(tempfile.gettempdir())
    if len(str(parent / "cmw-xxxxxxxx" / "ipc" / "k-99")) > SOCKET_PATH_MAX:
        parent = Path("/tmp")
    return Path(tempfile.mkdtemp(prefix="cmw-", dir=parent))


def plan(source: Path, base: Path) -> KernelPlan:
    """The kernel for checking the assignment in `source`, its spec written under `base` (a new folder)."""
    prot = protection()
    why = _usable(prot)
    if not why:
        km = sandbox.install_kernelspec(prot, 0, base, f"selfcheck-{os.getpid()}", hidden_folders(source),
                                        user=SHARED_USER if prot.own_user else "")
        why = _preflight(prot, sandbox.settings_path(base), base)
    if why:
        return KernelPlan(note=UNSANDBOXED.format(why=why))
    return KernelPlan(
        settings={"Execute__kernel_name": sandbox.KERNEL_NAME, "KernelManager__transport": km["transport"],
                  "KernelManager__ip": km["ip"]},
        env={"JUPYTER_PATH": os.pathsep.join([str(base / "jupyter"), os.environ.get("JUPYTER_PATH", "")])
             .rstrip(os.pathsep)},
    )


def warm_up() -> None:
    """Probe the machine and the sandboxed interpreter now, so a check does not wait for them (nothing to do
    once this process has probed them for the current settings)."""
    if available() or (protection(), _settings()) in _PREFLIGHT:
        return
    base = kernels_folder()
    try:
        plan(Path("/nonexistent"), base)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def warm_up_in_background() -> threading.Thread:
    """`warm_up` in a daemon thread: its probes (subprocesses) overlap the check's own start-up."""
    thread = threading.Thread(target=warm_up, name="selfcheck-sandbox-probe", daemon=True)
    thread.start()
    return thread
