"""Lessons 06-08 toolkit (issue 5): the call simulator's graph walk and the practice widgets' build time.

Figures: scoring every path of every call vs just parsing the scenario file; building the five practice
widgets of lessons 06-08 vs building five empty ipywidgets boxes (the floor any widget pays).
"""

from __future__ import annotations

import json

import ipywidgets as widgets

from bench.common import Figure, timed
from course.patients import conversations as conv
from course.practice.conversation import make_conversation
from course.practice.home_office_audit import make_home_office_audit
from course.practice.payment_plan import make_payment_plan
from course.practice.phishing_spotter import make_phishing_spotter
from course.practice.planner import make_planner


def _score_all() -> int:
    n = 0
    for s in conv.load_scenarios():
        for path in conv.all_paths(s):
            conv.final_feedback(s, path)
            n += 1
    return n


def _build_all() -> None:
    make_conversation(), make_payment_plan(), make_home_office_audit(), make_phishing_spotter(), make_planner()


def run() -> list[Figure]:
    paths = _score_all()
    score = timed(_score_all, repeat=5)
    parse = timed(lambda: json.loads(conv.DATA.read_text(encoding="utf-8")), repeat=5)
    _build_all()  # warm imports and data caches
    build = timed(_build_all, repeat=3)
    floor = timed(lambda: [widgets.VBox([widgets.HTML()]) for _ in range(5)], repeat=3)
    return [
        Figure(
            f"call simulator: score all {paths} paths of 4 calls",
            score * 1000,
            "ms",
            parse * 1000,
            "parse conversations.json",
        ),
        Figure(
            "build the 5 practice widgets of lessons 06-08",
            build * 1000,
            "ms",
            floor * 1000,
            "5 empty ipywidgets boxes",
            note="ratio < 1: the widgets cost more than an empty box",
        ),
    ]
