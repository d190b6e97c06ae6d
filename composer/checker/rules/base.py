"""What every rule module shares: ``Rule``, ``phrase_rule``, ``finding`` and small helpers."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import NamedTuple

from composer.checker.attribution import (
    clauses,
)
from composer.checker.note import Note
from composer.core.findings import (
    MESSAGE_NOTE_RULES,
    MESSAGE_RULES,
    NOTE_RULES,
    Finding,
    Severity,
)
from composer.text import lexicon

Check = Callable[[Note], Iterator[Finding]]


class Rule(NamedTuple):
    slug: str
    check: Check
    help: str
    needs_target: bool = False  # skipped when no target profile is given
    content: bool = False  # needs a language with full data (English, Spanish)

    @property
    def severity(self) -> Severity:
        return _catalogue(self.slug)[0]

    @property
    def description(self) -> str:
        return _catalogue(self.slug)[1]

    @property
    def kinds(self) -> tuple[str, ...]:
        """What the rule checks: ``"note"``, ``"message"`` (a first message), or both."""
        if self.slug in MESSAGE_RULES:
            return ("message",)
        return ("note", "message") if self.slug in MESSAGE_NOTE_RULES else ("note",)

    def finding(self, message: str, start: int | None = None, end: int | None = None) -> Finding:
        return finding(self.slug, message, start, end)


def finding(slug: str, message: str, start: int | None = None, end: int | None = None) -> Finding:
    """A finding of rule ``slug``, its severity from the catalogue: what ``Rule.finding``
    gives, for the rule modules, which do not import the registry (no import cycle)."""
    return Finding(slug, _catalogue(slug)[0], message, start, end)


def _catalogue(slug: str) -> tuple[Severity, str]:
    return NOTE_RULES[slug] if slug in NOTE_RULES else MESSAGE_RULES[slug]


def _quote(note: Note, start: int, end: int) -> str:
    text = " ".join(note.text[start:end].split())
    return f'"{text}"' if len(text) <= 70 else f'"{text[:67]}..."'


def _non_overlapping(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans:  # sorted by start, longest first at a start
        if out and start < out[-1][1]:
            continue
        out.append((start, end))
    return out


def phrase_rule(
    slug: str,
    message: str,
    help_text: str,
    *,
    extra: Check | None = None,
    keep: Callable[[Note, int, int], bool] | None = None,
) -> Rule:
    """A rule that flags every phrase of its data table: ``message`` gets ``{quote}``;
    ``keep(note, first, after)``, when given, drops the hits it says are innocent."""

    def check(note: Note) -> Iterator[Finding]:
        hits = note.hits.get(slug)
        if hits:
            # "our platform" pitches, "our platform team" does not: the data lists the
            # words that, right after a phrase, make it innocent.
            unless = lexicon.section_words(slug, "unless-followed-by")
            words = note.words
            kept = [(i, j) for i, j in hits if j >= len(words) or words[j] not in unless]
            if keep is not None:
                kept = [(i, j) for i, j in kept if keep(note, i, j)]
            for start, end in _non_overlapping([note.span(i, j) for i, j in kept]):
                quote = _quote(note, start, end)
                yield finding(slug, message.format(quote=quote), start, end)
        if extra is not None:
            yield from extra(note)

    return Rule(slug, check, help_text)


def _pattern_findings(
    note: Note,
    slug: str,
    section: str,
    key: str,
    message: str,
    keep: Callable[[str], bool] | None = None,
) -> Iterator[Finding]:
    seen = _Taken(note.spans(slug))
    for regex in lexicon.patterns(section, key):
        for match in regex.finditer(note.text):
            start, end = match.span()
            if keep is not None and not keep(match.group()):
                continue
            if not seen.take(start, end):
                continue
            quote = _quote(note, start, end)
            yield finding(slug, message.format(quote=quote), start, end)


class _Taken:
    """Spans already reported, kept sorted and merged, so that asking whether a new
    match overlaps one is a binary search: a note of 30,000 matches ("1.1.1...") was
    quadratic when every match was compared with every earlier one."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            if self.starts and start < self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)

    def take(self, start: int, end: int) -> bool:
        """Record ``[start, end)`` and say True, unless it overlaps a span taken before."""
        i = bisect.bisect_left(self.starts, end) - 1
        if i >= 0 and self.ends[i] > start:
            return False
        self.starts.insert(i + 1, start)
        self.ends.insert(i + 1, end)
        return True


@cache
def _rx(pattern: str) -> re.Pattern[str]:
    """Compile a rarely needed regex on first use (``compose check`` starts faster)."""
    return re.compile(pattern)


_AND = frozenset(["and", "y", "e", "plus"])


def _clause_start(note: Note, k: int) -> int:
    """The first word of word k's clause: after a comma, a bracket or an "and" ("Saw
    you at Hospitality Tech Forum 2026 and again at HITEC Dubai")."""
    ranges = clauses(note)
    i = bisect.bisect_right([first for first, _ in ranges], k) - 1
    first = ranges[i][0] if i >= 0 else 0
    words = note.bare_words()
    for j in range(k - 1, first - 1, -1):
        if words[j] in _AND:
            return j + 1
    return first
