"""What the class got wrong: the item analysis of one assignment, and the class's progress across assignments.

    python -m course.grading.class_report a01 [--root COURSE]     # also run at the end of `make grade`

Reads the gradebook, the autograded notebooks (the failing checks' messages) and the course's mapping of
grade ids to learning objectives (course/data/objectives.json), and writes to exports/<assignment>/:
items.csv (per question), objectives.csv (per learning objective), items.png (the figure), items.txt (a
short summary); and to exports/: progress.csv (per student, per assignment: graded, awaiting grading,
failed or missing; score; minutes late; penalty) and progress.txt (the counts). The statistics are
course/grading/item_analysis.py.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from course.grading import item_analysis as ia

DATA = Path(__file__).resolve().parents[1] / "data" / "objectives.json"
LESSONS = Path(__file__).resolve().parents[1] / "lessons"
NOT_MAPPED = "(no objective mapped)"
ITEM_COLUMNS = ["item", "notebook", "kind", "max_points", "n", "pending", "share_full", "share_partial",
                "share_zero", "mean", "mean_share", "item_rest_r", "note", "objectives", "top_failure",
                "top_failure_count", "failed_checks"]
OBJECTIVE_COLUMNS = ["objective", "text", "items", "max_points", "n", "mean_share", "weakest_item"]
REPORT_FILES = ("items.csv", "objectives.csv", "items.png", "items.txt")
PROGRESS_COLUMNS = ["student_id", "assignment", "status", "score", "max_score", "minutes_late", "penalty"]


def load_mapping(path: Path = DATA) -> dict[str, dict[str, list[str]]]:
    """assignment -> grade id -> objective ids, from the course's one mapping file."""
    data = json.loads(path.read_text())
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _cells(path: Path) -> list[dict]:
    """A notebook's cells as plain JSON (no nbformat: its schema validation costs seconds at import)."""
    return json.loads(path.read_text()).get("cells", [])


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def lesson_objectives(lessons: Path = LESSONS) -> dict[str, str]:
    """Objective id ("01.3") -> its text, from each lesson's numbered "Learning objectives" list."""
    out = {}
    for path in sorted(lessons.glob("[0-9][0-9]-*.ipynb")):
        sources = [_source(c) for c in _cells(path) if c.get("cell_type") == "markdown"]
        text = next((src for src in sources if "Learning objectives" in src), "")
        block = text[text.find("Learning objectives"):]
        block = re.split(r"\n\s*\n(?!\s*\d+\.)", block.split("\n", 1)[-1].lstrip("\n"), maxsplit=1)[0]
        for num, body in re.findall(r"^(\d+)\.\s+(.*?)(?=^\d+\.\s|\Z)", block, re.M | re.S):
            out[f"{path.name[:2]}.{num}"] = re.sub(r"[*`]", "", " ".join(body.split())).rstrip(";.")
    return out


@dataclass
class Table:
    """One assignment as the gradebook has it: items in notebook order, scores, students' states."""

    assignment: str
    items: list[ia.Item]  # id: the grade id, or "<notebook>/<grade id>" when two notebooks share a grade id
    notebook_of: dict[str, str]
    grade_of: dict[str, str]  # item id -> grade id
    scores: dict[str, dict[str, float | None] | None]
    failures: dict[str, list[str]]  # item -> one message per student whose check failed


def _cell_order(root: Path, assignment: str, notebook: str) -> list[str]:
    path = root / "source" / assignment / f"{notebook}.ipynb"
    if not path.exists():
        return []
    return [(c.get("metadata") or {}).get("nbgrader", {}).get("grade_id", "") for c in _cells(path)]


def grade_scores(gb) -> dict[tuple[str, str], dict[tuple[str, str], float | None]]:
    """(assignment, student) -> (notebook, grade id) -> score, for every submission in the gradebook, in one
    query (nbgrader's objects load each grade lazily). A score is None while a person still has to grade it;
    extra credit is added as nbgrader adds it."""
    from nbgrader.api import Assignment, Grade, GradeCell, Notebook, SubmittedAssignment, SubmittedNotebook

    rows = (gb.db.query(Assignment.name, SubmittedAssignment.student_id, Notebook.name, GradeCell.name,
                        Grade.auto_score, Grade.manual_score, Grade.extra_credit, Grade.needs_manual_grade)
            .select_from(Grade)
            .join(SubmittedNotebook, Grade.notebook_id == SubmittedNotebook.id)
            .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
            .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
            .join(GradeCell, Grade.cell_id == GradeCell.id)
            .join(Notebook, GradeCell.notebook_id == Notebook.id)
            .all())
    out: dict[tuple[str, str], dict[tuple[str, str], float | None]] = {}
    for a, student, nb, gid, auto, manual, extra, needs_manual in rows:
        if manual is not None:
            score: float | None = float(manual)
        elif needs_manual or auto is None:
            score = None
        else:
            score = float(auto)
        if score is not None and extra:
            score += float(extra)
        out.setdefault((a, student), {})[(nb, gid)] = score
    return out


def _failing_checks(path: Path) -> list[tuple[str, str]]:
    """(grade id, message) of every failed check in an autograded notebook (read as JSON: nbgrader wrote it)."""
    try:
        cells = _cells(path)
    except (OSError, ValueError, AttributeError):
        return []
    out = []
    for cell in cells:
        gid = (cell.get("metadata") or {}).get("nbgrader", {}).get("grade_id")
        msg = ia.failure_message(cell.get("outputs") or []) if gid else ""
        if msg:
            out.append((gid, msg))
    return out


def read_table(root: Path, gb, assignment: str, scores_by_sub: dict | None = None) -> Table:
    """The score table of `assignment` from the gradebook, and the failing checks' messages from autograded/."""
    a = gb.find_assignment(assignment)
    scores_by_sub = grade_scores(gb) if scores_by_sub is None else scores_by_sub
    items, notebook_of, grade_of = [], {}, {}
    names = [gc.name for nb in a.notebooks for gc in nb.grade_cells]

    def key(notebook: str, gid: str) -> str:
        return gid if names.count(gid) == 1 else f"{notebook}/{gid}"

    for nb in sorted(a.notebooks, key=lambda n: n.name):
        manual = {sc.name for sc in nb.solution_cells}
        order = _cell_order(root, assignment, nb.name)
        cells = sorted(nb.grade_cells, key=lambda g: (order.index(g.name) if g.name in order else len(order), g.name))
        for gc in cells:
            k = key(nb.name, gc.name)
            items.append(ia.Item(k, float(gc.max_score), manual=gc.name in manual))
            notebook_of[k], grade_of[k] = nb.name, gc.name
    scores: dict[str, dict[str, float | None] | None] = {}
    failures: dict[str, list[str]] = {it.id: [] for it in items}
    for student in sorted(s.id for s in gb.students):
        graded = scores_by_sub.get((assignment, student))
        if graded is None:
            scores[student] = None
            continue
        scores[student] = {key(nb, gid): v for (nb, gid), v in graded.items()}
        for path in sorted((root / "autograded" / student / assignment).glob("*.ipynb")):
            for gid, msg in _failing_checks(path):
                if key(path.stem, gid) in failures:
                    failures[key(path.stem, gid)].append(msg)
    return Table(assignment, items, notebook_of, grade_of, scores, failures)


def _f(x: float | None) -> str:
    return "" if x is None else f"{x:.4f}"


def item_rows(table: Table, mapping: dict[str, list[str]]) -> list[dict]:
    """items.csv: one row per question."""
    out = []
    for it, st in zip(table.items, ia.item_stats(table.items, table.scores), strict=True):
        top = ia.most_common(table.failures.get(it.id, []))
        out.append({
            "item": it.id, "notebook": table.notebook_of.get(it.id, ""), "kind": "written" if it.manual else "auto",
            "max_points": f"{it.max_points:g}", "n": st.n, "pending": st.pending,
            "share_full": _f(st.full if st.n else None), "share_partial": _f(st.partial if st.n else None),
            "share_zero": _f(st.zero if st.n else None), "mean": _f(st.mean), "mean_share": _f(st.mean_share),
            "item_rest_r": _f(st.discrimination), "note": st.note,
            "objectives": " ".join(mapping.get(table.grade_of[it.id], [])) or NOT_MAPPED,
            "top_failure": top[0] if top else "", "top_failure_count": top[1] if top else 0,
            "failed_checks": len(table.failures.get(it.id, [])),
        })
    return out


def objective_rows(table: Table, mapping: dict[str, list[str]], texts: dict[str, str]) -> list[dict]:
    """objectives.csv: one row per learning objective the assignment assesses (and the unmapped items)."""
    by_objective = ia.objectives_of({it.id: mapping.get(table.grade_of[it.id], [NOT_MAPPED]) for it in table.items})
    out = []
    for st in ia.objective_stats(table.items, table.scores, by_objective):
        out.append({
            "objective": st.objective, "text": texts.get(st.objective, ""), "items": " ".join(st.items),
            "max_points": f"{st.max_points:g}", "n": st.n, "mean_share": _f(st.mean_share),
            "weakest_item": st.weakest,
        })
    return out


def _write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as fh:
        w = csv.DictWriter(fh, columns)
        w.writeheader()
        w.writerows(rows)


def figure(assignment: str, items: list[dict], objectives: list[dict], path: Path) -> str:
    """items.png: per question the shares of full, partial and zero scores; per objective the share earned.
    Returns the figure's text description."""
    from course.plots import OKABE_ITO, new_figure, plt

    fig, ax = new_figure(11.0, 0.45 * max(len(items), len(objectives), 4) + 1.6)
    fig.delaxes(ax)
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
    labels = [r["item"] for r in items][::-1]
    y = range(len(labels))
    start = [0.0] * len(labels)
    parts = [("share_full", "full points", OKABE_ITO[0], ""), ("share_partial", "partial", OKABE_ITO[1], "//"),
             ("share_zero", "zero", OKABE_ITO[5], "xx")]
    for key, name, colour, hatch in parts:
        vals = [float(r[key] or 0) for r in items][::-1]
        left.barh(y, vals, left=start, color=colour, hatch=hatch, edgecolor="white", label=name)
        start = [a + b for a, b in zip(start, vals, strict=True)]
    left.set_yticks(list(y), labels)
    left.set_xlim(0, 1)
    left.set_xlabel("share of graded students")
    left.set_title(f"{assignment}: scores per question")
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, fontsize=9, frameon=False)
    olabels = [r["objective"] for r in objectives][::-1]
    ovals = [float(r["mean_share"] or 0) for r in objectives][::-1]
    right.barh(range(len(olabels)), ovals, color=OKABE_ITO[2])
    right.set_yticks(list(range(len(olabels))), olabels)
    right.set_xlim(0, 1)
    right.set_xlabel("share of points earned")
    right.set_title("per learning objective")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(fig)
    worst = min(items, key=lambda r: float(r["mean_share"]) if r["mean_share"] else 2.0, default=None)
    return (f"Bar chart. Left: for each of the {len(items)} questions of {assignment}, the share of graded "
            "students with full points, partial points and zero. Right: the share of points earned per "
            "learning objective. " + (f"Lowest mean: {worst['item']} ({float(worst['mean_share']):.0%})."
                                      if worst and worst["mean_share"] else ""))


def summary(table: Table, items: list[dict], objectives: list[dict], texts: dict[str, str], alt: str,
            failed: int) -> str:
    """items.txt: the few lines an instructor reads first."""
    rows = ia.graded(table.scores)
    absent = len(table.scores) - len(rows)
    lines = [
        f"== what the class got wrong: {table.assignment} ==",
        f"{len(rows)} graded submission{'' if len(rows) == 1 else 's'}; {absent} student{'' if absent == 1 else 's'} "
        "without one (left out, not counted as 0"
        + (f"; {failed} of them failed grading" if failed else "") + ").",
        f"discrimination: {ia.DISCRIMINATION}; 'undefined' where it cannot be computed (the note says why).",
    ]
    pending = [r for r in items if int(r["pending"])]
    if pending:
        lines.append("awaiting grading: " + ", ".join(f"{r['item']} ({r['pending']})" for r in pending)
                     + "; run this again (make report) after grading them.")
    scored = [r for r in items if r["mean_share"]]
    lines.append("hardest questions (lowest mean share of points):")
    for r in sorted(scored, key=lambda r: (float(r["mean_share"]), r["item"]))[:3]:
        fail = f"; most common failing check ({r['top_failure_count']}x): {r['top_failure']}" if r["top_failure"] else ""
        lines.append(f"  {r['item']}: mean {round(float(r['mean']), 2):g}/{r['max_points']} "
                     f"({float(r['mean_share']):.0%}), zero {float(r['share_zero']):.0%}{fail}")
    weak = [r for r in items if r["item_rest_r"] and float(r["item_rest_r"]) < 0.2]
    if weak:
        lines.append("low or negative discrimination (< 0.20: check the question and its tests):")
        lines += [f"  {r['item']}: r = {float(r['item_rest_r']):.2f}" for r in weak]
    lines.append("learning objectives (share of points earned):")
    for o in sorted(objectives, key=lambda o: (float(o["mean_share"] or 2), o["objective"])):
        share = f"{float(o['mean_share']):.0%}" if o["mean_share"] else "-"
        text = f" {o['text']}" if o["text"] else ""
        lines.append(f"  {o['objective']} {share}{text} [{o['items']}]")
    lines.append(f"figure: items.png. {alt}")
    return "\n".join(lines)


def progress_rows(root: Path, gb, scores_by_sub: dict | None = None) -> list[ia.Progress]:
    """Per student, per assignment in the gradebook: graded / awaiting grading / failed / missing."""
    from nbgrader.api import SubmittedAssignment, SubmittedNotebook
    from sqlalchemy.orm import joinedload

    scores_by_sub = grade_scores(gb) if scores_by_sub is None else scores_by_sub
    subs = {(s.assignment.name, s.student_id): s for s in
            gb.db.query(SubmittedAssignment).options(joinedload(SubmittedAssignment.assignment)).all()}
    penalties: dict[str, float] = {}
    for sub_id, penalty in gb.db.query(SubmittedNotebook.assignment_id, SubmittedNotebook.late_submission_penalty):
        penalties[sub_id] = penalties.get(sub_id, 0.0) + (penalty or 0.0)
    students = sorted(s.id for s in gb.students)
    out = []
    for a in sorted(gb.assignments, key=lambda a: a.name):
        status_path = root / "exports" / a.name / "status.json"
        run_status = json.loads(status_path.read_text()) if status_path.exists() else {}
        for student in students:
            sub = subs.get((a.name, student))
            if sub is None:
                failed = run_status.get(student, {}).get("status") == "failed"
                out.append(ia.Progress(student, a.name, "failed" if failed else "missing", None, a.max_score))
                continue
            grades = scores_by_sub.get((a.name, student), {})
            penalty = penalties.get(sub.id, 0.0)
            status = "awaiting grading" if any(v is None for v in grades.values()) else "graded"
            score = sum(v for v in grades.values() if v is not None)
            out.append(ia.Progress(student, a.name, status, max(0.0, score - penalty), a.max_score,
                                   sub.total_seconds_late or 0.0, penalty))
    return out


def write_progress(root: Path, gb, scores_by_sub: dict | None = None) -> Path:
    """exports/progress.csv (and progress.txt, the counts): the class across every assignment in the gradebook."""
    rows = progress_rows(root, gb, scores_by_sub)
    path = root / "exports" / "progress.csv"
    _write_csv(path, PROGRESS_COLUMNS, [{
        "student_id": r.student, "assignment": r.assignment, "status": r.status,
        "score": "" if r.score is None else f"{r.score:g}", "max_score": f"{r.max_score:g}",
        "minutes_late": f"{r.late_seconds / 60:.0f}" if r.late_seconds else "",
        "penalty": f"{r.penalty:g}" if r.penalty else "",
    } for r in rows])
    counts = ia.progress_summary(rows)
    (path.parent / "progress.txt").write_text("== the class across assignments ==\n" + "".join(
        f"{a}: " + ", ".join(f"{n} {status}" for status, n in c.items()) + "\n" for a, c in counts.items()))
    return path


def write(root: Path, assignment: str, db_url: str | None = None, course_id: str = "medical-coding-billing") -> str:
    """Write the item analysis of `assignment` and the class progress file; return the text summary."""
    from nbgrader.api import Gradebook

    root = root.resolve()
    db_url = db_url or f"sqlite:///{root / 'gradebook.db'}"
    mapping = load_mapping().get(assignment, {})
    texts = lesson_objectives()
    outdir = root / "exports" / assignment
    status_path = outdir / "status.json"
    run_status = json.loads(status_path.read_text()) if status_path.exists() else {}
    with Gradebook(db_url, course_id) as gb:
        scores_by_sub = grade_scores(gb)
        table = read_table(root, gb, assignment, scores_by_sub)
        progress = write_progress(root, gb, scores_by_sub)
    items = item_rows(table, mapping)
    objectives = objective_rows(table, mapping, texts)
    _write_csv(outdir / "items.csv", ITEM_COLUMNS, items)
    _write_csv(outdir / "objectives.csv", OBJECTIVE_COLUMNS, objectives)
    alt = figure(assignment, items, objectives, outdir / "items.png")
    failed = sum(1 for s, v in run_status.items() if v.get("status") == "failed" and table.scores.get(s) is None)
    text = summary(table, items, objectives, texts, alt, failed)
    (outdir / "items.txt").write_text(text + "\n")
    for path in (*(outdir / name for name in REPORT_FILES), progress, progress.parent / "progress.txt"):
        path.chmod(0o600)  # students' scores, and hidden tests' messages: for the instructor only
    return text + "\n" + (progress.parent / "progress.txt").read_text().rstrip("\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m course.grading.class_report", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("assignment", help="assignment id, e.g. a01")
    p.add_argument("--root", type=Path, default=Path.cwd(), help="course folder (with nbgrader_config.py)")
    args = p.parse_args(argv)
    from nbgrader.api import MissingEntry
    from traitlets.config.loader import PyFileConfigLoader

    cfg = PyFileConfigLoader("nbgrader_config.py", path=str(args.root)).load_config()  # as nbgrader reads it
    db = cfg.CourseDirectory.db_url
    if db.startswith("sqlite:///") and not Path(db.removeprefix("sqlite:///")).exists():
        print(f"error: no gradebook at {db.removeprefix('sqlite:///')} (grade first: make grade "
              f"ASSIGNMENT={args.assignment})")
        return 2
    try:
        print(write(args.root, args.assignment, cfg.CourseDirectory.db_url, cfg.CourseDirectory.course_id))
    except MissingEntry:
        print(f"error: {args.assignment} is not in the gradebook yet (grade it first: make grade "
              f"ASSIGNMENT={args.assignment})")
        return 2
    print(f"files: {args.root / 'exports' / args.assignment}/items.csv, objectives.csv, items.png, items.txt; "
          f"{args.root / 'exports' / 'progress.csv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
