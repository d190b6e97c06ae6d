"""The goal's words said to the target: third person turned into second person.

"learn how she moved" -> "learn how you moved" in English; "aprender cómo pasó" ->
"aprender cómo pasaste" in Spanish, in "tú" or "usted". Conservative on purpose: a wrong
conjugation reads worse than none, so whatever is not recognised is kept as written.
"""

from __future__ import annotations

import re

from composer.core.profile import Profile
from composer.text.lexicon import drafting_words

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


def second_person_en(text: str, target: Profile) -> str:
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


def second_person_es(text: str, target: Profile, register: str = "tu") -> str:
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
    return text if register != "usted" else to_usted(text)


_USTED = {"tu": "su", "tus": "sus", "contigo": "con usted", "ti": "usted", "te": "le",
          "tú": "usted", "tuya": "suya", "tuyo": "suyo"}  # fmt: skip


def to_usted(text: str) -> str:
    """The "tú" words of a goal (the user's, or the ones made above) said with "usted"."""
    text = re.sub(r"\b(tu|tus|contigo|ti|te|tú|tuya|tuyo)\b", lambda m: _USTED[m.group(1)], text)
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
