"""The rule registry: one small declaration per rule of the catalogue (ADVICE.md).

Each ``Rule`` names its slug (severity and description come from
``composer.core.findings.NOTE_RULES``, the contract), the function that checks a prepared
``Note``, and a ``help`` line saying how to fix it and which advice it comes from
(each finding's message says what is wrong and why). Word lists and patterns are data
(``composer/text/data``); rules that are only "flag every phrase of this table" are
declared with ``phrase_rule``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from functools import cache
from itertools import pairwise
from typing import NamedTuple

from composer.checker.attribution import (
    NOBODY,
    SENDER,
    TARGET,
    capitalised,
    clauses,
    mention_indices,
    owner_at,
    owners,
    sentence_end,
    sentence_starts,
    topic_stems,
)
from composer.checker.facts import content_stems
from composer.checker.note import Note
from composer.core.findings import (
    MESSAGE_NOTE_RULES,
    MESSAGE_RULES,
    NOTE_RULES,
    Finding,
    Severity,
)
from composer.text import lexicon
from composer.text.normalize import SENTENCE_END, clean, fold, has_digit, stem

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
        return Finding(self.slug, self.severity, message, start, end)


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


def phrase_rule(slug: str, message: str, help_text: str, *, extra: Check | None = None) -> Rule:
    """A rule that flags every phrase of its data table: ``message`` gets ``{quote}``."""

    def check(note: Note) -> Iterator[Finding]:
        hits = note.hits.get(slug)
        if hits:
            # "our platform" pitches, "our platform team" does not: the data lists the
            # words that, right after a phrase, make it innocent.
            unless = lexicon.section_words(slug, "unless-followed-by")
            words = note.words
            kept = [(i, j) for i, j in hits if j >= len(words) or words[j] not in unless]
            for start, end in _non_overlapping([note.span(i, j) for i, j in kept]):
                quote = _quote(note, start, end)
                yield RULES[slug].finding(message.format(quote=quote), start, end)
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
            yield RULES[slug].finding(message.format(quote=quote), start, end)


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


# --- default-message -------------------------------------------------------------------

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
        yield RULES["default-message"].finding(
            f"{_quote(note, start, end)} is LinkedIn's default text, which gets the same 'no' "
            "as a blank request: say who you are and why you want to connect with this person",
            start,
            end,
        )


# --- no-self-intro, no-reason --------------------------------------------------------

_ARTICLE_WORDS = frozenset(["a", "an", "the", "un", "una", "el", "la"])
_ADVERBS = frozenset(["currently", "also", "now", "actually", "ahora", "actualmente", "tambien"])
# Openings that introduce only with a name after them: "This is Sam", "te escribe Ana".
_NAME_LEADS = frozenset(["this", "te", "le", "os", "desde", "me", "ex", "former"])
# After a role word, these say where the sender does it: "payroll lead at a bakery".
_PLACE_WORDS = frozenset(
    ["at", "in", "from", "for", "with", "on", "en", "de", "del", "para", "con", "a"]
)


def _role_fragment(note: Note) -> bool:
    """ "Data engineer in Houston here", "ingeniera de datos en Elche": a clause that
    describes the sender without a verb, starting with (or near) a role word."""
    roles = lexicon.section_words("intro-lead", "roles")
    words = note.bare_words()
    if roles.isdisjoint(words):
        return False
    here = lexicon.section_words("here")
    who = owners(note)
    parts = clauses(note)
    for n, (first, after) in enumerate(parts):
        for r in range(first, min(first + 6, after)):
            if words[r] not in roles:
                continue
            if TARGET in who[first:after]:
                break  # "your work as data engineer at X": about them
            while r + 1 < after and words[r + 1] in roles:
                r += 1  # "data engineer": the role is the whole run
            tail = words[r + 1 : after]
            if words[after - 1] in here or not _PLACE_WORDS.isdisjoint(tail):
                return True
            # "Data engineer, 6 yrs in Spark": a role alone, then the years in it.
            if not tail and after - first <= 4 and n + 1 < len(parts):
                following = words[parts[n + 1][0] : parts[n + 1][0] + 3]
                if following and (following[0][:1].isdigit() or not _YEARS.isdisjoint(following)):
                    return True
            break
    return False


_YEARS = frozenset(["years", "yrs", "year", "yr", "anos", "ano", "experience", "experiencia"])
# A name signed at the end: "– Tariq", "Thanks, Grace", "Un saludo, Irene", "Atte., Mariana".
_SIGNATURE = re.compile(
    r"(?:^|[\n,.!?;:—–-])[ \t]*([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+(?:[ \t]+[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+)?)"
    r"[ \t]*[.!]?[ \t]*$"
)


def _signed(note: Note) -> bool:
    """True when the note ends with a name, after a sign-off or a line of its own."""
    base = max(0, len(note.text) - 60)
    match = _SIGNATURE.search(note.text, base)
    if match is None:
        return False
    names = note.cleaned[match.start(1) : match.end(1)].split()
    not_names = (
        lexicon.all_stopwords()
        | lexicon.section_words("sign-off")
        | lexicon.section_words("not-a-name")
        | _never_claims()
    )
    target = note.target
    for name in names:
        if name in not_names or (target is not None and name in target.name_tokens):
            return False
        if target is not None and any(name in e.split() for e in target.entities):
            return False  # "Congrats on the launch, Roomly": their company, not a name
    return True


def _owner_before(note: Note, first: int, after: int) -> int:
    """Whose sentence a phrase is in, judged before it: "le escribe Rodrigo" opens with
    "le" (a second-person word) yet introduces the sender; "your work as a..." does not."""
    if note.bare_words()[first] in lexicon.section_words("person", "second"):
        return owner_at(note, first - 1) if first else 0
    return owner_at(note, first)


def _lead_introduces(note: Note, first: int, after: int) -> bool:
    """ "I'm Sam", "I'm a recruiter", "soy ingeniera" introduce; "I'm impressed" does not."""
    words = note.bare_words()
    count = len(words)
    k = after
    while k < count and words[k] in _ADVERBS:
        k += 1
    if k >= count or k in _slot_words(note):
        return False
    stance = lexicon.section_words("intro-lead", "stance")
    if words[first] in _NAME_LEADS:
        return capitalised(note, k) and words[k] not in lexicon.all_stopwords()
    if words[after - 1] in _ARTICLE_WORDS:  # "as a ..."
        return words[k] not in stance
    word = words[k]
    if word in _ARTICLE_WORDS:
        return k + 1 < count and words[k + 1] not in stance  # "I'm a big fan": no
    if word in stance:
        return False
    if capitalised(note, k) or word in lexicon.section_words("intro-lead", "roles"):
        return True  # "I'm Sam", "I'm CTO at", "I'm head of data"
    return words[first] in ("soy", "somos")  # "soy ingeniera", "somos fabricantes"


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


def _introduces(note: Note) -> bool:
    # Only in a sentence not about the target: "your work as a data scientist" and "tu
    # trabajo como directora" describe them, not the sender. A template slot is no name
    # and no company: "I'm <your name>", "I work at {company}" introduce nobody.
    slots = _slot_words(note)
    for first, after in note.hits.get("no-self-intro", ()):
        if after in slots or _owner_before(note, first, after) == TARGET:
            continue
        if not _claim_near(note, after):
            return True  # "we met at <an event nobody has heard of>" is no introduction
    for first, after in note.hits.get("intro-lead", ()):
        if _owner_before(note, first, after) != TARGET and _lead_introduces(note, first, after):
            return True
    if _real_referral(note) or _role_fragment(note) or _signed(note):
        return True
    sender = note.sender
    if sender is None:
        return False
    who = owners(note)
    if SENDER in who and sender.name_tokens:
        words = note.bare_words()
        if any(o == SENDER and words[k] in sender.name_tokens for k, o in enumerate(who)):
            return True  # "Sam here", "Thanks, Sam"
    # The sender's employer, school or title counts where the sentence is not about
    # the target: "your talk on Kafka" does not introduce a sender who knows Kafka.
    for phrase in (*sender.entities, *sender.roles):
        if note.mentions(phrase) and any(who[k] != TARGET for k in mention_indices(note, phrase)):
            return True
    return False


def _self_intro(note: Note) -> Iterator[Finding]:
    # In a language without data the rule can only judge LinkedIn's default text,
    # which introduces nobody and gives no reason, whatever its language.
    if (default_span(note) is None) if not note.full else _introduces(note):
        return
    yield RULES["no-self-intro"].finding(
        "say who you are (your name and role or company, or how you know them): "
        'strangers who don\'t are ignored; "I\'m impressed" or "te escribo porque" is '
        "not an introduction"
    )


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
        if _claim_near(note, after, first):
            continue  # "we met at <somewhere nobody has heard of>"
        if _followed_by_content(note, note.span(first, after)[1]):
            return True
    for first, _ in note.hits.get("reason-thing", ()):
        if void[first] or _claim_near(note, len(note.words), first):
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
    if _real_referral(note):
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
    invented = _invented_past(note)
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
    if marks and invented:
        # An invented shared past voids its sentence up to the invention's end: "great
        # to meet you at the Bristol Product Design Leaders Breakfast" names their trade
        # only inside it, "Jordan Ellis (Snowflake) told me" is no referral; what follows
        # ("... and I loved your talk on turnos") still counts.
        reach = (
            {start: end for start, _, _, end in _referrers(note)} if "referral" in note.hits else {}
        )
        for start, end, _ in invented:
            first = _clause_start(note, note.word_at(start))
            last = note.word_at(max(end, reach.get(start, end)) - 1) + 1
            marks[first:last] = [True] * (last - first)
    note.cache["void"] = marks
    return marks


_AND = frozenset(["and", "y", "e", "plus"])


def _invented_past(note: Note) -> list[tuple[int, int, str]]:
    """The unsupported claims of a shared past: a name right after "met at", "te vi
    en", "same cohort at"..., or a referrer. A name after a plain "at" or "en" ("tu
    artículo sobre la demanda en Tiendas Sol") is not one, and a target profile that
    says nothing but a name cannot tell an invented past from a real one."""
    found = claims(note)
    target = note.target
    if not found or target is None or not (target.entities or target.topics):
        return []
    text = note.text
    referrers = {start for start, _, _, _ in _referrers(note)} if "referral" in note.hits else set()
    after_relational = {
        _rx(_SPACES).match(text, note.span(i, j)[1]).end()  # type: ignore[union-attr]
        for i, j in note.hits.get("claim-relational", ())
    }
    return [c for c in found if c[0] in referrers or c[0] in after_relational]


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


def _sentences(note: Note) -> list[tuple[int, int]]:
    """Word ranges of the note's sentences."""
    bounds = [0, *sentence_starts(note), len(note.words)]
    return [(a, b) for a, b in pairwise(bounds) if a < b]


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


def _reason(note: Note) -> Iterator[Finding]:
    if (default_span(note) is None) if not note.full else _gives_reason(note):
        return
    yield RULES["no-reason"].finding(
        "give a concrete reason about this person (their post, talk or work, a shared "
        "employer, school, group or event, a named mutual connection): people accept a "
        "reason about them, not a wish to connect or a line about you"
    )


# --- greetings and names ---------------------------------------------------------------

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
    yield RULES["no-greeting"].finding(
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
        yield RULES["wrong-name"].finding(
            f'greets "{name}" but the target is {target.name}: a wrong name says the note '
            "was copied",
            start,
            end,
        )


# --- contact-info, shouting ----------------------------------------------------------


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
        yield RULES["contact-info"].finding(
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
        if sum(ch.isalpha() for ch in word) <= 4:
            if upper.replace("’", "'") not in short_loud:
                continue  # IT, RRHH, VP, CEO: acronyms, not shouting
        elif upper in acronyms:
            continue  # SaaS-style names, schools, companies
        if (start and text[start - 1].isalpha()) or (end < len(text) and text[end].isalpha()):
            continue  # part of a mixed-case word such as "McDONALD" or "iPHONE"
        loud.append((start, end, word))
    if len(loud) <= 2:
        # Not a note typed in capitals: events and institutions ("en FITUR 2025").
        loud = [(s, e, w) for s, e, w in loud if len(w) <= 4 or not _names_something(note, s, e)]
    if len(loud) > 2:
        # A note typed in capitals: one finding, not one per word.
        yield RULES["shouting"].finding(
            f"{len(loud)} words in capitals: write the note in lower case (capitals read "
            "as shouting)",
            loud[0][0],
            loud[-1][1],
        )
    else:
        for start, end, word in loud:
            yield RULES["shouting"].finding(
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
        yield RULES["shouting"].finding(f'"{shown}": one exclamation mark at most', start, end)
    # Every emoji of _EMOJI is past U+218F: most non-ASCII notes (accents) have none.
    if not text.isascii() and max(text) > "\u218f":
        emoji = list(_rx(_EMOJI).finditer(text))
        if len(emoji) >= lexicon.setting("shouting", "emoji_limit", 3):
            yield RULES["shouting"].finding(
                f"{len(emoji)} emoji: keep one at most, a pile of them reads as spam",
                emoji[0].start(),
                emoji[-1].end(),
            )


# --- unsupported-claim ---------------------------------------------------------------

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
    r"[ \t,]*(?:,[^,]{0,40},[ \t]*)?$"
)


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
        out.append((start, start + len(name), name, note.span(first, after)[1]))
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
        hits = hits + note.hits.get("claim-trigger", [])
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
    for end in sorted(set(ends)):
        skipped = _rx(_SPACES).match(text, end)  # always matches: the pattern may be empty
        match = _rx(_CANDIDATE).match(text, skipped.end() if skipped else end)
        if match is None or match.start() == end:
            continue  # not a capitalised name, or glued to the trigger
        start = match.start()
        name = match.group().rstrip(".'’-")
        if _supported(note, start, name) is False and all(s != start for s, _, _ in found):
            found.append((start, start + len(name), name))
    return found


def _unsupported_claim(note: Note) -> Iterator[Finding]:
    for start, end, name in claims(note):
        yield RULES["unsupported-claim"].finding(
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


# --- message rules: no-ask, multiple-asks, repeats-note ---------------------------


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
    yield RULES["no-ask"].finding(
        'end with one clear, easy question or next step tied to your goal ("would you be '
        'open to a 15-minute call next week?" / "¿te parece si lo hablamos 15 minutos?"): '
        "a message without one gets a like, not a reply"
    )


def _multiple_asks(note: Note) -> Iterator[Finding]:
    asks = _ask_sentences(note)
    if len(asks) < 2:
        return
    start, end = asks[1][0], asks[-1][1]
    yield RULES["multiple-asks"].finding(
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
            yield RULES["repeats-note"].finding(
                f"{_quote(note, start, end)} repeats the note they accepted: they read it "
                "already, take the conversation one step further",
                start,
                end,
            )
            return
        i += 1


# --- the registry, in the catalogue's order ------------------------------------------


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
                yield RULES["placeholder"].finding(
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


_POSSESSIVE_OPENERS = frozenset(
    ["our", "my", "nuestro", "nuestra", "nuestros", "nuestras", "mi", "mis"]
)
_SHOP_WORD = re.compile("course|shop|store|buy|checkout|academy|curso|tienda|compra")
_SHOP_LINK = re.compile(
    r"\b[\w.-]*(?:course|shop|store|buy|checkout|academy|curso|tienda|compra)[\w-]*\.[a-z]{2,}\S*"
    r"|\b(?:[\w-]+\.)+[a-z]{2,}/\S*(?:course|shop|store|buy|checkout|curso|tienda)\S*",
    re.IGNORECASE,
)


def _sales_pitch(note: Note) -> Iterator[Finding]:
    for start, end, message in _pitches(note):
        yield RULES["sales-pitch"].finding(message, start, end)


def _pitches(note: Note) -> list[tuple[int, int, str]]:
    """The offers in the note: character spans and what each reads as (computed once:
    no-reason asks too, since a sentence that pitches gives no reason)."""
    cached: list[tuple[int, int, str]] | None = note.cache.get("pitches")
    if cached is None:
        note.cache["pitches"] = cached = _find_pitches(note)
    return cached


_PITCH = (
    "{quote} reads as a pitch: leave offers out of the invitation, LinkedIn is not a supermarket"
)


def _find_pitches(note: Note) -> list[tuple[int, int, str]]:
    hits = note.hits.get("sales-pitch")
    spans: list[tuple[int, int]] = []
    if hits:
        words = note.bare_words()
        # "our platform team": describing your work; "Product Manager of our platform":
        # your job; "your pricing", "cómo fijáis las tarifas": asking about theirs.
        after_ok = lexicon.section_words("sales-pitch", "unless-followed-by")
        before_ok = lexicon.section_words("sales-pitch", "unless-preceded-by")
        soft = lexicon.section_words("sales-pitch", "soft")
        mutual = lexicon.section_words("sales-pitch", "mutual")
        who: list[int] | None = None
        for i, j in hits:
            if j < len(words) and words[j] in after_ok:
                continue
            if i and words[i] in _POSSESSIVE_OPENERS and words[i - 1] in before_ok:
                continue
            if words[i] in soft or words[i].startswith(("discount", "descuent")):
                who = who if who is not None else owners(note)
                if who[i] == TARGET:
                    continue
            if mutual:
                clause = f" {' '.join(words[i : sentence_end(note, i)])} "
                if any(f" {m} " in clause for m in mutual):
                    continue  # "see how we can add value to each other": no offer
            spans.append(note.span(i, j))
    out = [
        (start, end, _PITCH.format(quote=_quote(note, start, end)))
        for start, end in _non_overlapping(spans)
    ]
    text = note.text
    if _DOT_LETTER.search(text) and _SHOP_WORD.search(note.cleaned):
        for match in _SHOP_LINK.finditer(text):
            start, end = match.start(), match.end()
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
                out.append(
                    (
                        start,
                        end,
                        f"{_quote(note, start, end)} links to a shop or a course: leave "
                        "offers out of the invitation",
                    )
                )
    if has_digit(text):
        for regex in lexicon.patterns("sales-pitch", "patterns"):
            for match in regex.finditer(text):
                start, end = match.span()
                if any(s < end and start < e for s, e in spans):
                    continue
                spans.append((start, end))
                out.append(
                    (
                        start,
                        end,
                        f"{_quote(note, start, end)} reads as a price or an offer: leave it "
                        "out of the invitation",
                    )
                )
    if "pitch-cta" in note.hits:
        for start, end in _value_claims(note):
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
                out.append(
                    (
                        start,
                        end,
                        f"{_quote(note, start, end)} with a call to action reads as a "
                        "pitch: what your product does for others is for later, if they "
                        "accept and ask",
                    )
                )
    return out


_QUANTITY = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:%|x\b|times\b|hours?\b|hrs?\b|h\b|horas?\b|days?\b|d[ií]as\b"
    r"|weeks?\b|semanas?\b|minutes?\b|minutos\b|per ?cent\b|por ciento\b)"
    r"|\b(?:half|halve[sd]?|mitad|doble|double[sd]?|faster|quicker|r[aá]pido)\b",
    re.IGNORECASE,
)
_SINGULAR_FIRST = frozenset(["i", "i'm", "i've", "i'd", "me", "my", "mine", "yo", "mi", "mis"])
_HELP = frozenset(["help", "helps", "ayudo"])


def _value_claims(note: Note) -> list[tuple[int, int]]:
    """Sentences that claim what the sender's side does for people, with a number
    ("we help depots run payroll 40% faster", "Tallyroll saves managers 6 hours a
    week", "reducimos un 40% el tiempo..."), in a note that also calls to action (a
    demo, a call "to see if", a case study, a trial): together they are a pitch."""
    text = note.text
    # Without a number, only a company's claim with a call "to see if" they'd buy.
    called = "pitch-call" in note.hits
    if not called and not _QUANTITY.search(text):
        return []
    verbs = lexicon.section_words("pitch-cta", "value-verbs")
    words = note.bare_words()
    if verbs.isdisjoint(words):
        return []
    we = lexicon.section_words("pitch-cta", "we")
    first = lexicon.section_words("person", "first")
    second = lexicon.section_words("person", "second")
    both = lexicon.section_words("person", "both")
    found: list[tuple[int, int]] = []
    bounds = [0, *sentence_starts(note), len(words)]
    for a, b in pairwise(bounds):
        if a >= b:
            continue
        sentence = words[a:b]
        verb = next((w for w in sentence if w in verbs), None)
        if verb is None:
            continue
        start, end = note.span(a, b)
        # (to the next sentence: "%" is not part of a word)
        if not _QUANTITY.search(
            text, start, note.span(b, b + 1)[0] if b < len(words) else len(text)
        ) and not (called and _company_claim(sentence, verb, we)):
            continue
        markers = [w for w in sentence if w in first or w in second or w in both]
        if markers and markers[0] in second:
            continue  # "your post helped me cut my runtime by 50%": about them
        if markers and set(markers) <= _SINGULAR_FIRST and verb not in _HELP:
            continue  # "I cut cloud costs 30% at Acme": an achievement, not an offer
        found.append((start, end))
    if found:
        # The call to action's sentence is part of the pitch too.
        for i, _ in note.hits["pitch-cta"]:
            k = bisect.bisect_right(bounds, i) - 1
            found.append(note.span(bounds[k], max(bounds[k] + 1, bounds[k + 1])))
    return sorted(set(found))


def _company_claim(sentence: list[str], verb: str, we: frozenset[str]) -> bool:
    """ "we document every install...", "documentamos cada entrega...": the sender's
    company speaks before the claim's verb."""
    for word in sentence[: sentence.index(verb)]:
        if word in we or (len(word) > 5 and word.endswith(_WE_ENDINGS)):
            return True
    return False


_WE_ENDINGS = ("amos", "emos", "imos")


def _hidden(note: Note) -> Iterator[Finding]:
    return iter(())  # decided in check_note, on the note as written (before normalising)


def _empty(note: Note) -> Iterator[Finding]:
    return iter(())  # decided in check_note before any rule runs


def _too_long(note: Note) -> Iterator[Finding]:
    return iter(())  # decided in check_note, which knows the limit


def _language(note: Note) -> Iterator[Finding]:
    return iter(())  # decided in check_note, which knows the target's language


# Each rule's ``help`` says how to fix it, with an example where one helps, and where the
# rule comes from (ADVICE.md: advice 1-5, 002 for the second article). The finding's
# message says what is wrong in this note and why.
_RULE_LIST = [
    Rule(
        "empty",
        _empty,
        "say who you are and why you write to this person, e.g. \"Hi Priya, I'm Sam from "
        'Acme; your post on on-call stuck with me" (advice 1)',
    ),
    Rule(
        "too-long",
        _too_long,
        "choose shorter phrasings rather than cutting words; free accounts get 200 "
        "characters, Premium 300 (--limit 300)",
    ),
    Rule(
        "default-message",
        _default_message,
        "one sentence about you, one about them: \"I'm Sam (Acme); your talk on X helped "
        'my team" / "soy Sam (Acme); tu charla sobre X me ayudó" (advice 1)',
    ),
    Rule(
        "no-self-intro",
        _self_intro,
        'e.g. "I\'m Sam, backend lead at Acme", "soy Sam, responsable de backend en Acme", '
        'or how you know them: "we met at X" (advice 1)',
    ),
    Rule(
        "no-reason",
        _reason,
        'e.g. "your post on X", "we both worked at Y", "Z suggested I write", "leí tu '
        'artículo sobre X", "coincidimos en Y" (advice 1)',
    ),
    phrase_rule(
        "asks-for-invite",
        "{quote} asks them to invite or add you: you are the one sending the invitation",
        "delete the request: whoever wants the contact sends the invitation, and both "
        "sides have only so many (advice 4)",
    ),
    Rule(
        "sales-pitch",
        _sales_pitch,
        "keep any offer for later, if they accept and ask; the note says why you want to "
        "connect (advice 5)",
    ),
    Rule(
        "placeholder",
        _placeholder_patterns,
        "fill in their real name, company or whatever the slot stands for",
    ),
    Rule(
        "wrong-name",
        _wrong_name,
        "greet them by the name on their profile",
        needs_target=True,
    ),
    Rule(
        "no-greeting",
        _no_greeting,
        'start with "Hi <first name>," or "Hola <nombre>," (advice 5: notes that skip the '
        "greeting are ignored)",
    ),
    Rule(
        "contact-info",
        _contact,
        "remove it: once they accept, your profile shows how to reach you (advice 5)",
    ),
    Rule(
        "language-mismatch",
        _language,
        "write in the language of their profile (002: a note they can't read is ignored)",
        needs_target=True,
    ),
    Rule(
        "shouting",
        _shouting,
        "sentence case, one exclamation mark and one emoji at most",
    ),
    phrase_rule(
        "cliche",
        "{quote} is stock filler that says the note was not written for them: say "
        "something about them instead",
        "replace it with something specific: their post, a talk, a shared employer, "
        "school or event (advice 1)",
    ),
    Rule(
        "unsupported-claim",
        _unsupported_claim,
        "name only what their profile, yours or your goal shows, so they can recognise it",
        content=True,
    ),
    Rule(
        "hidden-characters",
        _hidden,
        "retype the note or paste it as plain text: control, zero-width and bidi "
        "characters hide words from the reader and from this checker",
    ),
    Rule(
        "no-ask",
        _no_ask,
        'end with one easy question tied to your goal: "would you be open to a short call '
        'next week?", "¿te parece si hablamos 15 minutos?"',
        content=True,
    ),
    Rule(
        "multiple-asks",
        _multiple_asks,
        "keep one question or request, the one your goal needs most",
        content=True,
    ),
    Rule(
        "repeats-note",
        _repeats_note,
        "thank them, then move on from the note: one sentence on why, one new question",
    ),
]

RULES: dict[str, Rule] = {rule.slug: rule for rule in _RULE_LIST}
