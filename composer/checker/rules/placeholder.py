"""placeholder: template slots left in the note ("[First Name]", "{company}")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from composer.checker.note import Note
from composer.checker.rules.base import _pattern_findings, _quote, finding
from composer.core.findings import (
    Finding,
)
from composer.text import lexicon
from composer.text.normalize import clean


def _slot_spans(note: Note) -> list[tuple[int, int]]:
    """Character spans of the template slots left in the note ("[First Name]", "{company}")."""
    cached: list[tuple[int, int]] | None = note.cache.get("slots")
    if cached is not None:
        return cached
    found: list[tuple[int, int]] = []
    if _may_hold_slot(note):
        for regex in lexicon.patterns("placeholder", "patterns"):
            found += [m.span() for m in regex.finditer(note.text) if _is_slot(m.group())]
    note.cache["slots"] = found
    return found


def _is_slot(found: str) -> bool:
    """A list in brackets ("[Data Council, April]", "[BigData Valencia, marzo]") is an
    aside, not a slot, unless it names what a template asks for ("[Name, Title]")."""
    if "," not in found:
        return True
    asks = lexicon.section_words("placeholder", "slot-words")
    return not asks.isdisjoint(_LETTERS.findall(clean(found)))


_LETTERS = re.compile(r"[^\W\d_]+")


def _slot_words(note: Note) -> frozenset[int]:
    """Indices of the words inside a template slot."""
    cached: frozenset[int] | None = note.cache.get("slot_words")
    if cached is not None:
        return cached
    out: set[int] = set()
    for start, end in _slot_spans(note):
        first, last = note.word_at(start), note.word_at(max(start, end - 1))
        out.update(range(first, last + 1))
    note.cache["slot_words"] = result = frozenset(out)
    return result


def _may_hold_slot(note: Note) -> bool:
    """Every slot pattern needs one of these: a cheap look before the regexes."""
    text = note.text
    return (
        "[" in text
        or "{" in text
        or "]" in text
        or "}" in text
        or "<" in text
        or "__" in text
        or "..." in text
        or "xxx" in note.cleaned
    )


def _placeholder_patterns(note: Note) -> Iterator[Finding]:
    text = note.text
    if not _may_hold_slot(note):
        return
    found = list(
        _pattern_findings(
            note,
            "placeholder",
            "placeholder",
            "patterns",
            "{quote} is a template slot: a note with one left in was not written for them",
            _is_slot,
        )
    )
    yield from found
    if "[" in text or "{" in text or "]" in text or "}" in text:
        for start, end in _half_slots(text):
            if not any(f.start is not None and f.start <= start < (f.end or 0) for f in found):
                yield finding(
                    "placeholder",
                    f"{_quote(note, start, end)} is half a template slot: a note with one "
                    "left in was not written for them",
                    start,
                    end,
                )


# (the lookbehind: a run of brackets is tried once, from its start; linear on "[[[[...")
_HALF_OPEN = re.compile(r"(?<![\[{])[\[{]+[ \t]*[^\W\d_][^\[\]{}\n,.;:!?]{0,30}")


_HALF_CLOSE = re.compile(r"[^\W\d_][^\[\]{}\n,.;:!?]{0,30}[\]}]+")


def _half_slots(text: str) -> Iterator[tuple[int, int]]:
    """ "Hi [First, loved..." or "Hi First Name], ...": a bracket with no partner."""
    for match in _HALF_OPEN.finditer(text):
        rest = text[match.start() : match.start() + 60].split("\n", 1)[0]
        closer = "]" if rest[0] == "[" else "}"
        if closer not in rest[1:]:
            yield match.start(), match.end()
    for match in _HALF_CLOSE.finditer(text):
        line_start = text.rfind("\n", 0, match.end()) + 1
        opener = "[" if match.group().endswith("]") else "{"
        if opener not in text[max(line_start, match.end() - 62) : match.end()]:
            yield match.start(), match.end()
