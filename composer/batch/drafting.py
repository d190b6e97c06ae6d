"""Drafting the targets: one by one (offline) or concurrently on one event loop (LLM).

``inline`` and ``concurrent`` yield a ``Result`` per target as it finishes; a failed
draft is a result too (``failure``), so one bad target never ends the run. Each goes
through the pipeline with the batch's ``record`` step (its history), in the thread that
drafts it, so a note is recorded before its line is written. With a remote
engine (the LLM), ``concurrency`` tasks share ``Settings.backoff`` (a 429 pauses them
all) and one client (one connection pool, kept alive across drafts, closed at the end).
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from composer.batch.targets import Target
from composer.config.settings import Settings
from composer.core.contract import DraftRequest, DraftResult
from composer.core.errors import ComposerError, ConfigError, InputError, ProviderError
from composer.drafting.engine import engine_for

if TYPE_CHECKING:
    from composer.drafting.pipeline import Record


@dataclass(slots=True)
class Work:
    """A target to draft, with what the history knew about them before this run."""

    target: Target
    previous: dict[str, Any] | None = None
    fit: dict[str, Any] | None = None  # the target's fit, written to the output line
    note_reason: str | None = None  # --notes: why this target got one of them


@dataclass(slots=True)
class Result:
    """A finished target: a ``DraftResult``, or an error (``fatal`` stops the run)."""

    work: Work
    request: DraftRequest | None = None
    result: DraftResult | None = None
    error: str | None = None
    kind: str | None = None  # "provider", "internal"
    fatal: ComposerError | None = None


RequestFor = Callable[[Work], DraftRequest]


def draft(work: Work, request: DraftRequest, settings: Settings, record: Record | None) -> Result:
    from composer.drafting.pipeline import compose_note

    try:
        return Result(work, request, compose_note(request, settings, record=record))
    except Exception as exc:
        return failure(work, request, exc)


async def draft_async(
    work: Work,
    request: DraftRequest,
    settings: Settings,
    client: Any | None = None,
    record: Record | None = None,
) -> Result:
    from composer.drafting.pipeline import compose_note_async

    try:
        drafted = await compose_note_async(request, settings, client=client, record=record)
    except Exception as exc:
        return failure(work, request, exc)
    return Result(work, request, drafted)


def failure(work: Work, request: DraftRequest, exc: Exception) -> Result:
    """A failed draft as a result: the run goes on, except for bad configuration."""
    if isinstance(exc, ConfigError):
        return Result(work, request, fatal=exc)
    if isinstance(exc, ProviderError):
        return Result(work, request, error=exc.message, kind="provider")
    if isinstance(exc, InputError):
        return Result(work, request, error=exc.message, kind="input")
    # One odd profile must not end a run of a thousand; the line says what broke.
    return Result(
        work, request, error=f"internal error: {type(exc).__name__}: {exc}", kind="internal"
    )


def inline(
    pending: list[Work],
    request_for: RequestFor,
    settings: Settings,
    stop: threading.Event,
    record: Record | None = None,
) -> Iterator[Result]:
    """Results one by one, drafted in this thread (for the CPU-bound offline engine)."""
    for work in pending:
        if stop.is_set():
            return
        yield draft(work, request_for(work), settings, record)


GRACE = 2.0  # seconds the drafts in flight get to finish after a stop, before they are cancelled
POLL = 0.05  # how often the event loop looks for a stop (set by a signal in the main thread)


async def _settle(
    workers: list[asyncio.Task[None]], stop: threading.Event, abandoned: threading.Event
) -> None:
    """Return when every worker has ended, or ``GRACE`` seconds after a stop: a hung
    server (or a long wait for a rate limit) must not hold the process up to its deadline.
    When the caller has stopped iterating (a second Ctrl-C, a fatal error), at once."""
    running = set(workers)
    while running and not (stop.is_set() or abandoned.is_set()):
        _, running = await asyncio.wait(running, timeout=POLL)
    loop = asyncio.get_running_loop()
    until = loop.time() + GRACE
    while running and loop.time() < until and not abandoned.is_set():
        _, running = await asyncio.wait(running, timeout=min(POLL, until - loop.time()))


def concurrent(
    pending: list[Work],
    request_for: RequestFor,
    settings: Settings,
    stop: threading.Event,
    concurrency: int,
    record: Record | None = None,
) -> Iterator[Result]:
    """Results as they finish, from ``concurrency`` tasks on one event loop.

    The loop runs in a daemon thread so that the main thread stays free to write lines
    and to receive Ctrl-C, and a forced quit never waits on a request in flight. The
    tasks never run ahead of the caller: a draft starts only when one of ``concurrency``
    slots is free, and a slot is freed when the caller has handled a result and asks for
    the next one. So a stop the caller decides on (too many failures in a row) finds at
    most ``concurrency - 1`` drafts in flight, not a queue of requests already made.
    After a stop, the drafts in flight get ``GRACE`` seconds to finish; those still
    waiting then are cancelled (their requests closed) and yield nothing: their targets
    are not written, so the same command drafts them again.
    """
    results: queue.SimpleQueue[Result | None] = queue.SimpleQueue()
    count = max(1, min(concurrency, len(pending)))
    abandoned = threading.Event()  # the caller stopped iterating: the tasks end too
    gate: list[tuple[asyncio.AbstractEventLoop, asyncio.Semaphore]] = []

    async def produce() -> None:
        # A batch drafts hundreds of notes: freeze the SDK's objects out of every later
        # collection (and out of the exit's), while the main thread waits for results.
        engine = engine_for(settings)
        engine.load(freeze=True)

        todo = iter(pending)  # shared: each task takes the next target when it is free
        # Drafts in flight plus results the caller has not handled yet: ``count`` at most.
        slots = asyncio.Semaphore(count)
        gate.append((asyncio.get_running_loop(), slots))

        async def worker(client: Any) -> None:
            while True:
                await slots.acquire()
                work = next(todo, None)
                if work is None or stop.is_set() or abandoned.is_set():
                    return
                results.put(await draft_async(work, request_for(work), settings, client, record))

        client = engine.open_client(settings)
        workers = [asyncio.create_task(worker(client)) for _ in range(count)]
        try:
            await _settle(workers, stop, abandoned)
        finally:
            for task in workers:
                task.cancel()  # drafts still in flight: not written, drafted again on resume
            ended = await asyncio.gather(*workers, return_exceptions=True)
            if client is not None:
                await client.close()  # the pool's sockets, before the loop goes away
        for outcome in ended:
            if isinstance(outcome, Exception):
                raise outcome

    def loop() -> None:
        try:
            asyncio.run(produce())
        finally:
            results.put(None)

    def release(times: int = 1) -> None:
        loop, slots = gate[0]
        for _ in range(times):
            try:
                loop.call_soon_threadsafe(slots.release)
            except RuntimeError:  # the loop has ended: nobody is waiting
                return

    threading.Thread(target=loop, name="batch-llm", daemon=True).start()
    try:
        while True:
            try:
                item = results.get(timeout=0.2)  # a timeout keeps Ctrl-C responsive
            except queue.Empty:
                continue
            if item is None:
                return
            yield item
            release()  # the caller has handled it: one more draft may start
    finally:
        if gate:  # wake every waiting task so that it sees the stop and ends
            abandoned.set()
            release(count)
