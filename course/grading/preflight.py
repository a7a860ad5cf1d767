"""Before the first kernel: can the sandbox user start the interpreter, import, and read a submission?

The check runs the kernel's own chain (launch.py --probe: the same view, user and limits) with a short
script instead of the kernel. When it fails, the folders on the way are walked as the sandbox user would
walk them, so the message names the exact folder or file and the fix, instead of "kernel died" for
every submission.
"""

from __future__ import annotations

import json
import os
import pwd
import stat
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from course.grading import sandbox

LAUNCHER = Path(__file__).with_name("launch.py")
VIEW_ROOTS = ("/usr", "/etc")  # always bound into a view (bwrap or unshare)


class PreflightFailed(RuntimeError):
    """The sandbox user cannot run a kernel here: the message says where and how to fix it."""


@dataclass(frozen=True)
class Blocked:
    """A place on a path the sandbox user cannot pass."""

    path: str
    what: str  # "enter" (a folder) or "read" / "run" (a file)
    mode: str
    owner: str


def _allowed(st: os.stat_result, uid: int, gid: int, bit: int) -> bool:
    """`bit` (4 read, 2 write, 1 execute) for `uid`/`gid` with no supplementary groups (setpriv --clear-groups)."""
    if uid == 0:
        return True
    shift = 6 if st.st_uid == uid else 3 if st.st_gid == gid else 0
    return (st.st_mode >> shift) & bit == bit


def _owner(st: os.stat_result) -> str:
    try:
        return pwd.getpwuid(st.st_uid).pw_name
    except KeyError:
        return str(st.st_uid)


def _view_root(path: str, readonly: list[str]) -> str:
    """The bound folder a path is seen through in a view (the longest match), or '/' if none."""
    roots = [r for r in [*readonly, *VIEW_ROOTS] if path == r or path.startswith(r.rstrip("/") + "/")]
    return max(roots, key=len) if roots else "/"


def walk(path: str, uid: int, gid: int, last: int, view: list[str] | None = None) -> Blocked | None:
    """The first folder down to `path` that `uid` cannot enter, or `path` itself if it lacks `last`.

    Symlinks are followed: each hop is walked too (a venv's python points at the interpreter it was made
    from). In a view (`view` = the bound folders) the folders above a bound one are made 0755: only the
    bound folder and what is below it count.
    """
    for hop in sandbox.interpreter_chain(path):
        start = Path(_view_root(hop, view) if view is not None else "/")
        for current in reversed(Path(hop).parents):
            if current in start.parents:
                continue
            try:
                st = os.stat(current)
            except OSError:
                continue
            if stat.S_ISDIR(st.st_mode) and not _allowed(st, uid, gid, 1):
                return Blocked(str(current), "enter", stat.filemode(st.st_mode), _owner(st))
    try:
        st = os.stat(path)
    except OSError:
        return None
    if last and not _allowed(st, uid, gid, last):
        return Blocked(path, "read" if last & 4 else "run", stat.filemode(st.st_mode), _owner(st))
    return None


def needs(settings: dict) -> list[tuple[str, str, int]]:
    """(what it is, path, permission bit) the kernel needs: interpreter, stdlib, packages, toolkit, staging."""
    python = settings["python"]
    real = os.path.realpath(python)
    stdlib = sysconfig.get_paths()["stdlib"]
    purelib = sysconfig.get_paths()["purelib"]
    items = [
        ("the venv's interpreter", python, 1),
        ("the interpreter the venv was made from", real, 1),
        ("the standard library", os.path.join(os.path.realpath(stdlib), "os.py"), 4),
        ("the venv's packages", os.path.realpath(purelib), 5),
        ("the course toolkit", str(sandbox.PACKAGE_DIR / "__init__.py"), 4),
    ]
    if not settings.get("view"):
        items.append(("the submission's private copy (the kernels' staging folder)", settings["staging"], 1))
        items.append(("the kernels' connection sockets", settings["ipc_dir"], 3))
    return items


def diagnose(settings: dict, uid: int, gid: int) -> list[tuple[str, Blocked]]:
    """Every needed path the sandbox user cannot reach, with the place that blocks it."""
    found = []
    view = settings["readonly"] if settings.get("view") else None
    seen: dict[str, int] = {}
    for what, path, bit in needs(settings):
        blocked = walk(path, uid, gid, bit, view)
        if blocked and blocked.path in seen:  # one folder in the way of several things: say it once
            i = seen[blocked.path]
            found[i] = (f"{found[i][0]} and {what}", found[i][1])
        elif blocked:
            seen[blocked.path] = len(found)
            found.append((what, blocked))
    return found


def fixes(what: str, blocked: Blocked) -> list[str]:
    """How to get past `blocked`, most direct first."""
    if blocked.what == "enter":
        out = [f"chmod o+x {blocked.path}   (lets others pass through the folder, not list it)"]
    else:
        out = [f"chmod o+{'r' if blocked.what == 'read' else 'rx'} {blocked.path}"]
    if "interpreter" in what or "standard library" in what:
        out.append("or make the venv from a system Python: rm -rf .venv && make venv PYTHON=/usr/bin/python3.11")
    elif "staging" in what:
        out.append("or point TMPDIR at a folder others can enter, e.g. TMPDIR=/tmp")
    else:
        out.append(f"or move the course out of {blocked.path} (e.g. to /srv or /opt)")
    out.append("or run with --no-sandbox (student code then runs with your rights, like plain nbgrader)")
    return out


def message(user: str, found: list[tuple[str, Blocked]], output: str) -> str:
    """The refusal: what the sandbox user cannot reach, where, and the fixes."""
    who = f"the sandbox user {user}" if user else "the sandboxed kernel"
    lines = [f"pre-flight failed: {who} cannot start a kernel, so no submission was graded."]
    for what, b in found:
        verb = "enter the folder" if b.what == "enter" else f"{b.what} the file"
        lines.append(f"- {who} cannot {verb} {b.path} ({b.mode} {b.owner}), on the way to {what}.")
        lines += ["  fix: " + fixes(what, b)[0]] + ["       " + f for f in fixes(what, b)[1:]]
    if not found:
        lines.append("- the sandboxed interpreter failed; what it said:")
        lines += ["    " + line for line in (output.strip().splitlines() or ["(nothing)"])[-8:]]
        lines.append("  fix: read the lines above; or run with --no-sandbox (student code then runs with your rights)")
    return "\n".join(lines)


def check(settings_file: Path, folder: Path, timeout: float = 120.0) -> str:
    """'' when a kernel can start in `folder` with these sandbox settings, else the refusal message."""
    settings = json.loads(settings_file.read_text())
    dummy = settings_file.with_name("probe-connection.json")
    dummy.write_text("{}")
    try:
        proc = subprocess.run(
            [sys.executable, "-I", str(LAUNCHER), "--probe", str(settings_file), str(folder), str(dummy)],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
        output, ok = proc.stdout + proc.stderr, proc.returncode == 0 and "PROBE-OK" in proc.stdout
    except subprocess.TimeoutExpired as err:
        output, ok = f"no answer after {timeout:.0f} s: {err}", False
    if ok:
        return ""
    user = settings.get("user", "")
    if "AF_UNIX path too long" in output:
        return (f"pre-flight failed: the kernels' socket folder {settings['ipc_dir']} is too deep for a Unix "
                "socket path (107 bytes), so no kernel could start and no submission was graded.\n"
                "  fix: point TMPDIR at a shorter folder, e.g. TMPDIR=/tmp")
    if user:
        pw = pwd.getpwnam(user)
        found = diagnose(settings, pw.pw_uid, pw.pw_gid)
    else:
        found = diagnose(settings, os.getuid(), os.getgid())
    return message(user, found, output)
