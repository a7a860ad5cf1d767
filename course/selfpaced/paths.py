"""Where the course lives on disk: release/ (what you copy from) and assignments/ (your work)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def course_root() -> Path:
    """The repository's root folder (COURSE_ROOT overrides it, e.g. for tests)."""
    if os.environ.get("COURSE_ROOT"):
        return Path(os.environ["COURSE_ROOT"]).resolve()
    return Path(__file__).resolve().parents[2]


def release_dir(root: Path | None = None) -> Path:
    return (root or course_root()) / "release"


def source_dir(root: Path | None = None) -> Path:
    return (root or course_root()) / "source"


def assignments_dir(root: Path | None = None) -> Path:
    return (root or course_root()) / "assignments"


def available_assignments(root: Path | None = None) -> list[str]:
    """Assignment ids that release/ offers, in order."""
    folder = release_dir(root)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def fingerprint(folder: Path) -> str:
    """A hash of every file's name and content in a folder (ignores Jupyter checkpoints)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()
