"""Goals: what the sender wants from the connection, free text or a named preset.

A preset tunes the note (the reason offered, the closing) and names the goal's kind,
which the target fit (``composer.checker.fit``) judges by. Free text is kept as the
user wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from composer.core.errors import InputError, did_you_mean


@dataclass(frozen=True, slots=True)
class Preset:
    name: str
    summary: str
    # Words a note written for this goal may use without making a claim (the checker's
    # known vocabulary). Not a relevance test: titles such as "manager" or "director"
    # would make anyone fit; the fit judges by the goal's kind and fields instead.
    keywords: tuple[str, ...] = ()
    # A default goal sentence per language, used when no free text is given.
    text: dict[str, str] = field(default_factory=dict)


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "job-search",
            "looking for a new role: recruiters, hiring managers, people at target companies",
            ("recruit", "talent", "hiring", "headhunter", "hr", "rrhh", "people", "selección",
             "reclut", "manager", "director", "head"),
            {"en": "learn about opportunities on your team",
             "es": "conocer oportunidades en tu equipo"},
        ),
        Preset(
            "hiring",
            "recruiting for a role: candidates with the right skills",
            ("engineer", "developer", "designer", "analyst", "ingenier", "desarroll", "diseñ"),
            {"en": "talk about a role on my team that fits your experience",
             "es": "hablar de un puesto en mi equipo que encaje con tu experiencia"},
        ),
        Preset(
            "sales",
            "business development: buyers and decision makers in the sector (no pitch in the note)",
            ("director", "head", "vp", "chief", "owner", "founder", "purchas", "procurement",
             "compras", "gerente", "fundador", "ceo", "cto", "coo"),
            {"en": "exchange views on the challenges of your sector",
             "es": "intercambiar impresiones sobre los retos de tu sector"},
        ),
        Preset(
            "partnership",
            "a collaboration between companies or projects",
            ("founder", "partner", "alliances", "business development", "fundador", "socio",
             "alianzas", "director", "ceo"),
            {"en": "explore working together on shared projects",
             "es": "ver si podemos colaborar en proyectos comunes"},
        ),
        Preset(
            "learning",
            "learning or mentorship: people further along a path you want to follow",
            ("lead", "head", "manager", "director", "principal", "senior", "staff", "mentor",
             "responsable", "jefe", "jefa"),
            {"en": "learn from your experience", "es": "aprender de tu experiencia"},
        ),
        Preset(
            "event-follow-up",
            "following up on an event you both attended",
            (),
            {"en": "keep in touch after the event", "es": "seguir en contacto después del evento"},
        ),
    )
}  # fmt: skip

ALIASES = {
    "job": "job-search", "jobs": "job-search", "job_search": "job-search",
    "recruiting": "hiring", "business-development": "sales", "bizdev": "sales",
    "selling": "sales", "mentorship": "learning", "mentoring": "learning",
    "event": "event-follow-up", "event-followup": "event-follow-up",
    "collaboration": "partnership",
    # Spanish names, so `--goal-preset ventas` works as well as `sales`.
    "empleo": "job-search", "busqueda-de-empleo": "job-search", "búsqueda-de-empleo": "job-search",
    "contratacion": "hiring", "contratación": "hiring", "seleccion": "hiring",
    "selección": "hiring", "ventas": "sales", "desarrollo-de-negocio": "sales",
    "alianza": "partnership", "alianzas": "partnership", "colaboracion": "partnership",
    "colaboración": "partnership", "aprendizaje": "learning", "mentoria": "learning",
    "mentoría": "learning", "evento": "event-follow-up", "seguimiento-de-evento": "event-follow-up",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Goal:
    """The user's goal: free text, a preset, or both."""

    text: str = ""
    preset: str | None = None

    def __bool__(self) -> bool:
        return bool(self.text or self.preset)

    @property
    def preset_info(self) -> Preset | None:
        return PRESETS.get(self.preset) if self.preset else None

    def sentence(self, language: str) -> str:
        """The goal as a phrase to put in a note: the user's text, else the preset's."""
        if self.text:
            return self.text.strip().rstrip(".")
        info = self.preset_info
        if info:
            return info.text.get(language) or info.text["en"]
        return ""


def resolve_preset(name: str) -> str:
    """Return the canonical preset name, or raise ``InputError`` listing the choices."""
    key = name.strip().lower().replace(" ", "-")
    key = ALIASES.get(key, key)
    if key not in PRESETS:
        choices = ", ".join(PRESETS)
        close = did_you_mean(key, [*PRESETS, *ALIASES])
        for alias, preset in ALIASES.items():  # suggest the preset, not an alias of it
            close = close.replace(f"'{alias}'", f"'{preset}'")
        raise InputError(f"unknown goal preset '{name}'{close} (choose one of: {choices})")
    return key


def make_goal(text: str | None = None, preset: str | None = None) -> Goal:
    return Goal(text=(text or "").strip(), preset=resolve_preset(preset) if preset else None)
