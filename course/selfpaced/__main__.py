"""Command line for learning on your own.

    python -m course.selfpaced start a01 [--fresh]
    python -m course.selfpaced check a01
    python -m course.selfpaced progress
    python -m course.selfpaced updates
"""

from __future__ import annotations

import argparse
import sys

from course.selfpaced import self_check, start_assignment
from course.selfpaced.check import COMMAND_SECONDS, SelfCheckError, promise
from course.selfpaced.deadlines import due_text
from course.selfpaced.paths import available_assignments
from course.selfpaced.progress import summary
from course.selfpaced.start import updates_message


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.selfpaced", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("start", help="copy an assignment into assignments/ to work on it")
    start.add_argument("assignment", nargs="?")
    start.add_argument("--fresh", action="store_true", help="start over; keeps a dated backup of your copy")
    check = sub.add_parser("check", help="grade your copy with the hidden tests and explain what failed")
    check.add_argument("assignment", nargs="?")
    sub.add_parser("progress", help="lessons practised and best self-check scores")
    sub.add_parser("updates", help="assignments the course changed since you started them")
    args = parser.parse_args(argv)

    if args.command in ("start", "check") and not args.assignment:
        print("Say which assignment, e.g. ASSIGNMENT=a01. Available: " + ", ".join(available_assignments()))
        return 2
    try:
        if args.command == "start":
            print(start_assignment(args.assignment, fresh=args.fresh).message)
        elif args.command == "check":
            # jsonschema (under nbformat) imports rfc3987_syntax only to check the "iri" format, which no
            # notebook schema uses, and building its grammar takes about 1.2 s: skip it in this command.
            sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]
            print(f"Checking {args.assignment} with the hidden tests ({promise(COMMAND_SECONDS)})...", flush=True)
            print(self_check(args.assignment).to_text())
        elif args.command == "progress":
            s = summary()
            print("Lessons (practice exercises answered correctly):")
            for lesson, count in s.lessons:
                print(f"  {lesson:<32} {count}")
            print("Assignments (best self-check):")
            for aid, best, maximum in s.assignments:
                score = f"{best:g} / {maximum:g}" if best is not None else "not checked yet"
                print(f"  {aid:<8} {score:<16} {due_text(s.due[aid]) if aid in s.due else ''}".rstrip())
            from course.exam.attempts import attempts, attempts_text
            from course.practice.review_session import due_today, due_today_text

            print("\n".join(attempts_text(attempts())))
            print(due_today_text(due_today()))
        message = updates_message()
        if message:
            print(message)
    except (ValueError, SelfCheckError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
