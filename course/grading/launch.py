"""Kernel launcher for the grading sandbox (runs as root, before the kernel; standard library only).

The sandbox kernelspec's argv is ``python -I launch.py <settings.json> {connection_file}``. This script
copies the connection file and the notebook's folder into a fresh staging folder owned by the sandbox
user, then replaces itself with the sandbox:

- root (the full sandbox): ``bwrap`` runs as root, so it needs no user namespace and reaches files under
  private (0700) folders; it builds the namespaces (no network, own PIDs, IPC and hostname) and the view
  (read-only system, venv and course toolkit, the private copy of the folder, a private /tmp, no home
  directories); inside it ``setpriv`` drops to the sandbox user (no capabilities, no new privileges),
  then ``prlimit`` (memory, CPU seconds, processes, file size) -> ipykernel.
- not root: ``prlimit`` -> ``bwrap`` (in a user namespace) -> ipykernel, as the grader's own user.
- no bubblewrap: ``setpriv`` (root only) -> ``prlimit`` -> ipykernel in the private copy of the folder.
"""

import json
import os
import pwd
import shutil
import sys
import tempfile
from pathlib import Path


def _copy_folder(src: str, dest: str, uid: int, gid: int) -> None:
    shutil.copytree(src, dest, symlinks=True, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for dirpath, dirnames, filenames in os.walk(dest):
        for name in [*dirnames, *filenames]:
            os.lchown(os.path.join(dirpath, name), uid, gid)
    os.chown(dest, uid, gid)


# The only variables a kernel inherits (the grader's may hold tokens, e.g. JUPYTERHUB_API_TOKEN).
KEEP_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "NBGRADER_EXECUTION", "MPLBACKEND", "PYTHONIOENCODING")
# Namespaces bwrap makes when it runs as root: everything but a user namespace (root needs none).
ROOT_NAMESPACES = ("--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try")


def setpriv_argv(uid: int, gid: int) -> list[str]:
    """Drop to the sandbox user for good: its own ids only, no capabilities, no new privileges."""
    return ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--no-new-privs",
            "--inh-caps=-all", "--bounding-set=-all", "--"]


def prlimit_argv(lim: dict, own_user: bool) -> list[str]:
    argv = ["prlimit", f"--as={lim['memory_bytes']}", f"--cpu={lim['cpu_seconds']}", f"--fsize={lim['file_bytes']}"]
    if own_user:  # RLIMIT_NPROC counts every process of the user: only meaningful for a dedicated one
        argv.append(f"--nproc={lim['processes']}")
    return [*argv, "--"]


def _parents(path: str, made: set[str]) -> list[str]:
    """Make `path`'s parent folders in the sandbox, 0755 (bwrap as root would make them 0700).

    They are new, empty folders: a private (0700) folder on the host above the course does not matter.
    """
    argv: list[str] = []
    for parent in reversed(Path(path).parents):
        if str(parent) not in made:
            made.add(str(parent))
            argv += ["--perms", "0755", "--dir", str(parent)]
    return argv


def bwrap_argv(s: dict, conn: str, work: str, cwd: str, as_root: bool) -> list[str]:
    """bwrap and its view; as root without a user namespace (the kernel's user is set inside it)."""
    argv = ["bwrap", *(ROOT_NAMESPACES if as_root else ("--unshare-all",)), "--die-with-parent", "--new-session"]
    argv += ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for link in ("bin", "lib", "lib32", "lib64", "sbin"):
        target = os.readlink("/" + link) if os.path.islink("/" + link) else None
        if target:
            argv += ["--symlink", target, "/" + link]
    argv += ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/tmp"]
    made = {"/", "/tmp"}
    for path in s["readonly"]:
        argv += [*_parents(path, made), "--ro-bind", path, path]
    argv += [*_parents(s["ipc_dir"], made), "--bind", s["ipc_dir"], s["ipc_dir"]]
    argv += ["--ro-bind", conn, "/tmp/connection.json"]
    argv += [*_parents(cwd, made), "--bind", work, cwd, "--chdir", cwd]
    argv += ["--setenv", "HOME", "/tmp", "--setenv", "MPLCONFIGDIR", "/tmp", "--unsetenv", "JPY_PARENT_PID"]
    return [*argv, "--"]


def main(settings_path: str, connection_file: str, extra: list[str]) -> None:
    with open(settings_path) as fh:
        s = json.load(fh)
    user = pwd.getpwnam(s["user"]) if s.get("user") else None
    uid, gid = (user.pw_uid, user.pw_gid) if user else (os.getuid(), os.getgid())
    cwd = os.getcwd()
    staging = tempfile.mkdtemp(prefix="kernel-", dir=s["staging"])
    os.chown(staging, uid, gid)
    conn = os.path.join(staging, "connection.json")
    shutil.copyfile(connection_file, conn)
    os.chown(conn, uid, gid)
    work = os.path.join(staging, "work")
    _copy_folder(cwd, work, uid, gid)

    bwrap = bool(s.get("bwrap"))
    as_root = bwrap and user is not None and os.geteuid() == 0
    limits = prlimit_argv(s["limits"], user is not None)
    if as_root:  # bwrap (root) -> setpriv (sandbox user) -> prlimit -> kernel
        argv = bwrap_argv(s, conn, work, cwd, True) + setpriv_argv(uid, gid) + limits
    elif bwrap:  # prlimit -> bwrap (user namespace) -> kernel, as the grader's user
        argv = limits + bwrap_argv(s, conn, work, cwd, False)
    else:  # no bwrap: the kernel still runs in the private copy of the folder
        argv = (setpriv_argv(uid, gid) if user else []) + limits
        os.chdir(work)
    conn_in = "/tmp/connection.json" if bwrap else conn
    env = {k: os.environ[k] for k in KEEP_ENV if k in os.environ}
    home = "/tmp" if bwrap else staging
    env.update(HOME=home, MPLCONFIGDIR=home)
    if not bwrap and "JPY_PARENT_PID" in os.environ:  # the kernel exits if its grader dies
        env["JPY_PARENT_PID"] = os.environ["JPY_PARENT_PID"]
    argv += [s["python"], "-m", "ipykernel_launcher", "-f", conn_in, *extra]
    os.execvpe(argv[0], argv, env)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
