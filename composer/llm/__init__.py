"""The LLM engine: drafting through any OpenAI-compatible server with the ``openai`` SDK.

- ``draft_llm(request, settings) -> DraftResult`` (async) and ``stream_llm`` (async
  generator: text pieces, then the result), in ``composer.llm.engine``;
- ``Backoff``: the pause shared by concurrent workers (``Settings.backoff``), so that
  one 429 holds every request, in ``composer.llm.backoff`` (stdlib only);
- ``composer.llm.prompt`` (rendering ``prompts/llm/*.j2``), ``composer.llm.client``
  (one request, plain or streamed), ``composer.llm.retry`` (the only retry layer, and
  the one-line messages for failures).

Importing this package is cheap: ``openai`` and ``tenacity`` load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Backoff", "draft_llm", "stream_llm"]

if TYPE_CHECKING:
    from composer.llm.backoff import Backoff
    from composer.llm.engine import draft_llm, stream_llm

_LAZY = {
    "Backoff": "composer.llm.backoff",
    "draft_llm": "composer.llm.engine",
    "stream_llm": "composer.llm.engine",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'composer.llm' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value
