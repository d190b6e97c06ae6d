"""The user's goal, made to read right inside an offline note.

``goal_phrase`` turns the user's goal into words the templates can put after "I'd love
to" (a verb), state as a sentence of its own ("I'm hiring a senior backend engineer"), or
name as a topic ("Kubernetes migrations"), and speaks to the target in the second person
(``composer.drafting.offline.second_person``); what kind of words they are is read in
``composer.drafting.offline.goal_kinds``. Conservative on purpose: a wrong conjugation
reads worse than none, so whatever is not recognised is kept as the user wrote it.
"""

from __future__ import annotations

import re

from composer.checker.profile_reading import company_as_person
from composer.core.goals import Goal
from composer.core.profile import Profile
from composer.drafting.offline.goal_kinds import (
    EN_DETERMINERS,
    LEAD_IN,
    STATEMENT,
    THING,
    TOPIC,
    VERB,
    english_kind,
    goal_language,
    spanish_kind,
    tidy_line,
)
from composer.drafting.offline.goal_words import around_target, tidy_goal
from composer.drafting.offline.second_person import second_person_en, second_person_es, to_usted
from composer.drafting.offline.titles import ALL_TITLE_HEADS, article, target_kind
from composer.text.lexicon import drafting_words

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
    text = tidy_line(tidy_goal(text, language, (target, sender)))
    if not text:
        return "", ""
    if sender is not None:
        text = _drop_self_intro(text, sender, language)
        if not text:
            return "", ""
    text = _without_shared_past(text)
    wants = bool(LEAD_IN.match(text))
    text = LEAD_IN.sub("", text)
    text = _event_clause(text)
    clause = _CLAUSE.search(text)
    if clause is not None:
        # "follow up after we both attended…", "conocer tu experiencia ya que quiero…":
        # the main clause alone, when it says something on its own; else nothing.
        text = tidy_line(text[: clause.start()])
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
        return (to_usted(phrase) if register == "usted" else phrase), VERB
    if goal.preset == "event-follow-up":
        after = _FOLLOW_UP_AFTER.match(text)
        if after is not None and not _OWNER.match(text[after.end() :]):
            # "follow up after SaaStr": when, not what ("after her panel" is what)
            verb = "follow up" if language == "en" else "seguir en contacto"
            return f"{verb} {after.group(1).lower()} {text[after.end() :]}", VERB
        text = _FOLLOW_UP.sub("", text) or text
    page = company_as_person(target) is not None
    text = around_target(text, language, target, sender, company_page=page, preset=goal.preset)
    if language == "en":
        phrase, what = english_kind(second_person_en(text, target))
    else:
        phrase, what = spanish_kind(second_person_es(text, target, register))
    if what in (VERB, TOPIC) and _self_aim(phrase, language):
        # "move into healthcare tech", "cambiar de sector": the sender's own aim, said as
        # one ("I'd love to move into…" reads as if the reader could grant it)
        if language == "en":
            phrase, what = "I'm looking to " + phrase, STATEMENT
        else:
            phrase, what = ("Quiero " if wants else "Me gustaría ") + phrase, STATEMENT
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
    return bool(text) and _CLAUSE.search(_event_clause(tidy_line(text))) is not None


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
    return tidy_line(match.group("rest")) if match else text


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
    people = [w for w in who if w.rstrip("s") in ALL_TITLE_HEADS or w[:-2] in ALL_TITLE_HEADS]
    return bool(people) and any(w[:4] in stems for w in who)


_EN_SELF_AIM = re.compile(
    r"^(?:move|moving|switch|transition|pivot|relocate|break\s+into|get\s+into|"
    r"get\s+back\s+into|change\s+(?:careers?|industr(?:y|ies)|fields?|sectors?)|"
    r"start\s+(?:my\s+own|a\s+(?:business|company|cooperative|co-op|startup|practice))|"
    r"set\s+up\s+(?:my\s+own|a\s+(?:business|company|cooperative|co-op|practice))|"
    r"launch\s+my\s+own|open\s+my\s+own|found\s+(?:a|my)\b)\b(?!.*\b(?:with\s+you|together)\b)",
    re.IGNORECASE,
)
_ES_SELF_AIM = re.compile(
    r"^(?:cambiar\s+de\s+(?:sector|carrera|profesión|rumbo|trabajo|empleo)|reorientar|"
    r"reorientarme|reinventarme|reciclarme|mudarme|dar\s+el\s+salto|pasarme|volver\s+a\s+"
    r"trabajar|entrar\s+(?:en|a)\s+(?:el|la)\s+sector|montar|fundar|emprender|"
    r"(?:abrir|crear|lanzar)\s+(?:mi|una|un)\s+(?:propi[oa]\s+)?(?:empresa|negocio|cooperativa|"
    r"startup|consulta|despacho|estudio))\b(?!.*\b(?:contigo|con\s+usted|juntos|juntas)\b)",
    re.IGNORECASE,
)


def _self_aim(phrase: str, language: str) -> bool:
    return bool((_EN_SELF_AIM if language == "en" else _ES_SELF_AIM).match(phrase))


_FOLLOW_UP_AFTER = re.compile(
    r"^(?:follow(?:ing)?[- ]up|(?:hacer\s+(?:un\s+|el\s+)?)?seguimiento)\s+"
    r"(after|tras|después\s+de)\s+(?=\S)",
    re.IGNORECASE,
)
_OWNER = re.compile(r"(?:her|his|their|your|my|our|su|sus|tu|tus|mi|la\s+charla|la\s+ponencia)\b",
                    re.IGNORECASE)  # fmt: skip
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
        sentence = tidy_line(sentence)
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
        return f"explore {article(phrase)} {phrase}", VERB  # "a research collaboration on…"
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
    if words[0].lower() in EN_DETERMINERS:
        return phrase
    head = next((i for i, w in enumerate(words) if w.lower().rstrip(",") in _EN_ROLE_NOUNS), None)
    if head is None:
        return phrase
    after = words[head + 1].lower() if head + 1 < len(words) else ""
    if after and not words[head].endswith(",") and after not in ("at", "in", "with", "for", "on"):
        return phrase  # "job opportunities at Stripe": the head is a plural
    if words[0].lower() in ("first", "next"):
        return "my " + phrase
    return f"{article(phrase)} {phrase}"
