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

from composer.core.contract import DraftRequest
from composer.core.findings import Finding
from composer.core.profile import Profile
from composer.drafting.hooks import MAX_POSTS
from composer.drafting.templates import render

LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}

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
    """JSON for a tagged data block: tag characters escaped so the data cannot close it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _fence_text(text: str) -> str:
    # A string inside tags (goal, draft): JSON-quoted without the quotes is still escaped.
    return fence(text)[1:-1]


def hook_hints(request: DraftRequest, limit: int = 4) -> list[dict[str, str]]:
    """What the note could cite, strongest first (``composer.drafting.hooks``): mutual, post, ..."""
    from composer.drafting.hooks import find_hooks

    hints = []
    for hook in find_hooks(request.target, request.sender, request.goal):
        if hook.kind != "goal":
            hint = {"kind": hook.kind, "value": hook.value}
            if hook.detail:
                hint["detail"] = hook.detail
            hints.append(hint)
    return hints[:limit]


def _context(request: DraftRequest) -> dict[str, Any]:
    language = request.note_language
    return {
        "language": language,
        "language_name": LANGUAGE_NAMES.get(language, "English"),
        "limit": request.limit,
        "aim": f"{int(request.limit * 0.6)}-{request.limit - 10}",
        "goal": _fence_text(request.goal.sentence(language)) or "(none given)",
        "target": fence(profile_data(request.target)),
        "sender": fence(sender_data(request.sender)),
        "hooks": fence(hook_hints(request)),
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
