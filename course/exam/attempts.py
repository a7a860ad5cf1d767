"""Exam attempts in the student's progress file (assignments/.progress.json, key "exams"), and the
figures that compare them: a score per domain for one attempt, and every attempt over time."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from course.exam.draw import Exam
from course.exam.score import ExamResult

KEY = "exams"


def _entered(answer: Any) -> bool:
    """Whether an answer holds anything typed or chosen."""
    if isinstance(answer, Mapping):
        return any(_entered(v) for v in answer.values())
    return answer not in (None, "", [], ())


def attempt_record(
    exam: Exam,
    result: ExamResult,
    answers: Mapping[str, Any],
    *,
    at: str,
    minutes_used: float,
    timed_out: bool = False,
) -> dict[str, Any]:
    """What is kept of one attempt (JSON-ready): when, the draw, the answers, the score per domain."""
    return {
        "at": at,
        "seed": exam.seed,
        "items": [item.item_id for item in exam.items],
        "answers": {k: v for k, v in answers.items() if _entered(v)},
        "minutes_allowed": exam.minutes,
        "minutes_used": round(minutes_used, 2),
        "timed_out": timed_out,
        "score": round(result.score, 4),
        "domains": {name: [round(points, 4), count] for name, (points, count) in result.by_domain().items()},
        "missed": result.missed(),
    }  # fmt: skip


def record_attempt(record: Mapping[str, Any], root: Path | None = None) -> list[dict[str, Any]]:
    """Append one attempt to the progress file (nothing else in it changes); returns every attempt."""
    from course.selfpaced.progress import LOCK, load, save

    with LOCK:
        data = load(root)
        data.setdefault(KEY, []).append(dict(record))
        save(data, root)
    return data[KEY]


def attempts(root: Path | None = None) -> list[dict[str, Any]]:
    """Every stored attempt, oldest first."""
    from course.selfpaced.progress import load

    return list(load(root).get(KEY, []))


def seen_items(history: Sequence[Mapping[str, Any]]) -> set[str]:
    """Items drawn in earlier attempts (a new draw prefers others)."""
    return {item for attempt in history for item in attempt.get("items", [])}


def domain_percents(record: Mapping[str, Any]) -> dict[str, float]:
    """{domain: percent} of one attempt."""
    return {name: 100 * points / count for name, (points, count) in record["domains"].items() if count}


def domain_figure_html(record: Mapping[str, Any], previous: Mapping[str, Any] | None = None) -> str:
    """A bar per domain (this attempt), with the previous attempt's score as a marker, as accessible HTML."""
    from course.plots import figure_html, new_figure

    now = domain_percents(record)
    names = list(now)
    fig, ax = new_figure(8, 0.5 * max(len(names), 1) + 1.4)
    ax.barh(names, [now[n] for n in names], label="this attempt")
    before = domain_percents(previous) if previous else {}
    marks = [(i, before[n]) for i, n in enumerate(names) if n in before]
    if marks:
        ax.plot([p for _, p in marks], [i for i, _ in marks], "D", color="#000000", label="previous attempt")
        ax.legend(loc="lower right")
    ax.set_xlim(0, 100)
    ax.invert_yaxis()
    ax.set_xlabel("score (%)")
    ax.set_title(f"Score per domain: {100 * record['score']:.0f}% overall")
    said = "; ".join(f"{n}: {now[n]:.0f}%" + (f" (previous {before[n]:.0f}%)" if n in before else "") for n in names)
    return figure_html(fig, alt=f"Bar chart of the exam score per domain. {said}.")


def attempts_table_html(history: Sequence[Mapping[str, Any]]) -> str:
    """Every attempt as a table row: when, items, minutes, overall score and each domain's score."""
    if not history:
        return "<p>No exam attempts yet.</p>"
    domains = list(dict.fromkeys(name for a in history for name in a["domains"]))
    head = "".join(
        f'<th scope="col">{html.escape(h)}</th>' for h in ["#", "When", "Items", "Minutes", "Score", *domains]
    )
    rows = []
    for n, a in enumerate(history, 1):
        per = domain_percents(a)
        cells = [str(n), html.escape(a["at"]), str(len(a["items"])),
                 f"{a['minutes_used']:g} of {a['minutes_allowed']:g}" + (" (time ran out)" if a.get("timed_out") else ""),
                 f"{100 * a['score']:.0f}%", *[f"{per[d]:.0f}%" if d in per else "-" for d in domains]]  # fmt: skip
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def attempts_text(history: Sequence[Mapping[str, Any]]) -> list[str]:
    """The attempts as lines for a terminal (`make progress`)."""
    lines = ["Practice exams:" if history else "Practice exams: none yet"]
    for n, a in enumerate(history, 1):
        weakest = min(domain_percents(a).items(), key=lambda kv: kv[1], default=None)
        low = f"; weakest: {weakest[0]} {weakest[1]:.0f}%" if weakest else ""
        lines.append(f"  {n:>2}. {a['at']}  {100 * a['score']:.0f}% of {len(a['items'])} items{low}")
    return lines


def attempts_figure_html(history: Sequence[Mapping[str, Any]]) -> str:
    """Overall score of every attempt, in order, as accessible HTML ('' with no attempts)."""
    if not history:
        return ""
    from course.plots import figure_html, new_figure

    fig, ax = new_figure(7, 3.2)
    numbers = list(range(1, len(history) + 1))
    scores = [100 * a["score"] for a in history]
    ax.plot(numbers, scores, "o-")
    ax.set_ylim(0, 100)
    ax.set_xticks(numbers)
    ax.set_xlabel("attempt")
    ax.set_ylabel("score (%)")
    ax.set_title("Your practice exams")
    said = "; ".join(f"attempt {n}: {s:.0f}%" for n, s in zip(numbers, scores, strict=True))
    return figure_html(fig, alt=f"Line chart of the overall score of each practice exam. {said}.")


# An exam in progress (key "exam_draft"): its draw, when it started and what was entered so far, so a
# kernel restart or a closed notebook loses nothing (the exam resumes; its time kept running).
DRAFT = "exam_draft"


def exam_to_dict(exam: Exam) -> dict[str, Any]:
    """An exam as JSON-ready data."""
    return {"seed": exam.seed, "minutes": exam.minutes,
            "items": [[item.item_id, item.domain, item.kind] for item in exam.items]}  # fmt: skip


def exam_from_dict(data: Mapping[str, Any]) -> Exam:
    """The exam `exam_to_dict` wrote."""
    from course.exam.draw import ExamItem

    return Exam(int(data["seed"]), tuple(ExamItem(*row) for row in data["items"]), float(data["minutes"]))


def save_draft(
    exam: Exam, answers: Mapping[str, Any], started: float, root: Path | None = None, owner: str = ""
) -> None:
    """Keep the exam in progress: its draw, its start (seconds since the epoch), the answers so far and
    which widget holds it (`owner`: a newer widget resuming the exam takes it over)."""
    from course.selfpaced.progress import LOCK, load, save

    with LOCK:
        data = load(root)
        data[DRAFT] = {**exam_to_dict(exam), "started": started, "owner": owner,
                       "answers": {k: v for k, v in answers.items() if _entered(v)}}  # fmt: skip
        save(data, root)


def load_draft(root: Path | None = None) -> tuple[Exam, dict[str, Any], float] | None:
    """The exam in progress, its answers and its start; None when there is none (or it is unreadable)."""
    from course.selfpaced.progress import load

    raw = load(root).get(DRAFT)
    try:
        return exam_from_dict(raw), dict(raw.get("answers", {})), float(raw["started"])
    except (TypeError, KeyError, ValueError):
        return None


def draft_owner(root: Path | None = None) -> str | None:
    """Which widget holds the exam in progress (None: no exam is in progress)."""
    from course.selfpaced.progress import load

    raw = load(root).get(DRAFT)
    return str(raw.get("owner", "")) if isinstance(raw, dict) else None


def clear_draft(root: Path | None = None) -> None:
    """Forget the exam in progress (it was submitted)."""
    from course.selfpaced.progress import LOCK, load, save

    with LOCK:
        data = load(root)
        if data.pop(DRAFT, None) is not None:
            save(data, root)
