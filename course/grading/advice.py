"""What the instructor should do about a failed or flagged submission (pure: from the reason's text)."""

from __future__ import annotations

RERUN = "re-run make grade"
RESUBMIT = "ask the student to resubmit"
BY_HAND = "grade by hand"

# (start or part of a reason, what to do), first match wins; reasons come from checks.py, collect.py,
# worker.py and engine.py.
ACTIONS: list[tuple[str, str]] = [
    ("timed out waiting for the kernel", f"{RERUN} (the machine was busy); if it fails again, with --workers 1"),
    ("the grading worker crashed", f"{RERUN}; if it fails again, read exports/<assignment>/logs/<student>.log"),
    ("socket path is too long", f"{RERUN} with a shorter TMPDIR (TMPDIR=/tmp make grade ...)"),
    ("path is too long", f"{RERUN} with a shorter TMPDIR (TMPDIR=/tmp make grade ...)"),
    ("does not match the assignment in the gradebook",
     f"record the assignment's notebooks again (nbgrader generate_assignment <assignment> --force), then {RERUN}"),
    ("still running after", f"{RESUBMIT} with that cell fixed (it never finishes), then {RERUN}"),
    ("kernel did not respond", f"{RESUBMIT} with that cell fixed (it blocks the kernel), then {RERUN}"),
    ("kernel died", f"{RESUBMIT} with that cell fixed (it crashes the kernel or uses too much memory), then {RERUN}"),
    ("could not be interrupted", f"{RESUBMIT} with that cell fixed (it never finishes), then {RERUN}"),
    ("corrupted messages", f"{RESUBMIT} without the flood of output, then {RERUN}"),
    ("malformed notebook", f"{RESUBMIT}: open the notebook in JupyterLab, save it, submit again; then {RERUN}"),
    ("notebook metadata too old", f"{RESUBMIT} from a fresh fetch of the assignment, then {RERUN}"),
    ("missing notebook", f"{RESUBMIT} with the notebook named above (not renamed), then {RERUN}"),
    ("nbgrader failed", f"read exports/<assignment>/logs/<student>.log; fix what it names and {RERUN}"),
    ("submitted under another name",
     "check who submitted (deploy/check_inbound.py); ask the student to resubmit from their own account"),
    ("deleted cell", f"{BY_HAND}: the deleted tests were put back and ran; check the score is fair"),
    ("duplicated cell", f"{BY_HAND}: only one copy of each cell counts"),
    ("altered grading metadata", f"{BY_HAND}: the gradebook's points and cell types were used"),
    ("edited locked/test cell", "nothing to regrade (the tests were restored); talk to the student if deliberate"),
    ("suspicious code", "look at that cell (the sandbox stopped it reaching anything); talk to the student"),
    ("answers that are not plain data",
     f"nothing to regrade (those tests scored 0: the answer is an object of the student's own, not data); "
     f"if the answer is honest, {BY_HAND}"),
    ("kernel hooks the checker kept away", "nothing to regrade (the hooks never reached the tests); talk to the student"),
    ("would not answer the checker", f"{RERUN}; if it happens again, {BY_HAND} (the kernel stopped answering)"),
    ("timeout in", f"{BY_HAND} (the cell was interrupted and scored 0), or {RESUBMIT} with it fixed"),
    ("ran out of memory", f"{BY_HAND} (the cell scored 0), or {RESUBMIT} with it fixed"),
    ("output flood", f"{BY_HAND}: output beyond the cap was dropped"),
    ("feedback failed", f"{RERUN} (the feedback is rendered again)"),
]
DEFAULT = f"{BY_HAND}, or {RESUBMIT} and {RERUN}"


def action(reason: str) -> str:
    """The action for one reason or flag."""
    low = reason.lower()
    for needle, what in ACTIONS:
        if needle.lower() in low:
            return what
    return DEFAULT


def actions(reasons: list[str]) -> str:
    """The distinct actions for a row's reasons, in order, joined by " | "."""
    return " | ".join(dict.fromkeys(action(r) for r in reasons if r))
