"""Regenerate release/ from source/ with `nbgrader generate_assignment` (the only way release/ is made).

    python -m course.tools.release            # every assignment in source/
    python -m course.tools.release a01 a02    # just these
"""

from __future__ import annotations

import sys
from pathlib import Path

from course.tools.nbgrader_cli import run_nbgrader

ROOT = Path(__file__).resolve().parents[2]


def assignment_ids(root: Path = ROOT) -> list[str]:
    """The assignments in source/, in order."""
    return sorted(p.name for p in (root / "source").iterdir() if p.is_dir() and not p.name.startswith("."))


def generate(assignment: str, root: Path = ROOT, output_root: Path | None = None) -> Path:
    """Run nbgrader generate_assignment for one assignment; returns the folder it wrote."""
    args = ["generate_assignment", assignment, "--force", "--no-db"]
    if output_root is not None:
        args.append(f"--CourseDirectory.release_directory={output_root}")
    result = run_nbgrader(root, *args)
    if result.returncode != 0:
        raise RuntimeError(f"nbgrader generate_assignment {assignment} failed:\n{result.stdout}\n{result.stderr}")
    return (output_root or root / "release") / assignment


def main(argv: list[str] | None = None) -> int:
    ids = (argv if argv is not None else sys.argv[1:]) or assignment_ids()
    for i, aid in enumerate(ids, 1):
        print(f"[{i}/{len(ids)}] generating release/{aid} ...", flush=True)
        generate(aid)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
