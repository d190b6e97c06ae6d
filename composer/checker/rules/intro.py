"""no-self-intro: whether the note says who the sender is."""

from __future__ import annotations

import re
from collections.abc import Iterator

from composer.checker.attribution import (
    SENDER,
    TARGET,
    capitalised,
    clauses,
    mention_indices,
    owner_at,
    owners,
)
from composer.checker.note import Note
from composer.checker.rules.base import finding
from composer.checker.rules.claims import _claim_near, _never_claims, _real_referral
from composer.checker.rules.default import default_span
from composer.checker.rules.placeholder import _slot_words
from composer.core.findings import (
    Finding,
)
from composer.text import lexicon

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


# A name and the sender's business signed at the end: "Ray, Valley Bee Co",
# "— Lupe, Panadería La Espiga".
_SIGNATURE_FIRM = re.compile(
    r"(?:^|[\n,.!?;:—–-])[ \t]*([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+)[ \t]*,[ \t]*"
    r"[A-ZÀ-ÖØ-Þ][\w&'’.]*(?:[ \t]+[\w&'’.]+){0,3}[ \t]*[.!]?[ \t]*$"
)


def _signed(note: Note) -> bool:
    """True when the note ends with a name, after a sign-off or a line of its own, or
    with a name and a business."""
    base = max(0, len(note.text) - 60)
    match = _SIGNATURE.search(note.text, base) or _SIGNATURE_FIRM.search(note.text, base)
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
    if words[after - 1] in lexicon.section_words("intro-lead", "trades"):
        # "I farm 80 acres", "cultivo aguacate"; not "I grow tired", "el cultivo de".
        return words[k] not in stance and (first == 0 or words[first - 1] not in _ARTICLE_WORDS)
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
    for first, _ in note.hits.get("intro-study", ()):
        if _owner_before(note, first, first + 1) != TARGET:
            return True  # "finishing my MSc at...", even at a school no profile lists
    for first, after in note.hits.get("intro-lead", ()):
        if _owner_before(note, first, after) != TARGET and _lead_introduces(note, first, after):
            return True
    if (
        _real_referral(note)
        or _role_fragment(note)
        or _signed(note)
        or _firm_speaks(note)
        or _name_here(note)
    ):
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


_FIRM_LEADS = frozenset(["at", "en"])


def _name_here(note: Note) -> bool:
    """ "Priyanka here, design ops at Loopwell", "Jo here": a clause of a name and "here"."""
    words = note.bare_words()
    here = lexicon.section_words("here")
    not_names = lexicon.all_stopwords() | lexicon.section_words("not-a-name")
    theirs = note.target.name_tokens if note.target is not None else frozenset()
    for first, after in clauses(note):
        if not 2 <= after - first <= 3 or words[after - 1] not in here:
            continue
        name = range(first, after - 1)
        if all(
            capitalised(note, k) and words[k] not in not_names and words[k] not in theirs
            for k in name
        ):
            return True
    return False


def _firm_speaks(note: Note) -> bool:
    """ "At CrateLink we help...", "En DonaFácil ayudamos...": the sender's company by
    name, then what it does in the first person plural."""
    words = note.bare_words()
    we = lexicon.section_words("pitch-cta", "we")
    for k in range(len(words) - 2):
        if words[k] not in _FIRM_LEADS or not capitalised(note, k + 1):
            continue
        if words[k + 1] in lexicon.all_stopwords() or owner_at(note, k) == TARGET:
            continue
        verb = words[k + 2]
        if verb in we or (len(verb) > 5 and verb.endswith(("amos", "emos", "imos"))):
            return True
    return False


def _self_intro(note: Note) -> Iterator[Finding]:
    # In a language without data the rule can only judge LinkedIn's default text,
    # which introduces nobody and gives no reason, whatever its language.
    if (default_span(note) is None) if not note.full else _introduces(note):
        return
    yield finding(
        "no-self-intro",
        "say who you are (your name and role or company, or how you know them): "
        'strangers who don\'t are ignored; "I\'m impressed" or "te escribo porque" is '
        "not an introduction",
    )
