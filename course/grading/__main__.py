"""Command line: ``python -m course.grading <assignment> [--workers N] [--no-sandbox] [--require-sandbox]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course.grading.engine import Options, SandboxMissing, run


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m course.grading", description=__doc__)
    p.add_argument("assignment", help="assignment id, e.g. a01")
    p.add_argument("--root", type=Path, default=Path.cwd(), help="course folder (with nbgrader_config.py)")
    p.add_argument("--workers", type=int, default=0, help="parallel workers (default: all cores)")
    p.add_argument("--no-sandbox", action="store_true", help="run student code without the sandbox")
    p.add_argument("--require-sandbox", action="store_true",
                   help="fail unless the full sandbox is available (also COURSE_GRADING_REQUIRE_SANDBOX=1)")
    p.add_argument("--no-feedback", action="store_true", help="skip feedback generation")
    args = p.parse_args(argv)
    opts = Options(workers=args.workers, sandbox=not args.no_sandbox, feedback=not args.no_feedback,
                   progress=lambda line: print(line, flush=True))
    if args.require_sandbox:
        opts.require_sandbox = True
    try:
        report = run(args.root, args.assignment, opts)
    except FileNotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except SandboxMissing as err:
        print(f"error: the full sandbox is required but not available here.\n{err}", file=sys.stderr)
        return 2
    return 0 if report.outcomes is not None else 1


if __name__ == "__main__":
    raise SystemExit(main())
