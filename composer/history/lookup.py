"""Turn what a user types after ``--to`` / ``forget`` into a person's identity.

Accepted: a profile JSON file, a profile URL, an identity as printed by ``compose
history`` (``linkedin.com/in/...`` or ``sha256:...``), or a recorded name: the whole
name, or some of its words ("Gareth"), in any case and with or without accents.
"""

from __future__ import annotations

from pathlib import Path

from composer.core.errors import InputError
from composer.core.profile import normalize_url
from composer.history.identity import person_id
from composer.history.store import History


def resolve_target(history: History, text: str) -> str | None:
    """The identity ``text`` designates, or None if nothing recorded matches it.

    Raises ``InputError`` when a name matches several people.
    """
    text = text.strip()
    if not text:
        raise InputError("empty target: give a profile file, a URL or a name")
    if text.endswith(".json") or Path(text).is_file():
        from composer.profile import load_profile

        return person_id(load_profile(text))
    if text.startswith("sha256:"):
        return text
    lowered = text.lower()
    if "/" in text or lowered.startswith(("http:", "https:", "www.", "linkedin.com")):
        return normalize_url(text)
    matches = history.find_targets(text)
    if len(matches) > 1:
        listed = ", ".join(f"{name} {identity}" for identity, name in matches)
        raise InputError(f"'{text}' matches {len(matches)} people ({listed}); give one of these")
    return matches[0][0] if matches else None
