"""Branching phone calls for lesson 06: the scenario graph is data, these are pure functions over it.

A scenario is a directed acyclic graph of nodes. A node has what the caller says and either `choices`
(each with what you say, the next node, feedback and scores 0-2 for accuracy, empathy and privacy) or,
at an end node, an `outcome`. Data: course/data/conversations.json (all people fictional).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parents[1] / "data" / "conversations.json"
DIMENSIONS = ("accuracy", "empathy", "privacy")
MAX_PER_DIMENSION = 2


@dataclass(frozen=True)
class Choice:
    say: str
    next: str
    feedback: str
    scores: dict[str, int]


@dataclass(frozen=True)
class Node:
    node_id: str
    caller: str
    choices: tuple[Choice, ...] = ()
    outcome: str = ""

    @property
    def is_end(self) -> bool:
        return not self.choices


@dataclass(frozen=True)
class Scenario:
    scenario_id: str
    title: str
    setup: str
    start: str
    nodes: dict[str, Node]


@dataclass(frozen=True)
class Score:
    """Points per dimension along one path, and the maximum that path could have earned."""

    points: dict[str, int]
    maximum: int

    @property
    def total(self) -> int:
        return sum(self.points.values())

    @property
    def percent(self) -> float:
        return 100.0 * self.total / (self.maximum * len(DIMENSIONS)) if self.maximum else 0.0


def _scenario(raw: dict) -> Scenario:
    nodes = {}
    for node_id, n in raw["nodes"].items():
        choices = tuple(
            Choice(c["say"], c["next"], c["feedback"], {d: int(c[d]) for d in DIMENSIONS})
            for c in n.get("choices", [])
        )
        nodes[node_id] = Node(node_id, n["caller"], choices, n.get("outcome", ""))
    return Scenario(raw["id"], raw["title"], raw["setup"], raw["start"], nodes)


@cache
def load_scenarios(path: Path = DATA) -> tuple[Scenario, ...]:
    """All scenarios in the data file, in order."""
    return tuple(_scenario(s) for s in json.loads(path.read_text(encoding="utf-8"))["scenarios"])


def get_scenario(scenario_id: str) -> Scenario:
    """One scenario by id; KeyError names the ids that exist."""
    for s in load_scenarios():
        if s.scenario_id == scenario_id:
            return s
    raise KeyError(f"no scenario {scenario_id!r}; known: {[s.scenario_id for s in load_scenarios()]}")


def choose(scenario: Scenario, node_id: str, index: int) -> Choice:
    """The choice taken at a node (IndexError if the node has no such choice)."""
    choices = scenario.nodes[node_id].choices
    if not 0 <= index < len(choices):
        raise IndexError(f"node {node_id!r} has {len(choices)} choices, not #{index}")
    return choices[index]


def walk(scenario: Scenario, indices: list[int]) -> list[tuple[str, Choice]]:
    """Follow choice indices from the start: the (node id, choice) pairs taken, in order."""
    taken, node_id = [], scenario.start
    for i in indices:
        choice = choose(scenario, node_id, i)
        taken.append((node_id, choice))
        node_id = choice.next
    return taken


def score_path(scenario: Scenario, indices: list[int]) -> Score:
    """Score of a path given as choice indices from the start."""
    taken = walk(scenario, indices)
    points = {d: sum(c.scores[d] for _, c in taken) for d in DIMENSIONS}
    return Score(points, MAX_PER_DIMENSION * len(taken))


def all_paths(scenario: Scenario) -> list[list[int]]:
    """Every complete path (start to an end node) as a list of choice indices."""
    paths: list[list[int]] = []

    def visit(node_id: str, prefix: list[int], seen: frozenset[str]) -> None:
        if node_id in seen:
            raise ValueError(f"cycle through {node_id!r} in {scenario.scenario_id}")
        node = scenario.nodes[node_id]
        if node.is_end:
            paths.append(prefix)
            return
        for i, c in enumerate(node.choices):
            visit(c.next, [*prefix, i], seen | {node_id})

    visit(scenario.start, [], frozenset())
    return paths


def reachable(scenario: Scenario) -> set[str]:
    """Node ids reachable from the start."""
    seen, stack = set(), [scenario.start]
    while stack:
        node_id = stack.pop()
        if node_id in seen or node_id not in scenario.nodes:
            continue
        seen.add(node_id)
        stack.extend(c.next for c in scenario.nodes[node_id].choices)
    return seen


def problems(scenario: Scenario) -> list[str]:
    """What is wrong with a scenario graph (empty when it is sound)."""
    found = []
    if scenario.start not in scenario.nodes:
        found.append(f"start node {scenario.start!r} missing")
    for node in scenario.nodes.values():
        for c in node.choices:
            if c.next not in scenario.nodes:
                found.append(f"{node.node_id!r} leads to missing node {c.next!r}")
            bad = [d for d, v in c.scores.items() if not 0 <= v <= MAX_PER_DIMENSION]
            if bad:
                found.append(f"{node.node_id!r} has scores out of range: {bad}")
        if node.is_end and not node.outcome:
            found.append(f"end node {node.node_id!r} has no outcome")
    found += [f"node {n!r} is unreachable" for n in sorted(set(scenario.nodes) - reachable(scenario))]
    return found


def choice_feedback(choice: Choice) -> str:
    """Feedback on one choice: the scores in words, then why."""
    parts = ", ".join(f"{d} {choice.scores[d]}/{MAX_PER_DIMENSION}" for d in DIMENSIONS)
    return f"{choice.feedback} ({parts})"


def final_feedback(scenario: Scenario, indices: list[int]) -> str:
    """The end-of-call summary: outcome, score per dimension and the weakest dimension to work on."""
    taken = walk(scenario, indices)
    end = scenario.nodes[taken[-1][1].next] if taken else scenario.nodes[scenario.start]
    score = score_path(scenario, indices)
    per = ", ".join(f"{d} {score.points[d]}/{score.maximum}" for d in DIMENSIONS)
    weakest = min(reversed(DIMENSIONS), key=lambda d: score.points[d])  # ties: privacy first
    tip = (
        "A perfect call."
        if score.total == score.maximum * len(DIMENSIONS)
        else f"Work on {weakest}: replay the call and look for the choice that scores higher there."
    )
    return f"Outcome: {end.outcome} Score {score.percent:.0f}% ({per}). {tip}"
