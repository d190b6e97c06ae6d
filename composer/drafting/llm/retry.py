"""The one retry layer for LLM requests (tenacity), and what each failure means to a person.

``with_retries(call, settings, tally)`` runs ``call(timeout)`` until it succeeds, retrying
only what waiting can fix: connection errors, timeouts, HTTP 408/409/429/5xx and unusable
replies (``BadReply``). It never retries 400/401/403/404 (nor a 429 that says the quota
is spent). Waits are exponential with jitter, except that a ``Retry-After`` or
``retry-after-ms`` header sets the wait: up to ``settings.retry_after_cap``, since a
longer one ends the retries at once; a 429 also pauses every request sharing the
``Backoff``. It stops after ``settings.max_attempts`` and never waits, nor lets a reply
run, past ``settings.deadline`` (counted from ``tally.started``). It reads the time and
waits on the ``Backoff``'s ``Clock`` (real time unless a test passes another). The final
failure becomes a one-line ``ProviderError`` (exit 3) or ``ConfigError`` (exit 2) from
``describe_failure``, which names the URL and suggests ``--engine offline``.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

from composer.config.backoff import Backoff
from composer.config.settings import Settings, redact_url
from composer.core.errors import ComposerError, ConfigError, ProviderError
from composer.drafting.llm.client import BadReply

T = TypeVar("T")

RETRYABLE_STATUS = frozenset({408, 409, 429})
MIN_ATTEMPT_TIMEOUT = 0.25  # below this, a request cannot succeed: give up instead


@dataclass(slots=True)
class Tally:
    """What one draft cost: requests sent, tokens, time; shared by its concurrent calls."""

    started: float = field(default_factory=time.monotonic)  # on the Backoff's clock
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    retries: int = 0
    waited: float = 0.0

    def add_usage(self, usage: dict[str, int]) -> None:
        self.prompt_tokens += usage.get("prompt_tokens", 0)
        self.completion_tokens += usage.get("completion_tokens", 0)

    def usage(self) -> dict[str, int]:
        return {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens}


class GaveUp(Exception):
    """The last failure of a request, after ``attempts`` tries.

    ``asked``: the wait the server asked for (``Retry-After``), when it is the reason to
    stop: longer than ``retry_after_cap``.
    """

    def __init__(
        self, cause: BaseException, attempts: int, out_of_time: bool, asked: float | None = None
    ) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.attempts = attempts
        self.out_of_time = out_of_time
        self.asked = asked


def status_of(exc: BaseException) -> int | None:
    status = getattr(exc, "status_code", None)
    return status if isinstance(status, int) else None


def _code_of(exc: BaseException) -> str:
    return str(getattr(exc, "code", None) or "")


def is_retryable(exc: BaseException) -> bool:
    """Would trying again (after a wait) possibly work?"""
    import openai

    if isinstance(exc, (BadReply, openai.APIConnectionError)):
        return True  # APITimeoutError is an APIConnectionError
    status = status_of(exc)
    if status is None or not isinstance(exc, openai.APIStatusError):
        return False
    if status == 429 and _code_of(exc) == "insufficient_quota":
        return False  # no amount of waiting refills a quota
    if rejects_n(exc):
        return False  # the same request gets the same answer: ask for one choice instead
    return status in RETRYABLE_STATUS or status >= 500


# llama.cpp: "Only one completion choice is allowed"; others: "n must be 1", "'n' ...".
_ONE_CHOICE = re.compile(
    r"\bone (completion )?choice|\bn\b\W{0,3} (must|should) be 1|['\"`]n['\"`]", re.I
)


def rejects_n(exc: BaseException) -> bool:
    """Is this the error of a server that serves one choice per request?

    llama.cpp answers ``n > 1`` with HTTP 500 (its parameter check throws a
    ``runtime_error``, which it reports as a ``server_error``); other servers say 400 or
    422. Either way the message, or the ``param``, names ``n``.
    """
    status = status_of(exc)
    if status is None or (status not in (400, 422) and status < 500):
        return False
    if getattr(exc, "param", None) == "n":
        return True
    return bool(_ONE_CHOICE.search(_server_message(exc)))


def retry_after(exc: BaseException | None) -> float | None:
    """Seconds the server asked us to wait (``retry-after-ms``, ``Retry-After``), if any."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:  # an HTTP date
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")
_UNIT = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


def rate_limit_reset(exc: BaseException | None) -> float | None:
    """Seconds until OpenAI's limits reset (``x-ratelimit-reset-requests``/``-tokens``,
    durations such as ``6m0s`` or ``20ms``): the longer of the two, if any. For telling a
    person how long to wait when no ``Retry-After`` came."""
    headers = getattr(getattr(exc, "response", None), "headers", None)
    if headers is None:
        return None
    found = []
    for name in ("x-ratelimit-reset-requests", "x-ratelimit-reset-tokens"):
        value = (headers.get(name) or "").strip()
        parts = _DURATION.findall(value)
        if parts and _DURATION.sub("", value) == "":
            found.append(sum(float(number) * _UNIT[unit] for number, unit in parts))
    return max(found) if found else None


def _exponential_jitter(attempt: int) -> float:
    import random

    return float(min(8.0, 0.5 * 2 ** (attempt - 1)) + random.uniform(0, 0.25))


async def with_retries(
    call: Callable[[float], Awaitable[T]], settings: Settings, tally: Tally
) -> T:
    """Run ``call(timeout)`` with retries; raise ``GaveUp`` with the last failure.

    A ``Retry-After`` longer than ``settings.retry_after_cap`` ends the retries at once
    (waiting less and asking again would only earn another refusal); on a 429 it also
    holds every request sharing the ``Backoff`` for that long, and those give up before
    sending anything. A wait that would end past the deadline also ends them at once.
    ``call`` itself is cut at the deadline, so a reply that keeps trickling in cannot
    outlast it.
    """
    from tenacity import AsyncRetrying, RetryCallState, retry_if_exception

    backoff = settings.backoff or Backoff()
    clock = backoff.clock
    deadline_at = tally.started + settings.deadline
    attempts = 0
    out_of_time = False
    asked_too_long: float | None = None

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after(exc)
        return asked if asked is not None else _exponential_jitter(state.attempt_number)

    def stop(state: RetryCallState) -> bool:
        nonlocal out_of_time, asked_too_long
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after(exc)
        if exc is not None and asked is not None and asked > settings.retry_after_cap:
            asked_too_long = asked
            if status_of(exc) == 429:
                backoff.delay_for(asked, cause=exc)  # nobody else asks before then either
            return True
        if state.attempt_number >= settings.max_attempts:
            return True
        # Don't start a wait that ends after the deadline: fail now, with a clear message.
        # (tenacity computes the wait before asking whether to stop.)
        if clock.now() + state.upcoming_sleep + MIN_ATTEMPT_TIMEOUT > deadline_at:
            out_of_time = True
            return True
        return False

    async def before_sleep(state: RetryCallState) -> None:
        tally.retries += 1
        tally.waited += state.upcoming_sleep
        exc = state.outcome.exception() if state.outcome else None
        if exc is not None and status_of(exc) == 429:
            backoff.delay_for(state.upcoming_sleep, cause=exc)  # everybody else waits too

    retrying = AsyncRetrying(
        stop=stop,
        wait=wait,
        retry=retry_if_exception(is_retryable),
        before_sleep=before_sleep,
        sleep=clock.sleep,
        reraise=True,
    )
    try:
        async for attempt in retrying:
            with attempt:
                pause = backoff.remaining
                if pause > settings.retry_after_cap:
                    # Another request was told to wait longer than we would: don't ask.
                    cause = backoff.cause or TimeoutError("rate limited")
                    raise GaveUp(cause, attempts, False, asked=pause)
                tally.waited += await backoff.wait(limit=max(0.0, deadline_at - clock.now()))
                remaining = deadline_at - clock.now()
                if remaining < MIN_ATTEMPT_TIMEOUT:
                    out_of_time = True
                    raise TimeoutError("the deadline passed before the request could be sent")
                attempts += 1
                tally.requests += 1
                # The deadline bounds the whole reply, not only each read: a slow model
                # that keeps streaming is cut (TimeoutError), and nothing of it is used.
                async with asyncio.timeout(remaining):
                    return await call(min(settings.timeout, remaining))
    except GaveUp:
        raise
    except TimeoutError as exc:
        raise GaveUp(exc, attempts, True) from None
    except ComposerError:
        raise
    except Exception as exc:
        raise GaveUp(exc, attempts, out_of_time, asked=asked_too_long) from None
    raise AssertionError("unreachable: tenacity either returns or raises")  # pragma: no cover


# --- what a failure means, in one line ---------------------------------------------------

OFFLINE = "or use --engine offline"


_URL_IN_TEXT = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://\S+")


def _one_line(text: str, settings: Settings, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    if settings.api_key and settings.api_key.reveal():
        text = text.replace(settings.api_key.reveal(), "****")
    # A URL the SDK or the server echoes may carry a key (user:pass@, ?key=...).
    text = _URL_IN_TEXT.sub(lambda m: redact_url(m.group(0)), text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _server_message(exc: BaseException) -> str:
    body: Any = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
        if body.get("message"):
            return str(body["message"])
    return str(getattr(exc, "message", "") or exc)


_UNKNOWN_MODEL = re.compile(
    r"model\b.*\b(not found|does not exist|not exist|unknown|no such|not available|invalid)"
    r"|(unknown|invalid|no such|not a valid) model",
    re.I,
)


def unknown_model(exc: BaseException) -> bool:
    """Does the error say the model does not exist (OpenAI, Ollama, vLLM, OpenRouter)?"""
    return _code_of(exc) == "model_not_found" or bool(_UNKNOWN_MODEL.search(_server_message(exc)))


def _duration(seconds: float) -> str:
    """``37 s``, ``6 min``, ``2 h``: a wait as a person reads it."""
    if round(seconds) < 120:
        return f"{max(1, round(seconds))} s"
    if seconds < 7200:
        return f"{round(seconds / 60)} min"
    return f"{round(seconds / 3600)} h"


def describe_failure(failure: GaveUp, settings: Settings) -> ComposerError:
    """The error a person sees for a request that failed for good."""
    import openai

    exc = failure.cause
    url = settings.endpoint()
    status = status_of(exc)
    tries = f"{failure.attempts} attempt{'s' if failure.attempts != 1 else ''}"
    if failure.out_of_time:
        tries += f" within the {settings.deadline:g} s deadline (COMPOSER_DEADLINE)"
    said = _one_line(_server_message(exc), settings)

    if isinstance(exc, openai.AuthenticationError):
        return ProviderError(f"authentication failed at {url}: check OPENAI_API_KEY, {OFFLINE}")
    if isinstance(exc, openai.PermissionDeniedError):
        return ProviderError(
            f"{url} refused access (HTTP 403: {said}): check the key's permissions "
            f"for model '{settings.model}', {OFFLINE}"
        )
    if (status in (400, 404, 422) and unknown_model(exc)) or isinstance(exc, openai.NotFoundError):
        if unknown_model(exc):
            return ConfigError(
                f"unknown model '{settings.model}' at {url}: choose another with --model "
                f"or COMPOSER_MODEL, {OFFLINE}"
            )
        return ConfigError(
            f"{url} has no chat completions endpoint (HTTP 404): check OPENAI_BASE_URL "
            f"(it usually ends in /v1), {OFFLINE}"
        )
    if failure.asked is not None:
        # The server asked for a longer wait than Composer gives: said at once.
        busy = status is not None and status != 429
        what = f"{url} is busy (HTTP {status})" if busy else f"rate limited by {url}"
        return ProviderError(
            f"{what}: it asks to wait ~{_duration(failure.asked)}, longer than "
            f"COMPOSER_RETRY_AFTER_CAP ({settings.retry_after_cap:g} s): wait that long "
            f"and try again, {OFFLINE}"
        )
    if status == 429 and _code_of(exc) == "insufficient_quota":
        return ProviderError(f"{url} says the quota is used up: check your plan, {OFFLINE}")
    if status == 429:
        asked = retry_after(exc) or rate_limit_reset(exc)
        wait = f"wait ~{_duration(asked)}" if asked else "wait a minute"
        return ProviderError(
            f"still rate limited by {url} after {tries}: {wait} and try again, {OFFLINE}"
        )
    if status is not None and (status >= 500 or status in RETRYABLE_STATUS):
        return ProviderError(
            f"{url} kept failing (HTTP {status}) after {tries}: try again later, {OFFLINE}"
        )
    if status is not None:
        return ProviderError(f"{url} rejected the request (HTTP {status}: {said}), {OFFLINE}")
    if isinstance(exc, openai.APITimeoutError):
        return ProviderError(
            f"{url} did not answer within {settings.timeout:g} s ({tries}): raise --timeout "
            f"or COMPOSER_TIMEOUT, {OFFLINE}"
        )
    if isinstance(exc, openai.APIConnectionError):
        return ProviderError(
            f"cannot reach {url} ({tries}): is the server running? check OPENAI_BASE_URL, {OFFLINE}"
        )
    if isinstance(exc, BadReply):
        last = _one_line(exc.reason, settings, 100)  # the key removed, then shortened
        return ProviderError(
            f"{url} sent no usable note after {tries} (last: {last}): try again "
            f"or another --model, {OFFLINE}"
        )
    if isinstance(exc, TimeoutError):
        return ProviderError(
            f"no note from {url} within the {settings.deadline:g} s deadline "
            f"(COMPOSER_DEADLINE), {OFFLINE}"
        )
    return ProviderError(
        f"the request to {url} failed ({type(exc).__name__}: {_one_line(str(exc), settings)}), "
        f"{OFFLINE}"
    )
