"""sales-pitch: offers, prices, shop links and product claims with a call to action."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from itertools import pairwise

from composer.checker.attribution import (
    TARGET,
    clauses,
    owners,
    sentence_end,
    sentence_starts,
)
from composer.checker.note import Note
from composer.checker.rules.base import _non_overlapping, _quote, finding
from composer.checker.rules.style import _DOT_LETTER
from composer.core.findings import (
    Finding,
)
from composer.text import lexicon
from composer.text.normalize import has_digit

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
        yield finding("sales-pitch", message, start, end)


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
        shown = lexicon.section_words("sales-pitch", "shown")
        helpers = lexicon.section_words("sales-pitch", "help")
        for i, j in hits:
            if j < len(words) and words[j] in after_ok:
                continue
            if not shown.isdisjoint(words[i:j]) and _theirs(note, i, j):
                continue  # "your live demo at BSides", "la demo que diste": they gave it
            if i and words[i] in _POSSESSIVE_OPENERS and words[i - 1] in before_ok:
                continue
            if words[i] in soft or words[i].startswith(("discount", "descuent")):
                who = who if who is not None else owners(note)
                if who[i] == TARGET or _their_topic(note, i):
                    continue  # "your pricing", "tu publicación sobre quitar el 2x1"
            if _priced(words[i:j]) and _their_price(note, i):
                continue  # "your £15 matinee tickets", "tu descuento del 20 %"
            if words[i] in helpers and not _help_offer(note, i, j):
                continue
            if _job_offer(note, i, j):
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
                if _their_price(note, note.word_at(end - 1)):
                    continue  # "your post on bee rental going to $210 a hive"
                spans.append((start, end))
                out.append(
                    (
                        start,
                        end,
                        f"{_quote(note, start, end)} reads as a price or an offer: leave it "
                        "out of the invitation",
                    )
                )
    for start, end in _terms_offered(note):
        if not any(s < end and start < e for s, e in spans):
            spans.append((start, end))
            out.append(
                (
                    start,
                    end,
                    f"{_quote(note, start, end)} with a call booked reads as a pitch: your "
                    "fees and free months are for later, if they accept and ask",
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


def _theirs(note: Note, i: int, j: int) -> bool:
    """Whether the demo, presentation or pitch of words ``i:j`` is one the target gave:
    "your live demo of...", "the quick demo in your thread", "the live demo you ran at",
    "la demostración que hiciste en...". Not one offered to them: an offer is "a" demo
    ("a quick demo in your inbox"), a free or personalised one, or one to book ("book
    your free demo")."""
    words = note.bare_words()
    section = "sales-pitch"
    if not lexicon.section_words(section, "offer-words").isdisjoint(words[i:j]):
        return False
    ranges = clauses(note)
    first = ranges[bisect.bisect_right([a for a, _ in ranges], i) - 1][0] if ranges else 0
    before = words[max(first, i - 3) : i]
    indefinite = lexicon.section_words(section, "indefinite")
    possessive = lexicon.section_words(section, "your")
    for k in range(len(before) - 1, -1, -1):
        word = before[k]
        if word in indefinite or word in _POSSESSIVE_OPENERS:
            return False  # "give you a live demo", "our demo"
        if word in possessive:
            at = i - len(before) + k
            offer = lexicon.section_words(section, "offer-verbs")
            return not (at and words[at - 1] in offer)  # "book your demo"
    if any(w in indefinite for w in words[i:j]):
        return False  # "show you a quick demo"
    # After it, in its clause: "you ran", "in your thread", "que diste".
    end = min(j + 6, len(words))
    for k in range(j, end):
        if _CLAUSE_MARK.search(note.text, note.span(k - 1, k)[1], note.span(k, k + 1)[0]):
            break
        word = words[k]
        if word in possessive and k > j and words[k - 1] in _LINKS:
            return True
        if word in lexicon.section_words(section, "gave") or (
            word in lexicon.section_words(section, "you-gave")
            and words[k - 1] in lexicon.section_words("person", "second")
        ):
            return True  # "la demo que diste", "the demo you ran"
    return False


_CLAUSE_MARK = re.compile(r"[.!?;:\n,()—–]")


# "the demo in your thread", "la demo de tu charla"
_LINKS = frozenset(["in", "at", "from", "on", "of", "during", "en", "de", "del", "durante"])


def _their_topic(note: Note, i: int) -> bool:
    """Whether word ``i`` is what their post, talk or story is about: one of theirs named
    earlier in its sentence, a colon aside ("Tu publicación sobre quitar los descuentos
    2x1", "lo que contabas del 2x1 en mechas: subir precios...")."""
    things = note.hits.get("reason-thing")
    if not things:
        return False
    words = note.bare_words()
    told = lexicon.section_words("sales-pitch", "told")
    at = note.span(i, i + 1)[0]
    stop = max(note.text.rfind(mark, 0, at) for mark in ".!?\n")
    return any(
        note.span(a, a + 1)[0] > stop and a < i and not told.isdisjoint(words[a:b])
        for a, b in things
    )


def _priced(words: list[str]) -> bool:
    """Whether a pitch hit names a price, a discount or a sale (not a demo or a call)."""
    prices = lexicon.section_words("sales-pitch", "soft") | _SALE_WORDS
    return any(has_digit(w) or w in prices or w.startswith(("discount", "descuent")) for w in words)


_SALE_WORDS = frozenset(["sale", "sales", "off", "rebajas", "rebaja", "oferta", "ofertas"])


def _their_price(note: Note, i: int) -> bool:
    """Whether word ``i`` (a price, a discount, a sale) is theirs: the last person word
    before it in its clause is "your"/"tu"/"sus" and none of the sender's follows it
    there ("your £15 matinee tickets", "vuestro mercadillo a 3 euros", "sus honorarios
    bajaron un 15 %"; not "your team gets 30% off with our code")."""
    who = owners(note)
    words = note.bare_words()
    possessive = lexicon.section_words("sales-pitch", "your")
    parts = clauses(note)
    for n, (first, after) in enumerate(parts):
        if first <= i < after:
            start = first
            if n and note.text[: note.span(first, first + 1)[0]].rstrip(" \t$£€").endswith("("):
                start = parts[n - 1][0]  # "your bee rental numbers ($180 to $210 a hive)"
            before = [k for k in range(start, i) if who[k]]
            if (
                before
                and who[before[-1]] == TARGET
                # theirs by a possessive, not sent to them: "le paso precios", "send you"
                and _last_person_word(words, before) in possessive
                and all(o in (0, TARGET) for o in who[i : min(after, i + 4)])
            ):
                return True
            # "your post on bee rental going to $210 a hive": their post, same clause.
            things = note.hits.get("reason-thing", ())
            return any(first <= a < i for a, _ in things) and _their_topic(note, i)
    return False


def _last_person_word(words: list[str], at: list[int]) -> str:
    """The last first- or second-person word among the word indices ``at`` ("" if none)."""
    person = lexicon.section_words("person", "first") | lexicon.section_words("person", "second")
    return next((words[k] for k in reversed(at) if words[k] in person), "")


def _terms_offered(note: Note) -> list[tuple[int, int]]:
    """The seller's terms (a fee, a price per unit, a free first month) in a note that
    books a call: "comisión del 2,9 % por donativo y el primer mes sin costo. ¿Le agendo
    una llamada?", "1.5% per delivery and the first month free. Shall I book us a call?".
    Terms that are theirs ("your fee per hive") do not count."""
    terms = note.hits.get("pitch-terms")
    booked = note.hits.get("pitch-book")
    if not terms or not booked:
        return []
    who = owners(note)
    words = note.bare_words()
    found = [
        note.span(i, j)
        for i, j in terms
        if words[i] in _FREE_FROM or (who[i] != TARGET and not _their_price(note, i))
    ]
    if found:
        # The call's sentence, and one that claims what the seller does ("RepRoute cuts
        # drive time..."), are part of the pitch (and so give no reason).
        for i, _ in booked:
            found.append(note.span(i, sentence_end(note, i)))
        verbs = lexicon.section_words("pitch-cta", "value-verbs")
        bounds = [0, *sentence_starts(note), len(words)]
        for a, b in pairwise(bounds):
            if a < b and not verbs.isdisjoint(words[a:b]) and TARGET not in who[a:b]:
                found.append(note.span(a, b))
    return found


# "your first 60 days cost nothing", "el primer mes sin costo": a free period offered.
_FREE_FROM = frozenset(["first", "1st", "primer", "primera", "primeros", "primeras"])


def _help_offer(note: Note, i: int, j: int) -> bool:
    """ "help <businesses> like <theirs>" offers the sender's help ("we'd love to help
    practices like Oakwood", "ayudar a operadores como Logística Paraná"); not help that
    is theirs ("your checklist helps teams like mine") nor for people like the sender."""
    words = note.bare_words()
    if j < len(words) and words[j] in lexicon.section_words("sales-pitch", "like-me"):
        return False  # "help students like me"
    return owners(note)[i] != TARGET


def _job_offer(note: Note, i: int, j: int) -> bool:
    """An offer of a job, not of a product: "we offer full remote, equity and a four-day
    week", "ofrecemos indefinido, híbrido y equipo de 8" (a recruiter's note)."""
    words = note.bare_words()
    if lexicon.section_words("sales-pitch", "job-offer-words").isdisjoint(words[i:j]):
        return False
    starts = sentence_starts(note)
    first = starts[bisect.bisect_right(starts, i) - 1] if starts and starts[0] <= i else 0
    job = lexicon.section_words("sales-pitch", "job")
    return not job.isdisjoint(words[first : sentence_end(note, i)])


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
