"""no-greeting and wrong-name: the greeting that opens the note, and the name in it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from composer.checker.note import Note
from composer.checker.rules.base import finding
from composer.core.findings import (
    Finding,
)
from composer.text import lexicon

_NAME_AFTER = re.compile(r"[\s,:]*([^\W\d_][\w'’.-]*)")


def _opening_greeting(note: Note) -> tuple[int, int] | None:
    for first, after in note.hits.get("greeting", ()):
        if first == 0:
            return note.span(first, after)
    if note.words:
        # "Hiii", "Holaaa": a greeting stretched for warmth is still a greeting.
        at = note.first_word_at()
        head = note.text[at : at + 16]
        for regex in lexicon.patterns("greeting", "stretched"):
            match = regex.match(head)
            if match is not None:
                return at, at + match.end()
    return None


def _greeted_name(note: Note, end: int) -> tuple[str, int, int] | None:
    """The capitalised name right after a greeting ("Hi Dr. Shah" -> "Shah")."""
    titles = lexicon.section_words("titles")
    not_names = lexicon.section_words("not-a-name")
    pos = end
    for _ in range(2):
        match = _NAME_AFTER.match(note.text, pos)
        if match is None:
            return None
        word = match.group(1).rstrip(".")
        start = match.start(1)
        # The cleaned note is folded already, at the same offsets: no need to fold again.
        folded = note.cleaned[start : start + len(word)].strip("' ")
        if folded in titles:
            pos = match.end()
            continue
        if not word[:1].isupper() or folded in not_names or folded in lexicon.all_stopwords():
            return None  # "Hi there", "Hi, I'm Sam", "Hola, Soy Sam": no name greeted
        if not _ends_address(note.text, start + len(word)):
            return None  # "Hi, Sam here", "Hi Quick question": not "Hi Maria,"
        return word, start, start + len(word)
    return None


_ADDRESS_END = re.compile(r"(?:[ \t]+[^\W\d_][\w'’.-]*){0,2}[ \t]*(?:[,;:!.?\n—–-]|$)")


def _ends_address(text: str, end: int) -> bool:
    """True when a greeted name ends its phrase: "Maria," "Maria Lopez!", "Dr. Jones\n"."""
    match = _ADDRESS_END.match(text, end)
    if match is None:
        return False
    # Words after the first name must be capitalised too (a surname), not "here".
    following = text[end : match.end()].rstrip(",;:!.?\n—–- \t").split()
    return all(word[:1].isupper() for word in following)


def _no_greeting(note: Note) -> Iterator[Finding]:
    if _opening_greeting(note) is not None:
        return
    words = note.bare_words()
    titles = lexicon.section_words("titles")
    # "Ms. Ng,", "Sr. Sanz,": a title and their name open the note as a greeting would.
    lead = 1 if len(words) > 1 and words[0] in titles else 0
    first = words[lead] if words else ""
    if note.target is not None and first in note.target.name_tokens:
        return
    if note.target is None:
        # Without a target, "Priya, ..." still reads as opening with a name.
        at = note.first_word_at()
        match = _NAME_AFTER.match(note.text, at)
        if (
            match
            and match.group(1)[:1].isupper()
            and note.text[match.end() : match.end() + 1] == ","
        ):
            return
    first_name = note.target.name.split()[0] if note.target and note.target.name else ""
    example = (
        f'"Hi {first_name}," / "Hola {first_name},"'
        if first_name
        else '"Hi Priya," / "Hola Lucía,"'
    )
    yield finding(
        "no-greeting",
        f"open with a greeting and their name ({example}): a note that starts without one "
        "reads as spam",
        0,
        0,
    )


def _name_matches(folded: str, tokens: frozenset[str]) -> bool:
    if folded in tokens:
        return True
    # Short forms: "Alex" for Alexander, "Dani" for Daniel, "Mari Carmen" split; and
    # the long form of a short name on the profile ("Daniel" for Dani, "Alexander" for
    # Alex). Otherwise a name that adds letters to theirs is someone else's: "Alexa" for
    # Alex, "Danielle" for Daniel, "Luciana" for Lucía.
    return len(folded) >= 3 and any(
        t.startswith(folded) or (len(t) <= 4 and folded.startswith(t) and len(folded) - len(t) >= 2)
        for t in tokens
    )


def _wrong_name(note: Note) -> Iterator[Finding]:
    target = note.target
    if target is None or not target.name_tokens:
        return
    greeting = _opening_greeting(note)
    if greeting is None:
        return
    found = _greeted_name(note, greeting[1])
    if found is None:
        return
    name, start, end = found
    if not _name_matches(note.cleaned[start:end].strip("' "), target.name_tokens):
        yield finding(
            "wrong-name",
            f'greets "{name}" but the target is {target.name}: a wrong name says the note '
            "was copied",
            start,
            end,
        )
