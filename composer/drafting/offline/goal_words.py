"""The user's goal as a person would have typed it carefully, and said around this target.

``tidy_goal`` repairs what users type in a hurry and a note must not repeat: text-speak
("looking 4 new opportunities"), a goal in capitals ("DATA ANALYST ROLES IN LONDON"), the
names of the profiles in lower case ("at flipkart", "en madrid") and a Spanish "como"
that asks ("consejo sobre como entrar" -> "sobre cómo entrar").

``around_target`` says a goal that names a kind of company in terms of this target: "a job
at a fintech" said to someone at Monzo reads as if the sender had not looked, so it
becomes "a job at a fintech like Monzo"; said to the company's own page, "partner with a
data consultancy" becomes "partner with you"; and "hire engineers for a startup" from a
founder is "for our startup". Only when the target's profile shows they are of that kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from composer.core.profile import Profile
from composer.drafting.offline.titles import article
from composer.text.lexicon import drafting_words

# --- typed in a hurry ------------------------------------------------------------------

# Text-speak: "4" and "2" only after the words that take "for" and "to", never a count
# ("hire 4 engineers").
_EN_FOR = re.compile(
    r"\b(looking|searching|hunting|open|ready|available|thanks|reaching\s+out|here)\s+4\b", re.I
)
_EN_TO = re.compile(r"\b(want|wanna|going|like|love|hope|hoping|need|trying|plan|planning)\s+2\b",
                    re.I)  # fmt: skip
_EN_SHORT = {
    "wanna": "want to", "gonna": "going to", "u": "you", "ur": "your", "pls": "please",
    "plz": "please", "thx": "thanks", "opps": "opportunities", "oppty": "opportunity",
    "w/": "with", "abt": "about", "b/c": "because", "bc": "because",
}  # fmt: skip
_EN_SHORT_WORD = re.compile(
    r"(?<![\w/])(" + "|".join(re.escape(k) for k in _EN_SHORT) + r")(?![\w/])", re.I
)
# A Spanish "como" that asks, written without its accent: before an infinitive or "se".
_ES_COMO = re.compile(
    r"(^|\b(?:sobre|saber|aprender|ver|entender|explicarme|contarme|preguntarte|preguntarle|"
    r"de|en)\s+)como(?=\s+(?:se\s|[^\W\d_]+(?:ar|er|ir)(?:me|te|se|lo|la|le)?\b))",
    re.I,
)
_WORD = re.compile(r"[^\W\d_][\w&'’.-]*")
_ACRONYMS = drafting_words("", "acronyms")


def tidy_goal(text: str, language: str, profiles: tuple[Profile | None, ...]) -> str:
    """``text`` with text-speak, capitals and unaccented question words repaired, and the
    profiles' proper names given their capitals."""
    if language == "en":
        text = _EN_FOR.sub(lambda m: m.group(1) + " for", text)
        text = _EN_TO.sub(lambda m: m.group(1) + " to", text)
        text = _EN_SHORT_WORD.sub(lambda m: _EN_SHORT[m.group(1).lower()], text)
    else:
        text = _ES_COMO.sub(lambda m: m.group(1) + ("Cómo" if m.group(0)[:1] == "C" else "cómo"),
                            text)  # fmt: skip
    words = _WORD.findall(text)
    upper = [w for w in words if len(w) > 1 and w.isupper()]
    if len(words) >= 2 and len(upper) >= 0.7 * len([w for w in words if len(w) > 1]):
        # ALL CAPS: every word in lower case, acronyms aside; names get theirs back below
        text = _WORD.sub(
            lambda m: m.group(0) if m.group(0).casefold() in _ACRONYMS else m.group(0).lower(),
            text,
        )
    text = _TYPO_WORD.sub(lambda m: _keep_case(m.group(0), _TYPOS[m.group(0).lower()]), text)
    text = _SPELLED.sub(lambda m: m.group(0).upper(), text)
    if language == "en":
        text = _EN_ROLE_NO_ARTICLE.sub(
            lambda m: f"{m.group(1)} {article(m.group(2))} {m.group(2)}", text
        )
    return _proper_names(text, profiles)


# Misspellings common enough in goals to repair ("product mangement"), as "wrong=right".
_TYPOS = dict(pair.split("=", 1) for pair in drafting_words("", "typos") if "=" in pair)
_TYPO_WORD = re.compile(r"\b(" + "|".join(map(re.escape, _TYPOS)) + r")\b", re.I)
# Acronyms typed in lower case that are no word of either language ("sde2", "nlp").
_SPELLED = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, drafting_words("", "acronyms-spelled")))) + r")\b"
)
# "a referral for SDE2 role": a singular role without its article.
_EN_ROLE_NO_ARTICLE = re.compile(
    r"\b(for|as|into)\s+(?!(?:a|an|the|my|our|your|this|that|any|new|some)\b)"
    r"((?:[\w-]+\s+){0,3}?(?:role|position|job|internship|opening))\b(?!s)",
    re.I,
)


def _keep_case(word: str, right: str) -> str:
    return right[:1].upper() + right[1:] if word[:1].isupper() else right


def _proper_names(text: str, profiles: tuple[Profile | None, ...]) -> str:
    """ "at flipkart" -> "at Flipkart", "en madrid" -> "en Madrid": the names of the
    profiles' employers, schools, groups and places, where the goal wrote them in lower
    case. Whole names only, so a common word is never capitalised by a name holding it."""
    names: set[str] = set()
    for profile in profiles:
        if profile is None:
            continue
        names.update(e.company for e in profile.experience)
        names.update(e.school for e in profile.education)
        names.update(profile.groups)
        names.update(p.strip() for p in profile.location.split(","))
    for name in sorted((n for n in names if n and len(n) > 2), key=len, reverse=True):
        if name.islower() or not name[:1].isupper():
            continue
        pattern = re.compile(rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])")
        text = pattern.sub(_literal(name), text)
    return text


# --- a kind of company, said around the target -----------------------------------------

# "a fintech", "a food manufacturer", "food manufacturers", "una fintech", "empresas de
# alimentación": the kind (its last noun) and the words before it.
_EN_FUNC = r"(?:an?|at|for|with|in|on|to|the|of|and|or|my|our|your|job|jobs|role|roles|work)"
_EN_KIND = re.compile(
    r"\b(?P<det>an?\s+)?(?P<mod>(?:(?!" + _EN_FUNC + r"\b)[\w-]+\s+){0,2}?)(?P<noun>fintechs?|"
    r"insurtechs?|edtechs?|healthtechs?|proptechs?|banks?|insurers?|consultancy|consultancies|"
    r"agency|agencies|manufacturers?|retailers?|brands?|companies|company|firms?|"
    r"startups?|scale-?ups?)\b",
    re.I,
)
_ES_FUNC = r"(?:de|del|la|el|los|las|y|o|en|con|para|por|que|a|al|como|me|mi|se|su|tu|sus|tus)"
_ES_KIND = re.compile(
    r"\b(?P<det>(?:una?|unas|unos)\s+)?(?P<noun>fintechs?|insurtechs?|startups?|bancos?|"
    r"aseguradoras?|consultoras?|agencias?|empresas?|compañías?|firmas?|bodegas?|"
    r"despachos?|constructoras?|farmacéuticas?|cadenas?)(?P<mod>(?:\s+(?:de|del)\s+(?!"
    + _ES_FUNC
    + r"\b)[\w-]+)?(?:\s+(?!"
    + _ES_FUNC
    + r"\b)[\w-]+)?)\b",
    re.I,
)
# "gente del sector vitivinícola": people of the target's own sector, said to one of them.
_ES_PEOPLE_OF = re.compile(
    r"\b(?:gente|profesionales|personas|expertos|contactos)\s+del\s+sector(?:\s+[\w-]+)?", re.I
)
_EN_PEOPLE_OF = re.compile(r"\b(?:people|professionals|folks|experts)\s+in\s+(?:the\s+)?[\w-]+"
                           r"(?:\s+(?:industry|sector|space|world))", re.I)  # fmt: skip
# Kinds that say nothing checkable about a company: a "startup" is no field.
_UNCHECKABLE = ("startup", "scale-up", "scaleup", "company", "companies", "firm", "empresa",
                "compañía", "firma", "cadena")  # fmt: skip
# A sender who hires for others: "for a startup" may well be a client.
_SENDER_HIRES_FOR_OTHERS = drafting_words("", "kind-recruiter")


def around_target(
    text: str,
    language: str,
    target: Profile,
    sender: Profile | None,
    *,
    company_page: bool = False,
    preset: str | None = None,
) -> str:
    """``text`` with a kind of company it names said around ``target`` (see the module)."""
    role = target.current_role
    their = role.company if role and role.company else ""
    kind_re = _EN_KIND if language == "en" else _ES_KIND
    profile_words = _stems(_profile_text(target))
    done = False

    def one(match: re.Match[str]) -> str:
        nonlocal done
        if done:
            return match.group(0)
        noun = match.group("noun").lower()
        mod = (match.group("mod") or "").strip()
        det = match.group("det") or ""
        whole = match.group(0)
        singular = noun.rstrip("s") if not noun.endswith("ss") else noun
        if preset == "hiring" and det and _hires_for_us(text, match, language, sender):
            done = True
            return _ours(det, whole, language)
        before = text[: match.start()].rstrip().lower().rsplit(" ", 1)[-1]
        if (not det and singular == noun) or before in _OWNED:
            return whole  # "your agency", "su despacho": a company already named as one
        if not _is_theirs(singular, mod, profile_words, language):
            return whole
        done = True
        if company_page:
            return _to_them(det, whole, text[: match.start()], language)
        if not their or their.casefold() in whole.casefold():
            return whole
        # "like yours", not "like Monzo": the hook has usually named the company already
        if language == "en":
            return whole + " like yours"
        return whole + (" como el tuyo" if singular in _ES_MASCULINE else " como la tuya")

    text = kind_re.sub(one, text)
    text = re.sub(r"\bcon\s+\0", "contigo", text).replace("\0", "")
    if not done and not company_page:
        people = _ES_PEOPLE_OF if language == "es" else _EN_PEOPLE_OF
        match = people.search(text)
        if match and _is_theirs(match.group(0).split()[-1].lower(), "", profile_words, language):
            like = " like you" if language == "en" else " como tú"
            text = text[: match.end()] + like + text[match.end() :]
    return text


def _hires_for_us(text: str, match: re.Match[str], language: str, sender: Profile | None) -> bool:
    """ "hire engineers for a startup" written by its founder: the startup is theirs."""
    before = text[: match.start()].rstrip().lower()
    if not before.endswith(("for", "para", "at", "en")) or sender is None:
        return False
    role = sender.current_role
    if role is None or not role.company:
        return False
    words = set(re.findall(r"[^\W\d_]+", f"{role.title} {sender.headline}".casefold()))
    return not words & _SENDER_HIRES_FOR_OTHERS


def _ours(det: str, whole: str, language: str) -> str:
    rest = whole[len(det) :]
    if language == "en":
        return "our " + rest
    return ("nuestra " if det.strip().lower() in ("una", "unas") else "nuestro ") + rest


def _to_them(det: str, whole: str, before: str, language: str) -> str:
    """The kind named to the company page itself: "partner with a data consultancy" ->
    "partner with you"; "colaborar con una consultora" -> "colaborar contigo" (said to a
    team by the engine)."""
    if not det:
        return whole
    if language == "en":
        return "you"
    return "\0" if before.rstrip().lower().endswith(" con") else whole


def _is_theirs(noun: str, mod: str, words: set[str], language: str) -> bool:
    """Whether the target's profile shows them to be of the kind ``mod noun`` names: the
    modifier's words ("food", "de alimentación"), or the noun's own field ("fintech")."""
    checks = [w for w in re.findall(r"[^\W\d_]+", mod.casefold()) if w not in _FILLER]
    if noun in _UNCHECKABLE or noun.rstrip("s") in _UNCHECKABLE:
        if not checks:
            return False
        if noun.startswith(("startup", "scale")):
            return False  # no profile says it is a startup
    else:
        checks.append(noun)
    if not checks:
        return False
    for word in checks:
        synonyms = drafting_words("", f"field-{word}") | {word}
        if not any(_stem(s) in words for s in synonyms):
            return False
    return True


_OWNED = frozenset(("the", "your", "my", "our", "their", "his", "her", "su", "sus", "tu", "tus",
                    "mi", "mis", "el", "la", "los", "las", "vuestra", "vuestro", "nuestra",
                    "nuestro"))  # fmt: skip
_ES_MASCULINE = frozenset(("banco", "despacho"))
_FILLER = frozenset(("de", "del", "la", "el", "the", "a", "an", "of", "and", "y", "in", "en"))


def _profile_text(target: Profile) -> str:
    return " ".join(
        (
            target.name,
            target.headline,
            target.industry,
            target.about,
            " ".join(e.company for e in target.experience[:1]),
            " ".join(e.title for e in target.experience[:1]),
            " ".join(target.skills),
        )
    )


def _stems(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[^\W\d_]+", text.casefold())}


def _stem(word: str) -> str:
    return word.casefold()[:6]


def _literal(name: str) -> Callable[[re.Match[str]], str]:
    """A replacement that puts ``name`` as it is (a backslash in a name is no template)."""
    return lambda _: name
