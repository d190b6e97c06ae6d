"""no-reason: whether the note gives a concrete reason about this person."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from itertools import pairwise

from composer.checker.attribution import (
    NOBODY,
    SENDER,
    TARGET,
    capitalised,
    clauses,
    mention_indices,
    owners,
    sentence_end,
    sentence_starts,
    topic_stems,
)
from composer.checker.facts import content_stems
from composer.checker.note import Note
from composer.checker.rules.base import _AND, _clause_start, finding
from composer.checker.rules.claims import _referrers, _supported
from composer.checker.rules.default import default_span
from composer.checker.rules.pitch import _pitches
from composer.checker.rules.placeholder import _slot_spans
from composer.core.findings import (
    Finding,
)
from composer.text import lexicon
from composer.text.normalize import SENTENCE_END


def _followed_by_content(note: Note, end: int) -> bool:
    stop = SENTENCE_END.search(note.text, end)
    segment = note.cleaned[end : stop.start() if stop else len(note.text)]
    return len(segment.split()) >= 2


def _gives_reason(note: Note) -> bool:
    cliches = note.hits.get("cliche", [])
    void = _void(note)
    for first, after in note.hits.get("no-reason", []):
        if void[first] or any(i <= first < j for i, j in cliches):
            continue  # "I saw your profile" is filler, not a reason
        # (a shared event or a referrer nobody has heard of is still shared context:
        # unsupported-claim warns about it, advice 1 counts it as a reason)
        if _followed_by_content(note, note.span(first, after)[1]):
            return True
    for first, _ in note.hits.get("reason-thing", ()):
        if void[first]:
            continue
        if not any(i <= first < j for i, j in cliches):
            return True  # "Loved your rota post", "enhorabuena por la academia"
    because = note.hits.get("reason-because")
    if because:
        # "because ..." is a reason when what follows is about them or both of you.
        who = owners(note)
        for _, after in because:
            if void[after - 1]:
                continue
            if any(o >= TARGET for o in who[after : sentence_end(note, after)]):
                return True
    if _named_referral(note):
        return True
    target = note.target
    if target is not None:
        # Their employer, school or group named, except inside a pitch ("could save
        # Payflow money" names them but is no reason).
        if any(
            not void[k]
            for entity in target.entities
            if note.mentions(entity)
            for k in mention_indices(note, entity)
        ):
            return True
        if target.employer_words and not target.employer_words.isdisjoint(note.bare_words()):
            # "ex-Northline intern" to someone at Northline Freight: a shared employer.
            for k, word in enumerate(note.bare_words()):
                if (
                    word in target.employer_words
                    and not void[k]
                    and capitalised(note, k)
                    and not any(i <= k < j for i, j in cliches)
                ):
                    return True
        if target.titles and _names_their_work(note, void, cliches):
            return True
        if target.openings and _names_their_opening(note, void):
            return True
        stems = _reason_stems(note)
        shared = stems & target.topics
        if len(shared) >= 2 or (shared and len(stems & note.goal.topics) >= 2):
            return True
    # The goal in the user's words ("follow up after Web Summit", "learn how they moved
    # into engineering management") echoed about them is a reason tied to the goal.
    return len(_reason_stems(note) & note.goal.topics) >= 2


def _named_referral(note: Note) -> bool:
    """A named person who sent the sender ("Marcus Lee suggested I write", "Andrés Villa
    me recomendó escribirle"): a reason about shared context whether or not a profile
    lists them (unsupported-claim says when none does)."""
    if "referral" not in note.hits:
        return False
    return any(_supported(note, start, name) is not None for start, _, name, _ in _referrers(note))


def _names_their_work(note: Note, void: list[bool], cliches: list[tuple[int, int]]) -> bool:
    """The name of their exhibition, project or product, as their profile writes it:
    "loved how Threads of the Mill plays...", "qué viene después de Ebro Circular". Even
    in a sentence that starts with "I", it is about their work; not when the sender's
    own profile names it too (their own project)."""
    target, sender = note.target, note.sender
    assert target is not None
    for title in target.titles:
        if not note.mentions(title):
            continue
        if sender is not None and any(title in own for own in (*sender.roles, *sender.entities)):
            continue
        for k in mention_indices(note, title):
            if not void[k] and capitalised(note, k) and not any(i <= k < j for i, j in cliches):
                return True
    return False


def _names_their_opening(note: Note, void: list[bool]) -> bool:
    """An opening they advertise, named with the role: "saw the opening for a data
    analyst", "me interesa la vacante del turno vespertino", "vi que buscan higienista".
    Not the sender's own ("we have an opening", "busco trabajo de higienista")."""
    nouns = lexicon.section_words("opening", "nouns")
    verbs = lexicon.section_words("opening", "verbs")
    progressive = lexicon.section_words("opening", "progressive")
    words = note.bare_words()
    if nouns.isdisjoint(words) and verbs.isdisjoint(words) and progressive.isdisjoint(words):
        return False
    determiners = lexicon.section_words("opening", "determiners")
    who = owners(note)
    target = note.target
    assert target is not None
    for k, word in enumerate(words):
        if void[k]:
            continue
        if word in verbs:
            theirs = True  # "buscan", "abrieron": third person
        elif word in progressive:
            theirs = who[k] in (NOBODY, TARGET)  # "saw you're hiring", not "we're hiring"
        elif word in nouns:
            theirs = who[k] in (NOBODY, TARGET) or not determiners.isdisjoint(words[k - 3 : k])
        else:
            continue
        if theirs:
            first, after = _sentence_of(note, k)
            named = [w for w in words[first:after] if w not in nouns and w not in verbs]
            if not content_stems(named).isdisjoint(target.openings):
                return True
    return False


def _sentence_of(note: Note, k: int) -> tuple[int, int]:
    starts = sentence_starts(note)
    i = bisect.bisect_right(starts, k)
    return (starts[i - 1] if i else 0), (starts[i] if i < len(starts) else len(note.words))


def _reason_stems(note: Note) -> frozenset[str]:
    """Stems of the words a reason may draw on: not about the sender, not in a pitch."""
    void = _void(note)
    if not any(void):
        return topic_stems(note)
    who = owners(note)
    return frozenset(
        w[:6] for w, o, v in zip(note.bare_words(), who, void, strict=True) if o != SENDER and not v
    )


def _void(note: Note) -> list[bool]:
    """For each word: True in a sentence that holds a template slot, a pitch or an
    unsupported claim. None gives a reason: a slot stands where the specific thing
    should be, a product described ("we help depots like yours...") is about the
    sender, not them, and an invented event or referrer is no shared past."""
    cached: list[bool] | None = note.cache.get("void")
    if cached is not None:
        return cached
    marks = [False] * len(note.words)
    # A pitch voids its sentence; a slot only its clause, up to an "and" ("I'm {name}
    # from {company}, big fan of your post on driver retention" and "soy <tu nombre> y
    # me encantó lo de la academia" still give a reason).
    pitched = [start for start, _, _ in _pitches(note)]
    slots = [start for start, _ in _slot_spans(note)]
    categories = _categories(note)
    if marks and pitched:
        ranges = _sentences(note)
        starts = [first for first, _ in ranges]
        for at in pitched:
            k = bisect.bisect_right(starts, note.word_at(at)) - 1
            if k >= 0:
                first, after = ranges[k]
                marks[first:after] = [True] * (after - first)
    if marks and slots:
        words = note.bare_words()
        ranges = clauses(note)
        starts = [first for first, _ in ranges]
        for at in slots:
            k = note.word_at(at)
            i = bisect.bisect_right(starts, k) - 1
            if i >= 0:
                after = ranges[i][1]
                stop = next((j for j in range(k + 1, after) if words[j] in _AND), after)
                first = _clause_start(note, k)
                marks[first:stop] = [True] * (stop - first)
    if marks and categories:
        # "Always good to know recruiters in fintech", "siempre viene bien conocer gente
        # del sector": a category of people, not this person, to the sentence's end.
        for first, last in categories:
            marks[first:last] = [True] * (last - first)
    note.cache["void"] = marks
    return marks


def _categories(note: Note) -> list[tuple[int, int]]:
    """Where the note praises a category of people or a bigger network instead of this
    person, to the end of that clause: "always useful to have people-ops leaders in my
    network", "keen to meet more hospitality founders", "grow my network in critical
    care", "siempre viene bien conocer gente del sector", "conectar con gerentes de
    peluquerías". A wish to connect is no reason (advice 1), however many of their
    trade's words it holds."""
    found = [first for first, _ in note.hits.get("category-reason", ())]
    leads = note.hits.get("category-lead")
    if leads:
        words = note.bare_words()
        section = "category-reason"
        skip = lexicon.section_words(section, "skip")
        stop = lexicon.section_words(section, "stop")
        people = lexicon.section_words(section, "people")
        for first, after in leads:
            # The people named after "connect with", "conocer a": a plural or a word for
            # people ("founders", "gerentes", "gente") before any preposition, "you"
            # or a name ("connect with you", "conocer a Marta" are about a person).
            for k in range(after, min(after + 4, len(words))):
                word = words[k]
                if word in skip:
                    continue
                if word in stop or capitalised(note, k):
                    break
                if word in people or (len(word) > 3 and word.endswith("s")):
                    found.append(first)
                    break
    if not found:
        return []
    ranges = clauses(note)
    starts = [a for a, _ in ranges]
    out = []
    for first in sorted(set(found)):
        k = bisect.bisect_right(starts, first) - 1
        out.append((first, ranges[k][1] if k >= 0 else sentence_end(note, first)))
    return out


def _sentences(note: Note) -> list[tuple[int, int]]:
    """Word ranges of the note's sentences."""
    bounds = [0, *sentence_starts(note), len(note.words)]
    return [(a, b) for a, b in pairwise(bounds) if a < b]


def _reason(note: Note) -> Iterator[Finding]:
    if (default_span(note) is None) if not note.full else _gives_reason(note):
        return
    yield finding(
        "no-reason",
        "give a concrete reason about this person (their post, talk or work, a shared "
        "employer, school, group or event, a named mutual connection): people accept a "
        "reason about them, not a wish to connect or a line about you",
    )
