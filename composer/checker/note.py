"""``Note``: one note prepared for the rules, read once and shared by all of them.

Preparing a note folds it, splits it into words, detects its language and finds every
phrase of the rule data in one pass (see ``lexicon.PhraseIndex``); each rule then only
looks things up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from composer.checker import lexicon
from composer.checker.facts import GoalFacts, ProfileFacts, goal_facts, profile_facts
from composer.checker.text import clean, stem
from composer.goals import Goal
from composer.language import detect_words
from composer.profile import Profile


@dataclass(slots=True)
class Note:
    text: str  # as written: spans index into it
    cleaned: str  # folded, punctuation as spaces; same length as ``text``
    words: list[str]
    hits: dict[str, list[tuple[int, int]]]  # phrase matches by data section
    language: str | None
    full: bool  # the language has data for the content rules (en, es)
    target: ProfileFacts | None
    sender: ProfileFacts | None
    goal: GoalFacts
    _stems: frozenset[str] | None = field(default=None)
    _joined: str | None = field(default=None)

    @property
    def stems(self) -> frozenset[str]:
        """Stems of the note's words (computed when a rule first needs them)."""
        if self._stems is None:
            self._stems = frozenset(stem(w.strip("'-")) for w in self.words)
        return self._stems

    @property
    def joined(self) -> str:
        """The note's words joined by single spaces, padded: ``" hi priya im sam "``."""
        if self._joined is None:
            self._joined = " " + " ".join(w.strip("'-") for w in self.words) + " "
        return self._joined

    def mentions(self, phrase: str) -> bool:
        """True when ``phrase`` (already cleaned, single-spaced) occurs as whole words."""
        return f" {phrase} " in self.joined

    def first_word_at(self) -> int:
        """Offset of the note's first word."""
        return len(self.cleaned) - len(self.cleaned.lstrip())


def _char_spans(
    cleaned: str, words: list[str], hits: dict[str, list[tuple[int, int]]]
) -> dict[str, list[tuple[int, int]]]:
    """Turn word-index spans into character spans of the note."""
    starts: list[int] = []
    pos = 0
    for word in words:
        pos = cleaned.find(word, pos)
        starts.append(pos)
        pos += len(word)
    return {
        section: [(starts[i], starts[j - 1] + len(words[j - 1])) for i, j in spans]
        for section, spans in hits.items()
    }


def prepare(
    text: str,
    target: Profile | None,
    sender: Profile | None,
    goal: Goal | str | None,
) -> Note:
    cleaned = clean(text)
    words = cleaned.split()
    language = detect_words(words, text)
    hits = lexicon.phrase_index().scan(words)
    return Note(
        text=text,
        cleaned=cleaned,
        words=words,
        hits=_char_spans(cleaned, words, hits) if hits else hits,
        language=language,
        full=language is None or language in lexicon.full_languages(),
        target=profile_facts(target) if target is not None else None,
        sender=profile_facts(sender) if sender is not None else None,
        goal=goal_facts(goal),
    )
