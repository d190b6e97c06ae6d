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
from typing import Any

from composer.draft import DraftRequest
from composer.findings import Finding
from composer.profile import Profile
from composer.templates import render

LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}

# Caps on what a profile contributes: enough for a hook, small enough to stay cheap.
_MAX_ABOUT = 300
_MAX_POST = 280
_MAX_POSTS = 2
_MAX_ROLES = 3
_MAX_SCHOOLS = 2
_MAX_SKILLS = 8
_MAX_GROUPS = 4
_MAX_MUTUALS = 3

Messages = list[dict[str, str]]


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


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
        "recent_posts": [_clip(p.text, _MAX_POST) for p in profile.recent_posts[:_MAX_POSTS]],
        "mutual_connections": profile.mutual_connections[:_MAX_MUTUALS],
    }
    return {k: v for k, v in data.items() if v}


def fence(value: Any) -> str:
    """JSON for a tagged data block: tag characters escaped so the data cannot close it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _fence_text(text: str) -> str:
    # A string inside tags (goal, draft): JSON-quoted without the quotes is still escaped.
    return fence(text)[1:-1]


def _context(request: DraftRequest) -> dict[str, Any]:
    language = request.note_language
    return {
        "language": language,
        "language_name": LANGUAGE_NAMES.get(language, "English"),
        "limit": request.limit,
        "aim": f"{int(request.limit * 0.6)}-{request.limit - 10}",
        "goal": _fence_text(request.goal.sentence(language)) or "(none given)",
        "target": fence(profile_data(request.target)),
        "sender": fence(profile_data(request.sender)) if request.sender else "{}",
    }


def draft_messages(request: DraftRequest) -> Messages:
    """System + user messages asking for one note (``n`` asks for several)."""
    context = _context(request)
    return [
        {"role": "system", "content": render("llm/system.j2", **context)},
        {"role": "user", "content": render("llm/draft.j2", **context)},
    ]


def repair_messages(request: DraftRequest, note: str, findings: list[Finding]) -> Messages:
    """Messages sending ``note`` back with the checker's findings as what to fix."""
    context = _context(request)
    problems = [f"{f.rule}: {f.message}" for f in findings] or ["make it pass the rules above"]
    return [
        {"role": "system", "content": render("llm/system.j2", **context)},
        {
            "role": "user",
            "content": render(
                "llm/repair.j2", note=_fence_text(note), problems=problems, **context
            ),
        },
    ]


def prompt_size(messages: Messages) -> int:
    """Characters in all messages: what ``--verbose`` reports (about 4 per token)."""
    return sum(len(m["content"]) for m in messages)
