"""Loading and scoring the labelled corpus (tests/corpus): shared by the corpus test and
``benchmarks/bench_corpus.py``.

A case is one JSON line: ``id``, ``note``, ``target`` and ``sender`` (a profile file of
``profiles/``, by name with or without ``.json``, or null), ``goal`` (free text),
``preset``, ``limit``, ``fire`` (rules that must fire), ``ignore`` (rules whose verdict
does not count) and ``why``. Every other rule must not fire. The language is the part
of the notes file's name before the first ``-`` or ``.`` (``en.jsonl``,
``es-issue11.jsonl``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from composer.checker import check_note
from composer.core.findings import NOTE_RULES
from composer.core.goals import make_goal
from composer.core.profile import Profile
from composer.profile.loader import load_profile


@dataclass
class Case:
    id: str
    language: str
    note: str
    target: Profile | None
    sender: Profile | None
    goal: Any
    limit: int
    fire: set[str]
    ignore: set[str]
    why: str = ""


@dataclass
class Score:
    support: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Scores:
    by_language: dict[str, dict[str, Score]] = field(default_factory=dict)

    def overall(self) -> dict[str, Score]:
        out: dict[str, Score] = {}
        for rules in self.by_language.values():
            for rule, score in rules.items():
                total = out.setdefault(rule, Score())
                total.support += score.support
                total.tp += score.tp
                total.fp += score.fp
                total.fn += score.fn
        return out


def _profile(name: str | None, directory: Path, cache: dict[str, Profile]) -> Profile | None:
    if not name:
        return None
    key = name if name.endswith(".json") else f"{name}.json"
    if key not in cache:
        cache[key] = load_profile(directory / key)
    return cache[key]


def load_corpus(root: Path, *, strict: bool = True) -> list[Case]:
    """Every case of ``root/notes``; ``strict``: a rule the catalogue lacks is an error."""
    profiles: dict[str, Profile] = {}
    cases: list[Case] = []
    for path in sorted((root / "notes").glob("*.jsonl")):
        language = path.name.split(".")[0].split("-")[0]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            data = json.loads(line)
            fire = set(data.get("fire") or [])
            ignore = set(data.get("ignore") or [])
            unknown = (fire | ignore) - set(NOTE_RULES)
            if unknown and strict:
                raise ValueError(f"{path.name}:{number}: unknown rules {sorted(unknown)}")
            goal = data.get("goal") or None
            preset = data.get("preset") or None
            cases.append(
                Case(
                    id=str(data.get("id", f"{path.name}:{number}")),
                    language=language,
                    note=data["note"],
                    target=_profile(data.get("target"), root / "profiles", profiles),
                    sender=_profile(data.get("sender"), root / "profiles", profiles),
                    goal=make_goal(goal, preset) if goal or preset else None,
                    limit=int(data.get("limit") or 200),
                    fire=fire,
                    ignore=ignore,
                    why=str(data.get("why", "")),
                )
            )
    return cases


def evaluate(cases: list[Case]) -> tuple[Scores, list[str]]:
    scores = Scores()
    wrong: list[str] = []
    for case in cases:
        fired = check_note(case.note, case.target, case.sender, case.goal, case.limit).rules()
        rules = scores.by_language.setdefault(case.language, {})
        for rule in NOTE_RULES:
            if rule in case.ignore:
                continue
            score = rules.setdefault(rule, Score())
            expected = rule in case.fire
            got = rule in fired
            score.support += expected
            if expected and got:
                score.tp += 1
            elif got:
                score.fp += 1
                wrong.append(f"FP {rule:18} {case.id}: {case.note!r}")
            elif expected:
                score.fn += 1
                wrong.append(f"FN {rule:18} {case.id}: {case.note!r}")
    return scores, wrong


def format_table(scores: Scores) -> str:
    lines: list[str] = []
    sections = [*sorted(scores.by_language.items()), ("all", scores.overall())]
    for language, rules in sections:
        lines.append(f"\n[{language}]")
        lines.append(
            f"{'rule':20} {'severity':8} {'support':>7} {'tp':>4} {'fp':>4} {'fn':>4} "
            f"{'precision':>9} {'recall':>7}"
        )
        for rule in NOTE_RULES:
            score = rules.get(rule)
            if score is None:
                continue
            lines.append(
                f"{rule:20} {NOTE_RULES[rule][0]:8} {score.support:7d} {score.tp:4d} "
                f"{score.fp:4d} {score.fn:4d} {score.precision:9.3f} {score.recall:7.3f}"
            )
    return "\n".join(lines)
