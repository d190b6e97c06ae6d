"""One chat-completion request through the ``openai`` SDK, plain or streamed.

``make_client(settings)`` builds an ``AsyncOpenAI`` with the SDK's own retries off
(``max_retries=0``: ``composer.drafting.llm.retry`` is the only retry layer) and an explicit
timeout. ``complete(...)`` sends one request and returns a ``Reply`` with the usable
choices; a reply that cannot be used (a stream that broke off, a malformed chunk, an
empty note, a note cut at the token limit) raises ``BadReply``, which the retry layer
treats as a failed attempt. ``openai`` is imported here and only here.
"""

from __future__ import annotations

import json
import ssl
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from composer.config.settings import Settings

if TYPE_CHECKING:
    from openai import AsyncOpenAI

OPENAI_URL = "https://api.openai.com/v1"
# Local servers (Ollama, LM Studio, llama.cpp) ignore the key, but the SDK wants one.
LOCAL_KEY = "not-needed"
# A 300-character note is about 100 tokens; the headroom is for chatty local models.
MAX_TOKENS = 400


class BadReply(Exception):
    """The server answered, but nothing usable came back. Retryable.

    ``usage``: the tokens the reply cost all the same (a reply cut at the token limit is
    billed in full), so that a draft's ``usage`` counts them.
    """

    def __init__(self, reason: str, usage: dict[str, int] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.usage = usage or {}


@dataclass(slots=True)
class Reply:
    notes: list[str]  # the usable choices, in index order
    usage: dict[str, int] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)  # why other choices were unusable


@dataclass(slots=True)
class Quirks:
    """What a server turned down, learnt from its errors, for every draft through a client.

    Reasoning models want ``max_completion_tokens`` and refuse a ``temperature``; some
    local servers refuse ``stream_options``. Each is adapted to once, then resent.
    ``one_choice``: the server refused ``n > 1`` (llama.cpp), so candidates are asked
    for one per request from then on. ``quirks_for(client, model)`` keeps them per client
    and model, so a batch or a UI sharing one client learns each only once.
    """

    max_tokens_key: str = "max_tokens"
    temperature: bool = True
    stream_options: bool = True
    one_choice: bool = False

    def learn(self, exc: BaseException) -> bool:
        """Adapt to a 400 that names an unsupported parameter; True when something changed."""
        if getattr(exc, "status_code", None) != 400:
            return False
        text = f"{getattr(exc, 'param', '') or ''} {getattr(exc, 'message', '') or exc}".lower()
        if "max_tokens" in text and self.max_tokens_key == "max_tokens":
            self.max_tokens_key = "max_completion_tokens"
            return True
        if "temperature" in text and self.temperature:
            self.temperature = False
            return True
        if "stream_options" in text and self.stream_options:
            self.stream_options = False
            return True
        return False


# client -> model -> what was learnt; a client that is gone takes its entries with it.
_QUIRKS: weakref.WeakKeyDictionary[Any, dict[str, Quirks]] = weakref.WeakKeyDictionary()


def quirks_for(client: Any, model: str) -> Quirks:
    """The ``Quirks`` learnt through ``client`` for ``model`` (new ones the first time)."""
    try:
        per_model = _QUIRKS.setdefault(client, {})
    except TypeError:  # pragma: no cover - a client that cannot be weakly referenced
        return Quirks()
    return per_model.setdefault(model, Quirks())


@cache
def _ssl_context() -> ssl.SSLContext:
    """The verified TLS context, built once per process: loading the CA bundle costs
    0.03-0.13 s, and a UI may build a client per draft."""
    import importlib

    try:
        http = importlib.import_module("httpx2")  # what the openai SDK 3.x uses
    except ModuleNotFoundError:  # pragma: no cover - openai 1.x and 2.x use httpx
        http = importlib.import_module("httpx")
    context: ssl.SSLContext = http.create_ssl_context()
    return context


def import_sdk(*, freeze: bool = False) -> None:
    """Import ``openai`` (once) with the garbage collector paused.

    The import creates ~10^5 objects (pydantic models of every API type); with the
    collector on, it runs dozens of passes over them: pausing it saves 0.1-0.3 s.
    ``freeze=True`` (for a process that drafts many notes, such as a batch) then moves
    every object alive to the permanent generation, so that no later collection, nor
    the exit, walks them again; not for a long-lived UI, whose cyclic garbage of the
    moment would never be collected.
    """
    import gc
    import sys

    if "openai" in sys.modules:
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        import openai  # noqa: F401  (loaded here for the side effect; used by name later)
    finally:
        if enabled:
            gc.enable()
    if freeze:
        gc.freeze()


def make_client(settings: Settings) -> AsyncOpenAI:
    """An async client for ``settings`` (call ``await client.close()`` when done)."""
    import_sdk()
    from openai import AsyncOpenAI, DefaultAsyncHttpxClient

    key = settings.api_key.reveal() if settings.api_key else LOCAL_KEY
    base_url = settings.base_url or OPENAI_URL
    if base_url.lower().startswith("http://"):
        # A plain-HTTP server (a local model) uses no TLS, so the verified context is not
        # built (loading the CA bundle is ~0.13 s of a batch's start). Redirects are not
        # followed, so that no request can reach a TLS server without verification (and
        # a redirected POST would lose its body anyway).
        http = DefaultAsyncHttpxClient(
            verify=False, follow_redirects=False, timeout=settings.timeout
        )
    else:
        http = DefaultAsyncHttpxClient(verify=_ssl_context(), timeout=settings.timeout)
    return AsyncOpenAI(
        api_key=key, base_url=base_url, timeout=settings.timeout, max_retries=0, http_client=http
    )


def clean_note(text: str) -> str:
    """Strip what chat models wrap a note in: whitespace, quotes, code fences."""
    note = text.strip()
    if note.startswith("```") and note.endswith("```") and len(note) >= 6:
        note = note[3:-3].strip()
    for left, right in (('"', '"'), ("“", "”"), ("'", "'"), ("«", "»")):
        if len(note) >= 2 and note.startswith(left) and note.endswith(right):
            note = note[1:-1].strip()
    return note


def _choose(texts: dict[int, str], finishes: dict[int, str | None], usage: dict[str, int]) -> Reply:
    """Keep the choices that finished properly and say something."""
    reply = Reply(notes=[], usage=usage)
    for index in sorted(set(texts) | set(finishes)):
        finish = finishes.get(index)
        note = clean_note(texts.get(index, ""))
        if finish is None:
            reply.dropped.append("the reply broke off before it finished")
        elif finish == "length":
            reply.dropped.append("the reply was cut at the token limit")
        elif finish == "content_filter":
            reply.dropped.append("the provider's content filter stopped the reply")
        elif not note:
            reply.dropped.append("the reply was empty")
        else:
            reply.notes.append(note)
    if not reply.notes:
        reason = reply.dropped[0] if reply.dropped else "the reply had no choices"
        raise BadReply(reason, usage)
    return reply


def _usage(usage: Any) -> dict[str, int]:
    """Token counts from a reply's ``usage`` (a JSON object, or the SDK's model)."""
    if usage is None:
        return {}
    get = usage.get if isinstance(usage, dict) else lambda name: getattr(usage, name, 0)
    counts = {}
    for name in ("prompt_tokens", "completion_tokens"):
        value = get(name)
        counts[name] = value if isinstance(value, int) and value >= 0 else 0  # junk: none
    return counts


def _reply(data: Any) -> Reply:
    """The usable choices of a plain (not streamed) reply, from its JSON."""
    choices = data.get("choices") if isinstance(data, dict) else None
    if not isinstance(choices, list):
        error = data.get("error") if isinstance(data, dict) else None
        if isinstance(error, dict) and error.get("message"):  # OpenRouter, in a 200 reply
            raise BadReply(f"the server reported an error: {error['message']}")
        raise BadReply("the reply had no choices")
    texts: dict[int, str] = {}
    finishes: dict[int, str | None] = {}
    for position, choice in enumerate(c for c in choices if isinstance(c, dict)):
        index = choice.get("index")
        index = index if isinstance(index, int) else position
        message = choice.get("message")
        content = message.get("content") if isinstance(message, dict) else None
        texts[index] = content if isinstance(content, str) else ""
        finishes[index] = choice.get("finish_reason")
    return _choose(texts, finishes, _usage(data.get("usage")))


async def complete(
    client: AsyncOpenAI,
    settings: Settings,
    messages: list[dict[str, str]],
    *,
    n: int = 1,
    timeout: float | None = None,
    on_text: Callable[[str], None] | None = None,
    quirks: Quirks | None = None,
) -> Reply:
    """Send one request for ``n`` choices; stream when ``on_text`` wants the text live.

    ``on_text`` receives the first choice's text as it arrives; ``quirks`` leaves out
    what the server refused before.
    """
    import openai

    quirks = quirks or Quirks()
    params: dict[str, Any] = {
        "model": settings.model,
        "messages": messages,
        quirks.max_tokens_key: MAX_TOKENS,
    }
    if quirks.temperature:
        params["temperature"] = settings.temperature
    if n > 1:
        params["n"] = n  # left out for 1: some servers reject the parameter itself
    timeout = timeout or settings.timeout
    try:
        if on_text is None:
            # The SDK's generic ``post`` (its documented way to any endpoint) with the
            # raw bytes: ``chat.completions.create`` would spend ~3 ms of CPU per request
            # turning the messages into typed dicts and the reply into pydantic models,
            # which a batch of hundreds pays on one core. Errors are the SDK's as before.
            raw = await client.post(
                "/chat/completions", cast_to=bytes, body=params, options={"timeout": timeout}
            )
            return _reply(json.loads(raw))
        if quirks.stream_options:
            params["stream_options"] = {"include_usage": True}
        return await _stream(client, {**params, "timeout": timeout}, on_text)
    except json.JSONDecodeError:
        raise BadReply("the server sent malformed JSON") from None
    except (openai.APIStatusError, openai.APIConnectionError):
        raise
    except openai.APIError as exc:  # an error event inside a stream
        # Whole: the retry layer removes the key from it before shortening it for a person.
        raise BadReply(f"the server reported an error mid-reply: {exc.message}") from None


async def _stream(
    client: AsyncOpenAI, params: dict[str, Any], on_text: Callable[[str], None]
) -> Reply:
    import openai

    texts: dict[int, str] = {}
    finishes: dict[int, str | None] = {}
    usage: dict[str, int] = {}
    started = False
    stream = await client.chat.completions.create(**params, stream=True)
    try:
        async for chunk in stream:
            started = True
            if chunk.usage is not None:
                usage = _usage(chunk.usage)
            for choice in chunk.choices or []:
                piece = choice.delta.content if choice.delta else None
                if piece:
                    texts[choice.index] = texts.get(choice.index, "") + piece
                    if choice.index == 0:
                        on_text(piece)
                finishes.setdefault(choice.index, None)
                if choice.finish_reason:
                    finishes[choice.index] = choice.finish_reason
    except openai.APITimeoutError:
        raise
    except openai.APIConnectionError:
        if not started:
            raise
        raise BadReply("the stream broke off mid-reply") from None
    finally:
        await stream.close()
    if not texts and not finishes:
        raise BadReply("the stream ended without a reply")
    return _choose(texts, finishes, usage)
