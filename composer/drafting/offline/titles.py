"""Job titles, roles, studies and school names, made to read right inside a note.

``en_role`` puts a job title in running English ("a senior backend engineer", "CTO"),
``es_role`` in a Spanish sentence; ``title_parts`` and ``spanish_title`` say what a
title is; ``student_of`` introduces a student by their studies; ``school_name`` gives a
school the article it takes ("the University of Waterloo").
"""

from __future__ import annotations

import re

from composer.core.profile import Profile
from composer.text.lexicon import drafting_words

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
ALL_TITLE_HEADS = _TITLE_HEADS | {"lead", "leader", "director", "socio", "gerente"}


def looks_like_title(text: str) -> bool:
    """Whether a headline reads as a job title: it starts or ends with a title noun or an
    acronym ("Data Scientist", "Head of Product", "Ingeniera de datos", "CTO")."""
    words = re.findall(r"[^\W\d_][\w&+-]*", text)
    if not words:
        return False
    return any(acronym(w) or w.lower() in _TITLE_HEADS for w in (words[0], words[-1]))


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
        return f"{article(title.lower())} {title.lower()}", True
    if words[0].lower().rstrip(",") in _UNIQUE_FIRST or all(acronym(w) for w in words):
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
    return f"{article(phrased)} {phrased}", True


def _common_title_word(word: str) -> bool:
    """A capitalised word of an English title that is a common word ("Engineer", "Civil",
    "Structural"), not a brand or a language ("Android", "Python", "Salesforce")."""
    low = word.lower().rstrip(",;")
    if acronym(word) or not _plain(word) or low in _PROPER_IN_TITLES:
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
    r"doctorado)(?:\s*\(hons\))?\s*,?(?:\s+(?:in|en|de))?\s+",
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
    subject = " ".join(w if acronym(w) or not _plain(w) else w.lower() for w in subject.split())
    if language == "es":
        return ("estudiante de " + subject if subject else "estudiante"), True, school.school
    role = f"{subject} student" if subject else "student"
    return f"{article(role)} {role}", True, school.school


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
        w.lower() if _plain(w) and not acronym(w) and w.lower() not in _PROPER_IN_TITLES else w
        for w in words
    )


# Title words with these endings are common words ("Structural", "Localization"), not
# brands: they go in lower case too.
_ADJECTIVE_ENDINGS = ("al", "ive", "ic", "ical", "ion", "ional", "ure", "ary", "ory", "ent", "ant")


def acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _plain(word: str) -> bool:
    """Capitalised as a title is ("Engineer"), not as a brand ("DevOps", "iOS")."""
    return word[1:].islower() or not word[1:]


def article(phrase: str) -> str:
    first = phrase.split(" ", 1)[0]
    if acronym(first):
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
    r"asociación|cámara|consejería|dirección|cooperativa|federación|confederación|"
    r"agencia|academia|autoridad|junta|diputación|comunidad|sociedad\s+española)\b",
    re.I,
)
_ES_EL_SCHOOL = re.compile(
    r"^(?:instituto|institut|colegio|centro|hospital|museo|ayuntamiento|ministerio|"
    r"consejo|servicio|ies|ceip|cole|banco|grupo\s+de|observatorio|laboratorio|"
    r"parque|puerto|aeropuerto|gobierno|tribunal|juzgado)\b",
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
