"""Drive the real `nbgrader` commands on a throw-away copy of the course, for the tests."""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat

from course.tools.nbgrader_cli import run_nbgrader
from tests.support import ROOT

COURSE_ID = "medical-coding-billing"
REGION = re.compile(
    r"^[ \t]*#+ *BEGIN (SOLUTION|HIDDEN TESTS|MARK SCHEME)[^\n]*\n(.*?)^[ \t]*#+ *END \1[^\n]*$",
    re.M | re.S,
)


def nbgrader(cwd: Path, *args: str, env: dict[str, str] | None = None, check: bool = True):
    """Run one nbgrader command in `cwd`; on failure, raise with everything it printed."""
    result = run_nbgrader(cwd, *args, env={**os.environ, **(env or {})})
    if check and result.returncode != 0:
        raise AssertionError(
            f"nbgrader {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


def make_course(tmp: Path, assignments: list[str], source_root: Path = ROOT / "source") -> Path:
    """A fresh instructor course folder under `tmp` with the course config and these source assignments."""
    course = tmp / "course"
    (course / "source").mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    for aid in assignments:
        shutil.copytree(source_root / aid, course / "source" / aid, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return course


def learner_checkout(folder: Path) -> Path:
    """A learner's checkout of the course in `folder`/checkout: the config, source/ and release/."""
    root = folder / "checkout"
    root.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", root)
    for stage in ("source", "release"):
        shutil.copytree(ROOT / stage, root / stage, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return root


def notebooks(folder: Path) -> list[Path]:
    """The notebooks directly inside an assignment folder, sorted."""
    return sorted(p for p in folder.glob("*.ipynb"))


def grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def answer_cells(nb) -> dict[str, str]:
    """Source of every autograded or written answer cell, by grade_id."""
    return {
        grade_id(c): c.source
        for c in nb.cells
        if c.get("metadata", {}).get("nbgrader", {}).get("solution") and grade_id(c)
    }


def max_autograded_points(nb) -> float:
    """Points of the autograder test cells (grade, not solution) in one notebook."""
    total = 0.0
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            total += float(meta.get("points", 0))
    return total


def fill_answers(release_nb, source_nb, grade_ids: list[str]):
    """The release notebook with these answer cells replaced by the reference solution's source."""
    solutions = answer_cells(source_nb)
    unknown = set(grade_ids) - set(solutions)
    if unknown:
        raise KeyError(f"no answer cells with grade_id {sorted(unknown)} in the source notebook")
    filled = nbformat.from_dict(json.loads(json.dumps(release_nb)))
    for cell in filled.cells:
        gid = grade_id(cell)
        if gid in grade_ids:
            cell.source = solutions[gid]
    return filled


def secret_lines(source_nb) -> set[str]:
    """Lines that live only inside solution, hidden-test or mark-scheme regions of a source notebook."""
    inside: set[str] = set()
    outside_text = []
    for cell in source_nb.cells:
        text = cell.source
        for match in REGION.finditer(text):
            inside.update(line.strip() for line in match.group(2).splitlines())
        outside_text.append(REGION.sub("", text))
    outside = {line.strip() for chunk in outside_text for line in chunk.splitlines()}
    return {line for line in inside - outside if len(line) >= 8 and not line.startswith("#")}


@dataclass(frozen=True)
class PartialSpec:
    """A partly right submission: these answers filled with the solution, scoring exactly `expected_points`."""

    notebook: str
    answers: list[str]
    expected_points: float


def partial_spec(aid: str) -> PartialSpec:
    data = json.loads((ROOT / "tests" / "partial_submissions" / f"{aid}.json").read_text())
    return PartialSpec(data["notebook"], list(data["answers"]), float(data["expected_points"]))


def scores(course: Path, aid: str) -> dict[str, tuple[float, float]]:
    """(autograded score, max autograded score) per student, read from the course's gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {
            sub.student_id: (round(sub.code_score, 4), round(sub.max_code_score, 4))
            for sub in gb.assignment_submissions(aid)
        }


def hand_in(folder: Path, source_folder: Path, aid: str, work: str) -> None:
    """Answer the student notebooks in `folder` as a "solution", "partial" (the spec) or "blank" submission."""
    spec = partial_spec(aid)
    for nb_path in notebooks(folder):
        source_nb = nbformat.read(source_folder / nb_path.name, as_version=4)
        if work == "solution":
            answers = list(answer_cells(source_nb))
        elif work == "partial" and nb_path.name == spec.notebook:
            answers = spec.answers
        else:
            answers = []
        nbformat.write(fill_answers(nbformat.read(nb_path, as_version=4), source_nb, answers), nb_path)
