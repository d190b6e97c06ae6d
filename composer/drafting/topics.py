"""The topic of a target's recent post, in words a note can cite.

``post_hook(target)`` says what a note may say about the most recent post: a noun
phrase that reads right after "your post on" / "tu publicación sobre" (``post_topic``),
or a short opening line to quote exactly (``post_title``). ``reads_as_topic`` and
``STOPWORDS`` are shared with the rest of the hook finding (``composer.drafting.hooks``).
"""

from __future__ import annotations

import re

from composer.core.profile import Profile
from composer.text import lexicon
from composer.text.language import detect_language

STOPWORDS = frozenset(
    """
    a an the and or but of to in on at for with from by about as into over after before
    is are was were be been being am do does did have has had will would can could should
    i me my we us our you your he she it they them their his her its this that these those
    there here what which who whom how why when where not no yes so if then than too very
    just also only still even more most much many some any every each all both few other
    new big biggest great good best first last next one two three four five six seven eight
    nine ten months month years year weeks week days day today yesterday time times lot lots
    thing things way ways really nobody somebody everyone everybody nothing something
    told tell tells say says said share shared sharing learned learnt learn know knew think
    thought made make makes get got give giving gave take took want wanted need needed
    excited happy proud thrilled glad love loved like liked here's it's i'm we're i've
    we've don't didn't isn't wasn't can't let's post posts read amazing awesome incredible
    fantastic wonderful huge announce announced announcing joined join joining launched
    launch launching presented present presenting looking look start started starting
    lessons lesson tips thoughts takeaways honored honoured humbled grateful everything
    anything wrong right instead online fail fails failed failing matter matters
    congrats congratulations thanks thank
    desde hasta hacia sino según contra tras mediante aunque pues
    without within across through via per among against despite toward towards upon
    around old summer winter spring autumn verano invierno primavera otoño
    uno dos tres cuatro cinco seis siete ocho nueve diez
    el la los las un una unos unas y o pero de del a al en con por para sin sobre entre
    es son era fue ser estar está están estaba he ha han hemos hay
    yo me mi mis tú te tu tus él ella nos nosotros nuestro nuestra nuestros su sus os
    que qué quien cómo como cuando cuándo donde dónde porque este esta estos estas ese esa
    eso esto lo le les se ya muy más menos mucho muchos mucha muchas poco todo todos toda
    todas cada otro otra otros otras cualquier mejor peor también solo sólo aún hoy ayer
    año años mes meses semana semanas día días vez veces cosa cosas nadie algo nada
    cuento contar dijo decir aprendí aprendimos aprender creo pensé quiero hacer hice
    gracias publicación post nuevo nueva nuevos nuevas gran grandes hemos presentado
    lanzado anunciar encantado encantada orgulloso orgullosa feliz contento contenta
    vuestro vuestra vuestros vuestras después antes durante mientras cumplo enhorabuena
    favorito favorita favoritos favoritas cuál cuáles cuánto cuánta cuántos cuántas
    """.split()  # noqa: SIM905 - a word list reads best as words
)
# Verbs that often follow a topic in a post ("channel partnerships beat…"), and words
# ending in -ed/-en that are nouns, not participles.
_VERBS = (
    lexicon.drafting_words("en", "topic-verbs")
    | lexicon.drafting_words("en", "irregular-past")
    | lexicon.drafting_words("es", "topic-verbs")
)
_EN_NOUNS_EN = lexicon.drafting_words("en", "nouns-ending-en")
_EN_NOUN_ING = lexicon.drafting_words("en", "ing-nouns")
_TOKEN = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")
_SENTENCE = re.compile(r"(?<=[.!?:;])\s+")
# Conjugated verbs (first person plural, past) make poor topics in Spanish posts.
_VERBISH = re.compile(r"(amos|emos|imos|aron|ieron|aba|ía|ían|ando|iendo)$")
_GERUND_ES = re.compile(r"[a-záéíóúñ]{3,}(ando|iendo)$")


def _latest_post(target: Profile) -> str:
    posts = [p for p in target.recent_posts if p.text.strip()]
    if not posts:
        return ""
    dated = [p for p in posts if p.date]
    return (max(dated, key=lambda p: p.date or "") if dated else posts[0]).text.strip()


def post_hook(target: Profile) -> tuple[str, str]:
    """What a note may say about the target's most recent post: ``(topic, "")`` for a
    noun phrase that reads right after "your post on" / "tu publicación sobre",
    ``(title, "quote")`` for a short opening line to quote exactly, ``("", "")`` when
    the post offers neither (the note then rests on another hook)."""
    text = _latest_post(target)
    if not text:
        return "", ""
    topic = post_topic(target)
    title = post_title(text)
    if topic and (len(topic.split()) >= 2 or not title) and not vague_topic(topic):
        return topic, ""
    if title:
        return title, "quote"
    # One common word ("your post on hiring", "sobre fibrilación") says nothing of what
    # the post said: the note rests on another hook rather than cite it vaguely.
    return ("", "") if vague_topic(topic) else (topic, "")


def vague_topic(topic: str) -> bool:
    """A topic of one common word ("hiring", "mujeres"): too vague to show the post was
    read. A name or an acronym ("Dagster", "eBPF", "TikTok") is specific enough."""
    words = topic.split()
    return len(words) == 1 and words[0].islower()


_TITLE_END = re.compile(r"(?<=[.!?:;])\s|\n")
# A post's opening words that are an announcement or a feeling, not something to quote.
_NOT_A_TITLE = re.compile(
    r"^(?:i'?m|i\s|my\s|mi\s|so\s|today|hoy|estoy|big\s|huge\s|excited|thrilled|"
    r"happy|proud|feliz|orgullos|contento|contenta|ilusionad|congrat|enhorabuena|gracias|thank)"
    # "We're hiring a Senior PM…" is worth quoting; "We're thrilled to…" is a feeling.
    r"|^(?:we'?re|we\s+are|we|estamos)\s+(?:so\s+|very\s+|muy\s+)?(?:excited|thrilled|happy|"
    r"proud|delighted|honou?red|humbled|pleased|felices|orgullos|contentos|ilusionad|encantad)",
    re.IGNORECASE,
)


def post_title(text: str, max_chars: int = 72) -> str:
    """The post's opening line when it reads as a title ("How we cut plastic in our
    packaging without raising costs"): 3 to 14 words, short enough to quote, not an
    announcement ("Excited to share…"); "" otherwise. Quoted exactly, minus the final
    stop and any emoji or hashtags."""
    first = _TITLE_END.split(text.strip(), maxsplit=1)[0]
    first = re.sub(r"#\w+|[^\w\s¿?¡!,.:;'’\"“”«»%&()/+-]", " ", first)
    first = " ".join(first.split()).rstrip(" .:;,")
    words = first.split()
    if not 3 <= len(words) <= 14 or len(first) > max_chars or _NOT_A_TITLE.match(first):
        return ""
    if first.endswith("!") or any(q in first for q in '"“”«»'):
        return ""
    return first


def post_topic(target: Profile, *, max_chars: int = 40) -> str:
    """A short topic taken from the target's most recent post, or '' when it offers none.

    Candidates are runs of content words (stopwords, numbers and punctuation break a
    run; "of"/"de" may join two words: "VP of Engineering", "programa de mentoría").
    Longer runs, words matching the target's headline and skills, and names
    (capitalised mid-sentence, acronyms) score higher; conjugated verbs lower. Only a
    run that reads as a noun phrase after "your post on" is kept (``reads_as_topic``).
    """
    text = _latest_post(target)
    if not text:
        return ""
    interests = _stems(" ".join([target.headline, *target.skills, target.industry]))
    language = target.language or detect_language(text) or "en"
    best: tuple[float, str] = (float("-inf"), "")
    # "@Ana" names a person the post is about, not its topic.
    text = re.sub(r"@[\w.-]+", " , ", text)
    for s_index, sentence in enumerate(_SENTENCE.split(text)):
        for phrase, names in _content_runs(sentence):
            if not reads_as_topic(phrase, language):
                continue
            if len(phrase.split()) < 2 and len(phrase) < 3:
                continue  # "PM", "DM": too short to name a topic
            words = [w for w in phrase.split() if w.lower() not in _CONNECTORS]
            score = float(min(len(words), 3) + 2 * len(_stems(phrase) & interests))
            score += 0.5 * min(names, 2)
            if vague_topic(phrase):
                score -= 1.5  # one common word: a longer phrase says more of the post
            score -= 0.2 * s_index
            if len(phrase) <= max_chars and score > best[0]:
                best = (score, phrase)
    if best[1]:
        return best[1]
    tags = re.findall(r"#(\w{3,30})", text)
    return _split_camel(tags[0]) if tags else ""


# Endings of nouns that read right without an article ("your post on AI regulation",
# "sobre liderazgo remoto"), in either language; a plural reads right too.
_MASS_ENDINGS = (
    "ing", "ity", "ment", "ness", "ship", "ism", "ics", "ance", "ence", "tion", "sion", "ure",
    "ogy", "age", "dom", "ware", "dad", "ción", "sión", "ismo", "ía", "aje", "miento", "cia",
    "ura", "anza", "azgo", "tud",
)  # fmt: skip
_EN_PARTICIPLE = re.compile(r"(?:ed|en)$")
_ES_NON_NOUN = re.compile(
    r"(?:ar|er|ir|ado|ada|ados|adas|ido|ida|idos|idas|amos|emos|imos|aron|ieron|aba|ían|"
    r"ando|iendo|aste|iste)$"
)


def reads_as_topic(phrase: str, language: str = "en") -> bool:
    """Whether ``phrase`` reads right after "your post on" / "tu publicación sobre": it
    neither starts nor ends on a verb, a participle, a preposition or an article, and its
    head takes no article ("seed round" needs one: "the seed round"; "payment routing",
    "huellas de saurópodo" and "Kubernetes" do not)."""
    words = phrase.split()
    if not words:
        return False
    first, last = words[0], words[-1]
    for word in {first, last}:
        low = word.lower()
        if low in STOPWORDS or low in _CONNECTORS or _verb_form(word):
            return False
        if low.endswith("ing") and word is first and len(words) > 1 and low not in _EN_NOUN_ING:
            return False  # "moving our books": a gerund with an object, not a topic
    if any(_verb_form(w) for w in words) or (
        last.lower().endswith("ing")
        and last.islower()
        and last.lower() not in _EN_NOUN_ING
        and len(words) > 1
        and language == "en"
    ):
        return False  # "room temperature using", "estimate financed emissions"
    if all(w[:1].isupper() or w in _CONNECTORS for w in words) and len(words) > 1:
        # a name ("Web Summit", "Reglamento Europeo de Sucesiones") needs an article
        # unless it is a brand or an event: cited elsewhere, not as a post's topic
        return False
    # The head noun: before "of"/"de" the first word; else the last in English
    # ("AI regulation") and the first in Spanish ("liderazgo remoto").
    connected = any(w in _CONNECTORS for w in words)
    head = first if connected or language == "es" else last
    if language == "es" and not connected and len(words) == 2:
        # "horas desde", "seguridad valoro": the second word agrees with the first
        if (first.lower().endswith("s")) != (last.lower().endswith("s")):
            return False
        if last.lower().endswith(("é", "ó", "í", "o")) and not first.lower().endswith(("o", "os")):
            return False
    return _needs_no_article(head)


def _needs_no_article(word: str) -> bool:
    if not word.islower() or word.isupper():
        return True  # a name or an acronym: "Kubernetes", "OKRs", "AI"
    low = word.lower()
    return (low.endswith("s") and not low.endswith("ss")) or low.endswith(_MASS_ENDINGS)


_CONNECTORS = frozenset({"of", "de", "del"})
_CHUNK = re.compile(r"[,;:!?()\"“”«»|/]+|\s[-–—]\s")


def _content_runs(sentence: str) -> list[tuple[str, int]]:
    """Runs (at most 3 content words) of words that are not stopwords or numbers, each
    with how many of its words look like names."""
    runs: list[tuple[str, int]] = []
    for c_index, chunk in enumerate(_CHUNK.split(sentence.replace("#", " "))):
        current: list[str] = []
        names = 0
        for i, token in enumerate(_TOKEN.findall(chunk)):
            low = token.lower()
            if low in _CONNECTORS and current and len(current) < 4:
                current.append(low)
                continue
            acronym = token.isupper() and len(token) >= 2
            if (
                low in STOPWORDS
                or any(ch.isdigit() for ch in token)
                or (len(token) < 3 and not acronym)
            ):
                _close_run(current, names, runs)
                current, names = [], 0
                continue
            if sum(1 for w in current if w not in _CONNECTORS) >= 3:
                continue  # long enough; the rest of this run is dropped
            if i == 0 and c_index == 0 and token[:1].isupper() and token[1:].islower():
                token = low  # only sentence case; names elsewhere keep their capitals
            elif token[:1].isupper():
                names += 1
            current.append(token)
        _close_run(current, names, runs)
    return runs


def _close_run(words: list[str], names: int, runs: list[tuple[str, int]]) -> None:
    """Add a finished run to ``runs``, without a dangling "of"/"de" at its end."""
    while words and words[-1] in _CONNECTORS:
        words = words[:-1]
    # "gestionando equipos distribuidos", "encontrado huellas de saurópodo": the topic is
    # what follows a verb form; "channel partnerships beat": what comes before one.
    while len(words) > 1 and (_verb_form(words[0]) or words[0] in _CONNECTORS):
        words = words[1:]
    while len(words) > 1 and (_verb_form(words[-1]) or words[-1] in _CONNECTORS):
        words = words[:-1]
    if words:
        runs.append((" ".join(words), names))


_ES_AR_ADJECTIVES = lexicon.drafting_words("es", "ar-adjectives")


def _verb_form(word: str) -> bool:
    low = word.lower()
    if not word.islower() or low.endswith(_MASS_ENDINGS) or low in _ES_AR_ADJECTIVES:
        return False
    if low in _VERBS or (len(low) > 4 and _ES_NON_NOUN.search(low)):
        return True
    return len(low) > 4 and bool(_EN_PARTICIPLE.search(low)) and low not in _EN_NOUNS_EN


def _stems(text: str) -> set[str]:
    """Crude stems (first five letters) of the content words, enough to match payment/Payments."""
    return {
        w.lower()[:5] for w in _TOKEN.findall(text) if len(w) >= 4 and w.lower() not in STOPWORDS
    }


def _split_camel(tag: str) -> str:
    parts = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", tag)
    return " ".join(parts) if len(parts) > 1 else tag
