"""The labelled target-fit set (tests/corpus/fit/): loading and scoring, shared by
tests/test_fit_corpus.py and benchmarks/bench_fit.py.

Each line of ``cases.jsonl``: ``{id, sender, target, goal, preset, label, why}``, the
profiles named by their file in ``profiles/``; ``label`` is related, unrelated or
unknown. A false alarm is a target judged unrelated that is not; a miss is an
unrelated target not judged so (no warning where one was due).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from composer.checker.fit import Fit, judge_fit
from composer.core.goals import make_goal
from composer.core.profile import Profile
from composer.profile import load_profile

CORPUS = Path(__file__).resolve().parent / "corpus" / "fit"
# The article's example: a pharmaceutical sales rep inviting a hair-salon chain manager.
ARTICLE_PROFILES = frozenset(
    {"es_pharma_rep.json", "es_salon_manager.json", "en_pharma_rep.json", "en_salon_manager.json"}
)


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    sender: str
    target: str
    goal: str | None
    preset: str | None
    label: str
    why: str

    @property
    def article(self) -> bool:
        """One of the article's pharma rep / hair-salon pairs (either direction)."""
        return {self.sender, self.target} <= ARTICLE_PROFILES and self.sender != self.target


@dataclass(slots=True)
class Outcome:
    case: Case
    fit: Fit

    @property
    def right(self) -> bool:
        return self.fit.verdict == self.case.label


@dataclass(slots=True)
class Figures:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return sum(o.right for o in self.outcomes) / max(1, len(self.outcomes))

    @property
    def false_alarms(self) -> list[Outcome]:
        return [
            o for o in self.outcomes
            if o.fit.verdict == "unrelated" and o.case.label != "unrelated"
        ]  # fmt: skip

    @property
    def misses(self) -> list[Outcome]:
        return [
            o for o in self.outcomes
            if o.case.label == "unrelated" and o.fit.verdict != "unrelated"
        ]  # fmt: skip

    @property
    def wrong(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.right]


def cases() -> list[Case]:
    lines = (CORPUS / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    return [Case(**json.loads(line)) for line in lines if line.strip()]


@cache
def profile(name: str) -> Profile:
    return load_profile(CORPUS / "profiles" / name)


def language(case: Case) -> str:
    """The case's language: its sender's profile language (else its file's prefix)."""
    return profile(case.sender).language or ("es" if case.sender.startswith("es_") else "en")


def judge(case: Case) -> Fit:
    goal = make_goal(case.goal, case.preset)
    return judge_fit(profile(case.target), profile(case.sender), goal)


def score(selected: list[Case] | None = None) -> Figures:
    return Figures([Outcome(c, judge(c)) for c in (selected or cases())])
