"""The first-message rules: no-ask, multiple-asks and repeats-note."""

from __future__ import annotations

from collections.abc import Iterator

from composer.checker.note import Note
from composer.checker.rules.base import _quote, _rx, finding
from composer.core.findings import (
    Finding,
)
from composer.text.normalize import clean


def _ask_sentences(note: Note) -> list[tuple[int, int]]:
    """Spans of the sentences that ask something: a question, or an ask phrase."""
    text = note.text
    asks = [note.span(i, j)[0] for i, j in note.hits.get("ask", ())]
    out: list[tuple[int, int]] = []
    start = 0
    for match in _rx(r"[.!?;\n]+").finditer(text + "\n"):
        end = match.end()
        sentence = text[start:end]
        if "?" in match.group() or any(start <= at < end for at in asks):
            out.append((start + len(sentence) - len(sentence.lstrip()), min(end, len(text))))
        start = end
    return out


def _no_ask(note: Note) -> Iterator[Finding]:
    if _ask_sentences(note):
        return
    yield finding(
        "no-ask",
        'end with one clear, easy question or next step tied to your goal ("would you be '
        'open to a 15-minute call next week?" / "¿te parece si lo hablamos 15 minutos?"): '
        "a message without one gets a like, not a reply",
    )


def _multiple_asks(note: Note) -> Iterator[Finding]:
    asks = _ask_sentences(note)
    if len(asks) < 2:
        return
    start, end = asks[1][0], asks[-1][1]
    yield finding(
        "multiple-asks",
        f"{len(asks)} questions or requests: keep the one that matters most, one easy ask "
        "gets an answer, several get put off",
        start,
        end,
    )


# Words in a row that a message shares with its note before it reads as restating it.
REPEAT_WORDS = 6


def _repeats_note(note: Note) -> Iterator[Finding]:
    previous = note.previous
    if not previous:
        return
    before = clean(previous).split()
    if len(before) < REPEAT_WORDS:
        return
    seen = {tuple(before[i : i + REPEAT_WORDS]) for i in range(len(before) - REPEAT_WORDS + 1)}
    words = note.words
    i = 0
    while i + REPEAT_WORDS <= len(words):
        if tuple(words[i : i + REPEAT_WORDS]) in seen:
            j = i + REPEAT_WORDS
            while j < len(words) and tuple(words[j - REPEAT_WORDS + 1 : j + 1]) in seen:
                j += 1  # the whole repeated run, not only its first words
            start, end = note.span(i, j)
            yield finding(
                "repeats-note",
                f"{_quote(note, start, end)} repeats the note they accepted: they read it "
                "already, take the conversation one step further",
                start,
                end,
            )
            return
        i += 1
