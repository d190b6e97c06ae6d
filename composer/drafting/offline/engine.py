"""Offline drafting: notes from the Jinja2 templates in ``prompts/offline/``, no LLM.

``OfflineEngine`` (what the pipeline calls) drafts with ``draft_offline(request, check)``:
it picks the strongest hook the profiles offer (``composer.drafting.hooks``), renders
the template of the note's language into parts with variants (greeting, hook, a second
hook, intro, reason, close), and builds candidates from combinations that fit the
limit (``composer.drafting.offline.fitting``): a note is shortened by choosing shorter
variants, never by cutting words. Choices vary with the target's identity and
``request.seed``, so notes to different people don't read alike and regenerating gives
another variant. Every note goes through the pipeline's checker (``check``), which
chooses the best.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Any

from composer.checker.profile_reading import company_as_person
from composer.config.settings import Settings
from composer.core.contract import DraftRequest, DraftResult
from composer.core.profile import Profile
from composer.drafting.engine import Check, Drafted, Note, resolve
from composer.drafting.hooks import Hook, find_hooks, headline_focus
from composer.drafting.offline.fit_reason import fit_context
from composer.drafting.offline.fitting import Parts, fitting_notes
from composer.drafting.offline.goals import (
    UNSAFE,
    goal_clause_dropped,
    goal_phrase,
    goal_remark,
)
from composer.drafting.offline.names import display_name, formal_name, greeting_name
from composer.drafting.offline.titles import (
    en_role,
    es_role,
    school_name,
    spanish_title,
    student_of,
    target_kind,
    title_parts,
)
from composer.drafting.register import note_register
from composer.drafting.templates import render
from composer.text.lexicon import drafting_words
from composer.text.orgs import legal_form, org_key

_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")
# Spanish contractions across a slot: "de el Instituto" -> "del Instituto", "a el" -> "al".
_CONTRACT = re.compile(r"\b(de|a) el\b")
PARTS = ("greeting", "hook", "extra", "intro", "lead", "reason", "close")
_MAX_HEADLINE = 60  # a sender headline longer than this is too long to quote in a note
# Errors that only the sender's profile can fix: trying a weaker hook would not help.
_SENDER_RULES = frozenset({"no-self-intro"})


class OfflineEngine:
    """The ``Engine`` (``composer.drafting.engine``) that drafts from templates."""

    name = "offline"
    remote = False

    def label(self, settings: Settings) -> str:
        return self.name

    def model(self, settings: Settings) -> str | None:
        return None

    def warm_up(self) -> None:
        from composer.drafting.templates import environment

        environment()

    def prepare(self, settings: Settings) -> None:
        """Nothing to configure."""

    def load(self, *, freeze: bool = False) -> None:
        """Nothing heavy to import."""

    def open_client(self, settings: Settings) -> None:
        return None

    def draft(self, request: DraftRequest, settings: Settings, check: Check) -> Drafted:
        return draft_offline(request, check)

    async def draft_async(
        self,
        request: DraftRequest,
        settings: Settings,
        check: Check,
        *,
        on_text: Callable[[str], None] | None = None,
        on_restart: Callable[[], None] | None = None,
        client: Any | None = None,
    ) -> Drafted:
        """In a thread: the templates are CPU work that must not hold up the loop."""
        import asyncio

        return await asyncio.to_thread(draft_offline, request, check)

    def report(self, result: DraftResult, settings: Settings) -> str:
        return f"compose: engine {self.name} ({resolve(settings).why})"

    def failure_report(self, request: DraftRequest, settings: Settings) -> str | None:
        return None


def draft_offline(request: DraftRequest, check: Check) -> Drafted:
    """Draft the offline notes for ``request``: those of the strongest hook, and those of
    weaker hooks while none passes ``check`` and another hook could help."""
    if request.kind == "follow-up":
        return draft_follow_up(request, check)
    language = request.note_language
    rng = random.Random(f"{request.target.identity()}|{request.seed}|{language}|{request.limit}")
    wanted = max(1, request.candidates)
    notes: list[Note] = []
    kept_goal: list[Note] = []  # notes whose reason is the goal, not a fallback
    passed_with_goal = False
    # The strongest hook first; a weaker one is tried only if no note on it passes
    # and another hook could help (none makes up for a missing sender), or if the
    # notes on it had to leave the goal out to fit (a weaker hook may leave room).
    hooks = find_hooks(request.target, request.sender, request.goal)
    for i, hook in enumerate(hooks):
        # A second specific hook enriches the note when the limit has room for it.
        second = (
            next((h for h in hooks[i + 1 :] if h.specific), None)
            if hook.specific and hook.detail != "named"
            else None
        )
        parts = render_parts(language, note_context(request, hook, language, second))
        drawn = fitting_notes(parts, request.limit, rng, wanted)
        these = [check(note, hook.kind) for note in drawn]
        if not any(c.report.ok for c in these):
            # Another wording of the same hook may pass where the ones drawn did not
            # ("what you do at Spotify" is no reason, "your work as a data scientist" is).
            more = fitting_notes(parts, request.limit, rng, 4 * wanted)
            more = [n for n in more if n not in drawn]
            passing = [c for c in (check(n, hook.kind) for n in more) if c.report.ok]
            these += passing[:wanted]
        notes += [Note(c.note, hook.kind) for c in these]
        with_goal = [c for c in these if not _left_goal_out(c.note, parts)]
        kept_goal += [Note(c.note, hook.kind) for c in with_goal]
        if any(c.report.ok for c in with_goal):
            passed_with_goal = True
            break
        # Notes that pass but had to leave the goal out: a weaker hook (even none, the
        # goal alone) may leave room for it, and the goal is why the user writes.
        if any(c.report.ok for c in these) and not parts.variants["reason"]:
            break
        failed = [c for c in these if not c.report.ok]
        if (
            failed
            and len(failed) == len(these)
            and all({f.rule for f in c.report.errors} <= _SENDER_RULES for c in failed)
        ):
            break
    remarks = [goal_remark(language)] if _goal_unusable(request, language) else []
    if not remarks and goal_clause_dropped(request.goal.text):
        remarks.append("goal shortened: the clause after its conjunction was left out")
    # A note that keeps the goal is preferred to a stronger hook that had to drop it.
    # No note at all only when not even the shortest variants fit the limit: the
    # pipeline then checks the empty note.
    return Drafted(notes=kept_goal if passed_with_goal else notes, remarks=remarks)


def _left_goal_out(note: str, parts: Parts) -> bool:
    """Whether ``note`` gives a fallback reason although the goal had one of its own."""
    if not parts.variants["reason"]:
        return False
    return any(reason and reason in note for reason in parts.fallbacks.get("reason", []))


def _goal_unusable(request: DraftRequest, language: str) -> bool:
    kind = goal_phrase(request.goal, request.target, language, request.sender)[1]
    return kind == UNSAFE


FOLLOW_UP_PARTS = ("greeting", "thanks", "why", "ask", "close")


def draft_follow_up(request: DraftRequest, check: Check) -> Drafted:
    """The first message after they accepted (``nth`` 1), or a shorter later one with a
    new angle (``nth`` 2+), from ``prompts/offline/follow-up.<language>.j2``."""
    from composer.drafting.register import note_register

    language = request.note_language
    rng = random.Random(
        f"{request.target.identity()}|{request.seed}|{language}|follow-up|{request.nth}"
    )
    hook = find_hooks(request.target, request.sender, request.goal)[0]
    context = note_context(request, hook, language)
    context["nth"] = request.nth
    context["usted"] = language == "es" and note_register(request) == "usted"
    if context["usted"]:
        context["goal"] = usted_phrase(str(context["goal"]))
    parts = render_parts(f"follow-up.{language}", context, FOLLOW_UP_PARTS)
    notes = [
        Note(check(note, hook.kind).note, hook.kind)
        for note in fitting_notes(parts, request.limit, rng, max(1, request.candidates))
    ]
    return Drafted(notes=notes)


# "tú" words of the Spanish template and goals, said to a team ("vosotros"). A
# possessive takes the gender of its noun: "vuestro trabajo", "vuestra experiencia".
_VOSOTROS = {
    "te": "os", "contigo": "con vosotros", "ti": "vosotros", "conoces": "conocéis",
    "trabajas": "trabajáis", "has": "habéis", "pasaste": "pasasteis", "estás": "estáis",
    "estudias": "estudiáis", "estudiaste": "estudiasteis", "estuviste": "estuvisteis",
    "haces": "hacéis", "eliges": "elegís", "ves": "veis", "llegaste": "llegasteis",
    "terminas": "termináis", "termines": "terminéis", "preguntarte": "preguntaros",
    "contarte": "contaros", "contártelo": "contároslo", "pedirte": "pediros",
    "proponerte": "proponeros", "escribirte": "escribiros", "Te": "Os",
}  # fmt: skip
_VOS_WORD = re.compile(r"\b(" + "|".join(_VOSOTROS) + r")\b")
_TU_NOUN = re.compile(r"\b([Tt]us?) ([^\W\d_]+)")


def vosotros_phrase(text: str) -> str:
    """Spanish said with "tú", said to a team: "Vi tu trabajo" -> "Vi vuestro trabajo"."""

    def possessive(match: re.Match[str]) -> str:
        word, noun = match.group(1), match.group(2)
        low = noun.lower()
        feminine = low.endswith(("a", "ción", "sión", "dad", "tud", "ión")) and low not in (
            "día",
            "mapa",
            "sistema",
            "problema",
            "programa",
        )
        new = "vuestra" if feminine else "vuestro"
        new += "s" if word.lower() == "tus" else ""
        return (new.capitalize() if word[0].isupper() else new) + " " + noun

    text = _TU_NOUN.sub(possessive, text)
    return _VOS_WORD.sub(lambda m: _VOSOTROS[m.group(1)], text)


# "usted" words of the template and "vosotros" words of a goal, said to a team
# ("ustedes"): "Le escribo" -> "Les escribo", "cómo ve el sector" -> "cómo ven…".
_USTEDES = {
    "le": "les", "usted": "ustedes", "pedirle": "pedirles",
    "contarle": "contarles", "contárselo": "contárselo", "preguntarle": "preguntarles",
    "proponerle": "proponerles", "escribirle": "escribirles", "ve": "ven", "elige": "eligen",
    "trabaja": "trabajan", "está": "están", "estudia": "estudian", "ha": "han",
    "hace": "hacen", "conoce": "conocen", "pasó": "pasaron", "estuvo": "estuvieron",
    "llegó": "llegaron", "estudió": "estudiaron", "termina": "terminan",
    "termine": "terminen",
    "os": "les", "vosotros": "ustedes", "vosotras": "ustedes",
    "vuestro": "su", "vuestra": "su", "vuestros": "sus", "vuestras": "sus",
    "Vuestro": "Su", "Vuestra": "Su", "Vuestros": "Sus", "Vuestras": "Sus",
    "trabajáis": "trabajan", "veis": "ven", "habéis": "han", "conocéis": "conocen",
    "hacéis": "hacen", "estáis": "están", "elegís": "eligen", "sois": "son",
    "tenéis": "tienen", "pediros": "pedirles", "contaros": "contarles",
    "preguntaros": "preguntarles", "proponeros": "proponerles", "escribiros": "escribirles",
}  # fmt: skip
_USTEDES_WORD = re.compile(r"\b(" + "|".join(_USTEDES) + r")\b")


def ustedes_phrase(text: str) -> str:
    """Spanish said with "usted" (or a goal with "vosotros"), said to a team in
    "ustedes": "Vi su página" stays, "pedirle consejo" -> "pedirles consejo"."""
    text = re.sub(r"\b(?:Le|Os) (?=escribo\b)", "Les ", text)  # not "Le Pain Quotidien"
    return _USTEDES_WORD.sub(lambda m: _USTEDES[m.group(1)], text)


_USTEDES_PLACES = drafting_words("es", "ustedes-places")


def _says_ustedes(target: Profile) -> bool:
    """Whether the target's location is where a team is "ustedes" (Latin America)."""
    words = re.findall(r"[^\W\d_]+", target.location.casefold())
    pairs = ["-".join(words[i : i + 2]) for i in range(len(words) - 1)]
    return any(w in _USTEDES_PLACES for w in (*words, *pairs))


_TU = {"tu": "su", "tus": "sus", "contigo": "con usted", "te": "le", "ti": "usted"}
_TU_WORD = re.compile(r"\b(" + "|".join(_TU) + r")\b")


def usted_phrase(text: str) -> str:
    """A goal phrase written with "tú" ("conocer tu equipo"), with "usted" instead."""
    return _TU_WORD.sub(lambda m: _TU[m.group(1)], text)


# --- rendering ------------------------------------------------------------------------


def render_parts(
    language: str, context: dict[str, object], names: tuple[str, ...] = PARTS
) -> Parts:
    """Render ``prompts/offline/<language>.j2`` and read its ``part: text`` lines
    (``names``: the parts the template may define, in their default order)."""
    text = render(f"offline/{language}.j2", **context)
    variants: dict[str, list[str]] = {part: [] for part in names}
    fallbacks: dict[str, list[str]] = {part: [] for part in names}
    orders: list[tuple[str, ...]] = []
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        key, value = key.strip(), " ".join(value.split())
        value = _DOUBLE_STOP.sub(".", value)  # "at Acme Inc.." ends with one stop
        value = _CONTRACT.sub(r"\1l", value)
        if context.get("company_page") and language == "es":
            tu = context.get("register") == "tu"
            value = vosotros_phrase(value) if tu else ustedes_phrase(value)
        if not sep or not key:
            continue
        if key == "order":
            orders.append(tuple(value.split()))
            continue
        part, _, kind = key.partition("-")
        table = fallbacks if kind == "fallback" else variants
        if part in table and value not in table[part]:
            table[part].append(value)
    proper = tuple(
        str(context[k])
        for k in ("value", "detail", "value2", "me_name", "me_first")
        if context.get(k)
    )
    once = tuple(
        str(context[k])
        for k in ("value2",)
        if context.get(k)
        and context.get("hook2") in ("employer", "school")
        and org_key(str(context[k])) == org_key(str(context.get("me_company_raw", "")))
    )
    return Parts(
        variants=variants, orders=orders or [names], fallbacks=fallbacks, proper=proper, once=once
    )


def note_context(
    request: DraftRequest, hook: Hook, language: str, second: Hook | None = None
) -> dict[str, object]:
    """Everything the templates may use; unknown things are empty strings, never missing."""
    sender = request.sender
    target = request.target
    title, company = _sender_role(sender)
    title, intern = title_parts(title)
    register = note_register(request) if language == "es" else "tu"
    if language == "es" and company_as_person(target) is not None and _says_ustedes(target):
        register = "usted"  # a team in Latin America is "ustedes", never "vosotros"
    kind = target_kind(target)
    goal, goal_kind = goal_phrase(
        request.goal, target, language, sender, register=register, kind=kind
    )
    headline = sender.headline if sender is not None else ""
    # English puts a title in running text ("a senior backend engineer", "CTO"); Spanish
    # keeps a title's own casing unless it is a plain common noun ("abogada laboralista",
    # "Product Manager").
    me_intern = ""
    # A past internship ("Becaria", ended) makes no student of a graduate.
    ongoing = (
        sender is not None
        and sender.current_role is not None
        and not (sender.current_role.end and not sender.current_role.current)
    )
    study = student_of(sender, language) if ongoing and (intern or _studying(title)) else None
    if study is not None:  # a student is introduced by what they study, and where
        me_role, me_article, company = study
        title = me_role
    elif language == "en" and spanish_title(title):
        me_role, me_article, title = "", False, ""  # "I'm Irene, from Mercadona"
    elif language == "en":
        me_role, me_article = en_role(title, company=bool(company))
        if intern and me_article and not _studying(title):
            me_role, me_article = "an intern " + me_role.split(" ", 1)[1], True
    else:
        me_role, me_article = es_role(title), True
        if intern and not _studying(title):
            me_intern = me_role  # "estoy de prácticas como analista de datos"
    their_role = hook.value
    if hook.kind == "role":
        bare = title_parts(hook.value)[0]
        if language == "en" and spanish_title(bare):
            their_role = ""
        else:
            their_role = (
                en_role(bare, company=bool(hook.detail))[0] if language == "en" else es_role(bare)
            )
    company_page = company_as_person(target) is not None
    if company_page:
        their_role = ""  # a page's "title" is what the company does, not a post
    if company and hook.kind in ("employer", "school") and org_key(hook.value) == org_key(company):
        company = ""  # "we both work at Unilever" says it: not "I'm Ben from Unilever" too
    me_name = display_name(sender.name) if sender is not None else ""
    me_first = (greeting_name(sender.name) or me_name) if sender is not None else ""
    their_company = target.current_role.company if target.current_role else ""
    context: dict[str, object] = {
        "language": language,
        "register": register,
        "kind": kind,
        # "you" said to the target's team: "ustedes" in Latin America, else as the note
        "ustedes": register == "usted" or _says_ustedes(target),
        "first": "" if company_page else greeting_name(target.name),
        # "Dra. Castro": an "usted" note greets by the honorific the name carries
        "formal": formal_name(target.name) if register == "usted" and not company_page else "",
        # A company posing as a person is greeted as a team, never by a word of its name.
        "company_page": company_page,
        "team": _team_name(target.name) if company_page else "",
        "me_intern": me_intern,
        "target_name": target.name,
        "hook": hook.kind,
        "value": _hook_value(hook, language),
        "detail": school_name(hook.detail, language) if hook.kind == "role" else hook.detail,
        "school": school_name(hook.detail, language) if hook.kind == "role" else "",
        "hook2": second.kind if second else "",
        "value2": _hook_value(second, language) if second else "",
        "detail2": second.detail if second else "",
        "me_name": me_name,
        "me_first": me_first,
        "me_title": (me_role if language == "es" else title) if not me_intern else "",
        "me_role": me_role,
        "me_role_article": me_article,
        "their_role": their_role,
        "their_company": their_company,
        # What a headline says they work on, for a target known by no position.
        "focus": headline_focus(target) if hook.kind == "role" else "",
        "me_company": school_name(company, language),
        "me_company_raw": company,
        "me_headline": headline if len(headline) <= _MAX_HEADLINE else "",
        "goal": goal,
        "goal_kind": goal_kind,
        "preset": request.goal.preset or "",
        **fit_context(request, language, hook.value if hook.kind == "role" else ""),
    }
    # Profile text goes into a line-based format: a newline in a company name must not
    # start a new "part:" line, so every value is one line of single spaces.
    return {k: " ".join(v.split()) if isinstance(v, str) else v for k, v in context.items()}


def _studying(title: str) -> bool:
    """Whether a title says its holder studies or trains ("Student", "Becario de…")."""
    words = set(re.findall(r"[^\W\d_]+", title.casefold()))
    return bool(words & {"student", "estudiante", "intern", "becario", "becaria", "trainee"})


def _team_name(name: str) -> str:
    """A company's name without its legal form, to greet its team."""
    form = legal_form(name)
    bare = name[: name.rfind(form)] if form else name
    return " ".join(bare.strip(" ,").split())


def _hook_value(hook: Hook, language: str) -> str:
    return school_name(hook.value, language) if hook.kind == "school" else hook.value


def _sender_role(sender: Profile | None) -> tuple[str, str]:
    if sender is None or sender.current_role is None:
        return "", ""
    role = sender.current_role
    return role.title, "" if no_company(role.company) else role.company


_NO_COMPANY = drafting_words("", "no-company")


def no_company(name: str) -> bool:
    """Whether an employer field names no employer ("Self-employed", "Autónoma"): "a data
    engineer at Self-employed" reads wrong, the note says no company."""
    return "-".join(name.casefold().split()) in _NO_COMPANY
