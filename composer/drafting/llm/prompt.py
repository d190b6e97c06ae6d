"""The chat messages sent to the LLM, rendered from ``prompts/llm/*.j2``.

``draft_messages(request)`` asks for a note; ``repair_messages(request, note, findings)``
sends a failing note back with what to fix. Profiles and the goal are untrusted text
(anyone can write "ignore previous instructions" in their About section), so they go in
as JSON inside tags, with ``<``, ``>`` and ``&`` escaped so that nothing in the data
can close its tag, and the system prompt says the tagged data is never an instruction.
Profiles are trimmed to the facts a note can use, to keep the prompt small.
"""

from __future__ import annotations

import json
import re
from typing import Any

from composer.core.contract import DraftRequest
from composer.core.findings import Finding
from composer.core.profile import Profile
from composer.drafting.hooks import MAX_POSTS
from composer.drafting.register import note_register
from composer.drafting.templates import render
from composer.text.language import LANGUAGE_NAMES

# Caps on what a profile contributes: enough for a hook, small enough to stay cheap.
_MAX_ABOUT = 240
_MAX_POST = 200
_MAX_ROLES = 3
_MAX_SCHOOLS = 2
_MAX_SKILLS = 8
_MAX_GROUPS = 4
_MAX_MUTUALS = 3

Messages = list[dict[str, str]]


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


_SENDER_FIELDS = ("name", "headline", "about", "experience", "education", "groups")
_MAX_SENDER_ABOUT = 160


def sender_data(profile: Profile | None) -> dict[str, Any]:
    """Less of the sender: the note only says who they are (shared facts are in hooks)."""
    data = {k: v for k, v in profile_data(profile).items() if k in _SENDER_FIELDS}
    if "about" in data:
        data["about"] = _clip(data["about"], _MAX_SENDER_ABOUT)
    if "experience" in data:
        data["experience"] = data["experience"][:2]
    return data


def profile_data(profile: Profile | None) -> dict[str, Any]:
    """The facts of a profile a note can use, trimmed; empty fields left out."""
    if profile is None:
        return {}
    data: dict[str, Any] = {
        "name": profile.name,
        "headline": profile.headline,
        "location": profile.location,
        "industry": profile.industry,
        "about": _clip(profile.about, _MAX_ABOUT),
        "experience": [
            {k: v for k, v in (("title", e.title), ("company", e.company)) if v}
            | ({"current": True} if e.current else {})
            for e in profile.experience[:_MAX_ROLES]
        ],
        "education": [
            {k: v for k, v in (("school", e.school), ("degree", e.degree)) if v}
            for e in profile.education[:_MAX_SCHOOLS]
        ],
        "skills": profile.skills[:_MAX_SKILLS],
        "groups": profile.groups[:_MAX_GROUPS],
        "recent_posts": [_clip(p.text, _MAX_POST) for p in profile.recent_posts[:MAX_POSTS]],
        "mutual_connections": profile.mutual_connections[:_MAX_MUTUALS],
    }
    return {k: v for k, v in data.items() if v}


def fence(value: Any) -> str:
    """JSON for a tagged data block: ``<`` and ``>`` escaped so the data cannot close its
    tag; everything else (``&``, accents) travels as itself, so a model never copies an
    escape ("Founder \\u0026 CEO") into a note."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e")


def _fence_text(text: str) -> str:
    # A string inside tags (goal, draft): JSON-quoted without the quotes is still escaped.
    return fence(text)[1:-1]


def hook_hints(request: DraftRequest, limit: int = 4) -> list[dict[str, str]]:
    """What the note could cite, strongest for the goal first (``composer.drafting.hooks``).

    A post is given as the post's own opening words, not as a topic picked out of it
    (a picked topic can read garbled); an event follow-up puts the shared event first.
    """
    from composer.drafting.hooks import find_hooks

    hooks = find_hooks(request.target, request.sender, request.goal)
    if request.goal.preset == "event-follow-up":
        hooks.sort(key=lambda h: h.kind != "event")  # stable: the rest keep their order
    posts = [p for p in request.target.recent_posts if p.text.strip()]
    dated = [p for p in posts if p.date]
    latest = max(dated, key=lambda p: p.date or "") if dated else (posts[0] if posts else None)
    hints = []
    for hook in hooks:
        if hook.kind == "goal":
            continue
        hint = {"kind": hook.kind, "value": hook.value}
        if hook.kind == "post" and latest is not None:
            hint["value"] = _first_sentence(latest.text)
        if hook.detail:
            hint["detail"] = hook.detail
        hints.append(hint)
    return hints[:limit]


def _first_sentence(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return _clip(match.group(1) if match else text, limit)


# How a preset's purpose is said to the model, per language.
_PURPOSE = {
    "en": {
        "job-search": "a job search: the sender is looking for a role",
        "hiring": "hiring: the sender recruits for a role that may fit this person",
        "sales": "a sale, eventually: but the note itself must not pitch; it opens a conversation",
        "partnership": "a partnership between the two people's organisations",
        "learning": "learning from this person's experience",
        "event-follow-up": "following up after an event both attended",
    },
    "es": {
        "job-search": "buscar trabajo: quien escribe busca un puesto",
        "hiring": "contratar: quien escribe busca a alguien para un puesto que puede encajar",
        "sales": "una venta, más adelante: la nota no vende nada, solo abre una conversación",
        "partnership": "una colaboración entre las organizaciones de ambos",
        "learning": "aprender de la experiencia de esta persona",
        "event-follow-up": "retomar el contacto tras un evento al que fueron los dos",
    },
}

# Example notes that show the shape (greeting, who, why them, close), two of them a
# prompt, chosen per target so that no model sees the same ones every time.
_EXAMPLES = {
    "en": [
        "Hi Dana, I'm Luis, a data engineer at Bolt. Your post on testing dbt models matched "
        "what my team is fighting with. Would be glad to connect.",
        "Hi Omar, Tessa here, product lead at Mews. We both spoke at SaaStr Europe; I'd like "
        "to keep in touch about hotel tech.",
        "Hi Jun, I'm Ana, a nurse moving into health informatics. Your path from the ward to "
        "Epic analyst is the one I'm taking. Happy to connect.",
        "Hi Marta, I'm Ken, recruiting SREs at Monzo. Your work on incident reviews at Skyscanner "
        "stood out. Open to connecting?",
        "Hi Ravi, I'm Chloe from Octopus Energy. Sam Patel suggested I reach out about "
        "heat-pump installers in Leeds. Glad to connect.",
    ],
    "tu": [
        "Hola Nuria, soy Pablo, ingeniero de datos en Glovo. Tu publicación sobre tests en dbt "
        "es justo lo que estamos resolviendo. ¿Conectamos?",
        "Hola Diego, soy Inés, responsable de producto en Cabify. Coincidimos en el South "
        "Summit; me gustaría seguir en contacto.",
        "Hola Carla, soy Álex y recluto backend en Factorial. Tu trabajo en pagos en Wallapop "
        "me llamó la atención. ¿Conectamos?",
        "Hola Jorge, soy Marta, de Holaluz. Laura Gil me habló de tu proyecto de autoconsumo "
        "en Zaragoza. Encantada de conectar.",
    ],
    "usted": [
        "Buenos días, Dra. Ruiz. Soy Pablo Sanz, residente de cardiología en La Paz. Su "
        "estudio sobre insuficiencia cardíaca me resultó muy útil. Un saludo.",
        "Estimado Sr. Vidal: soy Elena Mora, directora de compras en Mahou. Me gustaría "
        "conocer su experiencia en logística de frío. Un cordial saludo.",
        "Buenas tardes, Sra. Prieto. Soy Tomás Gil, abogado en Garrigues. Leí su artículo "
        "sobre teletrabajo y me gustaría seguirle. Un saludo.",
        "Estimado Sr. Ortega: soy Lucía Martín, de Iberdrola. Coincidimos en el Foro de "
        "Energía; me gustaría mantener el contacto. Saludos cordiales.",
    ],
}


def example_notes(request: DraftRequest, count: int = 2) -> list[str]:
    """``count`` example notes in the note's language (and register), chosen per target
    and seed: a model shown the same examples every time writes the same note."""
    import random

    language = request.note_language
    pool = _EXAMPLES["en"] if language == "en" else _EXAMPLES[note_register(request)]
    rng = random.Random(f"{request.target.identity()}|{request.seed}")
    return rng.sample(pool, min(count, len(pool)))


def purpose(request: DraftRequest) -> str:
    """The goal's kind, as the model is told it: the preset's, else the kind its free
    text states ("busco trabajo como..." is a job search); "" when neither says."""
    from composer.checker.fit import goal_kind

    kind = goal_kind(request.goal)
    return _PURPOSE[request.note_language].get(kind, "") if kind else ""


def fit_evidence(audits: list[Finding] | None) -> str:
    """What the target-fit audit found, when it found the target unrelated."""
    for finding in audits or []:
        if finding.rule == "target-unrelated":
            return finding.message
    return ""


def _context(request: DraftRequest, audits: list[Finding] | None = None) -> dict[str, Any]:
    language = request.note_language
    follow_up = request.kind == "follow-up"
    return {
        "language": language,
        "language_name": LANGUAGE_NAMES.get(language, "English"),
        "limit": request.limit,
        "aim": message_aim(request) if follow_up else _note_aim(request.limit),
        "goal": _fence_text(request.goal.sentence(language)) or "(none given)",
        "purpose": purpose(request),
        "register": note_register(request) if language == "es" else "",
        "examples": example_messages(request) if follow_up else example_notes(request),
        "target": fence(profile_data(request.target)),
        "sender": fence(sender_data(request.sender)),
        "hooks": fence(hook_hints(request)),
        "nth": request.nth,
        "accepted_note": _fence_text(request.accepted_note or ""),
        "draft_template": _template("follow-up" if follow_up else "draft", language),
        **fit_lines(request, audits),
    }


def _note_aim(limit: int) -> str:
    return f"{int(limit * 0.7)}-{limit - 10}"


# A first message reads best short: the advice's 3-5 sentences, well under LinkedIn's
# limit; a later one shorter still.
_MESSAGE_AIM = {1: (220, 420), 2: (120, 260)}
_LAST_AIM = (90, 220)


def message_aim(request: DraftRequest) -> str:
    """The length a follow-up should aim for, within its limit."""
    low, high = _MESSAGE_AIM.get(request.nth, _LAST_AIM)
    top = max(1, request.limit - 10)
    return f"{min(low, int(top * 0.7))}-{min(high, top)}"


# Example messages after acceptance, one per number (1, 2, 3+), per language/register.
_MESSAGE_EXAMPLES = {
    "en": {
        1: [
            "Hi Dana, thanks for accepting my invitation. Your talk on dbt tests is why I "
            "wrote: my team at Bolt is untangling the same thing. Would you be open to a "
            "15-minute call next week to compare notes? Thanks, Luis",
            "Hi Omar, thanks for connecting. I reached out because you built the hotel "
            "channel team at Mews, which is where I'd like to grow. Would you have 15 "
            "minutes next week for two questions about that move? Best, Tessa",
        ],
        2: [
            "Hi Dana, a smaller ask in case a call is too much: is there one article on "
            "testing dbt models you'd read first? Thanks either way. Luis",
        ],
        3: [
            "Hi Dana, my last note on this, I don't want to crowd your inbox. If a short "
            "call ever suits you, would you let me know? All the best, Luis",
        ],
    },
    "tu": {
        1: [
            "Hola Nuria, gracias por aceptar. Te escribí por tu charla sobre tests en dbt: "
            "en Glovo estamos con lo mismo. ¿Te parece una llamada de 15 minutos la semana "
            "que viene para comparar notas? Un saludo, Pablo",
        ],
        2: [
            "Hola Nuria, por si una llamada es mucho: ¿hay un artículo sobre tests en dbt "
            "que leerías primero? Gracias en cualquier caso. Pablo",
        ],
        3: [
            "Hola Nuria, es mi último mensaje, no quiero llenarte la bandeja. Si algún día "
            "te va bien una llamada corta, ¿me avisas? Un abrazo, Pablo",
        ],
    },
    "usted": {
        1: [
            "Buenos días, Dra. Ruiz. Gracias por aceptar mi invitación. Le escribí por su "
            "estudio sobre insuficiencia cardíaca, muy cercano a mi residencia. ¿Le "
            "parecería bien una llamada de 15 minutos la próxima semana? Un saludo, Pablo",
        ],
        2: [
            "Buenos días, Dra. Ruiz. Por si una llamada es demasiado: ¿qué lectura me "
            "recomendaría primero sobre el tema? Gracias en cualquier caso. Pablo",
        ],
        3: [
            "Buenos días, Dra. Ruiz. Es mi último mensaje. Si en algún momento le viene "
            "bien una llamada breve, ¿me lo haría saber? Un cordial saludo, Pablo",
        ],
    },
}


def example_messages(request: DraftRequest) -> list[str]:
    """Example messages of the request's number (first, second, last) in its language
    and register."""
    language = request.note_language
    pool = _MESSAGE_EXAMPLES["en" if language == "en" else note_register(request)]
    return pool[min(max(request.nth, 1), 3)]


# --- the target's fit (advice 2) ----------------------------------------------------------


def fit_lines(request: DraftRequest, audits: list[Finding] | None) -> dict[str, str]:
    """What the prompt says of the target's fit (``composer.checker.fit``, the judgement
    behind ``target-unrelated``): ``fit``, the audit's evidence when the target is
    unrelated; ``fit_related``, the deciding reason when related ("their role: Talent
    Acquisition Lead — recruiters matter for a job search"). Both quote profile text,
    so both are fenced; both "" when there is nothing to judge by."""
    from composer.checker.fit import judge_fit

    if request.sender is None and not request.goal:
        return {"fit": "", "fit_related": ""}
    fit = judge_fit(request.target, request.sender, request.goal)
    unrelated = fit_evidence(audits) if fit.verdict == "unrelated" else ""
    related = fit.basis.text if fit.verdict == "related" and fit.basis else ""
    return {"fit": _fence_text(unrelated), "fit_related": _fence_text(related)}


def _template(name: str, language: str) -> str:
    """``llm/NAME.j2``, or ``llm/NAME.es.j2`` for a Spanish note: instructions in the
    note's own language."""
    return f"llm/{name}.es.j2" if language == "es" else f"llm/{name}.j2"


def _system(request: DraftRequest) -> str:
    """The system prompt: a note's, or a follow-up message's."""
    name = "follow-up-system" if request.kind == "follow-up" else "system"
    return _template(name, request.note_language)


def draft_messages(request: DraftRequest, audits: list[Finding] | None = None) -> Messages:
    """System + user messages asking for one note (``n`` asks for several).

    ``audits``: the pipeline's profile audits; the target-fit evidence goes to the model."""
    context = _context(request, audits)
    return [
        {"role": "system", "content": render(_system(request), **context)},
        {"role": "user", "content": render(context["draft_template"], **context)},
    ]


def repair_messages(
    request: DraftRequest,
    note: str,
    findings: list[Finding],
    *,
    earlier: list[tuple[str, list[Finding]]] | None = None,
    unchanged: bool = False,
    audits: list[Finding] | None = None,
) -> Messages:
    """Messages sending ``note`` back with what to fix, said so a model can act on it.

    ``earlier``: the attempts before this one with their findings, so the model sees
    what it tried; ``unchanged``: the model sent the same note back, so the request
    asks, more strictly, for a different one."""
    context = _context(request, audits)
    language = request.note_language
    return [
        {"role": "system", "content": render(_system(request), **context)},
        {
            "role": "user",
            "content": render(
                _template("repair", language),
                note=_fence_text(note),
                problems=problems(note, findings, request) or ["make it pass the rules above"],
                earlier=[
                    {"note": _fence_text(n), "problems": problems(n, f, request) or ["?"]}
                    for n, f in earlier or []
                ],
                unchanged=unchanged,
                **context,
            ),
        },
    ]


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")
_SENTENCES = re.compile(r"[^.!?]+[.!?]*\s*")


def problems(note: str, findings: list[Finding], request: DraftRequest) -> list[str]:
    """Each finding as an instruction the model can act on: no character offsets (the
    model cannot see them), the number of characters to cut and which sentence to drop."""
    from composer.checker import utf16_len

    out: list[str] = []
    for finding in findings:
        if finding.rule == "too-long":
            excess = utf16_len(note) - request.limit
            out.append(f"too-long: shorten by {excess} characters: {_what_to_cut(note, excess)}")
        elif finding.rule == "language-mismatch":
            name = LANGUAGE_NAMES.get(request.note_language, "English")
            out.append(
                f"language-mismatch: the note must be written entirely in {name} "
                f"({request.note_language}), the language of their profile; rewrite it in {name}"
            )
        else:
            out.append(f"{finding.rule}: {finding.message}")
    return out


def _what_to_cut(note: str, excess: int) -> str:
    sentences = [m.group(0).strip() for m in _SENTENCES.finditer(note) if m.group(0).strip()]
    # The greeting and self-introduction stay; the shortest later sentence whose removal
    # is enough goes, else the longest is shortened.
    later = [(i, s) for i, s in enumerate(sentences) if i > 0]
    enough = [(i, s) for i, s in later if len(s) + 1 >= excess]
    if enough and len(sentences) > 2:
        i, sentence = min(enough, key=lambda t: len(t[1]))
        which = _ORDINALS[i] if i < len(_ORDINALS) else f"sentence {i + 1}"
        return f'drop the {which} sentence ("{_clip(sentence, 40)}") or shorten it'
    if later:
        i, sentence = max(later, key=lambda t: len(t[1]))
        which = _ORDINALS[i] if i < len(_ORDINALS) else f"sentence {i + 1}"
        return f'shorten the {which} sentence ("{_clip(sentence, 40)}") and drop what is not needed'
    return "say the same in fewer words"


def prompt_size(messages: Messages) -> int:
    """Characters in all messages: what ``--verbose`` reports (about 4 per token)."""
    return sum(len(m["content"]) for m in messages)
