"""unsupported-claim: names of events, employers, schools or referrers found nowhere."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from composer.checker.note import Note
from composer.checker.rules.base import _clause_start, _rx, finding
from composer.checker.rules.placeholder import _slot_spans
from composer.core.findings import (
    Finding,
)
from composer.text import lexicon
from composer.text.normalize import SENTENCE_END, clean, fold, stem


def _claim_near(note: Note, after: int, first: int | None = None) -> bool:
    """True when an unsupported claim starts in the words right after ``after``, or
    the phrase (from word ``first``) is part of an invented referral ("Rachel Kim from
    your team said you're...": "your team" is no reason then)."""
    found = claims(note)
    if not found:
        return False
    if first is not None and "referral" in note.hits:
        at = note.span(first, first + 1)[0]
        for start, _, _, reach in _referrers(note):
            if start <= at < reach and any(s == start for s, _, _ in found):
                return True
    if after >= len(note.words):
        return False
    at = note.span(after, after + 1)[0]
    # In the same clause: "en el Foro de RRHH en Hostelería y luego en FITUR" puts
    # FITUR after an "y", so the real forum before it still counts.
    return any(
        at <= start <= at + 40 and _clause_start(note, note.word_at(start)) <= after
        for start, _, _ in found
    )


# (a dot only inside a name, "Node.js": "Tallyroll. Loved your post" ends at the dot)
_NAME_CHARS = r"(?:[\w&'’/-]|\.(?=\w))*"


_CANDIDATE = (
    rf"[A-ZÀ-ÖØ-Þ]{_NAME_CHARS}(?:[ \t]+(?:(?:of|de|del|la|las|los|y|and|the|for|&)[ \t]+)?"
    rf"[A-ZÀ-ÖØ-Þ0-9]{_NAME_CHARS})*"
)


# Between the trigger and the name: spaces, and an article ("met at the Devoxx
# conference", "coincidimos en el Mobile World Congress").
_ARTICLES = frozenset(["the", "el", "la", "los", "las"])


_SPACES = rf"[ \t]*(?:(?:{'|'.join(sorted(_ARTICLES))})[ \t]+(?=[A-ZÀ-ÖØ-Þ]))?"


_CAPITAL_WORD = r"[A-ZÀ-ÖØ-Þ][^\W_]*"


_CONNECTORS = frozenset(["of", "de", "del", "la", "las", "los", "y", "and", "the", "for"])


def _capitalised_words(text: str) -> set[str]:
    """The capitalised words of ``text``, cleaned as the note's words are.

    ``clean`` works character for character, so cleaning the matches joined by an
    apostrophe (which ``clean`` keeps and no match contains) and splitting there gives
    each match cleaned: one call instead of one per word.
    """
    found = _rx(_CAPITAL_WORD).findall(text)
    if "\u02bc" in text:  # a letter apostrophe, which ``clean`` makes "'": one by one
        return {clean(word) for word in found}
    return set(clean("'".join(found)).split("'"))


def _supported(note: Note, start: int, name: str) -> bool | None:
    """Whether a claimed name is in a profile or the goal (None: not a name after all).

    A name is supported when every word of it that carries meaning is there: "Google
    I/O" is not supported by an "I" somewhere in a profile, nor "FITUR 2025" by a 2025,
    nor "HR Tech Summit" by a "Hospitality Tech Forum".
    """
    if any(s <= start < e for s, e in _slot_spans(note)):
        return None  # "met you at XXX": a template slot, not an invented event
    never = _never_claims()
    written = note.cleaned[start : start + len(name)].split()
    if not lexicon.section_words("unsupported-claim", "tools").isdisjoint(written):
        return None  # "Postgres", "Google Sheets": a product, not a shared past
    tokens = [t for t in written if t not in never]
    if not tokens:
        return None
    stopwords = lexicon.all_stopwords()
    meaningful = [
        t for t in tokens if len(t.strip("'")) >= 3 and t not in stopwords and not t.isdigit()
    ]
    if not meaningful:
        return None  # "I", "HP", "2025": too little to be sure it names something
    stems = [stem(t.strip("'")) for t in meaningful]
    sources = [f.vocab for f in (note.target, note.sender) if f is not None]
    sources.append(note.goal.vocab)
    # Every meaningful word must be known: "Jordan Ellis" is not the mutual connection
    # "Jordan Blake", nor "Congreso de Peluquería de Valencia" a salon manager's event.
    if not all(any(s in vocab for vocab in sources) for s in stems):
        return _abbreviates_entity(note, name)
    events = lexicon.section_words("unsupported-claim", "events")
    if events.isdisjoint(written):
        return True
    # An event or a school is one thing: its words must be named together, by a group,
    # school or employer of a profile or by the goal, not gathered from all over
    # ("London Payroll & People Operations Awards" from a Londoner in people
    # operations, "University of Manchester" from a Cranfield University alumnus). Its
    # kind and its place count too ("HR Tech Summit" is not an "HR Tech Forum").
    wanted = {
        stem(t.strip("'"))
        for t in written
        if len(t.strip("'")) >= 2
        and t not in stopwords
        and t not in _CONNECTORS
        and not t.isdigit()
    }
    if wanted <= note.goal.vocab:
        return True
    return any(
        wanted <= {stem(w) for w in entity.split()}
        for facts in (note.target, note.sender)
        if facts is not None
        for entity in facts.entities
    )


_ACRONYM = re.compile(r"[A-Z][A-Za-z&.]{1,7}")


def _abbreviates_entity(note: Note, name: str) -> bool:
    """ "UPNA", "UdeG", "IMU", "V&A": an acronym of a school, employer or group that a
    profile spells out (Universidad Pública de Navarra, Universidad de Guadalajara...)."""
    if _ACRONYM.fullmatch(name) is None or sum(c.isupper() for c in name) < 2:
        return False
    letters = fold(name.replace("&", "").replace(".", ""))
    optional = lexicon.all_stopwords() | lexicon.section_words("entity-kinds")
    return any(
        _initials_match(letters, entity.split(), optional)
        for facts in (note.target, note.sender)
        if facts is not None
        for entity in facts.entities
    )


def _initials_match(letters: str, words: list[str], optional: frozenset[str]) -> bool:
    """Whether ``letters`` is made of a start of each word in turn (a start may be empty
    for a function word or a kind of place: "de", "and", "Museum")."""
    if not words:
        return not letters
    word, rest = words[0], words[1:]
    if word in optional and _initials_match(letters, rest, optional):
        return True
    return any(
        word.startswith(letters[:n]) and _initials_match(letters[n:], rest, optional)
        for n in range(1, min(len(word), len(letters)) + 1)
    )


# A referrer's name, then perhaps who they are: "Emma Doyle from Fernway", "Irene Soler
# de Rutalia", "Jordan Ellis (Snowflake)", "Marcus Lee, my old manager,".
_NAME_BEFORE = re.compile(
    r"((?:[A-ZÀ-ÖØ-Þ][\w'’-]*[ \t]+){0,2}[A-ZÀ-ÖØ-Þ][\w'’-]*)"
    r"(?:[ \t]+(?:from|at|of|with|de|del|en|con)[ \t]+[^,.;:!?()\n]{1,40}?"
    r"|[ \t]*\([^()\n]{1,40}\))?"
    r"(?:[ \t]+(?:both|also|all|too|ambos|ambas|también|tambien|los[ \t]+dos|las[ \t]+dos))?"
    r"[ \t,]*(?:,[^,]{0,40},[ \t]*)?$"
)


# Another referrer before one: "Karen Doyle and Mike Austin both said...", "Irene
# Soler y Marta Gil me recomendaron" (not after a comma: "Hi Daniel, Sarah Kim said").
_NAME_JOINED = re.compile(
    r"((?:[A-ZÀ-ÖØ-Þ][\w'’-]*[ \t]+){0,2}[A-ZÀ-ÖØ-Þ][\w'’-]*)[ \t]+(?:and|y|e|&)[ \t]+$"
)


def _locative(note: Note, first: int, after: int) -> bool:
    """A plain "en"/"at" that says where something of the sender's life is, not whom
    they work for: "un proyecto en Ruzafa", "la casa de mis padres en Beceite",
    "diseño uno en Ruzafa", "vivo en Beceite", "my parents' shop at Tooting". A town or
    a neighbourhood there claims no shared past ("arquitecta en Estudio Vértice" is
    still checked)."""
    words = note.bare_words()
    if words[first] not in lexicon.section_words("claim-place", "prepositions"):
        return False
    if not first:
        return False
    line = max(0, first - 4)
    for mark in SENTENCE_END.finditer(
        note.text, note.span(line, line + 1)[0], note.span(first, first + 1)[0]
    ):
        line = note.word_at(mark.end())
    before = [w.removesuffix("'s") for w in words[line:first]]
    if not before:
        return False
    if before[-1] in lexicon.section_words("claim-place", "pronouns"):
        return True  # "diseño uno en Ruzafa"
    if before[-1] in lexicon.section_words("claim-place", "subjects"):
        return True  # "graduada en Psicología", "MSc in HCI": a subject
    if not lexicon.section_words("claim-place", "verbs").isdisjoint(before[-2:]):
        return True  # "vivo en", "grew up in"
    return not lexicon.section_words("claim-place", "nouns").isdisjoint(before)


def _referrers(note: Note) -> list[tuple[int, int, str, int]]:
    """The capitalised names right before "suggested I write", "me recomendó"...,
    each with where its referral phrase ends ("Rachel Kim from your team said you're")."""
    out: list[tuple[int, int, str, int]] = []
    for first, after in note.hits.get("referral", ()):
        at = note.span(first, first + 1)[0]
        line_start = max(0, at - 60)
        for end_mark in SENTENCE_END.finditer(note.text, line_start, at):
            line_start = end_mark.end()  # the name is in the referral's sentence
        before = note.text[line_start:at]
        match = _NAME_BEFORE.search(before)
        if match is None:
            continue
        name = match.group(1).rstrip(".'’-")
        start = line_start + match.start(1)
        reach = note.span(first, after)[1]
        out.append((start, start + len(name), name, reach))
        while (other := _NAME_JOINED.search(before, 0, start - line_start)) is not None:
            start = line_start + other.start(1)
            out.append((start, start + len(other.group(1)), other.group(1), reach))
    return out


def _real_referral(note: Note) -> bool:
    """A named referrer found in a profile or the goal ("Marcus Lee suggested I write")."""
    if "referral" not in note.hits:
        return False
    for start, _, name, _ in _referrers(note):
        supported = _supported(note, start, name)
        if supported is None:
            continue
        if supported or (note.target is None and note.sender is None):
            return True  # with no profile to compare with, a named referrer is taken
    return False


def claims(note: Note) -> list[tuple[int, int, str]]:
    """Names the note claims (an event, employer, school, referrer) found nowhere."""
    cached: list[tuple[int, int, str]] | None = note.cache.get("claims")
    if cached is not None:
        return cached
    found = _find_claims(note)
    note.cache["claims"] = found
    return found


def _find_claims(note: Note) -> list[tuple[int, int, str]]:
    if note.target is None and note.sender is None:
        return []  # nothing to compare with
    found: list[tuple[int, int, str]] = []
    for start, end, name, _ in _referrers(note):
        if _supported(note, start, name) is False:
            found.append((start, end, name))
    # Where a claimed name may start: right after "met at", "nos conocimos en"...;
    # with the sender's profile, also after "at", "from", "en", "de" (their employer
    # can then be checked; without it "I'm Sam from Acme" cannot be).
    hits = note.hits.get("claim-relational", [])
    if note.sender is not None:
        hits = hits + [h for h in note.hits.get("claim-trigger", []) if not _locative(note, *h)]
    if not hits:
        return found
    # Only a capitalised word after the trigger can be a name: find those first, so
    # the common "de", "en", "at" cost no more than a set look-up.
    words = note.words
    capitalised_words = _capitalised_words(note.text)
    ends = [
        note.span(i, j)[1]
        for i, j in hits
        if j < len(words)
        and (
            words[j] in capitalised_words
            or (words[j] in _ARTICLES and j + 1 < len(words) and words[j + 1] in capitalised_words)
        )
    ]
    text = note.text
    artifacts = lexicon.section_words("unsupported-claim", "artifacts")
    # "scripts en Bash", "DAGs de Airflow": a tool after a word for what it builds.
    tooled = {note.span(i, j)[1] for i, j in hits if i and words[i - 1] in artifacts}
    for end in sorted(set(ends) - tooled):
        skipped = _rx(_SPACES).match(text, end)  # always matches: the pattern may be empty
        match = _rx(_CANDIDATE).match(text, skipped.end() if skipped else end)
        if match is None or match.start() == end:
            continue  # not a capitalised name, or glued to the trigger
        start = match.start()
        name = match.group().rstrip(".'’-")
        if _role_or_tool(note, start + len(name), name):
            continue
        if _supported(note, start, name) is False and all(s != start for s, _, _ in found):
            found.append((start, start + len(name), name))
    return found


def _role_or_tool(note: Note, end: int, name: str) -> bool:
    """A job title ("the Head of Payroll Systems role", "el puesto de Jefa de
    Recepción", "Lead Analytics Engineer") or a tool named by what it builds ("Teradata
    tables", "Pandas notebooks"): neither claims a shared past."""
    after = _NEXT_WORD.match(note.text, end)
    if after is not None and fold(after.group(1).lower()) in lexicon.section_words(
        "unsupported-claim", "artifacts"
    ):
        return True
    words = fold(name.lower()).split()
    roles = lexicon.section_words("intro-lead", "roles")
    if len(words) >= 2 and words[-1] in roles:
        return True  # "Lead Analytics Engineer"
    return len(words) >= 3 and words[0] in roles and words[1] in _CONNECTORS  # "Head of Data"


_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")


def _unsupported_claim(note: Note) -> Iterator[Finding]:
    for start, end, name in claims(note):
        yield finding(
            "unsupported-claim",
            f'"{name}" appears in neither profile nor the goal: check it, or leave it out '
            "(an invented shared past is easy to find out)",
            start,
            end,
        )


@cache
def _never_claims() -> frozenset[str]:
    """Capitalised words that are never a claim: months, places, acronyms, connectors."""
    acronyms = {a.lower() for a in lexicon.raw_words("shouting", "acronyms")}
    return lexicon.section_words("unsupported-claim") | acronyms | _CONNECTORS
