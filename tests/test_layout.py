"""The toolkit is laid out by track: the top of course/ shows the tracks, never a loose domain module."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"

TRACKS = {"coding", "billing", "patients", "security", "careers"}
OTHER_PACKAGES = {"practice", "grading", "selfpaced", "tools", "synthetic", "exam", "review"}
SHARED_HELPERS = {"__init__.py", "plots.py", "tables.py", "quizzes.py"}
NOT_CODE = {"lessons", "data"}


def _tracked_top_level() -> set[str]:
    """Names at the top of course/ that hold at least one file (caches such as __pycache__ excluded)."""
    names = set()
    for path in COURSE.iterdir():
        if path.name == "__pycache__" or path.name.startswith("."):
            continue
        if path.is_dir() and not any(p.is_file() and "__pycache__" not in p.parts for p in path.rglob("*")):
            continue
        names.add(path.name)
    return names


def test_top_of_course_holds_only_tracks_shared_helpers_and_packages():
    allowed = TRACKS | OTHER_PACKAGES | SHARED_HELPERS | NOT_CODE
    loose = sorted(_tracked_top_level() - allowed)
    assert not loose, (
        f"course/ top level has {loose}: put a domain module in its track's package "
        f"({', '.join(sorted(TRACKS))}); only {sorted(SHARED_HELPERS)} are shared at the top"
    )


def test_every_track_is_a_package():
    for track in sorted(TRACKS | OTHER_PACKAGES):
        assert (COURSE / track / "__init__.py").is_file(), f"course/{track} is not a package"


def test_one_module_for_the_hcpcs_code_set():
    hcpcs = sorted(p.relative_to(ROOT).as_posix() for p in COURSE.rglob("*hcpcs*.py"))
    assert hcpcs == ["course/coding/hcpcs.py"], hcpcs
