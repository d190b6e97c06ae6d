"""The LLM engine: drafting through any OpenAI-compatible server with the ``openai`` SDK.

- ``LLMEngine``: the ``composer.drafting.engine.Engine`` that drafts through the server,
  in ``composer.drafting.llm.engine``;
- ``Backoff``: the pause shared by concurrent workers (``Settings.backoff``), so that
  one 429 holds every request, in ``composer.config.backoff`` (stdlib only);
- ``prompt`` (rendering ``prompts/llm/*.j2``), ``client``
  (one request, plain or streamed), ``retry`` (the only retry layer, and
  the one-line messages for failures).

Importing this package is cheap: ``openai`` and ``tenacity`` load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Backoff", "LLMEngine"]

if TYPE_CHECKING:
    from composer.config.backoff import Backoff
    from composer.drafting.llm.engine import LLMEngine

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
