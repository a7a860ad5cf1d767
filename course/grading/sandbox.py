"""The grading sandbox: what this machine can enforce, and the kernelspec that enforces it.

Levels, strongest first:

- ``full``: root, bubblewrap and setpriv. bwrap runs as root (so it needs no user namespace, and the
  course may live under a private 0700 folder) and builds each kernel's view: read-only /usr, /etc, the
  venv and the course toolkit; a private copy of the submission's folder; a private /tmp; no source/,
  gradebook, other submissions or home directories; no network (the kernel talks to the grader over Unix
  sockets). Inside it, setpriv drops to a dedicated system user (``nbgrader-sbx<N>``, one per worker so
  one submission's process limit never starves another's) with no capabilities and no new privileges,
  then prlimit sets the limits.
  Without bubblewrap, root builds the same view with util-linux ``unshare`` (its own mount, PID,
  network, IPC and hostname namespaces; a fresh root of read-only binds; ``chroot``): see launch.py.
- ``namespaces``: not root but bwrap works (with user namespaces): the same filesystem and network
  isolation and limits, but the kernel keeps the grader's user id.
- ``limits``: only resource limits (prlimit) and a private copy of the folder: student code can still
  read what the grader can read.

Set ``COURSE_GRADING_REQUIRE_SANDBOX=1`` (or pass ``--require-sandbox``) to make anything below
``full`` an error. As root, ``limits`` (neither bubblewrap nor unshare can build a view) is refused unless
``--allow-weak-sandbox`` (``COURSE_GRADING_ALLOW_WEAK=1``) says otherwise: root's submissions must never
see source/ or the gradebook by accident. ``COURSE_GRADING_WITHOUT=bwrap[,unshare]`` makes this machine
look as if those tools were missing (to test every machine on one).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

KERNEL_NAME = "course-sandbox"
USER_PREFIX = "nbgrader-sbx"
REQUIRE_ENV = "COURSE_GRADING_REQUIRE_SANDBOX"
ALLOW_WEAK_ENV = "COURSE_GRADING_ALLOW_WEAK"
WITHOUT_ENV = "COURSE_GRADING_WITHOUT"
PACKAGE_DIR = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Limits:
    """Per-kernel resource limits (prlimit)."""

    memory_bytes: int = 2 * 1024**3
    cpu_seconds: int = 120
    processes: int = 128
    file_bytes: int = 64 * 1024**2

    @classmethod
    def from_env(cls) -> Limits:
        """Defaults, overridden by COURSE_GRADING_MEMORY_MB / _CPU_SECONDS / _PROCESSES / _FILE_MB."""
        env = os.environ.get
        return cls(
            memory_bytes=int(env("COURSE_GRADING_MEMORY_MB", cls.memory_bytes // 1024**2)) * 1024**2,
            cpu_seconds=int(env("COURSE_GRADING_CPU_SECONDS", cls.cpu_seconds)),
            processes=int(env("COURSE_GRADING_PROCESSES", cls.processes)),
            file_bytes=int(env("COURSE_GRADING_FILE_MB", cls.file_bytes // 1024**2)) * 1024**2,
        )


@dataclass(frozen=True)
class Protection:
    """What the sandbox can enforce on this machine, and why not more."""

    level: str  # "full", "namespaces", "limits" or "off"
    missing: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)
    switch_user: bool = False  # root: the kernel runs as a dedicated unprivileged user
    view: str = ""  # what builds the kernel's own filesystem view: "bwrap", "unshare" or "" (none)

    @property
    def bwrap(self) -> bool:
        return self.view == "bwrap"

    @property
    def refused(self) -> bool:
        """As root with no view at all: student code could read source/ and the gradebook."""
        return self.level == "limits" and self.switch_user

    @property
    def own_user(self) -> bool:
        return self.switch_user and self.level != "off"

    def describe(self) -> str:
        """One paragraph for the instructor: exactly what is in force."""
        lim = self.limits
        procs = f"{lim.processes} processes" if self.own_user else "no process limit (needs the dedicated user)"
        limits = (
            f"memory {lim.memory_bytes // 1024**2} MB, CPU {lim.cpu_seconds} s, "
            f"{procs}, files {lim.file_bytes // 1024**2} MB"
        )
        text = {
            "full": ("FULL sandbox: bubblewrap (run as root, no user namespace)" if self.view == "bwrap" else
                     "FULL sandbox: its own mount, PID and network namespaces (util-linux unshare, as root; "
                     "bubblewrap not used)") + " hides source/, the gradebook, "
            "other submissions and home directories and cuts the network; inside it student code runs as an "
            "unprivileged user with no capabilities and no new privileges; limits: " + limits + ".",
            "namespaces": "PARTIAL sandbox: bubblewrap hides source/, the gradebook, other submissions and "
            "home directories and cuts the network, but code keeps your user id (not root); limits: "
            + limits + ".",
            "limits": "WEAK protection: resource limits (" + limits + ") and a private copy of each folder"
            + (", as an unprivileged user (cannot change the gradebook or source/)" if self.own_user else "")
            + "; student code CAN read source/ (hidden tests), the gradebook and other submissions, "
            "and reach the network.",
            "off": "NO sandbox (disabled): student code runs with your rights, like plain nbgrader.",
        }[self.level]
        if self.missing:
            text += " Missing: " + "; ".join(self.missing) + "."
        return text


def without() -> set[str]:
    """Tools to treat as missing (COURSE_GRADING_WITHOUT=bwrap,unshare): every machine, testable on one."""
    return {t.strip() for t in os.environ.get(WITHOUT_ENV, "").split(",") if t.strip()}


def which(tool: str) -> str | None:
    """`shutil.which`, unless COURSE_GRADING_WITHOUT names the tool."""
    return None if tool in without() else shutil.which(tool)


def _works(argv: list[str]) -> bool:
    try:
        return subprocess.run(argv, capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def bwrap_works(as_root: bool = False) -> bool:
    """True when bubblewrap can build the sandbox here.

    As root: the kernel's own chain, without a user namespace: bwrap (root) -> setpriv (nobody) -> true.
    Otherwise: bwrap as the current user, which needs unprivileged user namespaces.
    """
    if not which("bwrap"):
        return False
    view = ["--ro-bind", "/", "/", "--perms", "1777", "--tmpfs", "/tmp"]
    if as_root:
        drop = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--no-new-privs",
                "--inh-caps=-all", "--bounding-set=-all"]
        namespaces = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
        return _works(["bwrap", *namespaces, *view, "--", *drop, "--", "/bin/true"])
    return _works(["bwrap", "--unshare-all", *view, "--", "/bin/true"])


def unshare_works() -> bool:
    """True when util-linux unshare can give a kernel its own mount, PID and network view (root only)."""
    if not which("unshare") or os.geteuid() != 0:
        return False
    return _works(["unshare", "--mount", "--propagation", "private", "--pid", "--fork", "--kill-child",
                   "--net", "--ipc", "--uts", "--", "mount", "-t", "tmpfs", "none", "/tmp"])


def detect(enabled: bool = True) -> Protection:
    """The strongest protection this machine gives."""
    limits = Limits.from_env()
    if not enabled:
        return Protection("off", ("sandbox disabled with --no-sandbox",), limits)
    missing = []
    if not shutil.which("prlimit"):
        return Protection("off", ("prlimit (util-linux) not found",), limits)
    is_root = os.geteuid() == 0
    switch = is_root and bool(shutil.which("setpriv"))
    if not is_root:
        missing.append("not running as root, so the kernel cannot switch to an unprivileged user")
    elif not switch:
        missing.append("setpriv (util-linux) not found")
    has_bwrap = bwrap_works(as_root=switch)
    if has_bwrap and not missing:
        return Protection("full", (), limits, switch, "bwrap")
    if switch and unshare_works():
        return Protection("full", (), limits, switch, "unshare")
    if not has_bwrap and switch:
        missing.append("bubblewrap missing or it cannot create namespaces (apt-get install bubblewrap), "
                       "and util-linux unshare cannot make a mount namespace either")
    elif not has_bwrap:
        missing.append(
            "bubblewrap missing or user namespaces disabled (apt-get install bubblewrap; "
            "sysctl user.max_user_namespaces > 0; or run as root, which needs no user namespace)"
        )
    if has_bwrap:
        return Protection("namespaces", tuple(missing), limits, switch, "bwrap")
    return Protection("limits", tuple(missing), limits, switch)


def ensure_user(slot: int) -> str:
    """Create the sandbox system user for worker `slot` if it does not exist (root only); its name."""
    name = f"{USER_PREFIX}{slot}"
    if subprocess.run(["id", "-u", name], capture_output=True).returncode != 0:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
            capture_output=True,
            check=False,
        )
        if subprocess.run(["id", "-u", name], capture_output=True).returncode != 0:
            raise RuntimeError(f"could not create the sandbox user {name} (useradd failed)")
    return name


def interpreter_chain(python: str) -> list[str]:
    """`python` and every symlink hop to the real interpreter (a venv's python points outside it)."""
    chain, path = [python], python
    for _ in range(40):
        if not os.path.islink(path):
            break
        path = os.path.normpath(os.path.join(os.path.dirname(path), os.readlink(path)))
        chain.append(path)
    return chain


def _covered(path: str, roots: set[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)


def readonly_paths() -> list[str]:
    """What the kernel needs, nothing else of the repo: the venv, the course toolkit and the interpreter
    the venv was made from (with every folder a symlink to it passes through)."""
    venv = os.path.realpath(sys.prefix)
    roots = {venv, str(PACKAGE_DIR), os.path.realpath(sys.base_prefix)}
    for hop in interpreter_chain(str(Path(sys.prefix) / "bin" / "python"))[1:]:
        folder = os.path.dirname(hop)
        if not _covered(folder, roots | {"/usr"}):
            roots.add(folder)
    return sorted(p for p in roots if p.startswith("/") and not _covered(p, {"/usr"}))



def settings_path(base: Path) -> Path:
    """Where install_kernelspec(…, base) writes the launcher's settings."""
    return base / "jupyter" / "kernels" / KERNEL_NAME / "settings.json"


def install_kernelspec(prot: Protection, slot: int, base: Path, run_id: str = "",
                       hidden: tuple[str, ...] = (), user: str = "") -> dict:
    """Write this worker's sandbox kernelspec under `base`; returns the KernelManager config to use.

    `base` must be a folder only this run uses; the worker puts `base/jupyter` first on JUPYTER_PATH.
    `run_id` is put in every kernel's environment (COURSE_GRADING_RUN) so a run can tell its processes.
    `hidden` folders are empty in the kernel's view (a toolkit package the assignment forbids).
    `user`: as root, an existing unprivileged user to run the kernel as instead of the worker's own
    ``nbgrader-sbx<slot>`` (Check my work uses ``nobody``); a shared user gets no process limit.
    """
    dedicated = not user
    user = (user or ensure_user(slot)) if prot.own_user else ""
    base.mkdir(parents=True, exist_ok=True)
    os.chmod(base, 0o711)
    staging = base / "staging"
    ipc = base / "ipc"
    for d in (staging, ipc):
        d.mkdir(exist_ok=True)
        os.chmod(d, 0o711 if d == staging else 0o700)
        if user:
            import pwd

            pw = pwd.getpwnam(user)
            os.chown(d, pw.pw_uid, pw.pw_gid)
    settings = {
        "user": user,
        "bwrap": prot.bwrap,
        "view": prot.view if prot.level != "off" else "",
        "staging": str(staging),
        "ipc_dir": str(ipc),
        "python": str(Path(sys.prefix) / "bin" / "python"),
        "readonly": readonly_paths(),
        "hidden": list(hidden),
        "limits": prot.limits.__dict__,
        "dedicated": dedicated,
        "run_id": run_id,
    }
    spec_dir = settings_path(base).parent
    spec_dir.mkdir(parents=True, exist_ok=True)
    (spec_dir / "settings.json").write_text(json.dumps(settings, indent=1))
    launcher = Path(__file__).with_name("launch.py")
    spec = {
        "argv": [sys.executable, "-I", str(launcher), str(spec_dir / "settings.json"), "{connection_file}"],
        "display_name": "Python 3 (grading sandbox)",
        "language": "python",
        "interrupt_mode": "message",
        "metadata": {"debugger": False},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1))
    return {"transport": "ipc", "ip": str(ipc / "k")}
