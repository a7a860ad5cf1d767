"""Checks on a submission before it is graded: what nbgrader itself would pass over in silence."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from course.grading.redact import HIDDEN
from course.grading.suspicious import scan_notebook

META_KEYS = ("grade", "solution", "locked", "points")


@dataclass(frozen=True)
class CellSpec:
    """What the gradebook says one nbgrader cell is."""

    grade_id: str
    grade: bool
    solution: bool
    locked: bool
    points: float
    source: str | None = None  # for locked cells: the text they must keep


@dataclass
class Check:
    """The verdict on one submission: `fatal` stops grading; `flags` are reported with the grade."""

    fatal: str = ""
    flags: list[str] = field(default_factory=list)


def expected_cells(gb, assignment: str) -> dict[str, dict[str, CellSpec]]:
    """notebook name -> grade_id -> CellSpec, from an open nbgrader Gradebook."""
    out: dict[str, dict[str, CellSpec]] = {}
    for nb in gb.find_assignment(assignment).notebooks:
        cells: dict[str, CellSpec] = {}
        sources = {c.name: c for c in nb.source_cells}
        grades = {c.name: c for c in nb.grade_cells}
        solutions = {c.name for c in nb.solution_cells}
        for name in set(sources) | set(grades) | solutions:
            src = sources.get(name)
            grade = grades.get(name)
            cells[name] = CellSpec(
                grade_id=name,
                grade=grade is not None,
                solution=name in solutions,
                locked=bool(src and src.locked),
                points=float(grade.max_score) if grade else 0.0,
                source=src.source if src is not None and src.locked else None,
            )
        out[nb.name] = cells
    return out


def release_positions(release: Path | None, name: str) -> dict[str, int]:
    """grade id -> 1-based cell position in the released notebook `name` (to place a deleted cell)."""
    if release is None:
        return {}
    try:
        nb = nbformat.read(release / f"{name}.ipynb", as_version=4)
    except (OSError, ValueError):
        return {}
    out: dict[str, int] = {}
    for pos, cell in enumerate(nb.cells, 1):
        out.setdefault(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", ""), pos)
    return out


def check_submission(folder: Path, expected: dict[str, dict[str, CellSpec]], release: Path | None = None) -> Check:
    """Missing, renamed or malformed notebooks; deleted, duplicated, edited or altered grade cells.
    `release`: the assignment's release folder, to say where a deleted cell was."""
    result = Check()
    present = {p.stem: p for p in folder.glob("*.ipynb")}
    missing = sorted(set(expected) - set(present))
    unknown = sorted(set(present) - set(expected))
    if missing:
        hint = f" (found {', '.join(n + '.ipynb' for n in unknown)}: renamed?)" if unknown else ""
        names = ", ".join(n + ".ipynb" for n in missing)
        if len(missing) == len(expected):
            result.fatal = f"missing notebook {names}{hint}"
            return result
        result.flags.append(f"missing notebook {names} (scored 0){hint}")
    for name in sorted(set(expected) & set(present)):
        try:
            nb = nbformat.read(present[name], as_version=4)
            nbformat.validate(nb)
        except Exception as err:  # noqa: BLE001  any parse or schema error makes the notebook unusable
            result.fatal = f"malformed notebook {name}.ipynb: {type(err).__name__}"
            return result
        result.flags += cell_flags(name, nb, expected[name], release_positions(release, name)) + scan_notebook(name, nb)
    return result


def _norm(source: str) -> list[str]:
    """A locked cell's text as students received it (hidden tests removed), blank lines ignored."""
    return [line.strip() for line in HIDDEN.sub("", source).splitlines() if line.strip()]


def cell_flags(name: str, nb: nbformat.NotebookNode, spec: dict[str, CellSpec],
               released: dict[str, int] | None = None) -> list[str]:
    """Flags for one parsed notebook against its expected cells (`released`: positions in the release)."""
    flags = []
    seen: dict[str, int] = {}
    where: dict[str, list[str]] = {}
    altered, edited = [], []
    for pos, cell in enumerate(nb.cells, 1):
        meta = cell.get("metadata", {}).get("nbgrader")
        if not meta or "grade_id" not in meta:
            continue
        gid = meta["grade_id"]
        seen[gid] = seen.get(gid, 0) + 1
        where.setdefault(gid, []).append(f"cell {pos}")
        want = spec.get(gid)
        if want is None:
            continue
        have = (bool(meta.get("grade")), bool(meta.get("solution")), bool(meta.get("locked")))
        if have != (want.grade, want.solution, want.locked) or (
            want.grade and float(meta.get("points", 0) or 0) != want.points
        ):
            altered.append(gid)
        elif want.source is not None and _norm(cell.source) != _norm(want.source):
            edited.append(gid)
    def cells(gids: list[str]) -> str:
        return ", ".join(f"{' and '.join(where[g])} (grade id {g})" for g in sorted(gids))

    deleted = sorted(g for g, s in spec.items() if (s.grade or s.solution) and g not in seen)
    if deleted:
        released = released or {}
        gone = ", ".join((f"cell {released[g]} of the released notebook (grade id {g})" if g in released
                          else f"grade id {g}") for g in deleted)
        flags.append(f"deleted cell(s) in {name}.ipynb: {gone} (restored from the gradebook)")
    dupes = sorted(g for g, n in seen.items() if n > 1)
    if dupes:
        flags.append(f"duplicated cell(s) in {name}.ipynb: {cells(dupes)}")
    if altered:
        flags.append(f"altered grading metadata in {name}.ipynb: {cells(altered)}")
    if edited:
        flags.append(f"edited locked/test cell(s) in {name}.ipynb: {cells(edited)} (restored before grading)")
    return flags
