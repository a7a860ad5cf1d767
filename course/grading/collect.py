"""Collect submissions from the exchange (with nbgrader collect) and check who really submitted them."""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
from pathlib import Path


def inbound_dir(exchange: Path, course_id: str) -> Path:
    return exchange / course_id / "inbound"


def latest_inbound(exchange: Path, course_id: str, assignment: str) -> dict[str, Path]:
    """student -> their latest inbound folder for `assignment` (nbgrader's '<student>+<aid>+<time>[+rand]')."""
    latest: dict[str, tuple[str, Path]] = {}
    folder = inbound_dir(exchange, course_id)
    if not folder.is_dir():
        return {}
    for path in folder.iterdir():
        parts = path.name.split("+")
        if len(parts) < 3 or parts[1] != assignment:
            continue
        student, stamp = parts[0], parts[2]
        if student not in latest or stamp > latest[student][0]:
            latest[student] = (stamp, path)
    return {s: p for s, (_, p) in latest.items()}


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def identity_flags(folders: dict[str, Path], grader_uid: int | None = None) -> dict[str, str]:
    """student -> flag, when the OS user who wrote a submission is neither that student nor the grader.

    On a JupyterHub every student is an OS user named by their student id, so a folder written by
    another user is a submission made under someone else's name.
    """
    grader_uid = os.getuid() if grader_uid is None else grader_uid
    flags = {}
    for student, path in folders.items():
        uid = path.stat().st_uid
        if uid in (0, grader_uid):
            continue
        owner = _user_name(uid)
        if owner != student:
            flags[student] = f"submitted under another name: the files belong to OS user '{owner}'"
    return flags


def collect(root: Path, assignment: str, exchange: Path, course_id: str) -> tuple[dict[str, str], str, int]:
    """Run `nbgrader collect --update` when the exchange holds submissions.

    Returns (identity flags by student, nbgrader's error text or '', number of students in the exchange).
    """
    folders = latest_inbound(exchange, course_id, assignment)
    if not folders:
        return {}, "", 0
    flags = identity_flags(folders)
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", "collect", assignment, "--update"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    error = "" if proc.returncode == 0 else (proc.stderr or proc.stdout)[-2000:]
    return flags, error, len(folders)
