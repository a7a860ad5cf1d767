"""Command line: ``python -m course.grading <assignment> [--workers N] [--no-sandbox] [--require-sandbox]``.

Exit codes: 0 when at least one submission has a score; 1 when nothing was graded (no submission, or every
one failed); 2 when grading could not start (no such assignment, the sandbox refused or failed its
pre-flight, or extensions.csv has a row it cannot read: the message names the folder, file or line and the fix).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course.grading.engine import Options, PreflightFailed, Report, SandboxMissing, SandboxRefused, run
from course.grading.late import ExtensionsError


def verdict(report: Report) -> tuple[int, str]:
    """The exit code and, when nothing was graded, why."""
    if report.graded:
        return 0, ""
    if not report.outcomes:
        return 1, f"nothing was graded: no submission of {report.assignment} was found (collect found none)"
    reasons = sorted({o.reason for o in report.outcomes.values() if o.reason})
    return 1, f"nothing was graded: all {len(report.outcomes)} submissions failed ({'; '.join(reasons)[:500]})"


def refusal(err: Exception) -> str:
    """Why grading did not start, and what to do: for SandboxRefused, SandboxMissing and PreflightFailed."""
    if isinstance(err, SandboxRefused):
        return (f"error: refusing to grade as root without a sandbox that hides source/ and the gradebook.\n{err}\n"
                "Install bubblewrap (apt-get install bubblewrap) or util-linux (unshare); or pass "
                "--allow-weak-sandbox to accept this, or --no-sandbox to grade without any.")
    if isinstance(err, SandboxMissing):
        return f"error: the full sandbox is required but not available here.\n{err}"
    return f"error: {err}"


def run_and_judge(root: Path, assignment: str, opts: Options) -> tuple[int, Report | None]:
    """Grade; print why when grading refused to start or graded nothing. The exit code, and the report
    (None when grading refused to start)."""
    try:
        report = run(root, assignment, opts)
    except (SandboxMissing, PreflightFailed) as err:
        print(refusal(err), file=sys.stderr)
        return 2, None
    code, why = verdict(report)
    if why:
        print(f"error: {why}", file=sys.stderr)
    return code, report


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m course.grading", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("assignment", help="assignment id, e.g. a01")
    p.add_argument("--root", type=Path, default=Path.cwd(), help="course folder (with nbgrader_config.py)")
    p.add_argument("--workers", type=int, default=0, help="parallel workers (default: all cores)")
    p.add_argument("--no-sandbox", action="store_true", help="run student code without the sandbox")
    p.add_argument("--require-sandbox", action="store_true",
                   help="fail unless the full sandbox is available (also COURSE_GRADING_REQUIRE_SANDBOX=1)")
    p.add_argument("--allow-weak-sandbox", action="store_true",
                   help="as root with neither bubblewrap nor unshare: grade anyway, with limits only "
                        "(student code can read source/; also COURSE_GRADING_ALLOW_WEAK=1)")
    p.add_argument("--no-feedback", action="store_true", help="skip feedback generation")
    args = p.parse_args(argv)
    opts = Options(workers=args.workers, sandbox=not args.no_sandbox, feedback=not args.no_feedback,
                   progress=lambda line: print(line, flush=True))
    if args.require_sandbox:
        opts.require_sandbox = True
    if args.allow_weak_sandbox:
        opts.allow_weak = True
    try:
        return run_and_judge(args.root, args.assignment, opts)[0]
    except (FileNotFoundError, ExtensionsError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
