"""The LLM engine: drafting through any OpenAI-compatible server with the ``openai`` SDK.

- ``LLMEngine``: the ``composer.drafting.engine.Engine`` that drafts through the server,
  in ``composer.drafting.llm.engine``;
- ``Backoff``: the pause shared by concurrent workers (``Settings.backoff``), so that
  one 429 holds every request, in ``composer.config.backoff`` (stdlib only);
- ``prompt`` (rendering ``prompts/llm/*.j2``), ``client``
  (one request, plain or streamed), ``retry`` (the only retry layer, and
  the one-line messages for failures).

Importing this package is cheap: ``openai`` and ``tenacity`` load on first use, and
``unavailable(settings)`` (can the engine run?) is answered here, so that the engine
registry (``composer.drafting.engine``) resolves ``auto`` without importing the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from composer.core.errors import ConfigError

__all__ = ["Backoff", "LLMEngine", "require", "unavailable"]

if TYPE_CHECKING:
    from composer.config.backoff import Backoff
    from composer.config.settings import Settings
    from composer.drafting.llm.engine import LLMEngine


def unavailable(settings: Settings) -> str | None:
    """Why the LLM engine cannot run with ``settings`` (no key and no base URL), or None."""
    if settings.api_key or settings.base_url:
        return None
    return "no OPENAI_API_KEY/OPENAI_BASE_URL"


def require(settings: Settings) -> None:
    """Raise ``ConfigError`` when the LLM engine cannot run with ``settings``."""
    if unavailable(settings) is not None:
        raise ConfigError(
            "--engine openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local "
            "server such as Ollama): set it in the environment or .env, "
            "or use --engine offline"
        )


_LAZY = {
    "Backoff": "composer.config.backoff",
    "LLMEngine": "composer.drafting.llm.engine",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'composer.drafting.llm' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value
