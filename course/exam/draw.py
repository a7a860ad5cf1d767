"""Drawing an exam from the course's question banks by the blueprint (pure, seeded, reproducible).

An item is a case-bank chart ("case:inj-001"), a lesson question ("quiz:05-co-16") or, once a pool is
registered for it, an E/M visit note ("visit:..."). `draw` prefers items the student did not see in
earlier attempts (`avoid`), so each attempt is a different draw while the pools allow it.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from course.exam.blueprint import BLUEPRINT, CASE, QUIZ, VISIT, Domain, apportion


@dataclass(frozen=True)
class ChoiceItem:
    """A multiple-choice item from any bank: a lesson question or an adapted E/M visit note."""

    item_id: str
    prompt: str
    options: tuple[str, ...]
    answer: str
    explanation: str = ""
    context: str = ""  # a note to read first (an E/M visit note), shown above the prompt


@dataclass(frozen=True)
class ExamItem:
    """One drawn item: its id ("case:inj-001", "quiz:05-co-16"), its domain and its kind."""

    item_id: str
    domain: str
    kind: str

    @property
    def ref(self) -> str:
        """The id inside its bank (the case id, the question id)."""
        return self.item_id.split(":", 1)[1]


@dataclass(frozen=True)
class Exam:
    """A drawn exam: the items in order, the seed that drew them and the minutes allowed."""

    seed: int
    items: tuple[ExamItem, ...]
    minutes: float

    def domains(self) -> list[str]:
        """The domains present, in blueprint order."""
        return list(dict.fromkeys(item.domain for item in self.items))


# Extra pools by kind (e.g. "visit"): a function returning ChoiceItems. See `register_pool`.
_POOLS: dict[str, Callable[[], Sequence[ChoiceItem]]] = {}


def register_pool(kind: str, items: Callable[[], Sequence[ChoiceItem]]) -> None:
    """Add a bank of choice items for domains of `kind` (the E/M visit practice's hook)."""
    _POOLS[kind] = items


def choice_items(kind: str) -> dict[str, ChoiceItem]:
    """The choice items of a registered pool, or of the lessons' questions for kind "quiz"."""
    if kind == QUIZ:
        from course.quizzes import all_questions

        return {
            f"quiz:{q.qid}": ChoiceItem(f"quiz:{q.qid}", q.question, q.options, q.answer,
                                        q.explanations.get(q.answer, ""))
            for q in all_questions().values()
        }  # fmt: skip
    if kind in _POOLS:
        return {item.item_id: item for item in _POOLS[kind]()}
    return _visit_items() if kind == VISIT else {}


@cache
def _visit_items() -> dict[str, ChoiceItem]:
    """The E/M practice notes as "which visit code?" items, with the element-by-element reasoning."""
    from course.coding.em import VISIT_CODES, load_visits

    return {
        f"visit:{v.visit_id}": ChoiceItem(
            f"visit:{v.visit_id}",
            f"{v.title} ({v.patient} patient, {v.setting}). By medical decision making, which visit code does "
            "this note support?",
            tuple(VISIT_CODES[v.patient]),
            v.code,
            " ".join(v.explanation()),
            v.note,
        )
        for v in load_visits()
    }


@cache
def _quiz_ids() -> tuple[str, ...]:
    """The lesson questions' ids, read from their files (the questions themselves load when shown)."""
    folder = Path(__file__).resolve().parents[1] / "data" / "quizzes"
    return tuple(f"quiz:{qid}" for path in sorted(folder.glob("*.json")) for qid in json.loads(path.read_text("utf-8")))


def pool(domain: Domain) -> list[str]:
    """Every item id the domain may draw, in bank order."""
    if domain.kind == CASE:
        from course.coding.casebank import load_bank

        return [
            f"case:{c.case_id}"
            for c in load_bank()
            if any(c.group.startswith(g) for g in domain.groups) or set(c.skills) & set(domain.skills)
        ]
    if domain.kind == QUIZ:
        return [qid for qid in _quiz_ids() if qid.split(":", 1)[1][:2] in domain.lessons]
    return list(choice_items(domain.kind))


def draw(
    size: int = 50,
    seed: int = 0,
    blueprint: Sequence[Domain] = BLUEPRINT,
    avoid: Collection[str] = (),
) -> Exam:
    """An exam of `size` items by the blueprint: each domain's share drawn at random (seeded) from its
    pool, items in `avoid` only when the rest of the pool runs out, no item twice. A domain whose pool is
    smaller than its share gives what it has (the exam is then shorter)."""
    domains = [d for d in blueprint if pool(d)]
    counts = apportion(tuple(domains), size)
    rng = random.Random(seed)
    taken: set[str] = set()
    items: list[ExamItem] = []
    for domain in domains:
        ids = [i for i in pool(domain) if i not in taken]
        fresh = [i for i in ids if i not in avoid]
        seen = [i for i in ids if i in avoid]
        rng.shuffle(fresh)
        rng.shuffle(seen)
        chosen = (fresh + seen)[: counts[domain.name]]
        taken.update(chosen)
        items += [ExamItem(i, domain.name, domain.kind) for i in chosen]
    rng.shuffle(items)
    minutes = sum(next(d for d in domains if d.name == it.domain).minutes_per_item for it in items)
    return Exam(seed, tuple(items), minutes)
