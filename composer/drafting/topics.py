"""The topic of a target's recent post, in words a note can cite.

``post_hook(target)`` says what a note may say about the most recent post: a noun
phrase that reads right after "your post on" / "tu publicación sobre" (``post_topic``),
or a short opening line to quote exactly (``post_title``). ``reads_as_topic`` and
``STOPWORDS`` are shared with the rest of the hook finding (``composer.drafting.hooks``).
"""

from __future__ import annotations

import re

from composer.core.profile import Profile
from composer.drafting.offline.titles import ALL_TITLE_HEADS
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
    vuestro vuestra vuestros vuestras nuestras habéis hecho posible después antes durante
    mientras cumplo enhorabuena
    itself themselves himself herself mismo misma mismos mismas
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
    ``(title, "quote")`` for a short opening line to quote exactly, ``(role,
    "hiring")`` / ``(team, "growing")`` for a post that announces an opening ("we're
    hiring two junior electricians", "ampliamos el equipo de datos en Málaga": said as
    "I saw you're hiring…"), ``("", "")`` when the post offers none of these (the note
    then rests on another hook)."""
    text = _latest_post(target)
    if not text:
        return "", ""
    opening = hiring_post(text)
    if opening is not None:
        return opening
    topic = post_topic(target)
    title = post_title(text)
    bare = [w for w in topic.split() if w.lower() not in _ARTICLES]
    if topic and (len(bare) >= 2 or not title) and not vague_topic(topic):
        return topic, ""
    if title:
        return title, "quote"
    # One common word ("your post on hiring", "sobre fibrilación") says nothing of what
    # the post said: the note rests on another hook rather than cite it vaguely.
    return ("", "") if vague_topic(topic) else (topic, "")


# --- posts that announce an opening ----------------------------------------------------

# "We're hiring…", "Estamos contratando…", "Se busca…", "Vacante: …": an opening, whatever
# follows. "Looking for…", "Buscamos…", "Necesitamos…" only when a person follows
# ("buscamos data engineer junior", not "looking for feedback").
_HIRING_SURE = re.compile(
    r"(?:\b(?:we'?re|we’re|we\s+are|i'?m|i’m|i\s+am|is|are|now|currently|actively)\s+"
    r"(?:(?:currently|actively|also|still)\s+)?(?:hiring|recruiting)\b(?:\s+for\b)?|"
    r"^(?:hiring|now\s+hiring)\b(?:\s+for\b)?|"
    r"\b(?:estamos\s+contratando|se\s+buscan?|vacantes?(?:\s+de|\s+para|:))|"
    r"\bopen\s+(?:role|position)s?\s*(?:for|:))\s*",
    re.IGNORECASE | re.MULTILINE,
)
_HIRING_IF_PERSON = re.compile(
    r"(?:\b(?:we'?re|we’re|we\s+are)\s+looking\s+for|^looking\s+for|\bbuscamos|"
    r"\bestamos\s+buscando|\bnecesitamos|\bincorporamos|\bcontratamos|\bestamos\s+incorporando|"
    r"\b(?:queremos|vamos\s+a)\s+incorporar)\s+(?:a\s+(?=un|una)|al?\s+)?",
    re.IGNORECASE | re.MULTILINE,
)
_GROWING = re.compile(
    r"\b(?:expanding|growing|scaling|building\s+out|doubling)\s+(?:our|the|my)\s+"
    r"(?P<en>(?:[\w-]+\s+){0,3}?teams?)(?P<en_where>\s+in\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)?|"
    r"\b(?:ampliamos|estamos\s+ampliando|reforzamos|estamos\s+reforzando|crecemos\s+en)\s+"
    r"(?:el|nuestro)\s+(?P<es>equipo(?:\s+de\s+[\w-]+)?)"
    r"(?P<es_where>\s+en\s+[A-ZÁÉÍÓÚ][\w-]+(?:\s+[A-ZÁÉÍÓÚ][\w-]+)?)?",
    re.IGNORECASE,
)
# Where an opening's role ends: "two junior electricians | for our Cardiff depot".
_ROLE_END = re.compile(
    r"[.!?;:,(\n]|\s[-–—]\s|\s(?:to|who|that|which|for\s+(?:our|the|my|a)|at\s+our|with|dm|"
    r"para|que|con|desde|interesad[oa]s|join)\b|[^\w\s/'’&+#-]",
    re.IGNORECASE,
)
_PERSON_END = re.compile(
    r"(?:er|ers|or|ors|ores|oras|ora|ist|ists|ian|ians|ero|era|eros|eras|ista|istas|ante|antes|"
    r"ente|entes|/a|/as|/os)$"
)
_MAX_ROLE_WORDS = 8


def hiring_post(text: str) -> tuple[str, str] | None:
    """The opening a post announces: ``(role, "hiring")`` ("two junior electricians",
    "data engineer junior"; "" when it names none), ``(team, "growing")`` ("the cloud
    team in Pune", "el equipo de datos en Málaga"), or None for a post that announces
    none."""
    grow = _GROWING.search(text)
    if grow:
        if grow["en"]:
            return f"the {grow['en']}{grow['en_where'] or ''}", "growing"
        return f"el {grow['es'].lower()}{grow['es_where'] or ''}", "growing"
    for pattern, sure in ((_HIRING_SURE, True), (_HIRING_IF_PERSON, False)):
        for match in pattern.finditer(text):
            rest = text[match.end() :]
            role = " ".join(_ROLE_END.split(rest, maxsplit=1)[0].split())
            words = role.split()
            person = any(
                w.lower().rstrip("s") in ALL_TITLE_HEADS
                or w.lower() in ALL_TITLE_HEADS
                or _PERSON_END.search(w.lower())
                for w in words
            )
            if words and words[-1].lower() in STOPWORDS:
                role, words = "", []  # "we're hiring in Leeds"
            if len(words) > _MAX_ROLE_WORDS or (not sure and not person):
                continue
            return (role if person else ""), "hiring"
    return None


def vague_topic(topic: str) -> bool:
    """A topic of one common word ("hiring", "mujeres"): too vague to show the post was
    read. A name or an acronym ("Dagster", "eBPF", "TikTok") is specific enough."""
    words = [w for w in topic.split() if w.lower() not in _ARTICLES]
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
        for phrase, names, before in _content_runs(sentence):
            if not reads_as_topic(phrase, language, article=before in _DEFINITE):
                continue
            if len(phrase.split()) < 2 and len(phrase) < 3:
                continue  # "PM", "DM": too short to name a topic
            if _place_or_employer(phrase, before, target):
                continue  # "in Pune", "at Deloitte", "¡Gracias Sevilla!": not what it's about
            if before in _ARTICLES and not _plural(phrase, language):
                if before not in _DEFINITE:
                    continue  # "for a record Black Friday": "your post on a record…" is off
                phrase = f"{before} {phrase}"  # "the regional robotics competition"
            words = [w for w in phrase.split() if w.lower() not in _CONNECTORS | _ARTICLES]
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


_ARTICLES = frozenset(("the", "a", "an", "el", "la", "los", "las", "un", "una"))
_DEFINITE = frozenset(("the", "el", "la"))
# Words before a name that make it a place or an employer, not what a post is about.
_PLACE_BEFORE = frozenset(
    ("in", "at", "from", "en", "desde", "del", "joined", "join", "thanks", "thank", "gracias",
     "hello", "hola", "hi")
)  # fmt: skip


def _place_or_employer(phrase: str, before: str, target: Profile) -> bool:
    """A topic of one name that is a place or an employer: after "in"/"at"/"joined"/
    "gracias", or the target's own company or town."""
    words = phrase.split()
    if len(words) != 1 or words[0].islower() or any(c.isupper() for c in words[0][1:]):
        return False  # "TikTok", "LinkedIn": a brand, wherever it is
    own = {
        w.casefold()
        for text in (target.location, *(e.company for e in target.experience))
        for w in re.findall(r"[^\W_]+", text)
    }
    return before in _PLACE_BEFORE or words[0].casefold() in own


def _plural(phrase: str, language: str) -> bool:
    words = [w for w in phrase.split() if w not in _CONNECTORS]
    head = (
        words[0] if language == "es" or any(w in _CONNECTORS for w in phrase.split()) else words[-1]
    )
    return head.lower().endswith("s") and not head.lower().endswith("ss")


def reads_as_topic(phrase: str, language: str = "en", *, article: bool = False) -> bool:
    """Whether ``phrase`` reads right after "your post on" / "tu publicación sobre": it
    neither starts nor ends on a verb, a participle, a preposition or an article, and its
    head takes no article ("seed round" needs one: "the seed round"; "payment routing",
    "huellas de saurópodo" and "Kubernetes" do not) unless ``article`` (the post gave it
    one: "the seed round")."""
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
    return article or _needs_no_article(head)


def _needs_no_article(word: str) -> bool:
    if not word.islower() or word.isupper():
        return True  # a name or an acronym: "Kubernetes", "OKRs", "AI"
    low = word.lower()
    return (low.endswith("s") and not low.endswith("ss")) or low.endswith(_MASS_ENDINGS)


_CONNECTORS = frozenset({"of", "de", "del"})
_CHUNK = re.compile(r"[,;:!?()\"“”«»|/]+|\s[-–—]\s")


def _content_runs(sentence: str) -> list[tuple[str, int, str]]:
    """Runs (at most 3 content words) of words that are not stopwords or numbers, each
    with how many of its words look like names and the word just before it ("the",
    "in", "" at the start of a clause)."""
    runs: list[tuple[str, int, str]] = []
    for c_index, chunk in enumerate(_CHUNK.split(sentence.replace("#", " "))):
        current: list[str] = []
        names = 0
        previous = before = ""
        for i, token in enumerate(_TOKEN.findall(chunk)):
            low = token.lower()
            if low in _CONNECTORS and current and len(current) < 4:
                current.append(low)
                previous = low
                continue
            acronym = token.isupper() and len(token) >= 2
            if (
                low in STOPWORDS
                or any(ch.isdigit() for ch in token)
                or (len(token) < 3 and not acronym)
            ):
                _close_run(current, names, before, runs)
                current, names = [], 0
                previous = low
                continue
            if sum(1 for w in current if w not in _CONNECTORS) >= 3:
                previous = low
                continue  # long enough; the rest of this run is dropped
            if not current:
                before = previous
            if i == 0 and c_index == 0 and token[:1].isupper() and token[1:].islower():
                token = low  # only sentence case; names elsewhere keep their capitals
            elif token[:1].isupper():
                names += 1
            current.append(token)
            previous = low
        _close_run(current, names, before, runs)
    return runs


def _close_run(words: list[str], names: int, before: str, runs: list[tuple[str, int, str]]) -> None:
    """Add a finished run to ``runs``, without a dangling "of"/"de" at its end."""
    while words and words[-1] in _CONNECTORS:
        words = words[:-1]
    # "gestionando equipos distribuidos", "encontrado huellas de saurópodo": the topic is
    # what follows a verb form; "channel partnerships beat": what comes before one.
    while len(words) > 1 and (_verb_form(words[0]) or words[0] in _CONNECTORS):
        words = words[1:]
        before = ""  # the word before the run is no longer next to it
    while len(words) > 1 and (_verb_form(words[-1]) or words[-1] in _CONNECTORS):
        words = words[:-1]
    if words:
        runs.append((" ".join(words), names, before))


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
