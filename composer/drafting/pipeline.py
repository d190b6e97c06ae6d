"""The pipeline every front end calls: audit the profiles, draft with an engine, check.

``compose_note(request, settings)`` picks the engine (``Settings.resolved_engine()``:
the LLM when a key or a base URL is configured, else offline templates) and returns a
``DraftResult`` whose note has been checked, with the profile audits attached.
``compose_note_async`` is the same for code already inside an event loop (batch, UI);
``stream_compose`` yields text as it arrives and the ``DraftResult`` last (with
``repairs=True``, a ``Restart`` before each repair round's text). The LLM functions take
an optional ``client`` (an ``AsyncOpenAI`` from ``composer.drafting.llm.client.make_client``) that
the caller opened and will close, to share connections between drafts. Engines are
imported only when used: the offline path never imports ``openai``.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncGenerator, Coroutine
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from composer.config.settings import Settings, load_settings
from composer.core.contract import DraftRequest, DraftResult
from composer.core.errors import ComposerError
from composer.drafting.engine import Restart

if TYPE_CHECKING:
    from openai import AsyncOpenAI

T = TypeVar("T")


def compose_note(request: DraftRequest, settings: Settings | None = None) -> DraftResult:
    """Draft, check and return the best note for ``request``.

    ``settings=None`` resolves them from the environment and ``.env``. Raises
    ``ConfigError`` (exit 2) or ``ProviderError`` (exit 3) when the LLM cannot be used.
    """
    if settings is None:
        settings = load_settings()
    if settings.resolved_engine() == "openai":
        result = _run(compose_note_async(request, settings))
    else:
        from composer.drafting.offline.engine import draft_offline

        result = draft_offline(request)
        _report(result, settings)
    return result


async def compose_note_async(
    request: DraftRequest, settings: Settings, *, client: AsyncOpenAI | None = None
) -> DraftResult:
    """``compose_note`` as a coroutine, for callers that run an event loop.

    ``client``: an open ``AsyncOpenAI`` to draft through (the caller closes it).
    """
    if settings.resolved_engine() != "openai":
        import asyncio

        from composer.drafting.offline.engine import draft_offline

        offline = await asyncio.to_thread(draft_offline, request)
        _report(offline, settings)
        return offline
    from composer.drafting.llm.engine import draft_llm

    try:
        result = _with_audits(await draft_llm(request, settings, client=client), request)
    except ComposerError:
        _report_failure(request, settings)
        raise
    _report(result, settings)
    return result


@overload
def stream_compose(
    request: DraftRequest,
    settings: Settings | None = None,
    *,
    repairs: Literal[False] = False,
    client: AsyncOpenAI | None = None,
) -> AsyncGenerator[str | DraftResult, None]: ...


@overload
def stream_compose(
    request: DraftRequest,
    settings: Settings | None = None,
    *,
    repairs: bool,
    client: AsyncOpenAI | None = None,
) -> AsyncGenerator[str | Restart | DraftResult, None]: ...


async def stream_compose(
    request: DraftRequest,
    settings: Settings | None = None,
    *,
    repairs: bool = False,
    client: AsyncOpenAI | None = None,
) -> AsyncGenerator[str | Restart | DraftResult, None]:
    """Yield pieces of the note's text as they are drafted, then the checked result.

    With the LLM the pieces are the first draft as it streams in: a preview, since the
    final ``DraftResult.note`` may be another candidate or a repaired one. With
    ``repairs=True`` a repair round streams too: a ``Restart`` item comes first (clear
    the preview), then its text; callers that only append text leave it False, the
    default. Offline, the whole note comes at once. Errors
    (``ConfigError``/``ProviderError``) are raised.
    """
    if settings is None:
        settings = load_settings()
    if settings.resolved_engine() != "openai":
        result = await compose_note_async(request, settings)
        yield result.note
        yield result
        return
    from contextlib import aclosing

    from composer.drafting.llm.engine import stream_llm

    # aclosing: when the UI stops listening, the draft is cancelled now, not at GC time.
    async with aclosing(stream_llm(request, settings, repairs=repairs, client=client)) as items:
        try:
            async for item in items:
                if isinstance(item, DraftResult):
                    item = _with_audits(item, request)
                    _report(item, settings)
                yield item
        except ComposerError:
            _report_failure(request, settings)
            raise


def _with_audits(result: DraftResult, request: DraftRequest) -> DraftResult:
    """Attach the profile audits (sender incomplete, target unrelated) to an LLM draft."""
    if result.audits:
        return result
    import importlib

    try:  # imported by name: the audits module is being written by another developer
        audits = importlib.import_module("composer.checker.audits")
    except ModuleNotFoundError:
        return result
    result.audits = list(audits.audit(request))
    return result


def _report(result: DraftResult, settings: Settings) -> None:
    """``--verbose``: what drafted the note and what it cost, on stderr."""
    if not settings.verbose:
        return
    if result.engine != "openai":
        why = "asked for" if settings.engine == "offline" else "no OPENAI_API_KEY/OPENAI_BASE_URL"
        print(f"compose: engine offline ({why})", file=sys.stderr)
        return
    usage = result.usage or {}
    print(
        f"{_llm_line(settings, result.prompt_chars or 0)}; {result.attempts} request(s); "
        f"tokens {usage.get('prompt_tokens', 0)} in, {usage.get('completion_tokens', 0)} out; "
        f"{len(result.candidates)} candidate(s)",
        file=sys.stderr,
    )


def _llm_line(settings: Settings, prompt_chars: int) -> str:
    """The start of the ``--verbose`` line for the LLM: engine, model, endpoint, prompt."""
    return (
        f"compose: engine openai, model {settings.model} at {settings.endpoint()}; "
        f"prompt {prompt_chars} chars (~{prompt_chars // 4} tokens)"
    )


def _report_failure(request: DraftRequest, settings: Settings) -> None:
    """``--verbose`` when the LLM failed: what was asked of whom, and how big the prompt
    was (a local model with a small context refuses a prompt too long for it)."""
    if not settings.verbose:
        return
    from composer.drafting.llm.prompt import draft_messages, prompt_size

    chars = prompt_size(draft_messages(request))
    print(f"{_llm_line(settings, chars)}; no note", file=sys.stderr)


def _run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion from sync code, even if this thread has a loop."""
    import asyncio  # here, not at the top: the offline path never needs an event loop
    import threading

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(coro)
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=target, name="composer-llm")
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    value: T = box["value"]
    return value
