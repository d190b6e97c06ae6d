"""What the rules need to know about a profile or a goal, computed once and cached.

``profile_facts(profile)`` folds a profile's names, employers, schools, groups, mutual
connections and topic words into sets the rules can test a note's words against.
The cache key is the profile's content, so an edited profile is seen afresh, and the
TUI can check on every keystroke without redoing this work.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from composer.core.goals import Goal
from composer.core.profile import Profile
from composer.text import lexicon
from composer.text.normalize import clean, stem


# NamedTuples rather than dataclasses: as cheap to use, and cheaper to import, which
# `compose check` pays on every run.
class ProfileFacts(NamedTuple):
    name: str
    first_name: str  # folded
    name_tokens: frozenset[str]  # folded parts of the name, 2+ letters
    language: str | None
    # Multi-word things a note may name: employers, schools, groups, mutual connections.
    entities: tuple[str, ...]
    # Job titles, cleaned: "backend lead" says who a sender is.
    roles: tuple[str, ...]
    # The distinctive first word of a multi-word employer ("northline" of Northline
    # Freight): "ex-Northline intern" names it too. Not a kind of company ("Grupo",
    # "Hoteles"), a stopword or part of their own name.
    employer_words: frozenset[str]
    # Stems of the profile's content words: what it is about (headline, roles, posts...).
    topics: frozenset[str]
    # Stems of every word of the profile: what a note may claim without inventing.
    vocab: frozenset[str]
    # Names of their own work, cleaned: an exhibition, a project, a product in their
    # headline, about or posts ("threads of the mill", "ebro circular").
    titles: tuple[str, ...] = ()
    # Stems of the sentences where they advertise an opening ("We're hiring a data
    # analyst..."): the role a note may name.
    openings: frozenset[str] = frozenset()
    # Words the profile writes in capitals ("OWASP", "FEDER"): a note that writes them
    # so names something they know, it does not shout.
    capitals: frozenset[str] = frozenset()


class GoalFacts(NamedTuple):
    topics: frozenset[str]
    vocab: frozenset[str]


def _words(*texts: str) -> list[str]:
    return [w.strip("'-") for t in texts for w in clean(t).split() if w.strip("'-")]


def content_stems(words: list[str]) -> frozenset[str]:
    """Stems of the words that carry meaning: no stopwords, no generic words, 3+ letters."""
    skip = lexicon.all_stopwords() | lexicon.section_words("generic")
    return frozenset(stem(w) for w in words if len(w) >= 3 and w not in skip)


def _fingerprint(p: Profile) -> tuple[object, ...]:
    return (
        p.name,
        p.headline,
        p.about,
        p.industry,
        p.location,
        p.language,
        # List comprehensions, not generators: this runs on every check.
        tuple([(e.title, e.company) for e in p.experience]),
        tuple([(e.school, e.degree) for e in p.education]),
        tuple(p.skills),
        tuple(p.groups),
        tuple([post.text for post in p.recent_posts]),
        tuple(p.mutual_connections),
    )


def profile_facts(profile: Profile) -> ProfileFacts:
    return _facts(_fingerprint(profile))


@lru_cache(maxsize=256)
def _facts(fp: tuple[object, ...]) -> ProfileFacts:
    name, headline, about, industry, location, language = (str(x or "") for x in fp[:6])
    experience, education, skills, groups, posts, mutuals = fp[6:]
    assert isinstance(experience, tuple) and isinstance(education, tuple)
    titles = [str(t) for t, _ in experience]
    companies = [str(c) for _, c in experience if c]
    schools = [str(s) for s, _ in education if s]
    degrees = [str(d) for _, d in education if d]
    skill_list = [str(s) for s in skills] if isinstance(skills, tuple) else []
    group_list = [str(g) for g in groups] if isinstance(groups, tuple) else []
    post_list = [str(p) for p in posts] if isinstance(posts, tuple) else []
    mutual_list = [str(m) for m in mutuals] if isinstance(mutuals, tuple) else []
    name_words = _words(name)
    entities = tuple(
        {
            " ".join(_words(e))
            for e in (*companies, *schools, *group_list, *mutual_list)
            if len(" ".join(_words(e))) >= 3
        }
    )
    # An event named without its year is the same event: "your CIPD Festival of Work
    # talk" names "CIPD Festival of Work 2026".
    entities += tuple(
        {e.rsplit(" ", 1)[0] for e in entities if _YEAR.search(e) and e.count(" ") >= 2}
        - set(entities)
    )
    kinds = lexicon.section_words("entity-kinds")
    skip = lexicon.all_stopwords() | lexicon.section_words("generic") | kinds
    firsts = [ws[0] for ws in (_words(c) for c in companies) if len(ws) >= 2]
    # (not their town: "student at Leeds" does not name "Leeds Teaching Hospitals")
    employer_words = frozenset(
        w
        for w in firsts
        if len(w) >= 3 and w not in skip and w not in name_words and w not in _words(location)
    )
    topic_words = _words(headline, industry, about, *titles, *skill_list, *post_list, *degrees)
    everything = topic_words + _words(name, location, *companies, *schools, *group_list)
    everything += _words(*mutual_list)
    return ProfileFacts(
        name=name,
        first_name=name_words[0] if name_words else "",
        name_tokens=frozenset(w for w in name_words if len(w) >= 2),
        language=language or None,
        entities=entities,
        roles=tuple({" ".join(_words(t)) for t in (*titles, headline) if _words(t)}),
        employer_words=employer_words,
        topics=content_stems(topic_words),
        vocab=frozenset(stem(w) for w in everything),
        titles=_titles((headline, about, *post_list), {" ".join(name_words), *entities}),
        openings=_openings((headline, about, *post_list)),
        capitals=frozenset(
            _CAPITALS.findall(
                " ".join(
                    (headline, about, *companies, *schools, *skill_list, *group_list, *post_list)
                )
            )
        ),
    )


_CAPITALS = re.compile(r"\b[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9&]+\b")


_YEAR = re.compile(r" (?:19|20)\d\d$")


# Two or more capitalised words, perhaps joined by "of the", "de", "y"...
_TITLE = re.compile(
    r"[A-ZÀ-ÖØ-Þ][\w'’-]*(?:[ \t]+(?:(?:of|the|and|on|for|de|del|la|las|los|el|y)[ \t]+)*"
    r"[A-ZÀ-ÖØ-Þ][\w'’-]*)+"
)
_TIES = frozenset(["of", "de", "del"])
_SENTENCE_START = re.compile(r"(?:^|[.!?:\n])[ \t\"'“(]*$")


def _titles(texts: tuple[str, ...], known: set[str]) -> tuple[str, ...]:
    """The capitalised names in their own words that are no employer, school or their
    name: the first word of a sentence is dropped ("Presentamos Ebro Circular")."""
    connectors = lexicon.all_stopwords()
    roles = lexicon.section_words("intro-lead", "roles")
    out: set[str] = set()
    for text in texts:
        for match in _TITLE.finditer(text):
            words = _words(match.group())
            # A sentence's first word is a capital anyway ("Presentamos Ebro Circular"),
            # unless a connector ties it to the rest ("Threads of the Mill is open!").
            opens = _SENTENCE_START.search(text, 0, match.start()) is not None
            if opens and not (len(words) > 2 and words[1] in _TIES):
                words = words[1:]
                while words and words[0] in connectors:
                    words = words[1:]
            if len(words) >= 2 and sum(w not in connectors for w in words) >= 2:
                title = " ".join(words)
                if title not in known and words[-1] not in roles:
                    out.add(title)  # not a job title: "Data Engineer", "Design Lead"
        # A name in quotes, whatever its capitals: "'La orquesta va al cole' ya ha
        # llegado a 6.000 escolares", "our 'Pantry on Wheels' van".
        for match in _QUOTED.finditer(text):
            words = _words(match.group(1))
            if 2 <= len(words) <= 8 and sum(w not in connectors for w in words) >= 2:
                out.add(" ".join(words))
    return tuple(sorted(out))


# Quotes that open after a space or a line start and close before one (so the
# apostrophes of "Roomly's" and "don't" open nothing), around a few words.
_QUOTED = re.compile(r"(?:^|(?<=[\s(]))['‘\"“«]([^'‘’\"“”«».!?\n]{3,60})['’\"”»](?=[\s,.;:!?)]|$)")


_SENTENCES = re.compile(r"[^.!?\n]+")


def _openings(texts: tuple[str, ...]) -> frozenset[str]:
    cues = lexicon.section_words("opening", "profile")
    found: list[str] = []
    for text in texts:
        for sentence in _SENTENCES.findall(text):
            words = _words(sentence)
            if not cues.isdisjoint(words):
                found += [w for w in words if w not in cues]
    return content_stems(found)


def goal_facts(goal: Goal | str | None) -> GoalFacts:
    if goal is None:
        return _goal("", ())
    if isinstance(goal, str):
        return _goal(goal, ())
    info = goal.preset_info
    return _goal(goal.text, info.keywords if info else ())


@lru_cache(maxsize=64)
def _goal(text: str, keywords: tuple[str, ...]) -> GoalFacts:
    words = _words(text)
    return GoalFacts(
        topics=content_stems(words),
        vocab=frozenset(stem(w) for w in words) | frozenset(stem(k) for k in keywords),
    )
