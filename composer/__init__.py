"""Composer: drafts LinkedIn connection-request notes people accept.

The public API, importable without Textual or openai:

- ``load_profile(path) -> Profile``
- ``check_note(note, target, sender=None, goal=None, limit=200) -> Report``
- ``compose_note(DraftRequest, settings=None) -> DraftResult``
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "DraftRequest",
    "DraftResult",
    "Finding",
    "Goal",
    "Profile",
    "Report",
    "__version__",
    "check_note",
    "compose_note",
    "load_profile",
    "make_goal",
]

# Lazy attributes keep `import composer` cheap: the checker loads its rule data and
# the pipeline pulls in jinja2 only when first used.
_LAZY = {
    "load_profile": "composer.profile",
    "Profile": "composer.core.profile",
    "Finding": "composer.core.findings",
    "Report": "composer.core.findings",
    "Goal": "composer.core.goals",
    "make_goal": "composer.core.goals",
    "check_note": "composer.checker",
    "DraftRequest": "composer.core.contract",
    "DraftResult": "composer.core.contract",
    "compose_note": "composer.drafting.pipeline",
}

if TYPE_CHECKING:
    from composer.checker import check_note
    from composer.core.contract import DraftRequest, DraftResult
    from composer.core.findings import Finding, Report
    from composer.core.goals import Goal, make_goal
    from composer.drafting.pipeline import compose_note
    from composer.profile import Profile, load_profile


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'composer' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value
