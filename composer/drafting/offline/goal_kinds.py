"""What kind of words a goal is, and what language it is written in.

``english_kind`` and ``spanish_kind`` read a goal (already said to the target) by its
first words: a verb phrase to put after "I'd love to" ("learn how you moved"), a
sentence of the sender's own ("I'm hiring a data engineer": hiring goals are said as
one), a sentence about a past the two share, a question, a topic one can have a view on
or a thing one asks for. ``goal_language`` tells the language of a goal too short for
``detect_language``. ``composer.drafting.offline.goals`` puts them together.
"""

from __future__ import annotations

import re

from composer.core.profile import Profile
from composer.drafting.offline.titles import acronym, article
from composer.text.language import detect_language
from composer.text.lexicon import drafting_words

# What the goal's words are, for the templates: "verb" (an infinitive phrase: "learn
# how you moved"), "statement" (a whole first-person sentence: "I'm hiring a data
# engineer"), "topic" (a noun phrase one can have a view on: "Kubernetes migrations") or
# "thing" (a noun phrase one cannot: "a role on your team").
VERB, STATEMENT, TOPIC, THING = "verb", "statement", "topic", "thing"
# A direct question to the target, kept as one ("how did you move into product?").
QUESTION = "question"
# A sentence about a past the two share ("We met at SXSW Sydney", "Vi tu charla en la
# Commit Conf"): said as it is, followed by why stay in touch.
MET = "met"

LEAD_IN = re.compile(
    r"^(?:i\s+want\s+to|i'?d\s+like\s+to|i\s+would\s+like\s+to|i'?d\s+love\s+to|i\s+hope\s+to|"
    r"want\s+to|would\s+like\s+to|to|quiero|quisiera|me\s+gustar[ií]a|me\s+encantar[ií]a|para)\s+",
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
_ES_HIRE = frozenset(
    ("contratar", "fichar", "incorporar", "reclutar", "cubrir", "encontrar", "captar", "buscar")
)
_EN_QUESTION = drafting_words("en", "question-words")
# Words after a gerund that make it an action ("hiring a data engineer", "moving into
# management") rather than a noun ("hiring practices", "engineering management").
_EN_AFTER_GERUND = drafting_words("en", "after-gerund")
_EN_FIRST_PERSON = re.compile(r"^(?:i'm|i’m|i\s+am|we're|we’re|we\s+are)\s+", re.IGNORECASE)
EN_DETERMINERS = drafting_words("en", "determiners")
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


def tidy_line(text: str) -> str:
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


def english_kind(text: str) -> tuple[str, str]:
    first_person = _EN_FIRST_PERSON.match(text)
    if first_person:
        return _sentence_case(text), STATEMENT
    first, _, rest = text.partition(" ")
    low = first.lower()
    second = rest.partition(" ")[0].lower()
    clause = _en_clause(text)
    if clause:
        return clause
    if low in ("find", "source"):  # "find a Rails contractor": the sender is looking for one
        return "I'm looking for " + rest, STATEMENT
    if low in _EN_HIRE:  # "I'd love to hire a data engineer" reads as if it were the reader
        return _en_hiring(text), STATEMENT
    if low in ("advice", "feedback", "guidance", "tips") and second in ("on", "about", "for"):
        return "get your " + _lower_first(text), VERB  # "advice on moving into…"
    if low in _EN_VERBS:
        return _lower_first(text), VERB
    if low in _EN_QUESTION or low.startswith(("what's", "how's", "who's")):
        if low.endswith("'s") or second in _EN_AUX:
            return _sentence_case(text), QUESTION  # "how did you move…?": asked as is
        return "hear " + _lower_first(text), VERB
    if low.endswith("ing") and len(low) > 4 and not acronym(first) and second in _EN_AFTER_GERUND:
        return "I'm " + _lower_first(text), STATEMENT
    if low in EN_DETERMINERS or low.endswith(_EN_NOUN_ENDINGS):
        text = _lower_first(text)  # "Hiring practices", not "Kubernetes migrations"
    return text, _noun_kind(text)


def spanish_kind(text: str) -> tuple[str, str]:
    low = text.lower()
    first = low.partition(" ")[0]
    clause = _es_clause(text)
    if clause:
        return clause
    if first in _ES_HIRE:
        return _es_hiring(text), STATEMENT
    if first in ("consejo", "consejos", "opinión", "feedback") and low.split(" ")[1:2] in (
        ["sobre"],
        ["para"],
        ["de"],
    ):
        return "pedirte " + _lower_first(text), VERB  # "consejo sobre…"
    if _ES_INFINITIVE.match(first) and not acronym(text.partition(" ")[0]):
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


# A goal that is a clause, not a noun phrase: slotted after "about"/"sobre" it reads
# "your view on we met at X". Said as a sentence of its own instead.
_EN_MET_CLAUSE = re.compile(
    r"^(?:we\s+(?:both\s+)?(?:met|chatted|spoke|talked|were\s+both|sat)|i\s+(?:met\s+you|saw\s+(?:you|your)|"
    r"heard\s+(?:you|your)|attended\s+your|listened\s+to\s+your|enjoyed\s+your))\b",
    re.IGNORECASE,
)
_EN_SUBJECT = re.compile(r"^(?:i|we|you)\s+[^\W\d_]", re.IGNORECASE)
# "Ana Ruiz told me you were building…": a name, then what they said or did.
_EN_NAME_SAID = re.compile(
    r"^(?:[A-Z][\w'’-]+\s+){1,3}(?:told|said|suggested|mentioned|recommended|introduced|"
    r"referred|thought|pointed|asked|gave|put)\b"
)


def _en_clause(text: str) -> tuple[str, str] | None:
    if _EN_MET_CLAUSE.match(text):
        return _sentence_case(text), MET
    if _EN_SUBJECT.match(text) or _EN_NAME_SAID.match(text):
        return _sentence_case(text), STATEMENT
    return None


_ES_MET_CLAUSE = re.compile(
    r"^(?:nos\s+(?:conocimos|vimos|presentaron|cruzamos)|coincidimos|coincidí|hablamos|"
    r"charlamos|estuvimos|vi\s+(?:tu|su)|escuché\s+(?:tu|su)|leí\s+(?:tu|su)|asistí\s+a\s+(?:tu|su))\b",
    re.IGNORECASE,
)
# "me habló de ti Ana", "Ana me habló de ti": someone sent the sender.
_ES_TOLD = re.compile(
    r"^(?P<clitic>me|nos)\s+(?P<verb>[^\W\d_]+)\s+(?P<of>de\s+(?:ti|usted))\s+"
    r"(?P<name>[A-ZÁÉÍÓÚÑ][\w-]+(?:\s+[A-ZÁÉÍÓÚÑ][\w-]+){0,2})$"
)
_ES_NAME_SAID = re.compile(r"^(?:[A-ZÁÉÍÓÚÑ][\w-]+\s+){1,3}(?:me|nos|te|le)\s+[^\W\d_]+")
_ES_CLITIC_VERB = re.compile(r"^(?:me|nos)\s+[^\W\d_]+(?:ó|aron|ieron|a|an|e|en)\b", re.IGNORECASE)


def _es_clause(text: str) -> tuple[str, str] | None:
    if _ES_MET_CLAUSE.match(text):
        return _sentence_case(text), MET
    told = _ES_TOLD.match(text)
    if told:
        said = f"{told['name']} {told['clitic'].lower()} {told['verb']} {told['of']}"
        return said, STATEMENT
    if _ES_NAME_SAID.match(text) or _ES_CLITIC_VERB.match(text):
        return _sentence_case(text), STATEMENT
    return None


_EN_OPENING = re.compile(
    r"^(?:fill|staff)\s+(?:(?:a|an|the|our|my|this)\s+)?(?P<what>.+?)\s+"
    r"(?:role|position|vacancy|post|opening|job|seat|spot)(?P<rest>\s.*)?$",
    re.IGNORECASE,
)


def _en_hiring(text: str) -> str:
    """ "fill a Head of Data role in Valencia" -> "I'm hiring a Head of Data in Valencia";
    "hire a data engineer" -> "I'm looking to hire a data engineer"."""
    opening = _EN_OPENING.match(text)
    if opening:
        what = opening["what"]
        return f"I'm hiring {article(what)} {what}{opening['rest'] or ''}"
    return "I'm looking to " + _lower_first(text)


_ES_OPENING = re.compile(
    r"^cubrir\s+(?P<det>(?:un|una|el|la|esta|este)\s+)?(?P<what>(?:puesto|vacante|plaza|posición)\b.*)$",
    re.IGNORECASE,
)


def _es_hiring(text: str) -> str:
    """ "cubrir un puesto de Head of Data" -> "Estoy buscando a alguien para un puesto de
    Head of Data"; "contratar a un jefe de obra" -> "Estoy buscando contratar a…"."""
    opening = _ES_OPENING.match(text)
    if opening:
        what = opening["what"]
        det = "una" if what.lower().startswith(("vacante", "plaza", "posición")) else "un"
        return f"Estoy buscando a alguien para {det} {what}"
    verb, _, rest = text.partition(" ")
    if verb.lower() in ("encontrar", "buscar", "captar") and rest:
        return "Estoy buscando " + rest  # "encontrar un fontanero": the sender looks for one
    return "Estoy buscando " + _lower_first(text)  # "contratar a un jefe de obra"


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
    clean = LEAD_IN.sub("", tidy_line(text))
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
