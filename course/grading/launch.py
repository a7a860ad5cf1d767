"""Kernel launcher for the grading sandbox (runs as root, before the kernel; standard library only).

The sandbox kernelspec's argv is ``python -I launch.py <settings.json> {connection_file}``. This script
copies the connection file and the notebook's folder into a fresh staging folder owned by the sandbox
user, then replaces itself with the sandbox:

- root (the full sandbox): ``bwrap`` runs as root, so it needs no user namespace and reaches files under
  private (0700) folders; it builds the namespaces (no network, own PIDs, IPC and hostname) and the view
  (read-only system, venv and course toolkit, the private copy of the folder, a private /tmp, no home
  directories); inside it ``setpriv`` drops to the sandbox user (no capabilities, no new privileges),
  then ``prlimit`` (memory, CPU seconds, processes, file size) -> ipykernel.
- root without bubblewrap: util-linux ``unshare`` makes the namespaces (mount, PID, network, IPC,
  hostname), then this script, still root but in its own mount namespace (``--inner``), builds the same
  view as bwrap would on a fresh tmpfs, ``chroot``s into it and goes on: ``setpriv`` -> ``prlimit`` ->
  ipykernel. Nothing of the host outside the binds exists in there (source/, the gradebook, /root).
- not root: ``prlimit`` -> ``bwrap`` (in a user namespace) -> ipykernel, as the grader's own user.
- no view at all: ``setpriv`` (root only) -> ``prlimit`` -> ipykernel in the private copy of the folder.

``launch.py --probe <settings.json> <folder> <any file>`` runs the same chain with a short script instead of the
kernel (the grader's pre-flight: can the sandbox user start the interpreter, import, read the folder?).
"""

import ctypes
import json
import os
import pwd
import shutil
import sys
import tempfile
from pathlib import Path

RUN_ENV = "COURSE_GRADING_RUN"
# What a kernel does first: import, read its connection file, bind in the IPC folder, read its folder.
PROBE = (
    "import os, sys\n"
    "import ipykernel.kernelapp, course\n"
    "open(sys.argv[1]).read()\n"
    "import socket\n"
    "probe = os.path.join(sys.argv[2], 'k-99')\n"
    "sock = socket.socket(socket.AF_UNIX)\n"
    "sock.bind(probe)\n"
    "sock.close()\n"
    "os.remove(probe)\n"
    "names = sorted(os.listdir('.'))\n"
    "for n in names:\n"
    "    if os.path.isfile(n):\n"
    "        open(n, 'rb').read()\n"
    "print('PROBE-OK', os.getuid(), len(names))\n"
)


def _copy_folder(src: str, dest: str, uid: int, gid: int) -> None:
    shutil.copytree(src, dest, symlinks=True, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for dirpath, dirnames, filenames in os.walk(dest):
        for name in [*dirnames, *filenames]:
            os.lchown(os.path.join(dirpath, name), uid, gid)
    os.chown(dest, uid, gid)


# The only variables a kernel inherits (the grader's may hold tokens, e.g. JUPYTERHUB_API_TOKEN).
KEEP_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "NBGRADER_EXECUTION", "MPLBACKEND", "PYTHONIOENCODING",
            RUN_ENV)
# unshare's namespaces for the view without bubblewrap (root only): the same set as ROOT_NAMESPACES.
UNSHARE = ("unshare", "--mount", "--propagation", "private", "--pid", "--fork", "--kill-child", "--net",
           "--ipc", "--uts", "--")
# Namespaces bwrap makes when it runs as root: everything but a user namespace (root needs none).
ROOT_NAMESPACES = ("--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try")


def setpriv_argv(uid: int, gid: int, pdeathsig: bool = False) -> list[str]:
    """Drop to the sandbox user for good: its own ids only, no capabilities, no new privileges.

    `pdeathsig`: keep the parent-death signal across the change of user (the kernel dies with unshare).
    """
    keep = ["--pdeathsig", "keep"] if pdeathsig else []
    return ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--no-new-privs",
            "--inh-caps=-all", "--bounding-set=-all", *keep, "--"]


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
    for path in s.get("hidden", []):  # a package the assignment forbids: an empty folder in this view
        argv += ["--tmpfs", path, "--remount-ro", path]
    argv += [*_parents(s["ipc_dir"], made), "--bind", s["ipc_dir"], s["ipc_dir"]]
    argv += ["--ro-bind", conn, "/tmp/connection.json"]
    argv += [*_parents(cwd, made), "--bind", work, cwd, "--chdir", cwd]
    argv += ["--setenv", "HOME", "/tmp", "--setenv", "MPLCONFIGDIR", "/tmp", "--unsetenv", "JPY_PARENT_PID"]
    return [*argv, "--"]


# ---- the view without bubblewrap (root, in unshare's mount namespace) ----

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC = 1, 2, 4, 32, 4096, 16384
DEVICES = ("null", "zero", "full", "random", "urandom", "tty")


def _enc(v: str | None) -> bytes | None:
    return v.encode() if v else None


def _mount(src: str | None, dest: str, fstype: str | None, flags: int, data: str = "") -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.mount(_enc(src), _enc(dest), _enc(fstype), flags, _enc(data)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount {src} on {dest}: {os.strerror(err)}")


def _bind(root: str, src: str, dest: str, readonly: bool) -> None:
    target = root + dest
    if os.path.isdir(src):
        os.makedirs(target, 0o755, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), 0o755, exist_ok=True)
        open(target, "a").close()
    _mount(src, target, None, MS_BIND | MS_REC)
    if readonly:
        _mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)


def build_view(plan: dict) -> None:
    """Make `plan['root']` a fresh root like bwrap_argv's (runs as root in a private mount namespace)."""
    root = plan["root"]
    os.umask(0o022)
    _mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755")
    for path in ("/usr", "/etc"):
        _bind(root, path, path, True)
    for link in ("bin", "lib", "lib32", "lib64", "sbin"):
        if os.path.islink("/" + link):
            os.symlink(os.readlink("/" + link), f"{root}/{link}")
    os.makedirs(root + "/proc", 0o755)
    _mount("proc", root + "/proc", "proc", MS_NOSUID | MS_NODEV)
    os.makedirs(root + "/dev", 0o755)
    _mount("tmpfs", root + "/dev", "tmpfs", MS_NOSUID, "mode=0755")
    for dev in DEVICES:
        if os.path.exists("/dev/" + dev):
            _bind(root, "/dev/" + dev, "/dev/" + dev, False)
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
                         ("stderr", "/proc/self/fd/2")):
        os.symlink(target, f"{root}/dev/{name}")
    os.makedirs(root + "/dev/shm", 0o755)
    _mount("tmpfs", root + "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=64m")
    os.makedirs(root + "/tmp", 0o755)
    _mount("tmpfs", root + "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=512m")
    for path in plan["readonly"]:
        _bind(root, path, path, True)
    for path in plan.get("hidden", []):  # a package the assignment forbids: an empty folder in this view
        if os.path.isdir(root + path):
            _mount("tmpfs", root + path, "tmpfs", MS_NOSUID | MS_NODEV | MS_RDONLY, "mode=0555")
    _bind(root, plan["ipc_dir"], plan["ipc_dir"], False)
    _bind(root, plan["conn"], "/tmp/connection.json", True)
    _bind(root, plan["work"], plan["cwd"], False)


def inner(plan_path: str) -> None:
    """`--inner`: build the view, enter it, and run the rest of the chain (setpriv -> prlimit -> kernel).

    This process is PID 1 of the kernel's PID namespace and stays its init, as bwrap does: the kernel
    must not be PID 1 (a PID 1 ignores the signals it has no handler for, even its own SIGKILL, which
    would change how a submission that kills itself is graded). It reaps orphans, passes on SIGTERM,
    SIGINT and SIGHUP, and exits with the kernel's status; its exit ends everything in the namespace.
    """
    import signal

    with open(plan_path) as fh:
        plan = json.load(fh)
    build_view(plan)
    os.chroot(plan["root"])
    os.chdir(plan["cwd"])
    child = os.fork()
    if child == 0:
        os.setsid()
        os.execvpe(plan["argv"][0], plan["argv"], plan["env"])
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda signum, _frame: os.kill(child, signum))
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            os._exit(1)
        except InterruptedError:
            continue
        if pid == child:
            code = os.waitstatus_to_exitcode(status)
            os._exit(code if code >= 0 else 128 - code)


# ---- the chain ----

def main(settings_path: str, connection_file: str, extra: list[str], probe: bool = False) -> None:
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

    view = s.get("view", "bwrap" if s.get("bwrap") else "")
    bwrap = view == "bwrap"
    as_root = bwrap and user is not None and os.geteuid() == 0
    limits = prlimit_argv(s["limits"], user is not None and s.get("dedicated", True))
    env = {k: os.environ[k] for k in KEEP_ENV if k in os.environ}
    if s.get("run_id"):
        env[RUN_ENV] = s["run_id"]
    kernel = (["-c", PROBE, "/tmp/connection.json", s["ipc_dir"]] if probe
              else ["-m", "ipykernel_launcher", "-f", "/tmp/connection.json", *extra])
    if view == "unshare" and user is not None and os.geteuid() == 0:
        # unshare (root, new namespaces) -> launch.py --inner (view, chroot) -> setpriv -> prlimit -> kernel
        env.update(HOME="/tmp", MPLCONFIGDIR="/tmp")
        # the plan and the mount point sit beside the kernel's folder, in the root-owned staging folder
        plan = {"root": staging + ".root", "readonly": s["readonly"], "hidden": s.get("hidden", []), "ipc_dir": s["ipc_dir"],
                "conn": conn, "work": work, "cwd": cwd, "env": env,
                "argv": [*setpriv_argv(uid, gid, pdeathsig=True), *limits, s["python"], *kernel]}
        os.mkdir(plan["root"], 0o700)
        plan_path = staging + ".plan.json"
        with open(plan_path, "w") as fh:
            json.dump(plan, fh)
        argv = [*UNSHARE, sys.executable, "-I", os.path.abspath(__file__), "--inner", plan_path]
        os.execvpe(argv[0], argv, env)
    if as_root:  # bwrap (root) -> setpriv (sandbox user) -> prlimit -> kernel
        argv = bwrap_argv(s, conn, work, cwd, True) + setpriv_argv(uid, gid) + limits
    elif bwrap:  # prlimit -> bwrap (user namespace) -> kernel, as the grader's user
        argv = limits + bwrap_argv(s, conn, work, cwd, False)
    else:  # no bwrap: the kernel still runs in the private copy of the folder
        argv = (setpriv_argv(uid, gid) if user else []) + limits
        os.chdir(work)
    if not bwrap:
        kernel[kernel.index("/tmp/connection.json")] = conn
    home = "/tmp" if bwrap else staging
    env.update(HOME=home, MPLCONFIGDIR=home)
    if not bwrap and "JPY_PARENT_PID" in os.environ:  # the kernel exits if its grader dies
        env["JPY_PARENT_PID"] = os.environ["JPY_PARENT_PID"]
    argv += [s["python"], *kernel]
    os.execvpe(argv[0], argv, env)


def probe(settings_path: str, folder: str, connection_file: str) -> None:
    """`--probe`: the kernel's chain, in `folder`'s private copy, running PROBE instead of the kernel."""
    os.chdir(folder)
    main(settings_path, connection_file, [], probe=True)


if __name__ == "__main__":
    if sys.argv[1] == "--inner":
        inner(sys.argv[2])
    elif sys.argv[1] == "--probe":
        probe(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        main(sys.argv[1], sys.argv[2], sys.argv[3:])
