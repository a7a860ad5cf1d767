"""Find submissions in the exchange whose name claims another student (run by the instructor, or root).

nbgrader's `submit --student=NAME` lets any user name any student, and `collect` trusts the name. The OS
does not lie about who wrote the folder: on a shared exchange each submission folder is owned by the OS
user who ran `submit`. Run this before `nbgrader collect`; it moves impostor submissions aside.

    .venv/bin/python deploy/check_inbound.py /srv/nbgrader/exchange/medical-coding-billing/inbound
"""

from __future__ import annotations

import pwd
import shutil
import sys
from pathlib import Path


def claimed_student(submission: Path) -> str:
    """The student a submission folder names: `student+assignment+timestamp[+random]`."""
    return submission.name.split("+", 1)[0]


def owner(path: Path) -> str:
    """The OS user who owns `path`."""
    uid = path.stat().st_uid
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def impostors(inbound: Path) -> list[tuple[Path, str]]:
    """(submission, real owner) for every submission whose claimed student is not its owner."""
    return [(sub, owner(sub)) for sub in sorted(inbound.iterdir())
            if sub.is_dir() and claimed_student(sub) != owner(sub)]


def quarantine(inbound: Path, quarantine_dir: Path) -> list[tuple[Path, str]]:
    """Move impostor submissions out of `inbound` into `quarantine_dir`; returns what was moved."""
    found = impostors(inbound)
    if found:
        quarantine_dir.mkdir(parents=True, exist_ok=True)
    for sub, _real in found:
        shutil.move(str(sub), quarantine_dir / sub.name)
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    inbound = Path(argv[0])
    moved = quarantine(inbound, inbound.parent / "quarantine")
    for sub, real in moved:
        print(f"moved aside: {sub.name} claims {claimed_student(sub)} but was submitted by {real}")
    return 1 if moved else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
