"""Who each sentence of a note is about: the sender, the target, both, or nobody named.

Rules that carry the articles' advice ask this: an introduction is a sentence about the
sender that says who they are; a reason is a sentence about the target (or both) that
names something specific; a price in a sentence about the target ("your pricing") is
not an offer. A word belongs to the person of the nearest pronoun (or first-person
verb) before it in its sentence: "your talk on Kafka helped my team" gives "talk on
Kafka" to the target and "team" to the sender. Worked out once per note, on demand.
"""

from __future__ import annotations

import re

from composer.checker.note import Note
from composer.text import lexicon
from composer.text.normalize import SENTENCE_END

NOBODY, SENDER, TARGET, BOTH = 0, 1, 2, 3

# Spanish second person plural ("fijáis", "tenéis") ends so, folded; these do not.
_VOS_ENDINGS = ("ais", "eis")
_NOT_VOS = frozenset({"pais", "seis", "dieciseis", "veintiseis", "jamais"})


def sentence_starts(note: Note) -> list[int]:
    """Index of the first word of each sentence after the first (ascending)."""
    cached: list[int] | None = note.cache.get("sentences")
    if cached is not None:
        return cached
    text, cleaned = note.text, note.cleaned
    starts: list[int] = []
    pos = count = 0
    for match in SENTENCE_END.finditer(text):
        count += len(cleaned[pos : match.start()].split())
        if not starts or starts[-1] != count:
            starts.append(count)
        pos = match.end()
    note.cache["sentences"] = starts
    return starts


def sentence_end(note: Note, index: int) -> int:
    """Index after the last word of the sentence holding word ``index``."""
    for start in sentence_starts(note):
        if start > index:
            return start
    return len(note.words)


def owners(note: Note) -> list[int]:
    """For each word of the note: NOBODY, SENDER, TARGET or BOTH."""
    cached: list[int] | None = note.cache.get("owners")
    if cached is not None:
        return cached
    first = lexicon.section_words("person", "first")
    second = lexicon.section_words("person", "second")
    both = lexicon.section_words("person", "both")
    words = note.bare_words()
    marks = [1 if w in first else 2 if w in second else 3 if w in both else 0 for w in words]
    if note.language == "es":
        for k, word in enumerate(words):
            if not marks[k] and word.endswith(_VOS_ENDINGS) and word not in _NOT_VOS:
                marks[k] = TARGET
    sender = note.sender
    if sender is not None:
        own = sender.name_tokens - (note.target.name_tokens if note.target else frozenset())
        if own:
            for k, word in enumerate(words):
                if word in own:
                    marks[k] = SENDER  # "Sam here", "Thanks, Sam"
    for i, _ in note.hits.get("shared", ()):
        marks[i] = BOTH
    for i, _ in note.hits.get("ours", ()):
        marks[i] = SENDER  # "we're hiring": the sender's company, not the two of you
    out: list[int] = []
    current = NOBODY
    starts = sentence_starts(note)
    boundary = iter(starts)
    next_start = next(boundary, -1)
    for k, mark in enumerate(marks):
        if k == next_start:
            current = NOBODY
            next_start = next(boundary, -1)
        if mark:
            current = mark
        out.append(current)
    note.cache["owners"] = out
    return out


def owner_at(note: Note, index: int) -> int:
    """``owners(note)[index]`` without working out the whole note (the common question
    "is this phrase in a sentence about the target?" is answered a few words back)."""
    cached: list[int] | None = note.cache.get("owners")
    if cached is not None:
        return cached[index]
    first = lexicon.section_words("person", "first")
    second = lexicon.section_words("person", "second")
    both = lexicon.section_words("person", "both")
    shared = {i for i, _ in note.hits.get("shared", ())}
    ours = {i for i, _ in note.hits.get("ours", ())}
    words = note.bare_words()
    for k in range(index, -1, -1):
        word = words[k]
        if k in ours:
            mark = SENDER
        elif k in shared:
            mark = BOTH
        elif word in first:
            mark = SENDER
        elif word in second:
            mark = TARGET
        elif word in both:
            mark = BOTH
        else:
            continue
        if k == index:
            return mark
        between = note.text[note.span(k, k + 1)[1] : note.span(index, index + 1)[0]]
        return NOBODY if SENTENCE_END.search(between) else mark
    return NOBODY


def mention_indices(note: Note, phrase: str) -> list[int]:
    """Word indices where ``phrase`` (cleaned, single-spaced) starts in the note."""
    joined = note.joined
    needle = f" {phrase} "
    found: list[int] = []
    at = joined.find(needle)
    while at >= 0:
        found.append(joined.count(" ", 0, at + 1) - 1)
        at = joined.find(needle, at + 1)
    return found


def capitalised(note: Note, index: int) -> bool:
    """True when word ``index`` is written with a capital letter (a name, an acronym)."""
    start = note.span(index, index + 1)[0]
    # (past an opening quote: "'Libros al parque'" is written with a capital)
    return note.text[start : start + 2].lstrip("'‘\"“«")[:1].isupper()


def topic_stems(note: Note) -> frozenset[str]:
    """Stems of the words that are not about the sender: what a reason may draw on."""
    cached: frozenset[str] | None = note.cache.get("topic_stems")
    if cached is not None:
        return cached
    who = owners(note)
    if SENDER not in who:
        result = note.stems
    else:
        result = frozenset(
            w[:6] for w, o in zip(note.bare_words(), who, strict=True) if o != SENDER
        )
    note.cache["topic_stems"] = result
    return result


_CLAUSE_END = re.compile(r"[.!?;:\n,()—–]")


def clauses(note: Note) -> list[tuple[int, int]]:
    """Word ranges of the note's clauses (split at sentence ends, commas, brackets)."""
    cached: list[tuple[int, int]] | None = note.cache.get("clauses")
    if cached is not None:
        return cached
    text, cleaned = note.text, note.cleaned
    out: list[tuple[int, int]] = []
    pos = count = 0
    for match in _CLAUSE_END.finditer(text):
        words = len(cleaned[pos : match.start()].split())
        if words:
            out.append((count, count + words))
        count += words
        pos = match.end()
    rest = len(cleaned[pos:].split())
    if rest:
        out.append((count, count + rest))
    note.cache["clauses"] = out
    return out
