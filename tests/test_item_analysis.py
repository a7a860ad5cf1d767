"""The item analysis's statistics (course/grading/item_analysis.py) on small hand-made score tables, with
values worked out by hand in the comments; and the course's grade id -> learning objective mapping."""

from __future__ import annotations

import json
import math

import nbformat
import pytest

from course.grading import item_analysis as ia
from course.grading.class_report import DATA, lesson_objectives, load_mapping
from tests.support import ROOT

ITEMS = [ia.Item("q1", 2), ia.Item("q2", 2), ia.Item("q3", 1)]
# Four graded students and one (E) who never submitted.
TABLE = {
    "A": {"q1": 2, "q2": 2, "q3": 1},
    "B": {"q1": 2, "q2": 1, "q3": 0},
    "C": {"q1": 0, "q2": 1, "q3": 1},
    "D": {"q1": 0, "q2": 0, "q3": 1},
    "E": None,
}


def by_item(items=ITEMS, table=TABLE) -> dict[str, ia.ItemStat]:
    return {s.item: s for s in ia.item_stats(items, table)}


def test_shares_and_means_leave_out_the_missing_submission():
    s = by_item()
    # q1: 2,2,0,0 of 2 -> full 2/4, partial 0, zero 2/4, mean 1.0
    assert (s["q1"].n, s["q1"].pending, s["q1"].full, s["q1"].partial, s["q1"].zero) == (4, 0, 0.5, 0.0, 0.5)
    assert s["q1"].mean == 1.0 and s["q1"].mean_share == 0.5
    # q2: 2,1,1,0 of 2 -> full 1/4, partial 2/4, zero 1/4, mean 1.0
    assert (s["q2"].full, s["q2"].partial, s["q2"].zero, s["q2"].mean) == (0.25, 0.5, 0.25, 1.0)
    # q3: 1,0,1,1 of 1 -> full 3/4, zero 1/4, mean 0.75
    assert (s["q3"].full, s["q3"].partial, s["q3"].zero, s["q3"].mean) == (0.75, 0.0, 0.25, 0.75)


def test_item_rest_correlation_exact():
    s = by_item()
    # q1 vs rest q2+q3 = 3,1,2,1: deviations (1,1,-1,-1) x (1.25,-0.75,0.25,-0.75): cov 1, Sxx 4, Syy 2.75
    assert s["q1"].discrimination == pytest.approx(1 / math.sqrt(11), abs=1e-12)
    # q2 vs rest q1+q3 = 3,2,1,1: (1,0,0,-1) x (1.25,0.25,-0.75,-0.75): cov 2, Sxx 2, Syy 2.75
    assert s["q2"].discrimination == pytest.approx(2 / math.sqrt(5.5), abs=1e-12)
    # q3 vs rest q1+q2 = 4,3,1,0: (.25,-.75,.25,.25) x (2,1,-1,-2): cov -1, Sxx .75, Syy 10 -> negative
    assert s["q3"].discrimination == pytest.approx(-1 / math.sqrt(7.5), abs=1e-12)
    assert all(st.note == "" for st in s.values())


def test_everyone_same_score_is_undefined_and_said_so():
    table = {"A": {"q1": 1, "q2": 2}, "B": {"q1": 1, "q2": 0}, "C": {"q1": 1, "q2": 1}}
    s = by_item([ia.Item("q1", 2), ia.Item("q2", 2)], table)
    assert s["q1"].discrimination is None
    assert s["q1"].note == "discrimination undefined: every student has the same score on this item"
    assert (s["q1"].full, s["q1"].partial, s["q1"].zero, s["q1"].mean) == (0.0, 1.0, 0.0, 1.0)
    # q2's rest is q1, which has no spread
    assert s["q2"].discrimination is None
    assert s["q2"].note == "discrimination undefined: every student has the same score on the rest of the assignment"


def test_one_student():
    s = by_item(ITEMS, {"A": {"q1": 2, "q2": 1, "q3": 0}})
    assert (s["q1"].n, s["q1"].full, s["q2"].partial, s["q3"].zero, s["q2"].mean) == (1, 1.0, 1.0, 1.0, 1.0)
    assert s["q1"].discrimination is None
    assert s["q1"].note == "discrimination undefined: 1 student with a score (needs 2)"


def test_nobody_submitted():
    s = by_item(ITEMS, {"A": None, "B": None})
    assert (s["q1"].n, s["q1"].mean, s["q1"].mean_share, s["q1"].discrimination) == (0, None, None, None)
    assert s["q1"].note == "discrimination undefined: 0 students with a score (needs 2)"


def test_single_item_assignment_has_no_rest():
    s = by_item([ia.Item("q1", 2)], {"A": {"q1": 2}, "B": {"q1": 0}})
    assert s["q1"].discrimination is None
    assert s["q1"].note == "discrimination undefined: no other fully scored item to compare with"


def test_written_answer_awaiting_grading():
    items = [*ITEMS, ia.Item("w", 3, manual=True)]
    table = {k: (None if v is None else {**v, "w": w}) for (k, v), w in zip(TABLE.items(), [3, None, 1, None, None], strict=True)}
    s = by_item(items, table)
    assert (s["w"].n, s["w"].pending, s["w"].mean, s["w"].full, s["w"].partial) == (2, 2, 2.0, 0.5, 0.5)
    # A and C only: w = 3, 1 vs rest q1+q2+q3 = 5, 2 -> two points on a line, r = 1
    assert s["w"].discrimination == pytest.approx(1.0)
    # the other items' rest leaves w out (not every student has a score on it): same as without w
    assert s["q3"].discrimination == pytest.approx(-1 / math.sqrt(7.5), abs=1e-12)
    assert ia.complete_items(items, table) == ["q1", "q2", "q3"]


def test_objective_shares():
    objectives = ia.objectives_of({"q1": ["O1"], "q2": ["O1"], "q3": ["O2"]})
    assert objectives == {"O1": ["q1", "q2"], "O2": ["q3"]}
    out = {o.objective: o for o in ia.objective_stats(ITEMS, TABLE, objectives)}
    # O1: (4 + 4) points of 4 students x 4 = 0.5; O2: 3 of 4 x 1 = 0.75
    assert (out["O1"].mean_share, out["O1"].max_points, out["O1"].n, out["O1"].items) == (0.5, 4, 4, ("q1", "q2"))
    assert (out["O2"].mean_share, out["O2"].weakest) == (0.75, "q3")
    assert out["O1"].weakest == "q1"  # q1 and q2 both at 0.5: the first by name


def test_most_common_failure_message():
    assert ia.most_common(["b", "a", "b", "a", "c", ""]) == ("a", 2)
    assert ia.most_common(["x", "y", "y"]) == ("y", 2)
    assert ia.most_common([]) is None
    outputs = [{"output_type": "stream", "text": "hi"},
               {"output_type": "error", "ename": "AssertionError", "evalue": "Write each code as a string."}]
    assert ia.failure_message(outputs) == "AssertionError: Write each code as a string."
    assert ia.failure_message([{"output_type": "error", "ename": "AssertionError", "evalue": ""}]) == (
        "AssertionError (no message)")
    assert ia.failure_message([{"output_type": "stream", "text": "ok"}]) == ""


def test_progress_summary_counts():
    rows = [ia.Progress("A", "a01", "graded", 10, 15), ia.Progress("B", "a01", "missing", None, 15),
            ia.Progress("C", "a01", "graded", 5, 15, late_seconds=60), ia.Progress("A", "a02", "failed", None, 12)]
    assert ia.progress_summary(rows) == {
        "a01": {"graded": 2, "awaiting grading": 0, "failed": 0, "missing": 1, "late": 1},
        "a02": {"graded": 0, "awaiting grading": 0, "failed": 1, "missing": 0, "late": 0},
    }


# ------------------------------------------------------------ the mapping to learning objectives


def _grade_ids(path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade")]


def test_every_graded_cell_of_every_assignment_is_mapped_to_real_objectives():
    mapping, texts = load_mapping(), lesson_objectives()
    assert texts["01.3"] == "sort everyday tasks into coder, biller or both"
    for folder in sorted((ROOT / "source").iterdir()):
        ids = [gid for nb in sorted(folder.glob("*.ipynb")) for gid in _grade_ids(nb)]
        assert folder.name in mapping, f"{folder.name} has no entry in {DATA.relative_to(ROOT)}"
        assert sorted(mapping[folder.name]) == sorted(ids), f"{folder.name}: mapped ids differ from its grade cells"
        for gid, objs in mapping[folder.name].items():
            assert objs, f"{folder.name}/{gid} maps to no objective"
            unknown = [o for o in objs if o not in texts]
            assert not unknown, f"{folder.name}/{gid}: {unknown} are not objectives of any lesson"


def test_mapping_file_is_plain_data():
    data = json.loads(DATA.read_text())
    assert all(isinstance(v, dict) for k, v in data.items() if not k.startswith("_"))
