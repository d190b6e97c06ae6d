"""The offline engine: notes from the templates in ``prompts/offline``, no LLM.

- ``engine``: ``draft_offline(request)``, the candidates and the pick.
- ``goals``: the user's goal turned into words that read right in the note.
- ``second_person``: the goal's words said to the target ("how she moved" -> "how you moved").
- ``titles``: job titles, studies and school names in a sentence; who the target is.

Importing this package is cheap: ``OfflineEngine`` (``engine``) loads on first access,
and ``unavailable(settings)`` answers the engine registry (``composer.drafting.engine``):
this engine needs nothing configured.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from composer.config.settings import Settings
    from composer.drafting.offline.engine import OfflineEngine

__all__ = ["OfflineEngine", "unavailable"]


def unavailable(settings: Settings) -> str | None:
    """None: the templates need no configuration."""
    return None


def __getattr__(name: str) -> Any:
    if name != "OfflineEngine":
        raise AttributeError(f"module 'composer.drafting.offline' has no attribute {name!r}")
    from composer.drafting.offline.engine import OfflineEngine

    globals()[name] = OfflineEngine
    return OfflineEngine
