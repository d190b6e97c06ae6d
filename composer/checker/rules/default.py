"""default-message: the note is essentially LinkedIn's default text."""

from __future__ import annotations

from collections.abc import Iterator

from composer.checker.note import Note
from composer.checker.rules.base import _quote, _rx, finding
from composer.core.findings import (
    Finding,
)
from composer.text import lexicon

_WORD_SPANS = r"\S+"


def default_span(note: Note) -> tuple[int, int] | None:
    """The default text's span when the note is essentially LinkedIn's default."""
    if "default" in note.cache:
        found: tuple[int, int] | None = note.cache["default"]
        return found
    note.cache["default"] = found = _find_default(note)
    return found


def _find_default(note: Note) -> tuple[int, int] | None:
    spans = note.spans("default-message")
    if not spans:
        return None
    start, end = max(spans, key=lambda s: s[1] - s[0])
    allowed = lexicon.section_words("sign-off")
    names: set[str] = set()
    for facts in (note.target, note.sender):
        if facts is not None:
            names |= facts.name_tokens
    covered = [(start, end), *note.spans("greeting")]
    leftover = 0
    for match in _rx(_WORD_SPANS).finditer(note.cleaned):
        ws, we = match.span()
        word = match.group().strip("'-")
        if not word or any(s <= ws and we <= e for s, e in covered):
            continue
        if word in allowed or word in names or note.text[ws].isupper():
            continue  # a sign-off, or a name: the default text with a name is the default
        leftover += 1
    return (start, end) if leftover <= 1 else None


def _default_message(note: Note) -> Iterator[Finding]:
    found = default_span(note)
    if found is not None:
        start, end = found
        yield finding(
            "default-message",
            f"{_quote(note, start, end)} is LinkedIn's default text, which gets the same 'no' "
            "as a blank request: say who you are and why you want to connect with this person",
            start,
            end,
        )
