"""The course's own exam blueprint: its domains, the question banks each draws from, and their weights.

The domains are the course's (its lessons and its case bank), not any certification's. A domain draws
case-bank charts (by group of chapters and/or by skill) or lesson questions (course/data/quizzes, by
lesson) or E/M visit notes (course.coding.em, asked as "which visit code?"). Another bank can join
through `course.exam.draw.register_pool`.
"""

from __future__ import annotations

from dataclasses import dataclass

CASE, QUIZ, VISIT = "case", "quiz", "visit"


@dataclass(frozen=True)
class Domain:
    """One domain of the blueprint: its name, weight (items per 50) and where its items come from.

    kind "case": charts whose group starts with one of `groups` or that exercise one of `skills`;
    kind "quiz": questions of the lessons numbered in `lessons`; kind "visit": E/M visit notes;
    any other kind: the items of the pool registered for it.
    """

    name: str
    weight: int
    kind: str
    groups: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    lessons: tuple[str, ...] = ()
    minutes_per_item: float = 3.0


# Weights are items in a 50-item exam; a shorter exam keeps the proportions (see `apportion`).
BLUEPRINT: tuple[Domain, ...] = (
    Domain("diagnosis coding: injuries and external causes", 8, CASE, groups=("injuries",)),
    Domain("diagnosis coding: diabetes, hypertension and heart disease", 7, CASE,
           groups=("diabetes", "hypertension")),
    Domain("diagnosis coding: other body systems, pregnancy and neoplasms", 9, CASE,
           groups=("respiratory", "mental", "nervous", "pregnancy", "neoplasms", "infections")),
    Domain("sequencing, uncertain diagnoses and signs and symptoms", 6, CASE,
           groups=("signs, symptoms",), skills=("sequencing", "uncertain diagnosis")),
    Domain("Z codes and HCPCS Level II", 5, CASE, groups=("preventive",), skills=("HCPCS",)),
    Domain("E/M visit levels (office and outpatient)", 4, VISIT),
    Domain("code sets and reading the record", 4, QUIZ, lessons=("02", "03"), minutes_per_item=1.0),
    Domain("claims and remittances", 5, QUIZ, lessons=("04", "05"), minutes_per_item=1.0),
    Domain("patients, privacy and security", 2, QUIZ, lessons=("06", "07"), minutes_per_item=1.0),
)  # fmt: skip


def apportion(blueprint: tuple[Domain, ...], size: int) -> dict[str, int]:
    """How many items each domain gets in an exam of `size` items: proportional to the weights,
    rounded by largest remainder (ties to the earlier domain), every domain at least 1 when size allows."""
    if size < 1:
        raise ValueError("an exam has at least one item")
    total = sum(d.weight for d in blueprint)
    exact = [(d.name, size * d.weight / total) for d in blueprint]
    counts = {name: int(share) for name, share in exact}
    if size >= len(blueprint):
        for name in counts:
            counts[name] = max(counts[name], 1)
    left = size - sum(counts.values())
    # a domain raised to its minimum of 1 has had more than its share: it comes last for the rest
    remainder = [share - counts[name] for name, share in exact]
    order = sorted(range(len(exact)), key=lambda i: (-remainder[i], i))
    i = 0
    while left > 0:
        counts[exact[order[i % len(order)]][0]] += 1
        left -= 1
        i += 1
    while left < 0:  # the minimum of 1 overshot: take from the largest domains
        name = max(counts, key=lambda n: (counts[n], -list(counts).index(n)))
        counts[name] -= 1
        left += 1
    return counts
