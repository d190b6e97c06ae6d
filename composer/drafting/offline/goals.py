"""Words from the profiles and the goal, made to read right inside an offline note.

``goal_phrase`` turns the user's goal into words the templates can put after "I'd love
to" (a verb), state as a sentence of its own ("I'm hiring a senior backend engineer"), or
name as a topic ("Kubernetes migrations"), and speaks to the target in the second person
("learn how she moved" -> "learn how you moved", "aprender cómo pasó" -> "aprender cómo
pasaste"). ``en_role`` puts a job title in running English ("a senior backend engineer",
"CTO"). Conservative on purpose: a wrong conjugation reads worse than none, so whatever
is not recognised is kept as the user wrote it.
"""

from __future__ import annotations

import re

from composer.core.goals import Goal
from composer.core.profile import Profile
from composer.text.language import detect_language
from composer.text.lexicon import drafting_words

# What the goal's words are, for the templates: "verb" (an infinitive phrase: "learn
# how you moved"), "statement" (a whole first-person sentence: "I'm hiring a data
# engineer"), "topic" (a noun phrase one can have a view on: "Kubernetes migrations") or
# "thing" (a noun phrase one cannot: "a role on your team").
VERB, STATEMENT, TOPIC, THING = "verb", "statement", "topic", "thing"
# A direct question to the target, kept as one ("how did you move into product?").
QUESTION = "question"

_LEAD_IN = re.compile(
    r"^(?:i\s+want\s+to|i'?d\s+like\s+to|i\s+would\s+like\s+to|i'?d\s+love\s+to|i\s+hope\s+to|"
    r"to|quiero|quisiera|me\s+gustar[ií]a|me\s+encantar[ií]a|para)\s+",
    re.IGNORECASE,
)
_QUOTES = "\"'“”‘’«»`"
_EN_VERBS = drafting_words("en", "verbs")
# Verbs of the sender's own aim, said as a statement: "I'm looking to hire a data engineer".
_EN_HIRE = frozenset(("hire", "recruit", "fill", "staff"))
_EN_AUX = frozenset(
    (
        "did",
        "do",
        "does",
        "is",
        "are",
        "was",
        "were",
        "can",
        "could",
        "should",
        "would",
        "have",
        "has",
    )
)
_ES_HIRE = frozenset(("contratar", "fichar", "incorporar", "reclutar"))
_EN_QUESTION = drafting_words("en", "question-words")
# Words after a gerund that make it an action ("hiring a data engineer", "moving into
# management") rather than a noun ("hiring practices", "engineering management").
_EN_AFTER_GERUND = drafting_words("en", "after-gerund")
_EN_FIRST_PERSON = re.compile(r"^(?:i'm|i’m|i\s+am|we're|we’re|we\s+are)\s+", re.IGNORECASE)
_EN_DETERMINERS = drafting_words("en", "determiners")
_ES_INFINITIVE = re.compile(  # "co-diseñar" too
    r"^(?:[^\W\d_]+-)?[^\W\d_]+(?:ar|er|ir|ír)(?:te|le|les|nos|lo|la|se|me)?$", re.IGNORECASE
)
_ES_AR_IR = re.compile(r"(?:ar|ir|ír)(?:te|le|les|nos|lo|la|se)?$")
_ES_GERUND = re.compile(r"^[a-záéíóúñ]{3,}(?:ando|iendo|yendo)$")
_ES_QUESTION = ("por qué", "cómo", "qué", "cuándo", "dónde", "quién", "quiénes", "cuál",
                "cuáles", "cuánto", "cuántos", "cuánta", "cuántas")  # fmt: skip
# A goal that starts in the first person is a sentence of its own: "Busco mi próximo reto".
_ES_FIRST_PERSON = drafting_words("es", "first-person")
_ES_DETERMINERS = drafting_words("es", "determiners")
# A capital on a word with these endings is only the start of the sentence, not a name.
_EN_NOUN_ENDINGS = ("ing", "tion", "tions", "ment", "ments", "ness", "ity", "ities")
_ES_NOUN_ENDINGS = ("ción", "ciones", "miento", "mientos", "dad", "dades", "ía", "ías")
# Nouns of things the sender wants, not subjects to have a view on.
_WANTED = drafting_words("", "wanted")
# Goals that name something rather than a subject to discuss: "a role on your team".
_NOT_A_VIEW = drafting_words("", "not-a-view")


UNSAFE = "unsafe"  # a goal that cannot be put into the note safely: the note does without it


def goal_phrase(
    goal: Goal,
    target: Profile,
    language: str,
    sender: Profile | None = None,
    *,
    register: str = "tu",
    kind: str = "",
) -> tuple[str, str]:
    """The goal as words to put in the note, and what kind of words they are (``VERB``,
    ``STATEMENT``, ``TOPIC``, ``THING``, or ``UNSAFE`` when it cannot be rephrased
    safely); ``("", "")`` when there is only a preset (the template then says it in
    words that fit the target) or no goal.

    Free text written in another language than the note is left out, so a note is never
    half English. What the introduction says already ("I'm a backend engineer", "Soy
    comercial") is dropped. With a preset, a bare noun phrase is framed by it ("data
    analyst roles" with ``job-search``: "I'm looking for data analyst roles").
    """
    text = goal.text.strip()
    if text and goal_language(text, sender) not in (None, language):
        text = ""
    text = _tidy(text)
    if not text:
        return "", ""
    if sender is not None:
        text = _drop_self_intro(text, sender, language)
        if not text:
            return "", ""
    text = _without_shared_past(text)
    text = _LEAD_IN.sub("", text)
    text = _event_clause(text)
    clause = _CLAUSE.search(text)
    if clause is not None:
        # "follow up after we both attended…", "conocer tu experiencia ya que quiero…":
        # the main clause alone, when it says something on its own; else nothing.
        text = _tidy(text[: clause.start()])
        if _says_nothing(text):
            return "", UNSAFE
    if _meta(text, language) or _about_them(text, language):
        return "", UNSAFE
    if _their_own_kind(text, target):
        # "meet procurement leaders" said to one: asked of them instead
        buyer = (kind or target_kind(target)) == "buyer"
        if language == "en":
            phrase = "hear how you choose suppliers" if buyer else "hear how you see your field"
            return phrase, VERB
        phrase = "saber cómo eliges a tus proveedores" if buyer else "saber cómo ves el sector"
        return (_to_usted(phrase) if register == "usted" else phrase), VERB
    if goal.preset == "event-follow-up":
        text = _FOLLOW_UP.sub("", text) or text
    if language == "en":
        phrase, what = _english(_second_person_en(text, target))
    else:
        phrase, what = _spanish(_second_person_es(text, target, register))
    if what in (TOPIC, THING) and goal.preset:
        phrase, what = _framed(phrase, what, goal.preset, language)
    if language == "es" and register == "usted":
        phrase = re.sub(r"\b(pedir|proponer|preguntar)te\b", r"\1le", phrase)
    return phrase, what


# A subordinate clause: a conjunction followed by a subject, or one that always opens a
# clause ("because", "ya que"). Pasted after "I'd love to…" or a frame ("follow up on
# {}") it reads wrong.
_EN_SUBJECTS = r"(?:i|we|you|they|he|she|it|there|my|our|both\s+of\s+us)"
_CLAUSE = re.compile(
    r"(?:^|\s|,)(?:(?:after|since|as|when|while|before|once|until|now\s+that|so\s+that|so)\s+"
    + _EN_SUBJECTS
    + r"\b|(?:because|cause|given\s+that|seeing\s+as)\b|"
    r"(?:después\s+de\s+que|antes\s+de\s+que|ya\s+que|porque|puesto\s+que|dado\s+que|"
    r"desde\s+que|visto\s+que|como\s+(?:yo|nosotros|nosotras)|cuando\s+(?:yo|nosotros|nosotras)|"
    r"pues)\b)",
    re.IGNORECASE,
)
# What is left of a goal whose clause went, when it says nothing on its own.
_EMPTY_MAIN = re.compile(
    r"^(?:(?:follow(?:ing)?[- ]up|reach(?:ing)?\s+out|write|writing|get\s+in\s+touch|"
    r"connect|reconnect|say\s+hi|say\s+hello|hacer\s+(?:un\s+)?seguimiento|seguimiento|"
    r"escribirte|escribir|contactar(?:te)?|conectar|saludar(?:te)?|retomar\s+el\s+contacto)"
    r"(?:\s+(?:on|after|about|from|with|you|again|de|del|tras|contigo|sobre|\w+))?)?$",
    re.IGNORECASE,
)


# "after we (both) met at / attended X" names an event: said as "after the X".
_EN_MET = re.compile(
    r"\b(after|since|from)\s+(?:we|i)\s+(?:both\s+)?(?:met|attended|went\s+to|were|spoke|"
    r"chatted|talked)\s+(?:at\s+|to\s+)?(?:(?:an?|the)\s+)?(?=\S)",
    re.IGNORECASE,
)
_ES_MET = re.compile(
    r"\b(después\s+de|tras|desde)(?:\s+que)?\s+(?:nos\s+)?(?:coincidimos|conocimos|vimos|"
    r"estuvimos|hablamos)(?:\s+los\s+dos)?\s+en\s+(?=(?:el|la|los|las)\s)",
    re.IGNORECASE,
)


def _event_clause(text: str) -> str:
    """ "keep in touch after we met at PyData" -> "keep in touch after PyData";
    "seguimiento después de que coincidimos en la feria" -> "… después de la feria"."""

    def english(match: re.Match[str]) -> str:
        rest = text[match.end() :]
        the = "" if rest[:1].isupper() and not rest.split(" ", 1)[0].isupper() else "the "
        return f"{match.group(1)} {the}"

    text = _EN_MET.sub(english, text, count=1)
    return _ES_MET.sub(lambda m: "después de " if m.group(1).lower() != "desde" else "desde ",
                       text, count=1)  # fmt: skip


def _says_nothing(text: str) -> bool:
    return len(text.split()) < 2 or bool(_EMPTY_MAIN.match(text))


def goal_clause_dropped(text: str) -> bool:
    """Whether the goal's words lost a subordinate clause on the way into the note."""
    return bool(text) and _CLAUSE.search(_event_clause(_tidy(text))) is not None


def goal_remark(language: str) -> str:
    """What the verdict line says when the goal's words were left out of the note."""
    if language == "es":
        return "goal left out: it could not be rephrased safely, the note gives its own reason"
    return "goal left out: it could not be rephrased safely, the note gives its own reason"


# "coincidimos en el DES: quiero saber más de…": where they met is the hook's to say
# (the event), what the sender wants is the goal.
_SHARED_PAST = re.compile(
    r"^(?:coincidimos|nos\s+conocimos|nos\s+vimos|hablamos|charlamos|estuvimos|"
    r"we\s+met|we\s+chatted|we\s+spoke|we\s+talked|met\s+(?:her|him|them)\b)[^:;]*[:;]\s*(?P<rest>\S.*)$",
    re.IGNORECASE,
)


def _without_shared_past(text: str) -> str:
    match = _SHARED_PAST.match(text)
    return _tidy(match.group("rest")) if match else text


_MEET = re.compile(
    r"^(?:meet|talk\s+(?:to|with)|speak\s+(?:to|with)|connect\s+with|reach|get\s+in\s+touch\s+"
    r"with|conocer\s+a|hablar\s+con|contactar\s+con|conectar\s+con|llegar\s+a)\s+(?P<who>.+)$",
    re.IGNORECASE,
)


def _their_own_kind(text: str, target: Profile) -> bool:
    """A goal to meet a kind of people ("meet ops and procurement leaders at 3PLs",
    "conocer a directores de compras") when the target is one of them: said to them, it
    reads as if they were a step to someone else."""
    match = _MEET.match(text)
    if match is None:
        return False
    role = target.current_role
    theirs = " ".join((role.title if role else "", target.headline.split("|")[0]))
    stems = {w.casefold()[:4] for w in re.findall(r"[^\W\d_]{4,}", theirs)}
    who = [w.casefold() for w in re.findall(r"[^\W\d_]{4,}", match.group("who"))]
    people = [w for w in who if w.rstrip("s") in _ALL_TITLE_HEADS or w[:-2] in _ALL_TITLE_HEADS]
    return bool(people) and any(w[:4] in stems for w in who)


_FOLLOW_UP = re.compile(
    r"^(?:follow(?:ing)?[- ]up|seguimiento)\s+(?:on|after|about|from|de|del|tras)\s+", re.I
)
_THEM_FIRST = re.compile(r"^(?:she|he|they|él|ella|ellos|ellas)\b", re.I)


def _about_them(text: str, language: str) -> bool:
    """A goal that tells the tool about the target in the third person ("she gave the
    KubeCon talk; I asked her about conntrack"): context, not words for the note."""
    return bool(_THEM_FIRST.match(text)) or (";" in text and language == "en")


def _meta(text: str, language: str) -> bool:
    """A goal that describes the user's task ("write to a hiring manager", "escribir a
    una reclutadora") rather than what they want from this person."""
    first = text.split(" ", 1)[0].casefold()
    if language == "es" and re.match(r"^presentarme\s+(?:con|a)\b", text, re.I):
        return True  # "presentarme con gerentes de compras": whom to write to
    return first in drafting_words(language, "meta-verbs")


_EN_SELF = re.compile(
    r"^(?:i'?m|i’m|i\s+am)\s+(?:an?\s+)?(?P<who>[^,.;]+?)\s*(?:,\s*|\s+and\s+|\s+who\s+(?:is|am)\s+|\s+)"
    r"(?P<rest>(?:looking|hoping|trying|seeking|keen|interested|wanting|exploring|open)\b.*)$",
    re.IGNORECASE,
)
# "I sell warehouse robotics and want to meet…", "I'm an account exec at X and I want to…"
_EN_SELF_AND = re.compile(
    r"^(?:i\s+(?:sell|work|run|lead|manage|build|do|make)|i'?m|i’m|i\s+am)\s+[^,.;]+?"
    r"\s+and\s+(?:i\s+)?(?P<rest>(?:want|would\s+like|'d\s+like|hope|need|plan)\s+to\b.*)$",
    re.IGNORECASE,
)
_ES_SELF = re.compile(
    r"^(?:soy|vendo|trabajo\s+en|llevo|represento|dirijo)\s+(?P<who>[^,.;]+?)\s*(?:,\s*|\s+y\s+)(?P<rest>(?:quiero|quisiera|busco|me\s+gustar[ií]a|"
    r"me\s+encantar[ií]a|estoy)\b.*)$",
    re.IGNORECASE,
)
_SENTENCES = re.compile(r"(?<=[.!?])\s+")


def _drop_self_intro(text: str, sender: Profile, language: str) -> str:
    """The goal without what the introduction already says about the sender: "I'm a
    backend engineer looking for a job" -> "I'm looking for a job"; "Soy comercial y
    quiero conocer a directores de compras" -> "quiero conocer a directores de compras";
    a sentence that only introduces ("I'm Nadia.", "Soy comercial.") goes."""
    kept: list[str] = []
    for sentence in _SENTENCES.split(text):
        sentence = _tidy(sentence)
        if language == "en":
            match = _EN_SELF.match(sentence)
            also = _EN_SELF_AND.match(sentence)
            if match:
                sentence = "I'm " + match.group("rest")
            elif also:
                sentence = "I " + also.group("rest")
            elif (
                re.match(r"^(?:i'?m|i’m|i\s+am|my\s+name\s+is)\s+[^,]*$", sentence, re.I)
                and len(sentence.split()) <= 6
                and not re.search(
                    r"\b(?:and|looking|hoping|hiring|trying|seeking|keen|"
                    r"interested|organi[sz]ing|graduating|moving)\b",
                    sentence,
                    re.I,
                )
            ):
                continue  # "I'm Nadia", "I'm a backend engineer": the intro says it
        else:
            match = _ES_SELF.match(sentence)
            if match:
                rest = match.group("rest")
                sentence = rest[:1].lower() + rest[1:]
            elif re.match(r"^(?:soy|me\s+llamo)\s+[^,]*$", sentence, re.I):
                continue
        if sentence:
            kept.append(sentence)
    return " ".join(kept).strip()


def _framed(phrase: str, what: str, preset: str, language: str) -> tuple[str, str]:
    """A noun phrase said in the terms of its preset: the preset sets the kind of goal,
    the words say what exactly."""
    frames = {
        "en": {
            "job-search": ("I'm looking for {}", STATEMENT),
            "hiring": ("I'm hiring for {}", STATEMENT),
            "partnership": ("explore working together on {}", VERB),
            "event-follow-up": ("follow up on {}", VERB),
        },
        "es": {
            "job-search": ("Busco {}", STATEMENT),
            "hiring": ("Busco {} para mi equipo", STATEMENT),
            "partnership": ("explorar cómo colaborar en {}", VERB),
        },
    }
    frame = frames.get(language, {}).get(preset)
    if frame is None:
        return phrase, what
    words = phrase.lower().split()
    if preset == "hiring" and language == "en" and words[0] in ("a", "an"):
        return f"I'm hiring {phrase}", STATEMENT
    if preset == "hiring" and language == "es" and words[0] in _ES_OPENINGS:
        return f"Tenemos {phrase}", STATEMENT  # "prácticas de ingeniería para 2027"
    if preset == "partnership" and words[0] in ("colaboración", "alianza"):
        return f"proponerte una {phrase}", VERB
    if preset == "partnership" and language == "en" and any(w in _EN_JOINT for w in words[:3]):
        return f"explore {_article(phrase)} {phrase}", VERB  # "a research collaboration on…"
    if preset == "job-search" and language == "en":
        phrase = _with_article(phrase)
    return frame[0].format(phrase), frame[1]


_ES_OPENINGS = frozenset(("prácticas", "plazas", "vacantes", "puestos", "becas"))
_EN_JOINT = frozenset(("collaboration", "partnership", "webinar", "pilot", "project", "study"))
_EN_ROLE_NOUNS = ("role", "job", "position", "internship", "opportunity", "post", "placement")


def _with_article(phrase: str) -> str:
    """ "remote senior UX research role at Atlassian" -> "a remote senior…";
    "first CFO role" -> "my first CFO role"; plurals and determiners as they are."""
    words = phrase.split()
    if words[0].lower() in _EN_DETERMINERS:
        return phrase
    head = next((i for i, w in enumerate(words) if w.lower().rstrip(",") in _EN_ROLE_NOUNS), None)
    if head is None:
        return phrase
    after = words[head + 1].lower() if head + 1 < len(words) else ""
    if after and not words[head].endswith(",") and after not in ("at", "in", "with", "for", "on"):
        return phrase  # "job opportunities at Stripe": the head is a plural
    if words[0].lower() in ("first", "next"):
        return "my " + phrase
    return f"{_article(phrase)} {phrase}"


_KINDS = ("student", "recruiter", "buyer", "founder", "manager")


def target_kind(target: Profile) -> str:
    """Who the target is, for the words a preset uses: "recruiter", "student",
    "founder", "buyer", "manager" (hiring managers, heads, leads) or "peer"."""
    role = target.current_role
    text = " ".join((role.title if role else "", target.headline)).casefold()
    words = set(re.findall(r"[^\W\d_]+", text))
    for kind in _KINDS:
        stems = drafting_words("", f"kind-{kind}")
        if any(w.startswith(stem) for w in words for stem in stems if len(stem) > 3) or (
            words & stems
        ):
            return kind
    return "peer"


def _tidy(text: str) -> str:
    """One line, without the quotes around it or punctuation of its own: the template
    ends the sentence, and an opening "¿" or "¡" must not be left without its closing mark."""
    text = " ".join(text.split())
    previous = None
    while text != previous:
        previous = text
        text = text.strip(" ¿¡").rstrip(" .!?;:,…")
        if len(text) > 1 and text[0] in _QUOTES and text[-1] in _QUOTES:
            text = text[1:-1]
        elif text and (text.count('"') == 1 or text[0] in "“«" or text[-1] in "”»"):
            text = text.strip(_QUOTES)  # one stray quote at either end
    return text


def _english(text: str) -> tuple[str, str]:
    first_person = _EN_FIRST_PERSON.match(text)
    if first_person:
        return _sentence_case(text), STATEMENT
    first, _, rest = text.partition(" ")
    low = first.lower()
    second = rest.partition(" ")[0].lower()
    if low == "find":  # "find a part-time bookkeeper": the sender is looking for one
        return "I'm looking for " + rest, STATEMENT
    if low in _EN_HIRE:  # "I'd love to hire a data engineer" reads as if it were the reader
        return "I'm looking to " + _lower_first(text), STATEMENT
    if low in ("advice", "feedback", "guidance", "tips") and second in ("on", "about", "for"):
        return "get your " + _lower_first(text), VERB  # "advice on moving into…"
    if re.match(r"^we\s+\w+ed\b", text, re.I):
        return _sentence_case(text), STATEMENT  # "we chatted at Dreamforce about…"
    if low in _EN_VERBS:
        return _lower_first(text), VERB
    if low in _EN_QUESTION or low.startswith(("what's", "how's", "who's")):
        if low.endswith("'s") or second in _EN_AUX:
            return _sentence_case(text), QUESTION  # "how did you move…?": asked as is
        return "hear " + _lower_first(text), VERB
    if low.endswith("ing") and len(low) > 4 and not _acronym(first) and second in _EN_AFTER_GERUND:
        return "I'm " + _lower_first(text), STATEMENT
    if low in _EN_DETERMINERS or low.endswith(_EN_NOUN_ENDINGS):
        text = _lower_first(text)  # "Hiring practices", not "Kubernetes migrations"
    return text, _noun_kind(text)


def _spanish(text: str) -> tuple[str, str]:
    low = text.lower()
    first = low.partition(" ")[0]
    if first in _ES_HIRE:
        return "Estoy buscando " + _lower_first(text), STATEMENT
    if first in ("consejo", "consejos", "opinión", "feedback") and low.split(" ")[1:2] in (
        ["sobre"],
        ["para"],
        ["de"],
    ):
        return "pedirte " + _lower_first(text), VERB  # "consejo sobre…"
    if _ES_INFINITIVE.match(first) and not _acronym(text.partition(" ")[0]):
        return _lower_first(text), VERB
    if any(low == q or low.startswith(q + " ") for q in _ES_QUESTION):
        return "saber " + _lower_first(text), VERB
    if first in _ES_FIRST_PERSON:
        return _sentence_case(text), STATEMENT
    if _ES_GERUND.match(first):
        return "Estoy " + _lower_first(text), STATEMENT
    if first in _ES_DETERMINERS or first.endswith(_ES_NOUN_ENDINGS):
        text = _lower_first(text)
    return text, _noun_kind(text)


def _noun_kind(text: str) -> str:
    """``THING`` for what the sender wants ("a role on your team", "job opportunities at
    Stripe", "consejo sobre..."): one asks about it rather than for a view on it."""
    words = text.lower().split()[:3]
    if words[0] in _NOT_A_VIEW or any(w.strip(",;") in _WANTED for w in words):
        return THING
    return TOPIC


def _lower_first(text: str) -> str:
    """Sentence case for a word written with a capital only because it came first
    ("Learn how..."), not for a name or an acronym ("Kubernetes" is left to the caller)."""
    first = text.partition(" ")[0]
    if first[:1].isupper() and first[1:].islower():
        return first.lower() + text[len(first) :]
    return text


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def goal_language(text: str, sender: Profile | None) -> str | None:
    """The language the goal is written in. A goal is often too short for the word
    counts of ``detect_language`` ("contratar a alguien", "hire a data engineer"); then
    its first words tell, and failing that, the user wrote it in their own language."""
    found = detect_language(text)
    if found is not None:
        return found
    clean = _LEAD_IN.sub("", _tidy(text))
    low = clean.lower()
    first = low.partition(" ")[0]
    if first in _EN_VERBS or first in _EN_QUESTION or _EN_FIRST_PERSON.match(clean):
        return "en"
    if first.endswith("ing") and len(first) > 4:
        return "en"  # "hiring a senior backend engineer"
    if _ES_INFINITIVE.match(first) and _ES_AR_IR.search(first):
        return "es"  # not "-er": English has "order", "offer", "discover"
    if any(low.startswith(q + " ") for q in _ES_QUESTION) or first in _ES_FIRST_PERSON:
        return "es"
    if _ES_GERUND.match(first):
        return "es"
    words = low.split()
    if any(w.endswith(("tion", "tions", "ment", "ments")) for w in words):
        return "en"  # "Kubernetes migrations"
    if any(w.endswith(("ción", "ciones", "miento", "mientos")) for w in words):
        return "es"
    return sender.language if sender is not None and sender.language else None


# --- English: speak to the target --------------------------------------------------------

# Third person -> second person, so "learn how they moved" reads "learn how you moved".
_EN_PRONOUNS = {
    "they": "you", "them": "you", "their": "your", "theirs": "yours",
    "themselves": "yourself", "they're": "you're", "they've": "you've", "they'd": "you'd",
    "he": "you", "she": "you", "him": "you", "his": "your", "himself": "yourself",
    "herself": "yourself", "he's": "you're", "she's": "you're", "he'll": "you'll",
    "she'll": "you'll", "he'd": "you'd", "she'd": "you'd",
}  # fmt: skip
# The verb after a singular subject turned into "you": "how she manages" -> "how you manage".
_EN_AGREE = {"is": "are", "was": "were", "has": "have", "does": "do", "doesn't": "don't",
             "isn't": "aren't", "wasn't": "weren't", "hasn't": "haven't", "goes": "go"}  # fmt: skip
_EN_NOT_VERBS = drafting_words("en", "not-verbs")
# Words after "her" that show it is the object ("ask her about"), not "her team".
_NOT_AFTER_HER = drafting_words("en", "not-after-her")
# Words after which a name is the subject of what follows: "how Priya manages".
_EN_BEFORE_SUBJECT = drafting_words("en", "before-subject")


def _second_person_en(text: str, target: Profile) -> str:
    names = {n.lower() for n in (target.first_name, target.name) if n}
    first = target.first_name

    def to_first(_: re.Match[str]) -> str:  # a function: a name is no replacement template
        return first

    parts = target.name.split()
    if len(parts) > 1 and parts[0].rstrip(".").lower() in ("dr", "dra", "prof", "mr", "mrs", "ms"):
        # "Dr. Adeyemi's view" -> "your view"
        title = parts[0].rstrip(".")
        for form in (f"{title}. {parts[-1]}", f"{title} {parts[-1]}"):
            text = re.sub(rf"\b{re.escape(form)}(?=['’]s\b)", to_first, text, flags=re.I)
    full = target.name.strip()
    if full and full.lower() != target.first_name.lower():
        # The full name first, so "Priya Shah" becomes one "you", not "you Shah".
        first = target.first_name  # a function: a backslash in a name is not a template
        text = re.sub(rf"\b{re.escape(full)}(?=['’]s\b|\b)", lambda _: first, text, flags=re.I)
    singular = {"he", "she", *names}

    out: list[str] = []
    tokens = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?|[\W\d_]+", text)
    agree_next = False
    previous = ""
    for token in tokens:
        low = token.lower()
        if not token[:1].isalpha():
            out.append(token)
            if token.strip():
                agree_next = False
            continue
        if agree_next:
            agree_next = False
            out.append(_agree(token))
            previous = low
            continue
        if low.endswith(("'s", "’s")) and low[:-2] in names:
            out.append("your")  # "Priya's team", "James's team"
        elif low in names:
            out.append("you")
            agree_next = not previous or previous in _EN_BEFORE_SUBJECT
        else:
            out.append(_EN_PRONOUNS.get(low, token))
            agree_next = low in singular - names
        previous = low
    text = "".join(out)

    # "her" is "your" before a noun ("her team") and "you" elsewhere ("ask her",
    # "ask her about on-call", "thank her for the talk").
    def her(match: re.Match[str]) -> str:
        following = match.group(1)
        if following and following.lower() not in _NOT_AFTER_HER:
            return "your" + match.group(0)[3:]
        return "you" + match.group(0)[3:]

    return re.sub(r"\bher\b(?=(?:\s+([A-Za-z][\w-]*))?)", her, text)


def _agree(word: str) -> str:
    """The form of a present-tense verb after "you": "manages" -> "manage"."""
    low = word.lower()
    if low in _EN_AGREE:
        return _EN_AGREE[low]
    if not word.islower() or low in _EN_NOT_VERBS or not low.endswith("s") or len(low) < 4:
        return word
    if low.endswith(("ss", "us", "is")):
        return word
    if low.endswith("ies"):
        return word[:-3] + "y"
    if low.endswith(("ches", "shes", "sses", "xes", "zzes")):
        return word[:-2]
    return word[:-1]


# --- Spanish: speak to the target --------------------------------------------------------

# Verbs whose third person singular after "cómo", "por qué"... is the target doing
# something: (infinitive, present, preterite, preterite "tú") where they are irregular,
# else regular infinitives. "agent" verbs may also follow "qué" ("qué opina", "qué hizo");
# the others there usually have a thing as subject ("qué pasó", "qué cambió").
_ES_AGENT_REGULAR = """
gestionar liderar organizar montar lanzar escalar contratar dejar formar crear lograr
usar utilizar plantear abordar afrontar superar manejar estructurar priorizar mejorar
motivar negociar preparar presentar opinar valorar ayudar enseñar compaginar equilibrar
combinar implantar implementar desarrollar diseñar buscar llevar tomar fundar aprender
decidir escribir asumir describir compartir definir conseguir elegir escoger construir
hacer pensar encontrar contar probar recomendar resolver mantener dirigir conocer ver
medir trabajar
"""
_ES_MOVE_REGULAR = """
pasar llegar entrar cambiar empezar comenzar acabar terminar aterrizar evolucionar crecer
salir
"""
# Irregular forms: infinitive -> (present, preterite, preterite "tú").
_ES_IRREGULAR = {
    "conseguir": ("consigue", "consiguió", "conseguiste"),
    "elegir": ("elige", "eligió", "elegiste"),
    "construir": ("construye", "construyó", "construiste"),
    "hacer": ("", "hizo", "hiciste"),  # "qué hace falta": the present is left alone
    "pensar": ("piensa", "pensó", "pensaste"),
    "encontrar": ("encuentra", "encontró", "encontraste"),
    "contar": ("cuenta", "contó", "contaste"),
    "probar": ("prueba", "probó", "probaste"),
    "recomendar": ("recomienda", "recomendó", "recomendaste"),
    "resolver": ("resuelve", "resolvió", "resolviste"),
    "mantener": ("mantiene", "mantuvo", "mantuviste"),
    "medir": ("mide", "midió", "mediste"),
    "empezar": ("empieza", "empezó", "empezaste"),
    "comenzar": ("comienza", "comenzó", "comenzaste"),
    "ver": ("ve", "vio", "viste"),
    "dirigir": ("dirige", "dirigió", "dirigiste"),
    "escoger": ("escoge", "escogió", "escogiste"),
    "conocer": ("conoce", "conoció", "conociste"),
    "crecer": ("crece", "creció", "creciste"),
    "salir": ("sale", "salió", "saliste"),
}
# Verbs after "le" whose subject is a thing that happened to the target:
# "qué le llevó a dejar Shopify" -> "qué te llevó a dejar Shopify".
_ES_LE_VERBS = drafting_words("es", "le-verbs")
_ES_PREPOSITIONS = drafting_words("es", "prepositions")


def _conjugations() -> tuple[dict[str, str], dict[str, str]]:
    """Third person singular -> second person, for agent verbs and for the others."""
    tables: list[dict[str, str]] = []
    for words in (_ES_AGENT_REGULAR, _ES_MOVE_REGULAR):
        table: dict[str, str] = {}
        for infinitive in words.split():
            present, preterite, preterite_tu = _ES_IRREGULAR.get(infinitive) or _regular(infinitive)
            if present:
                table[present] = present + "s"
            table[preterite] = preterite_tu
        tables.append(table)
    return tables[0], tables[1]


def _regular(infinitive: str) -> tuple[str, str, str]:
    stem, ending = infinitive[:-2], infinitive[-2:]
    if ending == "ar":
        return stem + "a", stem + "ó", stem + "aste"
    return stem + "e", stem + "ió", stem + "iste"


_ES_AGENT, _ES_MOVE = _conjugations()
_ES_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _second_person_es(text: str, target: Profile, register: str = "tu") -> str:
    """ "aprender cómo pasó a gestión" -> "aprender cómo pasaste a gestión", where it is
    safe: a verb of the lists right after "cómo", "por qué", "qué"..., not followed by a
    noun that could be its subject ("cómo creció el equipo" is left alone)."""
    names = {n.casefold() for n in (target.first_name, target.name) if n}
    words = [(m.group(0), m.start(), m.end()) for m in _ES_WORD.finditer(text)]
    edits: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        asked = _question_at(words, i)
        if not asked:
            i += 1
            continue
        j = i + asked
        subject = None
        full = _name_at(words, j, text, names)
        if full:
            subject, j = (words[j][1], words[j + full - 1][2]), j + full
        elif j < len(words) and words[j][0].lower() in ("él", "ella"):
            subject, j = (words[j][1], words[j][2]), j + 1
        if j >= len(words):
            break
        word, start, end = words[j]
        low = word.lower()
        k = j + 1  # the word after the verb
        named = _name_at(words, k, text, names)
        if named and subject is None:  # "qué opina Lucía de la IA" -> "qué opinas de la IA"
            subject = (words[k][1] - 1, words[k + named - 1][2] - 1)
            k += named
        following = words[k][0] if k < len(words) else ""
        after = words[k + 1][0].lower() if k + 1 < len(words) else ""
        if low == "le" and subject is None and following.lower() in _ES_LE_VERBS:
            edits.append((start, end, "te"))
        elif (
            low == "ha"
            and following.lower().endswith(("ado", "ido"))
            and (words[i][0].lower() != "qué")
        ):
            edits.append((start, end, "has"))
        elif (swap := _verb_to_tu(low, words[i][0].lower(), following, after)) is not None:
            edits.append((start, end, swap))
            if following.lower() in ("su", "sus") and low in _ES_AGENT:
                edits.append((words[k][1], words[k][2], "t" + following[1:]))
        else:
            subject = None
        if subject is not None and edits and edits[-1][0] >= start:
            edits.append((subject[0], subject[1] + 1, ""))  # "cómo Lucía pasó" -> "cómo pasó"
        i = j + 1
    text = _apply(text, edits)
    # "aprender de ella", "hablar con Lucía": you, the reader.
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"\bcon (?:{re.escape(name)})\b", "contigo", text, flags=re.I)
        text = re.sub(rf"\baprender de (?:{re.escape(name)})\b", "aprender de ti", text,
                      flags=re.I)  # fmt: skip
    text = re.sub(r"\bcon (?:él|ella)\b", "contigo", text)
    text = re.sub(r"\baprender de (?:él|ella)\b", "aprender de ti", text)
    return text if register != "usted" else _to_usted(text)


_USTED = {"tu": "su", "tus": "sus", "contigo": "con usted", "ti": "usted", "te": "le"}


def _to_usted(text: str) -> str:
    """The "tú" words of a goal (the user's, or the ones made above) said with "usted"."""
    text = re.sub(r"\b(tu|tus|contigo|ti|te)\b", lambda m: _USTED[m.group(1)], text)
    # the verbs made "tú" above go back to the third person, usted's form
    back = {v: k for k, v in {**_ES_AGENT, **_ES_MOVE}.items()}
    return re.sub(r"[^\W\d_]+", lambda m: back.get(m.group(0), m.group(0)), text)


def _question_at(words: list[tuple[str, int, int]], i: int) -> int:
    """How many words of a question word start at ``words[i]`` ("por qué" is two)."""
    low = words[i][0].lower()
    if low == "por" and i + 1 < len(words) and words[i + 1][0].lower() == "qué":
        return 2
    return 1 if low in ("cómo", "qué", "cuándo", "dónde") else 0


def _name_at(words: list[tuple[str, int, int]], j: int, text: str, names: set[str]) -> int:
    """How many words at ``words[j]`` are the target's name (full name first)."""
    for size in (3, 2, 1):
        if j + size <= len(words):
            span = text[words[j][1] : words[j + size - 1][2]].casefold()
            if span in names:
                return size
    return 0


def _verb_to_tu(word: str, asked: str, following: str, after: str) -> str | None:
    """The "tú" form of ``word`` if it is a listed verb and safe to change here;
    ``following`` and ``after`` are the next two words ("" at the end)."""
    nxt = following.lower()
    if nxt in ("el", "la", "los", "las", "lo"):
        return None  # "cómo cambió el equipo": the team changed, not the reader
    if word in _ES_AGENT and (not following[:1].isupper() or after in ("", *_ES_PREPOSITIONS)):
        return _ES_AGENT[word]  # "por qué eligió Glovo", not "cómo escaló Stripe su..."
    if following[:1].isupper():
        return None  # "cómo creció Stripe": not the reader
    if word in _ES_MOVE and asked != "qué" and (not nxt or nxt in _ES_PREPOSITIONS):
        return _ES_MOVE[word]
    return None


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


# --- job titles in running English --------------------------------------------------------

# Words that make a job title a common noun ("a senior backend engineer"); a title
# made only of these is written in lower case with an article. Other words keep
# their capitals: "an Android developer", "a Salesforce consultant".
_TITLE_WORDS = drafting_words("", "title-words")
# Titles that name one person's post: no article, capitals kept ("CTO at Factorial").
_UNIQUE_FIRST = drafting_words("", "unique-first")
_COMMON_ALONE = drafting_words("", "common-alone")
_VOWEL_ACRONYM = "AEFHILMNORSX"  # letters said with a vowel first: "an SRE", "an ML engineer"


# The head nouns of job titles, in English and Spanish: a headline with none of them
# ("Building things", "Helping founders grow") is not a title to cite as one.
_EN_TITLE_HEADS = drafting_words("en", "title-heads")
_ES_TITLE_HEADS = drafting_words("es", "title-heads")
_TITLE_HEADS = _EN_TITLE_HEADS | _ES_TITLE_HEADS
# With the plural heads: "leaders", "directores", "socios".
_ALL_TITLE_HEADS = _TITLE_HEADS | {"lead", "leader", "director", "socio", "gerente"}


def looks_like_title(text: str) -> bool:
    """Whether a headline reads as a job title: it starts or ends with a title noun or an
    acronym ("Data Scientist", "Head of Product", "Ingeniera de datos", "CTO")."""
    words = re.findall(r"[^\W\d_][\w&+-]*", text)
    if not words:
        return False
    return any(_acronym(w) or w.lower() in _TITLE_HEADS for w in (words[0], words[-1]))


def en_role(title: str, *, company: bool = True) -> tuple[str, bool]:
    """A job title as running English, and whether it took an article.

    "Senior Backend Engineer" -> ("a senior backend engineer", True);
    "CTO", "Head of Product" -> unchanged, False (one person's post, capitals kept).
    Without a company to go with it, a one-word post is a common noun: "Founder" is
    "a founder" ("your work as a founder", not "as Founder").
    """
    title = " ".join(title.split())
    words = title.split()
    if not words:
        return "", False
    if not company and len(words) == 1 and title.lower() in _COMMON_ALONE and _plain(title):
        return f"{_article(title.lower())} {title.lower()}", True
    if words[0].lower().rstrip(",") in _UNIQUE_FIRST or all(_acronym(w) for w in words):
        return title, False
    if re.search(r",|\s[|·–-]\s", title):
        return title, False  # "Engineering Manager, Payments Platform": a post, as written
    if _plain(words[0]) and all(w.islower() for w in words[1:]) and len(words) > 1:
        # sentence case ("Key account manager"): the capital is only the first word's
        words = [words[0].lower(), *words[1:]]
    if words[0].lower() in _ES_TITLE_HEADS - _EN_TITLE_HEADS:
        return title, False  # a Spanish title, as written: "Ingeniera de datos at BBVA"
    lowered = [w.lower() if _common_title_word(w) else w for w in words]
    heads = [i for i, w in enumerate(words) if w.lower() in _EN_TITLE_HEADS]
    if heads and any(w[:1].isupper() for w in lowered[heads[-1] + 1 :]):
        # "Sales Director Nordics", "Product Manager EMEA": a qualifier after the head
        # noun makes it one post's name, written as it is ("a sales director Nordics"
        # reads wrong)
        return title, False
    phrased = " ".join(lowered)
    return f"{_article(phrased)} {phrased}", True


def _common_title_word(word: str) -> bool:
    """A capitalised word of an English title that is a common word ("Engineer", "Civil",
    "Structural"), not a brand or a language ("Android", "Python", "Salesforce")."""
    low = word.lower().rstrip(",;")
    if _acronym(word) or not _plain(word) or low in _PROPER_IN_TITLES:
        return False
    return low in _TITLE_WORDS or low.endswith(_ADJECTIVE_ENDINGS) or low in _field_words()


_PROPER_IN_TITLES = drafting_words("", "proper-in-titles")


def _field_words() -> frozenset[str]:
    """The words of the fields' terms ("civil engineer", "quantity surveyor"): common
    words of a trade, lower case in a sentence."""
    from composer.text.fields import term_words

    return term_words()


# What a parenthesis after a title says: the post is an internship ("(prácticas)"), or
# something a note need not say ("(contract)", "(part-time)"): it goes.
_PAREN = re.compile(r"\s*[(\[]\s*(?P<inside>[^)\]]*)[)\]]\s*")
_INTERN_WORDS = drafting_words("", "intern-words")


def title_parts(title: str) -> tuple[str, bool]:
    """A title without its parenthesis, and whether it was an internship or traineeship:
    "Site Engineer (Internship)" -> ("Site Engineer", True); "Becario de ingeniería" ->
    ("Becario de ingeniería", True); "Senior Data Engineer (Contract)" -> (…, False)."""
    intern = False
    for match in _PAREN.finditer(title):
        if set(re.findall(r"[^\W\d_]+", match.group("inside").casefold())) & _INTERN_WORDS:
            intern = True
    bare = " ".join(_PAREN.sub(" ", title).split())
    if set(re.findall(r"[^\W\d_]+", bare.casefold())) & _INTERN_WORDS:
        intern = True
    return bare, intern


def spanish_title(title: str) -> bool:
    """Whether a title is written in Spanish ("Analista de datos", "Jefa de proyectos"):
    an English note does not cite it as a title."""
    words = [w.casefold() for w in re.findall(r"[^\W\d_]+", title)]
    if not words or any(w in _TITLE_WORDS for w in words if w not in _ES_ONLY_WORDS):
        return False
    spanish = _ES_TITLE_HEADS | drafting_words("es", "title-words")
    return words[0] in spanish or bool(re.search(r"[áéíóúñ]", title)) or "de" in words[1:]


_ES_ONLY_WORDS = frozenset(("de", "y"))


_DEGREE = re.compile(
    r"^(?:(?:b|m)\.?\s?(?:sc|eng|a|res|phil)\.?|mba|ph\.?\s?d\.?|meng|beng|llb|llm|"
    r"(?:bachelor|master)(?:['’]s)?(?:\s+degree)?(?:\s+of\s+(?:science|arts|engineering))?|"
    r"(?:doble\s+)?grado|máster(?:\s+universitario)?|master|licenciatura|diplomatura|"
    r"doctorado)(?:\s*\(hons\))?(?:\s+(?:in|en|de))?\s+",
    re.IGNORECASE,
)


def student_of(sender: Profile | None, language: str) -> tuple[str, bool, str] | None:
    """A student or intern introduced by their studies: ("a civil engineering student",
    True, "Imperial College London") from "MEng Civil Engineering" at Imperial;
    ("estudiante de ingeniería civil", True, …) in Spanish; None without a school."""
    if sender is None:
        return None
    school = next((e for e in sender.education if e.school.strip()), None)
    if school is None:
        return None
    subject = " ".join(_DEGREE.sub("", " ".join(school.degree.split())).split())
    if _DEGREE.match(subject + " ") or re.search(r"[(),|/]", subject) or len(subject) > 40:
        subject = ""  # only a degree's name ("MSc"), or too much to say in a note
    subject = " ".join(w if _acronym(w) or not _plain(w) else w.lower() for w in subject.split())
    if language == "es":
        return ("estudiante de " + subject if subject else "estudiante"), True, school.school
    role = f"{subject} student" if subject else "student"
    return f"{_article(role)} {role}", True, school.school


def es_role(title: str) -> str:
    """A job title in a Spanish sentence: a plain common noun goes in lower case
    ("Abogada laboralista" -> "abogada laboralista", "Directora de Marketing" ->
    "directora de marketing"); anything else keeps its own casing ("Product Manager",
    "CTO", "Head of Growth")."""
    title = " ".join(title.split())
    words = title.split()
    spanish = words and (
        words[0].casefold() in _ES_TITLE_HEADS | drafting_words("es", "title-words")
        or spanish_title(title)
    )
    if not spanish:
        return title
    # Spanish job titles are common nouns ("monitora académica"); brands, languages and
    # acronyms keep their capitals ("desarrolladora Python", "consultora SAP").
    return " ".join(
        w.lower() if _plain(w) and not _acronym(w) and w.lower() not in _PROPER_IN_TITLES else w
        for w in words
    )


# Title words with these endings are common words ("Structural", "Localization"), not
# brands: they go in lower case too.
_ADJECTIVE_ENDINGS = ("al", "ive", "ic", "ical", "ion", "ional", "ure", "ary", "ory", "ent", "ant")


def _acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _plain(word: str) -> bool:
    """Capitalised as a title is ("Engineer"), not as a brand ("DevOps", "iOS")."""
    return word[1:].islower() or not word[1:]


def _article(phrase: str) -> str:
    first = phrase.split(" ", 1)[0]
    if _acronym(first):
        return "an" if first[0] in _VOWEL_ACRONYM else "a"
    low = first.lower()
    if low.startswith(("uni", "use", "usu", "eu", "one")):
        return "a"
    if low.startswith(("hour", "honest", "honor", "honour", "heir")):
        return "an"
    return "an" if low[:1] in "aeiou" else "a"


# --- school names in a sentence --------------------------------------------------------

_EN_THE_SCHOOL = re.compile(r"^(?:university|college|institute|school|academy)\s+of\b", re.I)
_ES_LA_SCHOOL = re.compile(
    r"^(?:universidad|universitat|universidade|escuela|escola|facultad|clínica|fundación|"
    r"asociación|cámara|consejería|dirección)\b",
    re.I,
)
_ES_EL_SCHOOL = re.compile(
    r"^(?:instituto|institut|colegio|centro|hospital|museo|ayuntamiento|ministerio|"
    r"consejo|servicio)\b",
    re.I,
)


def school_name(name: str, language: str) -> str:
    """A school's name as it goes after "at"/"en": "the University of Waterloo",
    "la Universidad Politécnica de Madrid"; "McGill University", "IE Business School"
    and "ESADE" take no article."""
    if re.match(r"^(?:the|la|el)\s", name, re.I):
        return name
    if language == "en" and _EN_THE_SCHOOL.match(name):
        return "the " + name
    if language == "es" and _ES_LA_SCHOOL.match(name):
        return "la " + name
    if language == "es" and _ES_EL_SCHOOL.match(name):
        return "el " + name
    return name
