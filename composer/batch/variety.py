"""Whether a run's notes read alike: word similarity and shared skeletons.

Notes that all read alike lose their effect, and one skeleton repeated across many
people is a known automation signal (ADVICE.md). ``skeleton(note, facts)`` blanks the
words that come from the people (names, companies, topics, the goal) so that what is
left is the template's own wording; ``Variety.of(notes)`` gives the mean pairwise word
(Jaccard) similarity and the share of the most common skeleton, per language, and
``warning()`` the line ``compose batch`` prints when a run converges anyway.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from composer.core.profile import Profile

MAX_SIMILARITY = 0.30  # mean pairwise Jaccard similarity of notes to different people
MAX_SKELETON_SHARE = 0.10  # share of the notes that may share one skeleton
MIN_NOTES = 20  # fewer notes say too little to warn about
_WORD = re.compile(r"[^\W_][\w'’-]*", re.UNICODE)


def words(note: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in _WORD.findall(note))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def facts(target: Profile, sender: Profile | None = None, goal_text: str = "") -> frozenset[str]:
    """The words a note may take from the people and the goal (folded)."""
    parts = [goal_text]
    for person in (target, sender):
        if person is None:
            continue
        parts += [person.name, person.headline, *person.groups, *person.mutual_connections]
        parts += [f"{e.title} {e.company}" for e in person.experience]
        parts += [e.school for e in person.education]
        parts += [p.text for p in person.recent_posts]
    return words(" ".join(parts))


def skeleton(note: str, blanked: frozenset[str]) -> str:
    """The note with its facts blanked: runs of fact words become one "_"."""
    out: list[str] = []
    for word in _WORD.findall(note):
        name = word[:1].isupper() and out and word not in ("I", "I'm", "I'd", "I've")
        token = "_" if word.casefold() in blanked or name else word.casefold()
        if not (token == "_" and out and out[-1] == "_"):
            out.append(token)
    return " ".join(out)


@dataclass(frozen=True, slots=True)
class Variety:
    notes: int
    similarity: float  # mean pairwise Jaccard similarity
    skeleton_share: float  # share of the notes with the most common skeleton

    @classmethod
    def of(cls, notes: Iterable[tuple[str, frozenset[str]]], max_pairs: int = 20000) -> Variety:
        """``notes``: (note, its facts) pairs, all in one language."""
        items = [(n, f) for n, f in notes if n]
        if len(items) < 2:
            return cls(len(items), 0.0, 0.0)
        bags = [words(n) for n, _ in items]
        pairs = list(combinations(range(len(bags)), 2))
        step = max(1, len(pairs) // max_pairs)  # a deterministic sample of a huge run
        sampled = pairs[::step]
        similarity = sum(jaccard(bags[i], bags[j]) for i, j in sampled) / len(sampled)
        shapes = Counter(skeleton(n, f) for n, f in items)
        share = shapes.most_common(1)[0][1] / len(items)
        return cls(len(items), similarity, share)

    @property
    def converges(self) -> bool:
        return self.notes >= MIN_NOTES and (
            self.similarity >= MAX_SIMILARITY or self.skeleton_share > MAX_SKELETON_SHARE
        )

    def warning(self, language: str) -> str:
        return (
            f"compose batch: warning: the {self.notes} {language} notes of this run read alike "
            f"(mean word similarity {self.similarity:.2f}, {self.skeleton_share:.0%} share one "
            "skeleton): identical notes are an automation signal; vary the goals or edit some"
        )
