"""The grading sandbox: what this machine can enforce, and the kernelspec that enforces it.

Levels, strongest first:

- ``full``: root, bubblewrap and setpriv. bwrap runs as root (so it needs no user namespace, and the
  course may live under a private 0700 folder) and builds each kernel's view: read-only /usr, /etc, the
  venv and the course toolkit; a private copy of the submission's folder; a private /tmp; no source/,
  gradebook, other submissions or home directories; no network (the kernel talks to the grader over Unix
  sockets). Inside it, setpriv drops to a dedicated system user (``nbgrader-sbx<N>``, one per worker so
  one submission's process limit never starves another's) with no capabilities and no new privileges,
  then prlimit sets the limits.
- ``namespaces``: not root but bwrap works (with user namespaces): the same filesystem and network
  isolation and limits, but the kernel keeps the grader's user id.
- ``limits``: only resource limits (prlimit) and a private copy of the folder: student code can still
  read what the grader can read.

Set ``COURSE_GRADING_REQUIRE_SANDBOX=1`` (or pass ``--require-sandbox``) to make anything below
``full`` an error.
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

    @property
    def bwrap(self) -> bool:
        return self.level in ("full", "namespaces")

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
            "full": "FULL sandbox: bubblewrap (run as root, no user namespace) hides source/, the gradebook, "
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
    if not shutil.which("bwrap"):
        return False
    view = ["--ro-bind", "/", "/", "--perms", "1777", "--tmpfs", "/tmp"]
    if as_root:
        drop = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--no-new-privs",
                "--inh-caps=-all", "--bounding-set=-all"]
        namespaces = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
        return _works(["bwrap", *namespaces, *view, "--", *drop, "--", "/bin/true"])
    return _works(["bwrap", "--unshare-all", *view, "--", "/bin/true"])


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
    if not has_bwrap and switch:
        missing.append("bubblewrap missing or it cannot create namespaces (apt-get install bubblewrap)")
    elif not has_bwrap:
        missing.append(
            "bubblewrap missing or user namespaces disabled (apt-get install bubblewrap; "
            "sysctl user.max_user_namespaces > 0; or run as root, which needs no user namespace)"
        )
    if has_bwrap and not missing:
        return Protection("full", (), limits, switch)
    return Protection("namespaces" if has_bwrap else "limits", tuple(missing), limits, switch)


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


def _readonly_paths() -> list[str]:
    """The venv and the course toolkit: what the kernel needs to import, nothing else of the repo."""
    venv = Path(sys.prefix).resolve()
    paths = {str(venv), str(PACKAGE_DIR)}
    return sorted(p for p in paths if p.startswith("/") and not p.startswith("/usr"))


def install_kernelspec(prot: Protection, slot: int, base: Path) -> dict:
    """Write this worker's sandbox kernelspec under `base`; returns the KernelManager config to use.

    `base` must be a folder only this run uses; the worker puts `base/jupyter` first on JUPYTER_PATH.
    """
    user = ensure_user(slot) if prot.own_user else ""
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
        "staging": str(staging),
        "ipc_dir": str(ipc),
        "python": str(Path(sys.prefix) / "bin" / "python"),
        "readonly": _readonly_paths(),
        "limits": prot.limits.__dict__,
    }
    spec_dir = base / "jupyter" / "kernels" / KERNEL_NAME
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
