"""The branching call simulator (lesson 06): every node reachable, every path ends, scores and feedback."""

from __future__ import annotations

import pytest

from course.patients import conversations as conv

SCENARIOS = conv.load_scenarios()
REQUIRED = {"unexpected_bill", "relative_account", "cannot_pay", "practice_error"}


def test_the_four_required_scenarios_exist():
    assert {s.scenario_id for s in SCENARIOS} >= REQUIRED


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.scenario_id)
def test_graph_is_sound(scenario):
    assert conv.problems(scenario) == []
    assert conv.reachable(scenario) == set(scenario.nodes)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.scenario_id)
def test_every_path_ends_at_an_end_node_and_every_node_is_on_a_path(scenario):
    paths = conv.all_paths(scenario)
    visited = set()
    for path in paths:
        taken = conv.walk(scenario, path)
        visited |= {node_id for node_id, _ in taken}
        end = scenario.nodes[taken[-1][1].next]
        assert end.is_end and end.outcome
        visited.add(end.node_id)
        assert conv.final_feedback(scenario, path).startswith("Outcome:")
    assert visited == set(scenario.nodes)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.scenario_id)
def test_best_path_is_perfect_and_a_privacy_failure_exists_somewhere(scenario):
    scores = [conv.score_path(scenario, p) for p in conv.all_paths(scenario)]
    assert max(s.percent for s in scores) == 100.0
    assert min(s.percent for s in scores) < 100.0


def test_relative_account_disclosure_scores_zero_privacy():
    s = conv.get_scenario("relative_account")
    score = conv.score_path(s, [1])  # tells the son the visit and balance at once
    assert score.points["privacy"] == 0
    assert "Work on privacy" in conv.final_feedback(s, [1])


def test_choice_feedback_names_every_dimension():
    c = conv.choose(conv.get_scenario("cannot_pay"), "start", 0)
    text = conv.choice_feedback(c)
    assert all(d in text for d in conv.DIMENSIONS)


def test_problems_finds_broken_graphs():
    s = conv.get_scenario("practice_error")
    broken_nodes = dict(s.nodes)
    start = broken_nodes["start"]
    bad_choice = conv.Choice("x", "nowhere", "f", {d: 3 for d in conv.DIMENSIONS})
    broken_nodes["start"] = conv.Node("start", start.caller, (bad_choice,))
    broken = conv.Scenario(s.scenario_id, s.title, s.setup, s.start, broken_nodes)
    found = " ".join(conv.problems(broken))
    assert "missing node 'nowhere'" in found
    assert "out of range" in found
    assert "unreachable" in found


def test_cycles_are_reported():
    a = conv.Node("a", "hi", (conv.Choice("x", "b", "f", dict.fromkeys(conv.DIMENSIONS, 1)),))
    b = conv.Node("b", "hi", (conv.Choice("x", "a", "f", dict.fromkeys(conv.DIMENSIONS, 1)),))
    with pytest.raises(ValueError, match="cycle"):
        conv.all_paths(conv.Scenario("loop", "t", "s", "a", {"a": a, "b": b}))


def test_bad_choice_index_and_unknown_scenario():
    s = conv.get_scenario("unexpected_bill")
    with pytest.raises(IndexError):
        conv.choose(s, "start", 9)
    with pytest.raises(KeyError, match="known"):
        conv.get_scenario("nope")
