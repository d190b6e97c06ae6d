"""contact-info and shouting: what the note looks like, not what it says."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from composer.checker.note import Note
from composer.checker.rules.base import _quote, _rx, finding
from composer.core.findings import (
    Finding,
)
from composer.text import lexicon
from composer.text.normalize import fold, has_digit

_DIGIT_RUN = re.compile(r"\d[\d\s().-]{7}")


_DOT_LETTER = re.compile(r"\.[^\W\d_]")  # "acme.com", "Node.js": maybe a domain


def _contact(note: Note) -> Iterator[Finding]:
    text = note.text
    found: list[tuple[int, int, str]] = []
    if "@" in text:
        for regex in lexicon.patterns("contact-info", "email"):
            found += [(m.start(), m.end(), "an e-mail address") for m in regex.finditer(text)]
    if "www" in note.cleaned or "http" in note.cleaned or _DOT_LETTER.search(text):
        for regex in lexicon.patterns("contact-info", "url"):
            for m in regex.finditer(text):
                if text[m.start() - 1 : m.start()] in ("@", "."):
                    continue  # the domain of an e-mail address, or part of a longer name
                found.append((m.start(), m.end(), "a link"))
    if has_digit(text) and _DIGIT_RUN.search(text):
        for regex in lexicon.patterns("contact-info", "phone"):
            for m in regex.finditer(text):
                if _is_phone(m.group(), text[m.end() : m.end() + 1]):
                    found.append((m.start(), m.end(), "a phone number"))
    if not found:
        return
    found.sort()
    last_end = -1
    for start, end, what in found:
        if start < last_end:
            continue
        last_end = end
        yield finding(
            "contact-info",
            f"{_quote(note, start, end)} is {what}: leave contact details out of an "
            "invitation; once connected they can see them",
            start,
            end,
        )


_YEAR = r"(?:19|20)\d\d"


def _is_phone(candidate: str, after: str) -> bool:
    digits = sum(ch.isdigit() for ch in candidate)
    if not 9 <= digits <= 15 or after == "%":
        return False
    groups = re.findall(r"\d+", candidate)
    # "2019-2023" or "2019, 2020 and 2021" are years, not a phone number.
    return not all(_rx(_YEAR).fullmatch(g) for g in groups)


_CAPS = re.compile(r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9'’&-]+")


_EMOJI = (
    "(?<!\u200d)[\U0001f300-\U0001faff\U0001f000-\U0001f2ff\u2600-\u27bf\u2b50\u2b55\u2190-\u21ff]"
)


# Before an event's or an institution's acronym: "at", "en", "de"...
_NAME_PREPOSITIONS = frozenset(
    ["at", "in", "from", "of", "en", "de", "del", "desde", "con", "with", "via", "por"]
)


_WORD_BEFORE = re.compile(r"([^\W\d_]+)[ \t]*$")


_NUMBER_AFTER = re.compile(r"[ \t]+'?\d")


def _names_something(note: Note, start: int, end: int) -> bool:
    """An upper-case word that reads as a name: after "en"/"at" or before a year
    ("Nos conocimos en FITUR 2025", "met at ROSCON", "del IESE")."""
    text = note.text
    if _NUMBER_AFTER.match(text, end):
        return True
    before = _WORD_BEFORE.search(note.cleaned, max(0, start - 12), start)
    return before is not None and before.group(1) in _NAME_PREPOSITIONS


# An upper-case word this short may be an organisation's or a standard's acronym.
_ACRONYM_LETTERS = 6


def _profile_capitals(note: Note) -> frozenset[str]:
    facts = [f for f in (note.target, note.sender) if f is not None]
    if not facts:
        return frozenset()
    return frozenset().union(*(f.capitals for f in facts))


_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")


def _acronym_context(note: Note, start: int, end: int) -> bool:
    """A short upper-case word next to what names an organisation or a standard: a
    capitalised name after it ("OWASP London"), or a word such as "member", "exam",
    "diploma", "sello", "fondos", "acreditación" right before or after it."""
    text = note.text
    after = _NEXT_WORD.match(text, end)
    nouns = lexicon.section_words("shouting", "acronym-nouns")
    if after is not None:
        following = after.group(1)
        if following[:1].isupper() and not following.isupper():
            return True
        if fold(following.lower()) in nouns:
            return True
    before = _WORD_BEFORE.search(note.cleaned, max(0, start - 20), start)
    return before is not None and before.group(1) in nouns


@cache
def _not_shouting() -> frozenset[str]:
    """Acronyms and organisations written in capitals: not shouting (merged once)."""
    return lexicon.raw_words("shouting", "acronyms") | lexicon.raw_words(
        "shouting", "organisations"
    )


def _shouting(note: Note) -> Iterator[Finding]:
    text = note.text
    acronyms = _not_shouting()
    short_loud = lexicon.raw_words("shouting", "loud")  # "FREE", "NOW": not acronyms
    loud: list[tuple[int, int, str]] = []
    for match in _CAPS.finditer(text):
        start, end = match.span()
        word = match.group().strip("'’&-")
        upper = word.upper()
        letters = sum(ch.isalpha() for ch in word)
        if letters <= 4:
            if upper.replace("’", "'") not in short_loud:
                continue  # IT, RRHH, VP, CEO: acronyms, not shouting
        elif upper in acronyms:
            continue  # SaaS-style names, schools, companies
        elif (
            letters <= _ACRONYM_LETTERS
            and upper.replace("’", "'") not in short_loud
            and (word in _profile_capitals(note) or _acronym_context(note, start, end))
        ):
            continue  # "OWASP" their profile writes so, "the CISSP exam", "sello AENOR"
        if (start and text[start - 1].isalpha()) or (end < len(text) and text[end].isalpha()):
            continue  # part of a mixed-case word such as "McDONALD" or "iPHONE"
        loud.append((start, end, word))
    if len(loud) <= 2:
        # Not a note typed in capitals: events and institutions ("en FITUR 2025").
        loud = [(s, e, w) for s, e, w in loud if len(w) <= 4 or not _names_something(note, s, e)]
    if len(loud) > 2:
        # A note typed in capitals: one finding, not one per word.
        yield finding(
            "shouting",
            f"{len(loud)} words in capitals: write the note in lower case (capitals read "
            "as shouting)",
            loud[0][0],
            loud[-1][1],
        )
    else:
        for start, end, word in loud:
            yield finding(
                "shouting",
                f'"{word}" is in capitals: write it in lower case (capitals read as shouting)',
                start,
                end,
            )
    if "!!" in text or "¡¡" in text:
        # "¡¡Agrégame!!" is one shout: an opening run and the closing run after it
        # make one finding.
        runs = [m.span() for m in _rx(r"¡{2,}|!{2,}").finditer(text)]
        start, end = runs[0]
        if text[start] == "¡" and len(runs) > 1 and "\n" not in text[end : runs[1][0]]:
            end = runs[1][1]
        shown = (
            text[start:end]
            if end - start <= 6
            else f"{text[start : start + 2]}…{text[end - 2 : end]}"
        )
        yield finding("shouting", f'"{shown}": one exclamation mark at most', start, end)
    # Every emoji of _EMOJI is past U+218F: most non-ASCII notes (accents) have none.
    if not text.isascii() and max(text) > "\u218f":
        emoji = list(_rx(_EMOJI).finditer(text))
        if len(emoji) >= lexicon.setting("shouting", "emoji_limit", 3):
            yield finding(
                "shouting",
                f"{len(emoji)} emoji: keep one at most, a pile of them reads as spam",
                emoji[0].start(),
                emoji[-1].end(),
            )
