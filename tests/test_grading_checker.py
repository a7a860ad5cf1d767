"""The checker (issue 12): tests judged outside the student's kernel, on plain data.

The kernel is played in-process here by the checker's own agent (the code the real kernel runs) over a
namespace the "student's code" filled; tests/test_grading_hostile.py runs the same through real kernels.
"""

from __future__ import annotations

import json
import shutil
import types
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest

from course.grading import checker
from course.grading.checker import wire
from course.grading.checker.execute import AGENT, parse_reply
from course.grading.checker.judge import Checker
from tests.hostile.families import IN_KERNEL, assignments, hostile
from tests.nbgrader_helpers import hand_in, learner_checkout


def _kernel(student_code: str) -> tuple[Checker, dict]:
    """A checker whose "kernel" ran `student_code` (the agent loaded from its source, as the kernel does)."""
    agent = types.ModuleType("_course_checker")
    exec(AGENT, agent.__dict__)  # noqa: S102  our own agent's source
    ns: dict = {}
    exec(student_code, ns)  # noqa: S102  the test's "student"
    return Checker(lambda req: json.loads(agent.answer(json.dumps(req), ns))), ns


def _passes(chk: Checker, test: str) -> bool:
    outputs = chk.run_test(test, "t")
    return not any(o["output_type"] == "error" for o in outputs)


def _error(chk: Checker, test: str) -> dict:
    return next(o for o in chk.run_test(test, "t") if o["output_type"] == "error")


VALUES = [None, True, 3, -2**70, 1.5, float("inf"), "Décimal ✓", Decimal("12.30"), date(2026, 3, 14),
          datetime(2026, 3, 14, 9, 30), [1, "a"], (1, (2, 3)), {"a", "b"}, frozenset({1, 2}),
          {"k": [1, {"n": None}], 2: (3,)}]


@pytest.mark.parametrize("value", VALUES, ids=[repr(v)[:20] for v in VALUES])
def test_plain_data_crosses_as_genuine_objects(value):
    chk, ns = _kernel("")
    ns["x"] = value
    got = chk.ns["x"]
    assert got == value and type(got) is type(value)


def test_toolkit_data_classes_cross_field_by_field():
    chk, _ = _kernel("from course.billing.claim import Payer\np = Payer('PAYERDEMO', 'Example Health Plan')")
    from course.billing.claim import Payer

    assert chk.ns["p"] == Payer("PAYERDEMO", "Example Health Plan") and type(chk.ns["p"]) is Payer


def test_an_always_equal_object_fails_with_a_clear_message():
    chk, _ = _kernel("class A:\n    def __eq__(self, o): return True\n    def __hash__(self): return 0\nx = A()\n")
    err = _error(chk, "assert x == 'coder'")
    assert err["ename"] == "NotData" and "`x` holds a" in err["evalue"] and "plain data" in err["evalue"]


def test_a_subclass_of_str_that_lies_is_not_data():
    chk, _ = _kernel("class S(str):\n    def __eq__(self, o): return True\n    __hash__ = str.__hash__\nx = S('no')\n")
    assert not _passes(chk, "assert x == 'coder'")


def test_an_always_equal_object_returned_by_a_function_fails():
    chk, _ = _kernel("class A:\n    __eq__ = lambda s, o: True\ndef f(n): return A()\n")
    assert _error(chk, "assert f(1) == 2")["ename"] == "NotData"


def test_student_functions_run_in_the_kernel_with_data_in_and_out():
    chk, ns = _kernel("calls = []\ndef share(a, b):\n    calls.append((a, b))\n    return round(a - b, 2)\n")
    assert _passes(chk, "assert share(100.0, 80.0) == 20.0\nassert share(b=1.0, a=1.5) == 0.5")
    assert ns["calls"] == [(100.0, 80.0), (1.5, 1.0)]


def test_a_function_argument_is_a_copy_the_student_cannot_change_for_the_checker():
    chk, _ = _kernel("def f(xs):\n    xs.clear()\n    return len(xs)\n")
    assert _passes(chk, "_xs = [1, 2]\nassert f(_xs) == 0\nassert _xs == [1, 2]")


def test_what_a_student_function_raises_is_raised_in_the_test():
    chk, _ = _kernel("def f():\n    raise NotImplementedError()\ndef g():\n    raise KeyError('k')\n")
    assert _error(chk, "f()")["ename"] == "NotImplementedError"
    assert _error(chk, "g()")["ename"] == "KeyError"
    assert _passes(chk, "try:\n    g()\nexcept KeyError:\n    pass")


def test_a_missing_name_is_a_name_error():
    chk, _ = _kernel("")
    assert _error(chk, "assert answer == 1")["ename"] == "NameError"


def test_shadowed_builtins_do_not_reach_the_tests():
    chk, _ = _kernel("abs = lambda x: 0\nisinstance = lambda *a: True\nlen = lambda x: 3\nx = 'no'\n")
    assert not _passes(chk, "assert isinstance(x, int)")
    assert _passes(chk, "assert abs(-2) == 2 and len(x) == 2")


def test_locked_helpers_stay_the_instructors():
    chk, ns = _kernel("def _plain(c):\n    return 'E119'\nnote = 'S93'\n")
    chk.run_locked("def _plain(code):\n    return str(code).strip().upper().replace('.', '')", "helper")
    assert not _passes(chk, "assert _plain(note) == 'E119'")


def test_tests_see_the_notebooks_names_through_dir_and_globals():
    chk, _ = _kernel("icd_indicator = '0'\nwrite_off = 53.0\n")
    assert _passes(chk, "assert 'icd_indicator' in dir()\nassert globals()['write_off'] == 53.0")


def test_sys_modules_in_a_test_is_the_kernels():
    chk, _ = _kernel("")
    assert _passes(chk, "assert 'json' in __import__('sys').modules")
    assert _passes(chk, "assert not [m for m in __import__('sys').modules if m == 'no.such.module']")
    kernel = Checker(lambda req: ["ok", ["zzz.kernel_only"]])  # a kernel that imported one module
    assert _passes(kernel, "import sys\nassert 'zzz.kernel_only' in sys.modules and sys.maxsize > 0")
    assert _passes(kernel, "from sys import modules\nassert list(modules) == ['zzz.kernel_only']")


def test_values_are_read_again_for_each_test_cell():
    chk, ns = _kernel("x = 1\n")
    assert _passes(chk, "assert x == 1")
    ns["x"] = 2
    assert _passes(chk, "assert x == 2")


def test_forged_data_fails_the_test():
    chk = Checker(lambda req: ["ok", ["c", "os:system", [["command", ["s", "true"]]]]])
    assert _error(chk, "x")["ename"] == "NotData"
    chk = Checker(lambda req: ["ok", ["m", [[["l", []], ["n"]]]]])  # a list as a dict key
    assert _error(chk, "x")["ename"] == "NotData"
    chk = Checker(lambda req: "anything")
    assert _error(chk, "x")["ename"] == "KernelSilent"


def test_deep_or_huge_data_is_refused():
    deep: list = ["n"]
    for _ in range(100):
        deep = ["l", [deep]]
    with pytest.raises(wire.NotData):
        wire.decode(deep, "x", lambda h: None)


def test_parse_reply_takes_only_data():
    ok = {"content": {"status": "ok", "user_expressions": {"r": {"status": "ok", "data": {
        "text/plain": repr(json.dumps(["ok", ["i", "3"]]))}}}}}
    assert parse_reply(ok) == ["ok", ["i", "3"]]
    bad = {"content": {"status": "ok", "user_expressions": {"r": {"status": "ok", "data": {
        "text/plain": "__import__('os').system('true')"}}}}}
    assert parse_reply(bad)[0] == "error"
    assert parse_reply(None) == ["timeout"]


def test_the_setting(monkeypatch):
    monkeypatch.setenv(checker.ENV, "1")
    assert checker.enabled()
    monkeypatch.setenv(checker.ENV, "0")
    assert not checker.enabled()
    monkeypatch.delenv(checker.ENV)
    assert checker.enabled() is checker.DEFAULT


# ---- through Check my work (real kernels, no sandbox needed): every assignment ----

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = assignments(ROOT)
KERNEL_CASES = [(aid, fam) for aid in ASSIGNMENTS for fam in IN_KERNEL]


@pytest.fixture(scope="module")
def learner(tmp_path_factory) -> Path:
    return learner_checkout(tmp_path_factory.mktemp("learner"))


def _check(root: Path, aid: str, mode: str, fill) -> dict[str, float]:
    from course.selfpaced import self_check, start_assignment

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(checker.ENV, mode)
        start_assignment(aid, fresh=True, root=root)
        fill(root / "assignments" / aid)
        report = self_check(aid, root=root, record=False)
    return {q.grade_id: q.points for q in report.questions if q.passed is not None}


@pytest.mark.slow
@pytest.mark.parametrize(("aid", "family"), KERNEL_CASES, ids=[f"{a}-{f}" for a, f in KERNEL_CASES])
def test_check_my_work_gives_each_hostile_family_nothing(learner, aid, family):
    def fill(folder: Path) -> None:
        for nb in folder.glob("*.ipynb"):
            nbformat.write(hostile(learner / "release" / aid / nb.name, learner / "source" / aid / nb.name,
                                   family), nb)

    earned = {g: p for g, p in _check(learner, aid, "1", fill).items() if p}
    assert earned == {}, earned


@pytest.mark.slow
@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_check_my_work_scores_honest_work_the_same_with_and_without_the_checker(learner, aid):
    for work in ("solution", "partial", "blank"):
        def fill(folder: Path, work=work) -> None:
            hand_in(folder, learner / "source" / aid, aid, work)

        assert _check(learner, aid, "1", fill) == _check(learner, aid, "0", fill), work


@pytest.mark.slow
def test_a_student_function_that_never_returns_fails_its_test_only(tmp_path):
    """The call runs in the kernel with the cell time limit; the kernel is interrupted and grading goes on."""
    root = tmp_path / "checkout"
    root.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", root)
    with (root / "nbgrader_config.py").open("a") as fh:
        fh.write("\nc.Execute.timeout = 2\n")
    for stage in ("source", "release"):
        shutil.copytree(ROOT / stage / "a01", root / stage / "a01")

    def fill(folder: Path) -> None:
        hand_in(folder, root / "source" / "a01", "a01", "solution")
        path = next(folder.glob("*.ipynb"))
        nb = nbformat.read(path, as_version=4)
        cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "a01-patient-share")
        cell.source = "def patient_share(allowed, paid):\n    while True:\n        pass\n"
        nbformat.write(nb, path)

    scores = _check(root, "a01", "1", fill)
    assert scores["a01-patient-share-test"] == 0.0
    assert all(p > 0 for g, p in scores.items() if g != "a01-patient-share-test"), scores
