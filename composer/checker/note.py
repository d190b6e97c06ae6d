"""``Note``: one note prepared for the rules, read once and shared by all of them.

Preparing a note folds it, splits it into words, detects its language and finds every
phrase of the rule data in one pass (see ``lexicon.PhraseIndex``); each rule then only
looks things up.
"""

from __future__ import annotations

import bisect
from operator import itemgetter, methodcaller
from typing import Any

from composer.checker.facts import GoalFacts, ProfileFacts, goal_facts, profile_facts
from composer.core.goals import Goal
from composer.core.profile import Profile
from composer.text import lexicon
from composer.text.language import detect_words
from composer.text.normalize import STEM_LENGTH, clean

_BARE = methodcaller("strip", "'-")
_NO_POSSESSIVE = methodcaller("removesuffix", "'s")
_STEM = itemgetter(slice(None, STEM_LENGTH))  # what ``text.stem`` does, in C


class Note:
    """A note with everything the rules look up (a plain class: cheap to import)."""

    __slots__ = (
        "_bare_words",
        "_joined",
        "_starts",
        "_stems",
        "cache",
        "cleaned",
        "full",
        "goal",
        "hits",
        "language",
        "previous",
        "sender",
        "target",
        "text",
        "words",
    )

    def __init__(
        self,
        text: str,
        cleaned: str,
        words: list[str],
        hits: dict[str, list[tuple[int, int]]],
        language: str | None,
        full: bool,
        target: ProfileFacts | None,
        sender: ProfileFacts | None,
        goal: GoalFacts,
    ) -> None:
        self.text = text  # as written: spans index into it
        self.cleaned = cleaned  # folded, punctuation as spaces; same length as ``text``
        self.words = words
        self.hits = hits  # phrase matches by section, as word indices
        self.language = language
        self.full = full  # the language has data for the content rules (en, es)
        self.target = target
        self.sender = sender
        self.goal = goal
        self.previous: str | None = None  # a message's invitation note, when known
        self._stems: frozenset[str] | None = None
        self._joined: str | None = None
        self._bare_words: list[str] | None = None
        self._starts: list[int] = []
        # What the attribution and claim helpers worked out, by name (computed once).
        self.cache: dict[str, Any] = {}

    def has(self, section: str) -> bool:
        """True when some phrase of ``section`` occurs in the note."""
        return section in self.hits

    def span(self, first: int, after: int) -> tuple[int, int]:
        """Character span of words ``first`` to ``after - 1``."""
        starts, words = self._starts, self.words
        known = len(starts)
        if known < after:
            # Word offsets are found only as far as a rule asks: most notes need few.
            find = self.cleaned.find
            pos = starts[-1] + len(words[known - 1]) if known else 0
            for word in words[known:after]:
                pos = find(word, pos)
                starts.append(pos)
                pos += len(word)
        return starts[first], starts[after - 1] + len(words[after - 1])

    def word_at(self, offset: int) -> int:
        """Index of the word holding character ``offset`` (or the last word before it)."""
        if self.words:
            self.span(0, len(self.words))
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def spans(self, section: str) -> list[tuple[int, int]]:
        """Character spans of the phrases of ``section``, by start, longest first."""
        return [self.span(i, j) for i, j in self.hits.get(section, ())]

    @property
    def stems(self) -> frozenset[str]:
        """Stems of the note's words (computed when a rule first needs them)."""
        if self._stems is None:
            # ``map`` with C callables: no Python call per word (``stem`` is ``w[:6]``).
            self._stems = frozenset(map(_STEM, self._bare()))
        return self._stems

    @property
    def joined(self) -> str:
        """The note's words joined by single spaces, padded: ``" hi priya im sam "``."""
        if self._joined is None:
            # "Northwind's team" mentions Northwind: possessives are dropped.
            self._joined = f" {' '.join(map(_NO_POSSESSIVE, self._bare()))} "
        return self._joined

    def bare_words(self) -> list[str]:
        """The words without leading or trailing apostrophes and hyphens."""
        return self._bare()

    def _bare(self) -> list[str]:
        """The words without leading or trailing apostrophes and hyphens."""
        if self._bare_words is None:
            # Hyphens are spaces in ``cleaned`` already: only apostrophes at a word's
            # edge go ("'90s" stays a word). Replacing in the text beats a call per word.
            if "'" not in self.cleaned:
                self._bare_words = self.words
            else:
                padded = f" {self.cleaned} "
                while " '" in padded or "' " in padded:
                    padded = padded.replace(" '", " ").replace("' ", " ")
                bare = padded.split()
                if len(bare) != len(self.words):  # a word that was only apostrophes
                    bare = list(map(_BARE, self.words))
                self._bare_words = bare
        return self._bare_words

    def mentions(self, phrase: str) -> bool:
        """True when ``phrase`` (already cleaned, single-spaced) occurs as whole words."""
        return f" {phrase} " in self.joined

    def first_word_at(self) -> int:
        """Offset of the note's first word."""
        return len(self.cleaned) - len(self.cleaned.lstrip())


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
        hits=hits,
        language=language,
        full=language is None or language in lexicon.full_languages(),
        target=profile_facts(target) if target is not None else None,
        sender=profile_facts(sender) if sender is not None else None,
        goal=goal_facts(goal),
    )
