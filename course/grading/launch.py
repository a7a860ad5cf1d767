"""Kernel launcher for the grading sandbox (runs as root, before the kernel; standard library only).

The sandbox kernelspec's argv is ``python -I launch.py <settings.json> {connection_file}``. This script
copies the connection file and the notebook's folder into a fresh staging folder owned by the sandbox
user, then replaces itself with ``setpriv`` (sandbox user, no new privileges) -> ``prlimit`` (memory,
CPU seconds, processes, file size) -> ``bwrap`` (read-only system and venv, the private copy of the
folder, a private /tmp, no home directories, no network) -> ipykernel.
"""

import json
import os
import pwd
import shutil
import sys
import tempfile


def _copy_folder(src: str, dest: str, uid: int, gid: int) -> None:
    shutil.copytree(src, dest, symlinks=True, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for dirpath, dirnames, filenames in os.walk(dest):
        for name in [*dirnames, *filenames]:
            os.lchown(os.path.join(dirpath, name), uid, gid)
    os.chown(dest, uid, gid)


# The only variables a kernel inherits (the grader's may hold tokens, e.g. JUPYTERHUB_API_TOKEN).
KEEP_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "NBGRADER_EXECUTION", "MPLBACKEND", "PYTHONIOENCODING")


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

    argv: list[str] = []
    if user:
        argv += ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--no-new-privs", "--"]
    lim = s["limits"]
    argv += [
        "prlimit",
        f"--as={lim['memory_bytes']}",
        f"--cpu={lim['cpu_seconds']}",
        f"--fsize={lim['file_bytes']}",
    ]
    if user:  # RLIMIT_NPROC counts every process of the user: only meaningful for a dedicated one
        argv.append(f"--nproc={lim['processes']}")
    argv.append("--")
    if s.get("bwrap"):
        argv += ["bwrap", "--unshare-all", "--die-with-parent", "--new-session"]
        argv += ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
        for link in ("bin", "lib", "lib32", "lib64", "sbin"):
            target = os.readlink("/" + link) if os.path.islink("/" + link) else None
            if target:
                argv += ["--symlink", target, "/" + link]
        argv += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
        for path in s["readonly"]:
            argv += ["--ro-bind", path, path]
        argv += ["--bind", s["ipc_dir"], s["ipc_dir"], "--ro-bind", conn, "/tmp/connection.json"]
        argv += ["--bind", work, cwd, "--chdir", cwd]
        argv += ["--setenv", "HOME", "/tmp", "--setenv", "MPLCONFIGDIR", "/tmp", "--unsetenv", "JPY_PARENT_PID"]
        conn_in = "/tmp/connection.json"
    else:  # no bwrap: the kernel still runs in the private copy of the folder
        os.chdir(work)
        conn_in = conn
    env = {k: os.environ[k] for k in KEEP_ENV if k in os.environ}
    home = "/tmp" if s.get("bwrap") else staging
    env.update(HOME=home, MPLCONFIGDIR=home)
    if not s.get("bwrap") and "JPY_PARENT_PID" in os.environ:  # the kernel exits if its grader dies
        env["JPY_PARENT_PID"] = os.environ["JPY_PARENT_PID"]
    argv += [s["python"], "-m", "ipykernel_launcher", "-f", conn_in, *extra]
    os.execvpe(argv[0], argv, env)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
