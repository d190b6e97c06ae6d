"""What an engine is, and which engines exist.

An engine turns a ``DraftRequest`` into notes (``Drafted``); the pipeline
(``composer.drafting.pipeline``) is its only caller, and does the rest: the profile
audits, checking every note, choosing the best, the ``--verbose`` report. An engine
that needs findings while it drafts (the LLM's repair loop, the offline engine's
fallback to a weaker hook) asks the pipeline's checker, the ``check`` it is given.

Engines are named in ``ENGINES`` (name -> ``package:Class``), in order of preference,
and imported only when first used (``get_engine``), so the offline path never imports
``openai``. Each engine's package is a light module that says whether the engine can run
with given settings (``unavailable(settings)``: None, or why not) and hands out its class
on first access; ``resolve(settings)`` takes the engine asked for, or, for ``auto``, the
first one that can run, without importing any. This module is the only place that
compares engine names: the settings only hold the name asked for, and front ends ask the
engine (``remote``, ``label``, ``open_client``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from composer.core.contract import Candidate, DraftRequest, DraftResult
from composer.core.findings import Finding

if TYPE_CHECKING:
    from composer.config.settings import Settings

T = TypeVar("T")

# name -> "package:Class", in order of preference (``auto`` takes the first that can
# run). The package defines ``unavailable(settings) -> str | None`` and imports the
# class only when it is asked for it; the class is built with no arguments.
ENGINES: dict[str, str] = {
    "openai": "composer.drafting.llm:LLMEngine",
    "offline": "composer.drafting.offline:OfflineEngine",
}
# What ``--engine``/``COMPOSER_ENGINE`` means when it names no engine.
AUTO = "auto"
# The engine that needs nothing configured (the UI's "use the offline engine").
FALLBACK = "offline"


@dataclass(frozen=True, slots=True)
class Restart:
    """A streamed item: drop the preview shown so far, a repair round follows."""

    reason: str = "repair"


class Check(Protocol):
    """The pipeline's checker for one request: a note (and the hook it rests on, when
    the engine knows it; else the pipeline works it out) -> the checked candidate,
    cached by note. ``audits``: the profile audits the pipeline found (the LLM tells the
    model what the target-fit audit found)."""

    audits: list[Finding]

    def __call__(self, note: str, hook: str | None = None, /) -> Candidate: ...


@dataclass(frozen=True, slots=True)
class Note:
    """One drafted note, the hook it rests on (None: the pipeline tells from the text)
    and the round it came from (0: the first try, 1+: a repair round)."""

    text: str
    hook: str | None = None
    round: int = 0


@dataclass(slots=True)
class Drafted:
    """What an engine returns: every note it drafted, in the order it drafted them,
    and what the drafting cost."""

    notes: list[Note] = field(default_factory=list)
    model: str | None = None
    attempts: int = 1
    usage: dict[str, int] | None = None
    prompt_chars: int | None = None
    # What the engine did that the user should know ("goal left out: ..."), for the
    # verdict line (``DraftResult.remarks``).
    remarks: list[str] = field(default_factory=list)


class Engine(Protocol):
    """One way of drafting notes. See the module docstring."""

    name: str
    # Drafts over the network: runs concurrently in a batch through one shared client,
    # streams its text, costs requests and tokens.
    remote: bool

    def label(self, settings: Settings) -> str:
        """How the UI's header names it: "offline", "openai · gpt-4o-mini"."""
        ...

    def model(self, settings: Settings) -> str | None:
        """The model it drafts with (None when it has none)."""
        ...

    def warm_up(self) -> None:
        """Import what the first draft needs (the UI does it while the screen is built)."""
        ...

    def prepare(self, settings: Settings) -> None:
        """Fail early on unusable settings before a batch starts (``ConfigError``)."""
        ...

    def load(self, *, freeze: bool = False) -> None:
        """Import heavy dependencies (slow: a UI runs it in a thread). ``freeze``: for a
        process that drafts many notes, keep what was imported out of later collections."""
        ...

    def open_client(self, settings: Settings) -> Any | None:
        """A client to share between drafts (the caller closes it), or None."""
        ...

    def draft(self, request: DraftRequest, settings: Settings, check: Check) -> Drafted:
        """Draft from sync code."""
        ...

    async def draft_async(
        self,
        request: DraftRequest,
        settings: Settings,
        check: Check,
        *,
        on_text: Callable[[str], None] | None = None,
        on_restart: Callable[[], None] | None = None,
        client: Any | None = None,
    ) -> Drafted:
        """Draft from an event loop; ``on_text`` gets the first draft's text as it
        comes, ``on_restart`` is called before each repair round that streams too."""
        ...

    def report(self, result: DraftResult, settings: Settings) -> str:
        """The ``--verbose`` line for a finished draft."""
        ...

    def failure_report(self, request: DraftRequest, settings: Settings) -> str | None:
        """The ``--verbose`` line when drafting failed, or None."""
        ...


@dataclass(frozen=True, slots=True)
class Choice:
    """The engine that drafts with some settings, and why it is that one: "asked for",
    or, for ``auto``, why the engines preferred to it cannot run."""

    name: str
    why: str


_LOADED: dict[str, Engine] = {}


def _package(name: str) -> tuple[Any, str]:
    module, _, cls = ENGINES[name].partition(":")
    return importlib.import_module(module), cls


def unavailable(name: str, settings: Settings) -> str | None:
    """Why the engine ``name`` cannot run with ``settings``; None when it can. Imports
    only its light package, not the engine."""
    package, _ = _package(name)
    why: str | None = package.unavailable(settings)
    return why


def resolve(settings: Settings) -> Choice:
    """The engine asked for, or for ``auto`` the first in ``ENGINES`` that can run (the
    LLM when a key or a base URL is configured, else offline templates)."""
    if settings.engine != AUTO:
        return Choice(settings.engine, "asked for")
    passed_over: list[str] = []
    for name in ENGINES:
        why = unavailable(name, settings)
        if why is None:
            return Choice(name, "; ".join(passed_over) or AUTO)
        passed_over.append(why)
    return Choice(FALLBACK, "; ".join(passed_over))  # not reached: it needs nothing


def get_engine(name: str) -> Engine:
    """The engine called ``name`` (imported the first time). ``KeyError`` if unknown."""
    engine = _LOADED.get(name)
    if engine is None:
        package, cls = _package(name)
        engine = getattr(package, cls)()
        _LOADED[name] = engine
    return engine


def engine_for(settings: Settings) -> Engine:
    """The engine that drafts with ``settings`` (``resolve``)."""
    return get_engine(resolve(settings).name)


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
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


class SessionClient:
    """One client for a session of drafts (the UI's): kept from draft to draft, so they
    reuse its connections; a new one when the engine, model, base URL, key or timeout
    changed; none for an engine that is not remote. ``await close()`` at the end."""

    def __init__(self) -> None:
        self.client: Any | None = None  # the engine's, when it shares one
        self._key: tuple[Any, ...] | None = None

    async def get(self, settings: Settings) -> Any | None:
        """The client for ``settings`` (None for a local engine: the old one closed)."""
        engine = engine_for(settings)
        if not engine.remote:
            await self.close()
            return None
        key = (settings.base_url, settings.api_key, settings.timeout, settings.model)
        if self.client is None or key != self._key:
            import asyncio

            await self.close()
            await asyncio.to_thread(engine.load)  # ~0.5 s the first time: off the loop
            self.client, self._key = engine.open_client(settings), key
        return self.client

    async def close(self) -> None:
        client, self.client, self._key = self.client, None, None
        if client is not None:
            await client.close()
